import { afterEach, describe, expect, it } from "vitest";
import {
  createMemoryStorage,
  createRegistry,
  refreshTokenGrant,
  requestToken,
  startDeviceCodeFlow,
  type RegistryEventName,
  type Storage,
} from "../../src/index.js";
import { recordingLogger, renderAll } from "./capture.js";
import { everything, redirector, resolvingFetch, sendJson, startRecordingServer, type RecordingServer } from "../transport/two-origins.js";

/**
 * Plant unique keys, point every HTTP path at a real server on 127.0.0.1 (origin A) that answers 302 to a real server
 * on localhost (origin B, another origin), and check that no key reaches B, that nothing reports a key as working
 * from B's answer, and that no captured string (results, statuses, errors, logs, events, storage) carries a key.
 */
const rand = () => Math.random().toString(36).slice(2, 12);
const ANTHROPIC = `sk-ant-canary-${rand()}${rand()}`;
const GEMINI = `AIza-canary-${rand()}${rand()}${rand()}`;
const BOX_KEY = `box-canary-key-${rand()}${rand()}`;
const BOX_HEADER = `box-canary-header-${rand()}${rand()}`;
const QUERY_KEY = `query-canary-${rand()}${rand()}`;
const LOCAL_KEY = `local-canary-${rand()}${rand()}`;
const REFRESH = `rt-canary-${rand()}${rand()}`;
const SECRET = `cs-canary-${rand()}${rand()}`;
const CANARIES = [ANTHROPIC, GEMINI, BOX_KEY, BOX_HEADER, QUERY_KEY, LOCAL_KEY, REFRESH, SECRET];

/** Everything captured, as one searchable text. */
const render = (value: unknown): string => renderAll(value).join("\n");

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A (127.0.0.1) answers every request with 302 to the same path on B (localhost), which answers 200 to anything. */
async function twoOrigins(): Promise<{ a: RecordingServer; b: RecordingServer }> {
  const b = await startRecordingServer("localhost", (req, res) => {
    // B plays a listing that accepts any key, and a token endpoint that hands out tokens.
    if (req.method === "POST") return sendJson(res, 200, { access_token: "at-from-b", refresh_token: "rt-from-b", expires_in: 3600, device_code: "dc", user_code: "UC", verification_uri: "https://b.example/device" });
    return sendJson(res, 200, { data: [{ id: "claude-sonnet-4-5", type: "model", display_name: "x", created_at: "2025-01-01T00:00:00Z" }], models: [{ name: "models/gemini-2.5-flash", supportedGenerationMethods: ["generateContent"] }], object: "list", has_more: false });
  });
  const a = await redirector("127.0.0.1", (path) => `${b.origin}${path}`);
  servers.push(a, b);
  return { a, b };
}

function capturing(storageFiles: Record<string, string> = {}) {
  const captured: unknown[] = [];
  const inner = createMemoryStorage(storageFiles);
  const storage: Storage = {
    get: (key) => inner.get(key),
    set: async (key, value) => {
      captured.push(value);
      return inner.set(key, value);
    },
    delete: (key) => inner.delete(key),
    update: (key, fn) =>
      inner.update(key, async (current) => {
        const next = await fn(current);
        if (next !== undefined) captured.push(next);
        return next;
      }),
  };
  const logger = recordingLogger(captured);
  return { captured, storage, logger };
}

/** Each planted key found in `text`, with a little context, so a failure names the leak without dumping megabytes. */
function leaks(text: string, canaries: readonly string[] = CANARIES): string[] {
  return canaries.filter((c) => text.includes(c)).map((c) => text.slice(Math.max(0, text.indexOf(c) - 120), text.indexOf(c) + c.length + 20));
}

function expectNoCanary(text: string, canaries: readonly string[] = CANARIES): void {
  expect(leaks(text, canaries)).toEqual([]);
}

async function settle<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.catch((error: unknown) => error);
}

describe("security canary: no credential follows a redirect to another origin", () => {
  it("hosted providers (anthropic x-api-key, google x-goog-api-key): check() and getStatus({ check: true }) keep the key on A and never report healthy", async () => {
    const { a, b } = await twoOrigins();
    const { captured, storage, logger } = capturing();
    const registry = createRegistry({
      storage,
      logger,
      env: { ANTHROPIC_API_KEY: ANTHROPIC, GEMINI_API_KEY: GEMINI },
      fetch: resolvingFetch({ "api.anthropic.com": a.origin, "generativelanguage.googleapis.com": a.origin }),
      timeoutMs: 3000,
    });
    for (const name of ["status", "credential-cooldown", "credential-disabled", "oauth-refresh", "config-change"] as RegistryEventName[]) {
      registry.on(name, (payload: unknown) => captured.push({ name, payload }));
    }

    const checks = await registry.check(["anthropic", "google"]);
    captured.push(checks);
    for (const result of checks) {
      expect(result).toMatchObject({ outcome: "error", errorCode: "cross_origin_redirect", authenticated: false });
      expect(result.message).toContain(b.origin);
    }
    const statuses = await registry.getStatus({ check: true, providers: ["anthropic", "google"] });
    captured.push(statuses);
    for (const report of statuses) expect(report.status).not.toBe("healthy");

    expect(a.received.length).toBeGreaterThanOrEqual(2);
    expect(everything(a)).toContain(ANTHROPIC);
    expect(b.received).toEqual([]);
    expectNoCanary(everything(b));
    expectNoCanary(render(captured));
  });

  it("a models.json provider's custom headers, authHeader key and ?key= base URL never reach B (check, getStatus, local.test)", async () => {
    const { a, b } = await twoOrigins();
    const modelsJson = JSON.stringify({
      providers: {
        box: {
          baseUrl: `${a.origin}/v1`,
          api: "openai-completions",
          apiKey: "${BOX_KEY}",
          authHeader: true,
          headers: { "X-Box-Auth": BOX_HEADER },
          models: [{ id: "box-model" }],
        },
        "query-box": { baseUrl: `${a.origin}/v1?key=${QUERY_KEY}`, api: "openai-completions", models: [{ id: "q-model" }] },
        "local-box": { baseUrl: `${a.origin}/v1`, api: "openai-completions", apiKey: LOCAL_KEY, models: [{ id: "l-model" }] },
      },
    });
    const { captured, storage, logger } = capturing({ "models.json": modelsJson });
    const registry = createRegistry({ storage, logger, env: { BOX_KEY }, timeoutMs: 3000 });

    const checks = await registry.check(["box", "query-box", "local-box"]);
    captured.push(checks);
    for (const result of checks) expect(result).toMatchObject({ outcome: "error", errorCode: "cross_origin_redirect" });
    const statuses = await registry.getStatus({ check: true, providers: ["box", "query-box", "local-box"] });
    captured.push(statuses);
    for (const report of statuses) expect(report.status).not.toBe("healthy");
    for (const id of ["box", "query-box", "local-box"]) {
      const tested = await registry.local.test(id);
      captured.push(tested);
      expect(tested.modelCount).toBeNull();
    }
    captured.push(await settle(registry.local.fetchModels("box")));
    captured.push(await registry.listProviders(), await registry.listModels());

    expect(everything(a)).toContain(BOX_HEADER);
    expect(b.received).toEqual([]);
    expectNoCanary(everything(b));
    // The ?key= base URL itself is shown as configured in reports and listings (issue 9 item 3, redaction of shown
    // base URLs, is handled apart from the HTTP edge); here it must only never travel to B.
    expectNoCanary(render(captured), CANARIES.filter((c) => c !== QUERY_KEY));
  });

  it("OAuth token, refresh and device-code endpoints never send their secrets on to B, and B's tokens are never taken", async () => {
    const { a, b } = await twoOrigins();
    const captured: unknown[] = [];
    const base = { clientId: "my-app", clientSecret: SECRET, timeoutMs: 3000 };
    captured.push(await settle(requestToken({ ...base, tokenUrl: `${a.origin}/token` }, { grant_type: "authorization_code", code: REFRESH, code_verifier: REFRESH })));
    captured.push(await settle(refreshTokenGrant({ ...base, tokenUrl: `${a.origin}/token`, refreshToken: REFRESH })));
    captured.push(await settle(refreshTokenGrant({ ...base, json: true, tokenUrl: `${a.origin}/token`, refreshToken: REFRESH })));
    captured.push(
      await settle(startDeviceCodeFlow({ deviceAuthorizationUrl: `${a.origin}/device`, tokenUrl: `${a.origin}/token`, clientId: "my-app", extraParams: { client_secret: SECRET }, timeoutMs: 3000 })),
    );
    for (const outcome of captured) expect(outcome).toMatchObject({ name: "ProviderCallError", code: "cross_origin_redirect" });

    expect(everything(a)).toContain(REFRESH);
    expect(b.received).toEqual([]);
    expectNoCanary(render(captured));
  });

  it("a same-origin redirect still works and keeps the key", async () => {
    const a = await startRecordingServer("127.0.0.1", (req, res) => {
      if (req.url.startsWith("/v1/models")) {
        res.writeHead(301, { location: `/moved${req.url}` });
        return res.end();
      }
      if (req.headers["x-api-key"] !== ANTHROPIC) return sendJson(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
      return sendJson(res, 200, { data: [{ id: "claude-sonnet-4-5", type: "model", display_name: "Claude Sonnet 4.5", created_at: "2025-09-29T00:00:00Z" }], has_more: false });
    });
    servers.push(a);
    const registry = createRegistry({
      storage: createMemoryStorage(),
      env: { ANTHROPIC_API_KEY: ANTHROPIC },
      fetch: resolvingFetch({ "api.anthropic.com": a.origin }),
      timeoutMs: 3000,
    });
    const [result] = await registry.check("anthropic");
    expect(result).toMatchObject({ outcome: "ok", modelCount: 1, authenticated: true });
    expect((await registry.getStatus({ providers: ["anthropic"] }))[0]?.status).toBe("healthy");
    expect(a.received.map((r) => r.url.split("?")[0])).toEqual(["/v1/models", "/moved/v1/models"]);
  });
});
