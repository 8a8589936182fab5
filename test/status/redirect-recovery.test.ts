import { afterEach, describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";
import { providerProblems } from "../../src/status/provider-problems.js";
import { edgeRecovery } from "../../src/transport/edge-recovery.js";
import { redirector, resolvingFetch, sendJson, startRecordingServer, type RecordingServer } from "../transport/two-origins.js";

// Follow-up to issue 9: the HTTP edge's code (here `cross_origin_redirect`) is kept in the probe record, and every
// place that explains a failed check (status problems, local.test) gives the advice that fits the code, not the
// advice of its kind (`bad_request`: "check the provider kind", "start the server", "check the server's logs").

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const REDIRECT_ADVICE = edgeRecovery("cross_origin_redirect");

/** A (127.0.0.1) answers every request with 302 to the same path on B (localhost), another origin. */
async function twoOrigins(): Promise<{ a: RecordingServer; b: RecordingServer }> {
  const b = await startRecordingServer("localhost", (_req, res) => sendJson(res, 200, { object: "list", data: [{ id: "m" }], has_more: false }));
  const a = await redirector("127.0.0.1", (path) => `${b.origin}${path}`);
  servers.push(a, b);
  return { a, b };
}

describe("a refused cross-origin redirect keeps its own recovery in status and local.test", () => {
  it("the advice names the base URL and the redirect", () => {
    expect(REDIRECT_ADVICE).toContain("base URL");
    expect(REDIRECT_ADVICE).toContain("redirect");
  });

  it("a models.json provider with a key: getStatus({ check: true }) and local.test() give the redirect's recovery", async () => {
    const { a, b } = await twoOrigins();
    const modelsJson = JSON.stringify({
      providers: { box: { baseUrl: `${a.origin}/v1`, api: "openai-completions", apiKey: "box-literal-key", models: [{ id: "box-model" }] } },
    });
    const registry = createRegistry({ storage: createMemoryStorage({ "models.json": modelsJson }), env: {}, timeoutMs: 3000 });

    const [report] = await registry.getStatus({ check: true, providers: ["box"] });
    expect(report?.lastCheck).toMatchObject({ outcome: "error" });
    const problem = report?.problems[0];
    expect(problem?.recovery).toBe(REDIRECT_ADVICE);
    // It was reached: it answered with a redirect.
    expect(problem?.message).not.toContain("could not be reached");
    expect(problem?.message).toContain("cross_origin_redirect");

    const tested = await registry.local.test("box");
    expect(tested).toMatchObject({ reachable: true, errorKind: "bad_request" });
    expect(tested.recovery).toBe(REDIRECT_ADVICE);
    expect(tested.message).toContain(b.origin);
    expect(b.received).toEqual([]);
  });

  it("an env-keyed built-in (anthropic) gets env_no_models with the redirect's recovery, not the bad_request one", async () => {
    const { a, b } = await twoOrigins();
    const registry = createRegistry({
      storage: createMemoryStorage(),
      env: { ANTHROPIC_API_KEY: "sk-ant-redirect-test" },
      fetch: resolvingFetch({ "api.anthropic.com": a.origin }),
      timeoutMs: 3000,
    });
    const [report] = await registry.getStatus({ check: true, providers: ["anthropic"] });
    expect(report?.status).toBe("env");
    expect(report?.problems[0]).toMatchObject({ code: "env_no_models", recovery: REDIRECT_ADVICE });
    expect(report?.problems[0]?.message).toContain("cross_origin_redirect");
    expect(b.received).toEqual([]);
  });

  it("a healthy provider whose last check hit the redirect (probe_failed) gets the same recovery", () => {
    const [problem] = providerProblems({
      name: "Anthropic",
      classification: { status: "healthy", rule: 5, reason: "" },
      credential: { type: "apiKey", source: "stored" },
      probe: { outcome: "error", errorKind: "bad_request", errorCode: "cross_origin_redirect", modelCount: null, authenticated: false },
      baseUrl: "https://api.anthropic.com",
      primaryEnvVar: "ANTHROPIC_API_KEY",
      configErrors: [],
      probeMessage: "Expected https://api.anthropic.com to answer, found a redirect",
    });
    expect(problem).toMatchObject({ code: "probe_failed", recovery: REDIRECT_ADVICE });
  });

  it("codes without advice of their own fall back to the kind's recovery", () => {
    const [problem] = providerProblems({
      name: "Anthropic",
      classification: { status: "healthy", rule: 5, reason: "" },
      credential: { type: "apiKey", source: "stored" },
      probe: { outcome: "error", errorKind: "server_error", errorCode: "credential_disabled", modelCount: null, authenticated: false },
      baseUrl: "https://api.anthropic.com",
      primaryEnvVar: "ANTHROPIC_API_KEY",
      configErrors: [],
      probeMessage: null,
    });
    expect(problem?.recovery).toContain("status page");
  });
});
