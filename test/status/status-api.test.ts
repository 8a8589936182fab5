import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createMswServer, fixture, http, HttpResponse } from "../discovery/fixture-server.js";

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse("2026-11-21T08:00:00Z");

function setup(options: { env?: Record<string, string>; files?: Record<string, string>; timeoutMs?: number } = {}) {
  const storage = createMemoryStorage(options.files ?? {});
  const registry = createRegistry({ storage, env: options.env ?? {}, now: () => NOW, timeoutMs: options.timeoutMs ?? 2000 });
  return { storage, registry };
}

const openaiOk = () =>
  http.get("https://api.openai.com/v1/models", ({ request }) =>
    request.headers.get("authorization") === "Bearer sk-good-000000000000"
      ? HttpResponse.json(fixture("openai-models.json"))
      : HttpResponse.json({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }, { status: 401 }));

describe("check() and getStatus() with env keys", () => {
  it("a 401 on an env key → broken_invalid, and the recovery names the env var", async () => {
    server.use(openaiOk());
    const { registry, storage } = setup({ env: { OPENAI_API_KEY: "sk-bad-1111111111111" } });
    const [result] = await registry.check("openai");
    expect(result).toMatchObject({ providerId: "openai", outcome: "error", errorKind: "auth_invalid", authenticated: true, credentialSource: "OPENAI_API_KEY" });
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ providerId: "openai", status: "broken_invalid", credentialSource: "OPENAI_API_KEY", lastCheck: { outcome: "error", errorKind: "auth_invalid" } });
    expect(report?.problems[0]).toMatchObject({ code: "key_invalid" });
    expect(report?.problems[0]?.recovery).toContain("OPENAI_API_KEY");
    // The key value never reaches storage.
    expect(await storage.get("state.json")).not.toContain("sk-bad-1111111111111");
  });

  it("an env key verified by an authenticated listing → healthy; the listing is cached as discovered", async () => {
    server.use(openaiOk());
    const { registry, storage } = setup({ env: { OPENAI_API_KEY: "sk-good-000000000000" } });
    expect((await registry.getStatus({ providers: ["openai"] }))[0]).toMatchObject({ status: "env", problems: [{ code: "env_unverified" }] });
    const [report] = await registry.getStatus({ check: true, providers: ["openai"] });
    expect(report).toMatchObject({ status: "healthy", rule: 6, credentialSource: "OPENAI_API_KEY", lastCheck: { outcome: "ok", modelCount: 4, authenticated: true } });
    const state = JSON.parse((await storage.get("state.json")) ?? "{}");
    expect(state.probes.openai).toMatchObject({ at: NOW, outcome: "ok", errorKind: null, modelCount: 4, authenticated: true, credentialSource: "OPENAI_API_KEY" });
    expect(state.discovered.openai.models.map((m: { id: string }) => m.id)).toEqual(["gpt-5", "gpt-4o-mini", "text-embedding-3-small", "ft:gpt-4o-mini-2024-07-18:acme-corp::A1b2C3d4"]);
  });

  it("no status is healthy from a probe that does not authenticate: an HF token with an open listing stays env", async () => {
    server.use(http.get("https://router.huggingface.co/v1/models", () => HttpResponse.json(fixture("huggingface-router-models.json"))));
    const { registry } = setup({ env: { HF_TOKEN: "hf_whatever_value_1234" } });
    const [result] = await registry.check("huggingface");
    expect(result).toMatchObject({ outcome: "ok", authenticated: false, modelCount: 2 });
    const [report] = await registry.getStatus({ providers: ["huggingface"] });
    expect(report).toMatchObject({ status: "env", rule: 6, lastCheck: { authenticated: false } });
    expect(report?.reason).toContain("proves nothing");
    expect(report?.problems.map((p) => p.code)).toEqual(["key_not_verified"]);
  });

  it("OpenRouter: the open model list alone never verifies; the key endpoint does", async () => {
    let keyOk = false;
    server.use(
      http.get("https://openrouter.ai/api/v1/models", () => HttpResponse.json(fixture("openrouter-models.json"))),
      http.get("https://openrouter.ai/api/v1/key", () => (keyOk ? HttpResponse.json({ data: { label: "x" } }) : HttpResponse.json({ error: { code: 401, message: "No auth credentials found" } }, { status: 401 }))),
    );
    const { registry } = setup({ env: { OPENROUTER_API_KEY: "sk-or-v1-abcdefabcdef" } });
    await registry.check("openrouter");
    expect((await registry.getStatus({ providers: ["openrouter"] }))[0]).toMatchObject({ status: "broken_invalid" });
    keyOk = true;
    await registry.check("openrouter");
    expect((await registry.getStatus({ providers: ["openrouter"] }))[0]).toMatchObject({ status: "healthy", lastCheck: { authenticated: true, modelCount: 3 } });
  });

  it("a hung provider times out without holding back the others", async () => {
    server.use(
      openaiOk(),
      http.get("https://api.groq.com/openai/v1/models", () => new Promise<Response>(() => {})),
    );
    const { registry } = setup({ env: { OPENAI_API_KEY: "sk-good-000000000000", GROQ_API_KEY: "gsk_hung_000000000000" }, timeoutMs: 300 });
    const results = await registry.check(["openai", "groq"]);
    expect(results.map((r) => [r.providerId, r.outcome, r.errorKind])).toEqual([
      ["openai", "ok", null],
      ["groq", "error", "timeout"],
    ]);
    const reports = await registry.getStatus({ providers: ["openai", "groq"] });
    expect(reports.map((r) => [r.providerId, r.status])).toEqual([
      ["openai", "healthy"],
      ["groq", "env"],
    ]);
    expect(reports[1]?.problems[0]).toMatchObject({ code: "env_no_models", message: expect.stringContaining("timeout") });
  });

  it("check() without an id probes configured providers only, and skips those without a listing endpoint", async () => {
    server.use(openaiOk());
    const { registry } = setup({ env: { OPENAI_API_KEY: "sk-good-000000000000", MINIMAX_API_KEY: "mm-key-000000000000" } });
    const results = await registry.check();
    expect(results.map((r) => [r.providerId, r.outcome])).toEqual([
      ["openai", "ok"],
      ["minimax", "skipped"],
    ]);
    expect(results[1]?.reason).toContain("no model-listing endpoint");
  });
});

describe("stored credentials and OAuth", () => {
  const authFile = (credentials: unknown[]) => JSON.stringify({ version: 1, credentials });

  it("a stored key with catalog models is healthy without a probe; a rejecting probe makes it broken_invalid", async () => {
    server.use(http.get("https://api.anthropic.com/v1/models", () => HttpResponse.json({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }, { status: 401 })));
    const { registry } = setup({
      files: { "auth.json": authFile([{ id: "anthropic:work", providerId: "anthropic", label: "work", type: "apiKey", key: "sk-ant-stored-000000", order: null, createdAt: NOW - 10, updatedAt: NOW - 10 }]) },
    });
    expect((await registry.getStatus({ providers: ["anthropic"] }))[0]).toMatchObject({ status: "healthy", rule: 5, credentialSource: "stored" });
    await registry.check("anthropic");
    const [report] = await registry.getStatus({ providers: ["anthropic"] });
    expect(report).toMatchObject({ status: "broken_invalid", rule: 3 });
    expect(report?.problems[0]).toMatchObject({ code: "key_invalid", recovery: "Replace the key or remove the stale credential and connect again." });
  });

  it("an OAuth sign-in is never probed as if it were an API key (a listing would reject the access token)", async () => {
    const { registry } = setup({
      files: { "auth.json": authFile([{ id: "anthropic:me", providerId: "anthropic", label: "me", type: "oauth", access: "oauth-access-0000000", refresh: "r-000000", expiresAt: NOW + 3_600_000, accountId: null, order: null, createdAt: 1, updatedAt: 1 }]) },
    });
    const [result] = await registry.check("anthropic");
    expect(result).toMatchObject({ outcome: "skipped", credentialSource: "oauth" });
    expect((await registry.getStatus({ providers: ["anthropic"] }))[0]).toMatchObject({ status: "healthy", rule: 5, credentialSource: "oauth" });
  });

  it("an expired OAuth login without a refresh token → broken_expired with the reconnect recovery", async () => {
    const { registry } = setup({
      files: { "auth.json": authFile([{ id: "anthropic:me", providerId: "anthropic", label: "me", type: "oauth", access: "oauth-access-0000000", refresh: null, expiresAt: NOW - 60_000, accountId: null, order: null, createdAt: 1, updatedAt: 1 }]) },
    });
    const [report] = await registry.getStatus({ providers: ["anthropic"] });
    expect(report).toMatchObject({ status: "broken_expired", rule: 2, credentialSource: "oauth", problems: [{ code: "oauth_expired", recovery: "Reconnect through the provider auth flow." }] });
  });
});

describe("problems that span the setup", () => {
  it("nothing configured → every provider missing, each with no_usable_providers first", async () => {
    const { registry } = setup();
    const reports = await registry.getStatus();
    expect(reports.length).toBeGreaterThan(20);
    expect(reports.every((r) => r.status === "missing")).toBe(true);
    expect(reports[0]?.problems.map((p) => p.code)).toEqual(["no_usable_providers", "not_configured"]);
    expect(reports[0]?.problems[0]?.recovery).toBe("Connect a provider, add an API key, or configure a local provider.");
  });

  it("a saved tier whose provider is not usable warns on that provider", async () => {
    const { registry } = setup({ files: { "settings.json": JSON.stringify({ tiers: { HIGH: { model: "anthropic/claude-sonnet-4-5", thinking: "high" } } }) } });
    const [report] = await registry.getStatus({ providers: ["anthropic"] });
    const problem = report?.problems.find((p) => p.code === "tier_model_unavailable");
    expect(problem).toMatchObject({ message: expect.stringContaining("Tier HIGH uses anthropic/claude-sonnet-4-5"), recovery: "Reconnect the provider or choose another model for tier HIGH." });
  });

  it("a models.json error for a provider is reported on it with the fix-the-file recovery", async () => {
    const { registry } = setup({ files: { "models.json": '{ providers: { "my-box": { baseUrl: 42, models: [] } } }' } });
    const reports = await registry.getStatus();
    const box = reports.find((r) => r.providerId === "my-box");
    expect(box).toMatchObject({ status: "local", local: true });
    const problem = box?.problems.find((p) => p.code === "models_json_invalid");
    expect(problem?.message).toContain("baseUrl");
    expect(problem?.recovery).toBe("Back up and fix models.json, then reopen the model manager or restart the app.");
  });
});

describe("status events", () => {
  it("fire once per change, not on repeated reads", async () => {
    server.use(openaiOk());
    const { registry } = setup({ env: { OPENAI_API_KEY: "sk-good-000000000000" } });
    const events: Array<{ providerId: string; from: string | null; to: string }> = [];
    registry.on("status", (e) => events.push({ providerId: e.providerId, from: e.from, to: e.to }));
    await registry.getStatus();
    await registry.getStatus();
    expect(events).toEqual([{ providerId: "openai", from: null, to: "env" }]);
    await registry.check("openai");
    expect(events.at(-1)).toEqual({ providerId: "openai", from: "env", to: "healthy" });
    await registry.getStatus();
    expect(events).toHaveLength(2);
  });

  it("the last statuses live in state.json `statuses`, so a restarted registry does not announce them again", async () => {
    const storage = createMemoryStorage();
    const make = () => createRegistry({ storage, env: { OPENAI_API_KEY: "sk-good-000000000000" }, now: () => NOW });
    const first: string[] = [];
    const a = make();
    a.on("status", (e) => first.push(`${e.providerId}:${e.to}`));
    await a.getStatus();
    expect(first).toEqual(["openai:env"]);
    expect(JSON.parse((await storage.get("state.json")) ?? "{}").statuses).toMatchObject({ openai: "env" });
    const second: string[] = [];
    const b = make();
    b.on("status", (e) => second.push(`${e.providerId}:${e.to}`));
    await b.getStatus();
    expect(second).toEqual([]);
  });

  it("a failed write of state.json `statuses` never fails getStatus(): the reports come back, a warning is logged", async () => {
    const inner = createMemoryStorage();
    const storage = {
      get: (key: string) => inner.get(key),
      delete: (key: string) => inner.delete(key),
      set: (key: string, value: string) => (key === "state.json" ? Promise.reject(new Error("EACCES: read-only file system")) : inner.set(key, value)),
    };
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (message: string) => void warnings.push(message), error: () => {} };
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-good-000000000000" }, now: () => NOW, logger });
    const events: string[] = [];
    registry.on("status", (e) => events.push(e.to));
    const reports = await registry.getStatus({ providers: ["openai"] });
    expect(reports).toEqual([expect.objectContaining({ providerId: "openai", status: "env" })]);
    expect(warnings.some((w) => w.includes("Could not record provider statuses"))).toBe(true);
    // Nothing was recorded, so nothing is announced as a change that listeners could not see again.
    expect(events).toEqual([]);
    expect(await inner.get("state.json")).toBeFalsy();
  });
});

describe("OLLAMA_HOST", () => {
  it("points the built-in Ollama at the host from the environment (0.0.0.0 → 127.0.0.1) unless models.json sets a URL", async () => {
    server.use(http.get("http://127.0.0.1:9999/api/tags", () => HttpResponse.json(fixture("ollama-tags.json"))));
    const { registry } = setup({ env: { OLLAMA_HOST: "0.0.0.0:9999" } });
    const results = await registry.check();
    expect(results).toEqual([expect.objectContaining({ providerId: "ollama", outcome: "ok", modelCount: 3, flavor: "ollama-native" })]);
    expect((await registry.getStatus({ providers: ["ollama"] }))[0]).toMatchObject({ status: "healthy", baseUrl: "http://127.0.0.1:9999", credentialSource: "local" });
  });
});

describe("explicit checks of built-in local servers", () => {
  it("check('ollama') probes the default URL; afterwards Ollama counts as configured and its status follows the probe", async () => {
    server.use(http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags.json"))));
    const { registry } = setup();
    expect((await registry.getStatus({ providers: ["ollama"] }))[0]).toMatchObject({ status: "missing", credentialSource: "none" });
    expect(await registry.check()).toEqual([]);
    const [result] = await registry.check("ollama");
    expect(result).toMatchObject({ outcome: "ok", modelCount: 3, credentialSource: "local" });
    expect((await registry.getStatus({ providers: ["ollama"] }))[0]).toMatchObject({ status: "healthy", rule: 4, credentialSource: "local", lastCheck: { modelCount: 3 } });
    expect((await registry.check()).map((r) => r.providerId)).toEqual(["ollama"]);
  });

  it("unconfigured built-in local servers report credentialSource none while missing; configured ones say local", async () => {
    const { registry } = setup({
      env: { OLLAMA_HOST: "127.0.0.1:9999" },
      files: { "models.json": JSON.stringify({ providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-completions", models: [] } } }) },
    });
    const reports = await registry.getStatus();
    const local = reports.filter((r) => ["ollama", "lmstudio", "vllm", "sglang", "litellm", "custom"].includes(r.providerId));
    expect(local.length).toBeGreaterThanOrEqual(3);
    for (const r of local) {
      if (r.providerId === "ollama" || r.providerId === "lmstudio") expect(r, r.providerId).toMatchObject({ status: "local", credentialSource: "local" });
      else expect(r, r.providerId).toMatchObject({ status: "missing", credentialSource: "none" });
    }
    // Once tested, vLLM is set up: its probe and its report both say local.
    server.use(http.get("http://127.0.0.1:8000/v1/models", () => HttpResponse.json({ object: "list", data: [{ id: "qwen", object: "model" }] })));
    const [vllm] = await registry.check("vllm");
    expect(vllm).toMatchObject({ outcome: "ok", credentialSource: "local" });
    expect((await registry.getStatus({ providers: ["vllm"] }))[0]).toMatchObject({ status: "healthy", credentialSource: "local" });
  });
});

describe("custom providers with a key on a public host are key-based, not local", () => {
  it("an open listing never makes them healthy; a private-network custom server is local", async () => {
    server.use(
      http.get("https://openrouter.ai/api/v1/models", () => HttpResponse.json(fixture("openrouter-models.json"))),
      http.get("http://192.168.1.20:8000/v1/models", () => HttpResponse.json(fixture("vllm-models.json"))),
    );
    const models = JSON.stringify({
      providers: {
        "my-router": { baseUrl: "https://openrouter.ai/api/v1", api: "openai-completions", apiKey: "${MY_ROUTER_KEY}", models: [{ id: "openai/gpt-5" }] },
        "lab-box": { baseUrl: "http://192.168.1.20:8000/v1", api: "openai-completions", apiKey: "${LAB_KEY}", models: [] },
      },
    });
    const { registry } = setup({ env: { MY_ROUTER_KEY: "sk-or-bad-key-000000", LAB_KEY: "lab-key-0000" }, files: { "models.json": models } });
    const results = await registry.check(["my-router", "lab-box"]);
    expect(results.map((r) => [r.providerId, r.outcome, r.authenticated])).toEqual([
      ["my-router", "ok", false],
      ["lab-box", "ok", false],
    ]);
    const reports = await registry.getStatus({ providers: ["my-router", "lab-box"] });
    expect(reports.map((r) => [r.providerId, r.status, r.local, r.credentialSource]).sort()).toEqual([
      ["lab-box", "local", true, "LAB_KEY"],
      ["my-router", "env", false, "MY_ROUTER_KEY"],
    ]);
  });
});

describe("a replaced credential is not judged by the old probe", () => {
  it("after a stored key is rejected, saving a new key clears broken_invalid until the next probe", async () => {
    server.use(http.get("https://api.anthropic.com/v1/models", () => HttpResponse.json({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }, { status: 401 })));
    const cred = (key: string, updatedAt: number) =>
      JSON.stringify({ version: 1, credentials: [{ id: "anthropic:work", providerId: "anthropic", label: "work", type: "apiKey", key, order: null, createdAt: 1, updatedAt }] });
    const { registry, storage } = setup({ files: { "auth.json": cred("sk-ant-old-0000000000", NOW - 1000) } });
    await registry.check("anthropic");
    expect((await registry.getStatus({ providers: ["anthropic"] }))[0]).toMatchObject({ status: "broken_invalid" });
    await storage.set("auth.json", cred("sk-ant-new-0000000000", NOW + 1000));
    const [report] = await registry.getStatus({ providers: ["anthropic"] });
    expect(report).toMatchObject({ status: "healthy", rule: 5 });
    expect(report?.lastCheck).toBeUndefined();
  });
});

describe("token credentials on API-key-only listings", () => {
  it("an Anthropic OAuth token from the environment is not sent as x-api-key; the provider stays env", async () => {
    const { registry } = setup({ env: { ANTHROPIC_OAUTH_TOKEN: "sk-ant-oat01-token-000000" } });
    const [result] = await registry.check("anthropic");
    expect(result).toMatchObject({ outcome: "skipped", credentialSource: "ANTHROPIC_OAUTH_TOKEN" });
    expect((await registry.getStatus({ providers: ["anthropic"] }))[0]).toMatchObject({ status: "env", problems: [{ code: "env_unverified" }] });
  });
});

describe("tier choices naming an unknown provider", () => {
  it("are listed as that provider, missing, with the tier warning", async () => {
    const { registry } = setup({ files: { "settings.json": JSON.stringify({ tiers: { LOW: { model: "gone-provider/some-model", thinking: "off" } } }) } });
    const reports = await registry.getStatus();
    const gone = reports.find((r) => r.providerId === "gone-provider");
    expect(gone?.status).toBe("missing");
    expect(gone?.problems.map((p) => p.code)).toEqual(["no_usable_providers", "tier_model_unavailable"]);
    expect(gone?.problems[1]?.message).toContain("the provider is not known");
  });
});

describe("discovered listings feed the catalog", () => {
  it("a model only the live listing knows is listed by the catalog after a check, and counted in status", async () => {
    server.use(openaiOk());
    const { registry } = setup({ env: { OPENAI_API_KEY: "sk-good-000000000000" } });
    const before = (await registry.getStatus({ providers: ["openai"] }))[0]?.modelCount ?? 0;
    await registry.check("openai");
    const models = await registry.listModels({ provider: "openai" });
    expect(models.map((m) => m.id)).toContain("ft:gpt-4o-mini-2024-07-18:acme-corp::A1b2C3d4");
    expect((await registry.getStatus({ providers: ["openai"] }))[0]?.modelCount).toBe(models.length);
    expect(models.length).toBeGreaterThan(before);
  });
});
