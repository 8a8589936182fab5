/**
 * User journeys: the registry driven the way host apps drive it, through the public entry points only, against msw
 * fakes and real node:http servers on 127.0.0.1 (never the network).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createMemoryStorage,
  createRegistry,
  formatModelRef,
  isRegistryError,
  normalizeProviderId,
  parseModelRef,
  reasoningDescriptor,
  resolveThinkingLevel,
  summarizeStatus,
  thinkingParams,
  type Logger,
  type Registry,
} from "../../src/index.js";
import { createFileStorage, createNodeRegistry, scanPluginDirs } from "../../src/node/index.js";
import { createFakeProvider } from "../../src/testing/index.js";
import { json, startServer, type LoopbackServer } from "./loopback-servers.js";

const SEED_NO_PROVIDERS = "Connect a provider, add an API key, or configure a local provider.";
const SEED_LOCAL_NO_MODELS = "Start the local server, test the URL, fetch models, and save.";

/** Everything a host could capture: log lines and events, as strings. */
function capture(registry?: Registry) {
  const lines: string[] = [];
  const push = (level: string) => (message: string, data?: unknown) => lines.push(`${level} ${message} ${JSON.stringify(data ?? null)}`);
  const logger: Logger = { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
  const attach = (r: Registry) => {
    for (const event of ["status", "config-change", "credential-cooldown", "credential-disabled", "oauth-refresh"] as const) {
      r.on(event, (e: unknown) => lines.push(`event ${event} ${JSON.stringify(e)}`));
    }
  };
  if (registry) attach(registry);
  return { lines, logger, attach };
}

/** A thrown value flattened to everything a host might print. */
function dump(error: unknown): string {
  const e = error as Record<string, unknown>;
  return [String(error), JSON.stringify(error), String(e?.message), String(e?.recovery), String(e?.cause), String(e?.stack)].join("\n");
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error("expected a rejection");
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Onboarding
// ---------------------------------------------------------------------------------------------------------------
describe("journey 1: onboarding a new user", () => {
  const GOOD = "sk-good-onboarding-0001";
  const openai = createFakeProvider({
    kind: "openai-compatible",
    baseUrl: "https://api.openai.com/v1",
    models: ["gpt-5.4-mini", "gpt-5.4", "gpt-5.5"],
    apiKey: GOOD,
  });
  const server = setupServer(...openai.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => openai.setFailure(null));
  afterAll(() => server.close());

  it("nothing configured: every provider is missing with the seed recovery, and no provider is usable", async () => {
    const registry = createRegistry();
    const reports = await registry.getStatus();
    expect(reports.length).toBeGreaterThan(25);
    for (const r of reports) {
      expect(r.status, r.providerId).toBe("missing");
      // Built-in local servers (Ollama, LM Studio, vLLM, custom) say "local": they need no key.
      expect(["none", "local"], r.providerId).toContain(r.credentialSource);
      if (r.providerId === "openai") expect(r.credentialSource).toBe("none");
      expect(r.problems.map((p) => p.recovery).join("\n"), r.providerId).toContain(SEED_NO_PROVIDERS.slice(0, 20));
    }
    const summary = summarizeStatus(reports);
    expect(summary.usable).toEqual([]);
    expect(summary.problems).toEqual([expect.objectContaining({ code: "no_usable_providers", recovery: SEED_NO_PROVIDERS })]);
    // The Fased order comes first.
    expect(reports.slice(0, 3).map((r) => r.providerId)).toEqual(["openai", "anthropic", "chutes"]);
  });

  it("an OpenAI rotation list in the environment: env → check → healthy; tiers default to OpenAI", async () => {
    const env = { OPENAI_API_KEYS: `${GOOD}, sk-second-onboarding-0002`, OPENAI_API_KEY_1: "sk-third-onboarding-0003" };
    const registry = createRegistry({ env });
    const creds = await registry.listCredentials("openai");
    expect(creds.map((c) => c.source)).toEqual(["env:OPENAI_API_KEYS", "env:OPENAI_API_KEYS", "env:OPENAI_API_KEY_1"]);
    expect(creds.every((c) => c.removable === false && c.masked.length <= 5)).toBe(true);

    const [before] = await registry.getStatus({ providers: ["openai"] });
    expect(before).toMatchObject({ status: "env", credentialSource: "OPENAI_API_KEYS" });

    const [probe] = await registry.check("openai");
    expect(probe).toMatchObject({ outcome: "ok", authenticated: true, modelCount: 3 });
    const [after] = await registry.getStatus({ providers: ["openai"] });
    expect(after).toMatchObject({ status: "healthy", problems: [] });
    expect(summarizeStatus(await registry.getStatus()).usable).toEqual(["openai"]);

    const low = await registry.resolveTier("LOW");
    expect(low).toMatchObject({ model: "openai/gpt-5.4-mini", source: "default", usable: true, warnings: [] });
    const tiers = await registry.getTiers();
    expect([tiers.LOW?.model, tiers.MED?.model, tiers.HIGH?.model]).toEqual(["openai/gpt-5.4-mini", "openai/gpt-5.4", "openai/gpt-5.5"]);
  });

  it("a rejected env key is broken_invalid with a recovery naming the variable, and tiers stop defaulting to it", async () => {
    const BAD = "sk-bad-onboarding-9999";
    const registry = createRegistry({ env: { OPENAI_API_KEY: BAD } });
    const { lines, attach } = capture();
    attach(registry);
    const [probe] = await registry.check("openai");
    expect(probe).toMatchObject({ outcome: "error", errorKind: "auth_invalid" });
    // The provider's own message, once punctuated (it ends with a period, and so does ours).
    expect(probe!.message).toMatch(/answered HTTP 401: Incorrect API key provided\.$/);
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "broken_invalid", credentialSource: "OPENAI_API_KEY" });
    expect(report!.problems[0]).toMatchObject({ code: "key_invalid" });
    expect(report!.problems[0]!.recovery).toContain("OPENAI_API_KEY");
    const low = await registry.resolveTier("LOW");
    expect(low.model === null || !low.model.startsWith("openai/")).toBe(true);
    expect(JSON.stringify([probe, report, lines])).not.toContain(BAD);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Plugin providers (Sero's Alibaba Coding Plan manifest)
// ---------------------------------------------------------------------------------------------------------------
describe("journey: a plugin-defined API-key provider behaves like a built-in one", () => {
  const pkg = JSON.parse(readFileSync(new URL("../fixtures/plugins/sero-alibaba-plugin/package.json", import.meta.url), "utf8")) as unknown;
  const KEY = "ali-coding-plan-key-4242";

  it("the manifest's env var is found by status, listCredentials and run() alike", async () => {
    const registry = createRegistry({ plugins: [pkg], manifestKey: "sero", env: { ALIBABA_CODING_PLAN_KEY: KEY } });
    const [report] = await registry.getStatus({ providers: ["alibaba-coding-plan"] });
    expect(report).toMatchObject({ status: "env", credentialSource: "ALIBABA_CODING_PLAN_KEY" });

    const creds = await registry.listCredentials("alibaba-coding-plan");
    expect(creds.map((c) => c.source)).toEqual(["env:ALIBABA_CODING_PLAN_KEY"]);
    expect((await registry.listCredentials()).some((c) => c.providerId === "alibaba-coding-plan")).toBe(true);

    const seen = await registry.run("alibaba-coding-plan/qwen3-coder-plus", async ({ apiKey, baseUrl, source }) => ({ apiKey, baseUrl, source }));
    expect(seen).toEqual({ apiKey: KEY, baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1", source: "env:ALIBABA_CODING_PLAN_KEY" });
  });

  it("a plugin-declared alias works for credentials as it does for the catalog and status", async () => {
    const { packages } = await scanPluginDirs([fileURLToPath(new URL("../fixtures/plugins", import.meta.url))]);
    const registry = createRegistry({ plugins: packages, manifestKey: "sero", env: { ACME_KEY: "acme-key-journey-000001" } });
    expect((await registry.resolveModel("acme/claude-sonnet-4-5")).ref).toBe("acme-gateway/claude-sonnet-4-5");
    expect(await registry.run("acme/claude-sonnet-4-5", async ({ providerId, source, baseUrl }) => ({ providerId, source, baseUrl }))).toEqual({
      providerId: "acme-gateway",
      source: "env:ACME_KEY",
      baseUrl: "https://gateway.acme.example/anthropic",
    });
    expect((await registry.listCredentials("acme")).map((c) => c.id)).toEqual(["acme-gateway:env:ACME_KEY"]);
    expect((await registry.setApiKey("acme", "acme-stored-journey-0002")).providerId).toBe("acme-gateway");
    expect((await registry.listCredentials("acme-gateway")).map((c) => c.source)).toEqual(["stored", "env:ACME_KEY"]);
    // Tiers and thinking: stored canonical, and the same wire params whichever name the host used.
    expect((await registry.setTier("LOW", { model: "acme/claude-sonnet-4-5", thinking: "off" })).saved.model).toBe("acme-gateway/claude-sonnet-4-5");
    expect((await registry.planThinking("acme/claude-sonnet-4-5", "high")).params).toEqual(
      (await registry.planThinking("acme-gateway/claude-sonnet-4-5", "high")).params,
    );
  });

  it("pasting a variable name instead of a key is refused with a readable message", async () => {
    const registry = createRegistry();
    await expect(registry.setApiKey("openai", "${OPENAI_API_KEY}")).rejects.toMatchObject({
      code: "credential_is_reference",
      message: expect.stringMatching(/^Expected an API key value for provider "openai"/),
    });
    await expect(registry.setToken("anthropic", "sk ant token")).rejects.toMatchObject({ message: expect.stringMatching(/^Expected a token without spaces/) });
  });

  it("without the key, run() names the manifest's env var, not a guessed one", async () => {
    const registry = createRegistry({ plugins: [pkg], manifestKey: "sero" });
    const error = await rejection(registry.run("alibaba-coding-plan", async () => "never"));
    expect(error).toMatchObject({ code: "no_credentials" });
    expect(String(error.message)).toContain("ALIBABA_CODING_PLAN_KEY");
    expect(String(error.recovery)).toContain("ALIBABA_CODING_PLAN_KEY");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Local models
// ---------------------------------------------------------------------------------------------------------------
/** A real Ollama-speaking server: /api/tags, /api/show per model, /api/version. */
function ollamaLike(): Promise<LoopbackServer> {
  return startServer((req, res, body) => {
    const path = req.url?.split("?")[0];
    if (req.method === "GET" && path === "/api/tags") {
      return json(res, 200, {
        models: [
          { name: "qwen3:8b", model: "qwen3:8b", size: 5_200_000_000, details: { family: "qwen3", parameter_size: "8.2B" } },
          { name: "llama3.2:3b", model: "llama3.2:3b", size: 2_000_000_000, details: { family: "llama", parameter_size: "3.2B" } },
        ],
      });
    }
    if (req.method === "POST" && path === "/api/show") {
      const { model, name } = JSON.parse(body || "{}") as { model?: string; name?: string };
      return (model ?? name ?? "").startsWith("qwen3")
        ? json(res, 200, { capabilities: ["completion", "tools", "thinking"], model_info: { "general.architecture": "qwen3", "qwen3.context_length": 40960 } })
        : json(res, 200, { capabilities: ["completion"], model_info: { "general.architecture": "llama", "llama.context_length": 131072 } });
    }
    if (req.method === "GET" && path === "/api/version") return json(res, 200, { version: "0.12.0" });
    return json(res, 404, { error: "404 page not found" });
  });
}

describe("journey 2: local models", () => {
  let ollama: LoopbackServer;
  beforeAll(async () => {
    ollama = await ollamaLike();
  });
  afterAll(() => ollama.close());

  it("local.add writes models.json through the comment-preserving editor; test, fetchModels, listModels and explain", async () => {
    const original = `// my local setup\n{\n  // keep me: the GPU box\n  "providers": {\n    "gpu": { "baseUrl": "http://10.0.0.5:8000/v1", "api": "openai-completions", "models": [{ "id": "m1" }], "note": "unknown fields stay" } // trailing\n  }\n}\n`;
    const storage = createMemoryStorage({ "models.json": original });
    const registry = createRegistry({ storage });

    // A /v1 URL given for Ollama is normalised to the native API.
    expect(await registry.local.add({ preset: "ollama", baseUrl: `${ollama.url}/v1` })).toMatchObject({ providerId: "ollama", baseUrl: ollama.url });
    const written = (await storage.get("models.json"))!;
    for (const kept of ["// my local setup", "// keep me: the GPU box", "// trailing", '"note": "unknown fields stay"']) expect(written).toContain(kept);
    expect(written.indexOf('"gpu"')).toBeLessThan(written.indexOf('"ollama"'));

    // Before any test the provider is local, with the seed's recovery.
    const [untested] = await registry.getStatus({ providers: ["ollama"] });
    expect(untested).toMatchObject({ status: "local" });
    expect(untested!.problems.map((p) => p.recovery)).toContain(SEED_LOCAL_NO_MODELS);

    const tested = await registry.local.test("ollama");
    expect(tested).toMatchObject({ reachable: true, auth: "not_required", modelCount: 2, flavor: "ollama-native", serverVersion: "0.12.0" });
    const [healthy] = await registry.getStatus({ providers: ["ollama"] });
    expect(healthy).toMatchObject({ status: "healthy", credentialSource: "local", modelCount: 2 });

    // Discovered (not yet saved): provenance `discovered`, capabilities from /api/show, unknown stays null.
    const discovered = await registry.listModels({ provider: "ollama" });
    const qwen = discovered.find((m) => m.id === "qwen3:8b")!;
    expect(qwen).toMatchObject({ provider: "ollama", api: "ollama", baseUrl: ollama.url, limits: { contextWindow: 40960, maxOutputTokens: null } });
    expect(qwen.capabilities.tools).toBe(true);
    expect(qwen.cost).toBeNull();
    expect(qwen.provenance.contextWindow).toBe("discovered");
    expect(qwen.provenance.maxOutputTokens).toBeNull();

    // The user caps the context window; fetchModels fills in the rest and never overwrites the user's value.
    await registry.updateModelsConfig([{ path: ["providers", "ollama", "models"], value: [{ id: "qwen3:8b", contextWindow: 8192 }] }]);
    expect(await registry.local.fetchModels("ollama")).toMatchObject({ added: ["llama3.2:3b"], updated: ["qwen3:8b"], notListed: [] });
    const saved = await registry.resolveModel("ollama/qwen3:8b");
    expect(saved.limits.contextWindow).toBe(8192);
    expect(saved.provenance.contextWindow).toBe("user");
    const explained = await registry.explain("ollama/qwen3:8b");
    expect(explained.fields.contextWindow).toMatchObject({ value: 8192, source: "user", layer: "models.json" });
    expect(explained.fields.contextWindow.overridden).toEqual([expect.objectContaining({ source: "discovered", value: 40960 })]);
    expect(explained.provider.baseUrl).toMatchObject({ value: ollama.url, source: "user" });
    expect((await storage.get("models.json"))!).toContain("// keep me: the GPU box");

    // Thinking: qwen3 on Ollama toggles with `think`.
    expect((await registry.planThinking("ollama/qwen3:8b", "off")).params).toEqual({ think: false });
  });

  it("local.test against a server that wants a key the user's env var does not hold says which variable to set", async () => {
    const guarded = await startServer((req, res) =>
      req.headers.authorization === "Bearer lm-key-journey2-000001"
        ? json(res, 200, { object: "list", data: [{ id: "qwen/qwen3-8b", object: "model" }] })
        : json(res, 401, { error: { message: "Unauthorized" } }),
    );
    try {
      const env: Record<string, string | undefined> = {};
      const storage = createMemoryStorage({
        "models.json": `{ providers: { lmstudio: { baseUrl: "${guarded.url}/v1", api: "openai-completions", apiKey: "\${LM_API_TOKEN}", discovery: "openai-compatible" } } }`,
      });
      const registry = createRegistry({ storage, env });
      const missing = await registry.local.test("lmstudio");
      // No key was sent (never the variable's name), so nothing was "rejected": the server wants one.
      expect(missing).toMatchObject({ reachable: true, auth: "required", errorKind: "auth_invalid" });
      expect(missing.recovery).toContain("LM_API_TOKEN");
      env.LM_API_TOKEN = "lm-key-journey2-000001";
      expect(await registry.local.test("lmstudio")).toMatchObject({ reachable: true, auth: "ok", modelCount: 1 });
      env.LM_API_TOKEN = "lm-key-journey2-wrong!";
      expect(await registry.local.test("lmstudio")).toMatchObject({ auth: "rejected" });
    } finally {
      await guarded.close();
    }
  });

  it("a key in a base URL's query never reaches problem messages, recoveries or logs", async () => {
    const SECRET = "QUERYSECRET-journey2-123456";
    const storage = createMemoryStorage({ "models.json": `{ providers: { gw: { baseUrl: "http://127.0.0.1:9/v1?key=${SECRET}", api: "openai-completions", models: [{ id: "m" }] } } }` });
    const { lines, logger } = capture();
    const registry = createRegistry({ storage, logger, fetch: async () => Promise.reject(new TypeError("fetch failed")) });
    const before = await registry.getStatus({ providers: ["gw"] });
    const fetchError = await rejection(registry.local.fetchModels("gw"));
    expect(fetchError).toMatchObject({ code: "fetch_models_failed" });
    const tested = await registry.local.test("gw");
    const after = await registry.getStatus({ providers: ["gw"] });
    const shown = JSON.stringify([before.map((r) => r.problems), after.map((r) => r.problems), tested.message, tested.recovery, dump(fetchError), lines]);
    expect(shown).toContain("key=[REDACTED]");
    expect(shown).not.toContain(SECRET);
  });

  it("a models.json with one broken provider keeps the good one; status surfaces models_json_invalid", async () => {
    const text = `{\n  providers: {\n    good: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", models: [{ id: "g1" }] },\n    bad: { baseUrl: 8080, models: [{ id: "b1" }] },\n  },\n}\n`;
    const registry = createRegistry({ storage: createMemoryStorage({ "models.json": text }) });
    const { config, diagnostics } = await registry.getModelsConfig();
    expect(Object.keys(config.providers)).toEqual(["good"]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", path: ["providers", "bad", "baseUrl"], line: 4, expected: "a URL string", found: "the number 8080" }),
    ]);
    expect((await registry.listModels({ provider: "good" })).map((m) => m.ref)).toEqual(["good/g1"]);
    const reports = await registry.getStatus({ providers: ["good", "bad"] });
    const bad = reports.find((r) => r.providerId === "bad")!;
    expect(bad.problems[0]).toMatchObject({ code: "models_json_invalid", severity: "error" });
    expect(bad.problems[0]!.message).toContain("line 4");
    expect(reports.find((r) => r.providerId === "good")!.problems.map((p) => p.code)).not.toContain("models_json_invalid");
  });

  it("updateModelsConfig and local.add refuse to write when the stored text does not parse (byte-identical)", async () => {
    const broken = `{ providers: { x: { baseUrl: "http://a" }, } // oops, no closing brace\n`;
    const storage = createMemoryStorage({ "models.json": broken });
    const registry = createRegistry({ storage });
    const error = await rejection(registry.updateModelsConfig([{ path: ["providers", "y"], value: { baseUrl: "http://b" } }]));
    expect(isRegistryError(error)).toBe(true);
    expect(error).toMatchObject({ name: "ConfigError", code: "config_unparsable" });
    expect(String(error.recovery)).toMatch(/fix the file/i);
    expect(await storage.get("models.json")).toBe(broken);
    await expect(registry.local.add({ preset: "lmstudio" })).rejects.toMatchObject({ code: "config_unparsable" });
    await expect(registry.customModels.add({ provider: "custom", model: "m", baseUrl: "http://127.0.0.1:8000/v1" })).rejects.toMatchObject({ code: "config_unparsable" });
    expect(await storage.get("models.json")).toBe(broken);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Keys and failover
// ---------------------------------------------------------------------------------------------------------------
describe("journey 3: keys and failover with run()", () => {
  const FIRST = "sk-first-journey3-AAAAAAAA";
  const SECOND = "sk-second-journey3-BBBBBBBB";
  let api: LoopbackServer;
  /** Which keys the server saw, by label only. */
  const behaviour: Record<string, "ok" | "429" | "401"> = {};

  beforeAll(async () => {
    api = await startServer((req, res) => {
      const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const mode = behaviour[key] ?? "401";
      if (mode === "429") {
        res.setHeader("retry-after", "30");
        return json(res, 429, { error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" } });
      }
      // Real providers echo part of a rejected key back; this one echoes all of it.
      if (mode === "401") return json(res, 401, { error: { message: `Incorrect API key provided: ${key}.`, type: "invalid_request_error", code: "invalid_api_key" } });
      return json(res, 200, { choices: [{ message: { role: "assistant", content: "hi" } }] });
    });
  });
  afterAll(() => api.close());

  /** What a host's client does: POST, and on failure throw an error shaped like the OpenAI SDK's. */
  async function chat({ apiKey, signal }: { apiKey: string | null; signal: AbortSignal | undefined }): Promise<string> {
    const res = await fetch(`${api.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-5.4", messages: [] }),
      ...(signal ? { signal } : {}),
    });
    const body = (await res.json()) as { error?: { message: string }; choices?: Array<{ message: { content: string } }> };
    if (!res.ok) throw Object.assign(new Error(`${res.status} ${body.error!.message}`), { status: res.status, headers: res.headers, error: body.error });
    return body.choices![0]!.message.content;
  }

  it("429 with Retry-After rotates to the next stored key; the cooldown is persisted and listed; a 401 disables until replaced", async () => {
    let now = 1_900_000_000_000;
    const storage = createMemoryStorage();
    const { lines, logger, attach } = capture();
    const registry = createRegistry({ storage, logger, now: () => now });
    attach(registry);
    await registry.setApiKey("openai", FIRST, { label: "first", order: 1 });
    await registry.setApiKey("openai", SECOND, { label: "second", order: 2 });
    behaviour[FIRST] = "429";
    behaviour[SECOND] = "ok";

    const used: string[] = [];
    const reply = await registry.run("openai/gpt-5.4", async (c) => {
      used.push(c.credentialId!);
      return chat(c);
    });
    expect(reply).toBe("hi");
    expect(used).toEqual(["openai:first", "openai:second"]);

    const state = JSON.parse((await storage.get("state.json"))!) as { cooldowns: Record<string, { entries: Array<{ model: string; until: number; reason: string }> }> };
    expect(state.cooldowns["openai:first"]!.entries).toEqual([expect.objectContaining({ model: "gpt-5.4", until: now + 30_000, reason: "rate_limit" })]);
    const first = (await registry.listCredentials("openai")).find((c) => c.id === "openai:first")!;
    expect(first.cooldowns).toEqual([{ model: "gpt-5.4", until: now + 30_000, reason: "rate_limit" }]);

    // A restart on the same storage still sees the cooldown: the second key goes first now.
    const restarted = createRegistry({ storage, now: () => now });
    used.length = 0;
    await restarted.run("openai/gpt-5.4", async (c) => (used.push(c.credentialId!), chat(c)));
    expect(used).toEqual(["openai:second"]);

    // The second key is revoked: 401 → disabled until replaced; the first (cooled down, not vanished) is tried.
    behaviour[SECOND] = "401";
    behaviour[FIRST] = "ok";
    used.length = 0;
    expect(await registry.run("openai/gpt-5.4", async (c) => (used.push(c.credentialId!), chat(c)))).toBe("hi");
    expect(used).toEqual(["openai:second", "openai:first"]);
    const second = (await registry.listCredentials("openai")).find((c) => c.id === "openai:second")!;
    expect(second.status).toMatchObject({ kind: "disabled", reason: "auth_invalid" });
    used.length = 0;
    await registry.run("openai/gpt-5.4", async (c) => (used.push(c.credentialId!), chat(c)));
    expect(used).toEqual(["openai:first"]);

    // Replacing the key under the same label lifts the disable.
    const THIRD = "sk-third-journey3-CCCCCCCC";
    behaviour[THIRD] = "ok";
    await registry.setApiKey("openai", THIRD, { label: "second", order: 0 });
    now += 1;
    used.length = 0;
    await registry.run("openai/gpt-5.4", async (c) => (used.push(c.credentialId!), chat(c)));
    expect(used).toEqual(["openai:second"]);

    // Keys appear nowhere but auth.json: not in logs, events or other storage keys.
    const everything = [...lines, await storage.get("state.json"), await storage.get("settings.json"), await storage.get("models.json")].join("\n");
    for (const key of [FIRST, SECOND, THIRD]) {
      expect(everything).not.toContain(key);
      expect(everything).not.toContain(key.slice(3, 20));
    }
    expect(await storage.get("auth.json")).toContain(THIRD);
  });

  it("every credential rejected: a ProviderCallError naming credentials and env vars, never a key value", async () => {
    const BAD = "sk-env-bad-journey3-DDDDDDDD";
    const storage = createMemoryStorage();
    const { lines, logger, attach } = capture();
    const registry = createRegistry({ storage, logger, env: { OPENAI_API_KEY: BAD } });
    attach(registry);
    behaviour[BAD] = "401";
    const error = await rejection(registry.run("openai/gpt-5.4", chat));
    expect(error).toMatchObject({ name: "ProviderCallError", kind: "auth_invalid", status: 401, credentialId: "openai:env:OPENAI_API_KEY" });
    expect(String(error.recovery)).toContain("OPENAI_API_KEY");
    const text = [dump(error), ...lines, await storage.get("state.json")].join("\n");
    expect(text).not.toContain(BAD);
    expect(text).not.toContain("journey3-DDDD");
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "broken_invalid", credentialSource: "OPENAI_API_KEY" });
    // A second run does not call the provider again with the disabled key.
    await expect(registry.run("openai/gpt-5.4", chat)).rejects.toMatchObject({ code: "no_credentials" });
  });

  it("a region block (403 unsupported_country_region_territory) is surfaced and never disables the key", async () => {
    const registry = createRegistry();
    await registry.setApiKey("openai", FIRST, { label: "first" });
    const blocked = Object.assign(new Error("403 Country, region, or territory not supported"), {
      status: 403,
      error: { code: "unsupported_country_region_territory", message: "Country, region, or territory not supported", type: "request_forbidden" },
    });
    await expect(registry.run("openai/gpt-5.4", async () => Promise.reject(blocked))).rejects.toMatchObject({ kind: "bad_request" });
    expect((await registry.listCredentials("openai"))[0]!.status).toEqual({ kind: "active" });
    expect(await registry.run("openai/gpt-5.4", async ({ credentialId }) => credentialId)).toBe("openai:first");
  });

  it("a caller's abort is never retried on the next key, even when the failure looks like a rate limit", async () => {
    const registry = createRegistry();
    await registry.setApiKey("openai", FIRST, { label: "first", order: 1 });
    await registry.setApiKey("openai", SECOND, { label: "second", order: 2 });
    const controller = new AbortController();
    let calls = 0;
    const error = await rejection(
      registry.run(
        "openai/gpt-5.4",
        async () => {
          calls++;
          controller.abort();
          throw Object.assign(new Error("429 Rate limit reached"), { status: 429 });
        },
        { signal: controller.signal },
      ),
    );
    expect(error).toMatchObject({ kind: "aborted" });
    expect(calls).toBe(1);

    // Already aborted: the attempt is never called.
    calls = 0;
    await expect(registry.run("openai/gpt-5.4", async () => ++calls, { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: "aborted" });
    expect(calls).toBe(0);
    expect((await registry.listCredentials("openai")).every((c) => c.status.kind === "active" && c.cooldowns.length === 0)).toBe(true);
  });
});

describe("journey 3b: a models.json apiKey that references an unset variable", () => {
  it("run() names the referenced variable and never calls with the name or without the key", async () => {
    const storage = createMemoryStorage({
      "models.json": `{ providers: {
        proxy: { baseUrl: "https://proxy.example.com/v1", apiKey: "\${PROXY_KEY}", api: "openai-completions", models: [{ id: "m" }] },
        lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: "LMSTUDIO_KEY", api: "openai-completions", models: [{ id: "minimax-m2.1-gs32" }] },
      } }`,
    });
    const env: Record<string, string | undefined> = {};
    const registry = createRegistry({ storage, env });
    let calls = 0;
    for (const [ref, variable] of [["proxy/m", "PROXY_KEY"], ["lmstudio/minimax-m2.1-gs32", "LMSTUDIO_KEY"]] as const) {
      const error = await rejection(registry.run(ref, async () => ++calls));
      expect(error, ref).toMatchObject({ code: "no_credentials" });
      expect(String(error.message), ref).toContain(variable);
      expect(String(error.recovery), ref).toContain(`Set ${variable}`);
      expect(String(error.message), ref).not.toContain("PROXY_API_KEY");
    }
    expect(calls).toBe(0);

    // Status agrees: the proxy on a public host misses its key (it is not a "local" server), and every report says
    // which variable to set instead of "fix models.json".
    const reports = await registry.getStatus({ providers: ["proxy", "lmstudio"] });
    const proxy = reports.find((r) => r.providerId === "proxy")!;
    expect(proxy).toMatchObject({ status: "missing" });
    for (const report of reports) {
      const invalid = report.problems.find((p) => p.code === "models_json_invalid")!;
      expect(invalid.recovery, report.providerId).toMatch(/^Set (PROXY_KEY|LMSTUDIO_KEY) in the environment/);
    }
    expect(proxy.problems.find((p) => p.code === "not_configured")!.recovery).toContain("set PROXY_KEY");

    // Once the variable is set, its value (never its name) is what the attempt gets.
    env.PROXY_KEY = "proxy-key-journey3b-0001";
    // Status notices: no stale "PROXY_KEY is unset" error once it is set.
    const [after] = await registry.getStatus({ providers: ["proxy"] });
    expect(after).toMatchObject({ status: "env", credentialSource: "PROXY_KEY" });
    expect(after!.problems.map((p) => p.code)).not.toContain("models_json_invalid");
    expect(await registry.run("proxy/m", async ({ apiKey, source }) => ({ apiKey, source }))).toEqual({ apiKey: "proxy-key-journey3b-0001", source: "env:PROXY_KEY" });
  });
});

describe("journey 3c: a stored token past its expiry", () => {
  it("is never healthy: status, listCredentials and run() agree it is expired; another credential takes over", async () => {
    const now = 1_900_000_000_000;
    const registry = createRegistry({ now: () => now });
    await registry.setToken("anthropic", "sk-ant-oat01-journey3c-TTTTTTTT", { expiresAt: now - 1 });
    const [report] = await registry.getStatus({ providers: ["anthropic"] });
    expect(report).toMatchObject({ status: "broken_expired", credentialSource: "stored" });
    expect(report!.problems[0]!.recovery).toMatch(/reconnect/i);
    expect((await registry.listCredentials("anthropic"))[0]!.status).toMatchObject({ kind: "expired" });
    await expect(registry.run("anthropic", async () => "never")).rejects.toMatchObject({ code: "no_credentials" });

    await registry.setApiKey("anthropic", "sk-ant-api03-journey3c-KKKKKKKK");
    expect((await registry.getStatus({ providers: ["anthropic"] }))[0]).toMatchObject({ status: "healthy" });
    expect(await registry.run("anthropic", async ({ type }) => type)).toBe("apiKey");
  });
});

describe("journey 3d: a damaged auth.json", () => {
  it("status warns instead of pretending nothing is configured; nothing overwrites the file", async () => {
    const damaged = '{ "version": 1, "credentials": [ { "id": "openai:default", "providerId": "openai", "type": "apiKey", ';
    const storage = createMemoryStorage({ "auth.json": damaged });
    const registry = createRegistry({ storage });
    const reports = await registry.getStatus();
    for (const r of reports) expect(r.problems.map((p) => p.code), r.providerId).toContain("credentials_unreadable");
    const summary = summarizeStatus(reports);
    expect(summary.problems.map((p) => p.code)).toEqual(["no_usable_providers", "credentials_unreadable"]);
    expect(summary.problems[1]!.recovery).toMatch(/restore auth\.json/i);
    await expect(registry.listCredentials("openai")).rejects.toMatchObject({ code: "storage_unparsable" });
    await expect(registry.setApiKey("openai", "sk-journey3d-aaaaaaaaaaaa")).rejects.toMatchObject({ code: "storage_unparsable" });
    expect(await storage.get("auth.json")).toBe(damaged);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Thinking
// ---------------------------------------------------------------------------------------------------------------
describe("journey 4: thinking levels and tiers", () => {
  it("setTier rejects an unsupported level, listing the supported ones; nothing is saved", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { ANTHROPIC_API_KEY: "sk-ant-journey4-0000000000" } });
    const error = await rejection(registry.setTier("HIGH", { model: "anthropic/claude-haiku-4-5", thinking: "xhigh" }));
    expect(error).toMatchObject({ code: "thinking_unsupported" });
    expect(String(error.message)).toContain("off, minimal, low, medium, high");
    expect(String(error.recovery)).toContain("off, minimal, low, medium, high");
    expect(await storage.get("settings.json")).toBeUndefined();
    await expect(registry.setTier("HIGH", { model: "anthropic/claude-haiku-4-5", thinking: "ultra" })).rejects.toMatchObject({ code: "invalid_thinking_level" });
  });

  it("resolveTier reports a clamp with its reason and a warning; the saved choice is kept as saved", async () => {
    const registry = createRegistry({ env: { ANTHROPIC_API_KEY: "sk-ant-journey4-0000000000" } });
    await registry.setTier("MED", { model: "anthropic/claude-sonnet-4-6", thinking: "medium" });
    const med = await registry.resolveTier("MED", { override: { thinking: "minimal" } });
    expect(med.thinking).toMatchObject({ requested: "minimal", effective: "low", clamped: true });
    expect(med.thinking.reason).toContain("minimal");
    expect(med.warnings).toEqual([expect.objectContaining({ code: "thinking_clamped" })]);
    expect((await registry.getTiers()).MED).toMatchObject({ thinking: "medium", source: "saved" });
    const max = await registry.resolveTier("MED", { override: { model: "openai/gpt-5.4", thinking: "max" } });
    expect(max.thinking).toMatchObject({ requested: "max", effective: "xhigh", clamped: true });
  });

  it("an unknown custom endpoint gets no thinking field unless the user opts in", async () => {
    const storage = createMemoryStorage({
      "models.json": `{ providers: { myproxy: { baseUrl: "https://llm.example.com/v1", api: "openai-completions", apiKey: "\${MYPROXY_KEY}", models: [{ id: "qwen3-32b", reasoning: true }, { id: "mystery" }] } } }`,
    });
    const registry = createRegistry({ storage, env: { MYPROXY_KEY: "proxy-key-journey4-0000" } });
    const plan = await registry.planThinking("myproxy/qwen3-32b", "high");
    expect(plan.params).toEqual({});
    expect(plan.warnings).toEqual([expect.objectContaining({ code: "thinking_not_sent" })]);
    expect(thinkingParams(await registry.resolveModel("myproxy/qwen3-32b"), "high")).toEqual({});

    const mystery = await registry.planThinking("myproxy/mystery", "high");
    expect(mystery.params).toEqual({});
    expect(mystery.resolution).toMatchObject({ effective: "off", clamped: true });
    expect((await registry.thinkingLevels("myproxy/mystery")).levels).toEqual(["off"]);

    await registry.setReasoningOverride("myproxy/qwen3-32b", { kind: "toggle", levels: ["off", "medium"], wire: "qwen-enable-thinking" });
    expect((await registry.planThinking("myproxy/qwen3-32b", "medium")).params).toEqual({ enable_thinking: true });
    expect((await registry.planThinking("myproxy/qwen3-32b", "off")).params).toEqual({ enable_thinking: false });
  });
});

describe("journey 4b: the pure thinking functions take what the registry returns", () => {
  it("reasoningDescriptor / resolveThinkingLevel / thinkingParams agree with the facade for resolveModel() output", async () => {
    const storage = createMemoryStorage({
      "models.json": `{ providers: { lm: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-completions", models: [{ id: "qwen3-8b", reasoning: true }, { id: "plain", reasoning: false }] } } }`,
    });
    const registry = createRegistry({ storage });
    for (const ref of ["openai/gpt-5.4", "openai/gpt-4o", "anthropic/claude-opus-4-5", "lm/qwen3-8b", "lm/plain"]) {
      const model = await registry.resolveModel(ref);
      const facade = await registry.thinkingLevels(ref);
      const descriptor = reasoningDescriptor(model);
      expect([descriptor.kind, descriptor.levels, descriptor.source], ref).toEqual([facade.descriptor.kind, facade.descriptor.levels, facade.descriptor.source]);
      expect(resolveThinkingLevel(model, "high"), ref).toEqual((await registry.planThinking(ref, "high")).resolution);
      expect(thinkingParams(model, "high"), ref).toEqual((await registry.planThinking(ref, "high")).params);
    }
    // gpt-4o does not think: the catalog says so, it is not "unknown".
    expect(resolveThinkingLevel(await registry.resolveModel("openai/gpt-4o"), "high").reason).toContain("does not think");
    // The user's own endpoint still gets nothing without an opt-in.
    expect(thinkingParams(await registry.resolveModel("lm/qwen3-8b"), "high", "openai-completions")).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 5. File storage across a restart
// ---------------------------------------------------------------------------------------------------------------
describe("journey 5: file storage across a restart", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("credentials, tiers, models.json, overrides and cooldowns survive; auth.json and its backups are 0600", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mpr-journey5-"));
    dirs.push(dir);
    const KEY = "sk-ant-api03-journey5-ZZZZZZZZ";
    const first = createNodeRegistry({ dir, env: {} });
    await first.setApiKey("anthropic", KEY, { label: "work" });
    await first.setTier("HIGH", { model: "anthropic/claude-opus-4-5", thinking: "high" });
    await first.local.add({ preset: "lmstudio" });
    await first.customModels.add({ provider: "custom", model: "my-model", baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", contextWindow: 128000 });
    await first.setModelOverride("anthropic/claude-opus-4-5", { contextWindow: 150000 });
    await first.setAllowlist([]);
    await expect(first.run("anthropic/claude-opus-4-5", async () => Promise.reject(Object.assign(new Error("429"), { status: 429, headers: { "retry-after": "600" } })))).rejects.toMatchObject({ kind: "rate_limit" });

    const second = createRegistry({ storage: createFileStorage({ dir }) });
    const [cred] = await second.listCredentials("anthropic");
    expect(cred).toMatchObject({ id: "anthropic:work", source: "stored", masked: "…ZZZZ" });
    expect(cred!.cooldowns).toEqual([expect.objectContaining({ model: "claude-opus-4-5", reason: "rate_limit" })]);
    expect((await second.getTiers()).HIGH).toMatchObject({ model: "anthropic/claude-opus-4-5", thinking: "high", source: "saved" });
    expect((await second.customModels.list({ provider: "custom" }))[0]).toMatchObject({ model: "my-model", contextWindow: 128000 });
    expect((await second.resolveModel("anthropic/claude-opus-4-5")).limits.contextWindow).toBe(150000);
    expect((await second.getStatus({ providers: ["anthropic", "lmstudio"] })).map((r) => [r.providerId, r.status])).toEqual([
      ["anthropic", "healthy"],
      ["lmstudio", "local"],
    ]);
    expect(await second.run("anthropic/claude-sonnet-4-6", async ({ apiKey }) => apiKey)).toBe(KEY);

    // Replace the key: auth.json is rewritten, still 0600, and the backup too.
    await second.setApiKey("anthropic", "sk-ant-api03-journey5-YYYYYYYY", { label: "work" });
    const files = readdirSync(dir);
    for (const f of files.filter((f) => f.startsWith("auth.json"))) expect((statSync(join(dir, f)).mode & 0o777).toString(8), f).toBe("600");
    for (const f of files.filter((f) => !f.startsWith("auth.json") && !f.endsWith(".lock"))) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text, f).not.toContain("journey5-ZZZZ");
      expect(text, f).not.toContain("journey5-YYYY");
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 6. Model refs
// ---------------------------------------------------------------------------------------------------------------
describe("journey 6: model refs", () => {
  it("splits on the first slash only and keeps the wire id verbatim", () => {
    expect(parseModelRef("openrouter/anthropic/claude-sonnet-4-5")).toEqual({ provider: "openrouter", model: "anthropic/claude-sonnet-4-5" });
    expect(parseModelRef("synthetic/hf:MiniMaxAI/MiniMax-M2.1")).toEqual({ provider: "synthetic", model: "hf:MiniMaxAI/MiniMax-M2.1" });
    expect(formatModelRef(parseModelRef("vercel-ai-gateway/anthropic/claude-opus-4.6"))).toBe("vercel-ai-gateway/anthropic/claude-opus-4.6");
    expect(parseModelRef("OpenAI/GPT-5").model).toBe("GPT-5");
  });

  it("z.ai and z-ai are aliases of zai, gemini of google; kimi-coding and google-gemini-cli are not collapsed", () => {
    for (const ref of ["z.ai/glm-4.7", "z-ai/glm-4.7", "Z.AI/glm-4.7", "zai/glm-4.7"]) expect(parseModelRef(ref)).toEqual({ provider: "zai", model: "glm-4.7" });
    expect(parseModelRef("gemini/gemini-2.5-flash")).toEqual({ provider: "google", model: "gemini-2.5-flash" });
    expect(normalizeProviderId("google-gemini-cli")).toBe("google-gemini-cli");
    expect(normalizeProviderId("kimi-coding")).toBe("kimi-coding");
  });

  it("surrounding whitespace is trimmed; empty parts are typed errors with a recovery", () => {
    expect(parseModelRef("  openai/gpt-5 ")).toEqual({ provider: "openai", model: "gpt-5" });
    for (const bad of ["", "   ", "/", "/gpt-5", "openai/", "openai", " / "]) {
      let caught: unknown;
      try {
        parseModelRef(bad);
      } catch (error) {
        caught = error;
      }
      expect(isRegistryError(caught), JSON.stringify(bad)).toBe(true);
      expect(caught).toMatchObject({ code: "invalid_model_ref", recovery: expect.stringContaining("provider/model") });
    }
  });

  it("a model alias is a bare name: it can never shadow a provider/model ref", async () => {
    const storage = createMemoryStorage({ "settings.json": JSON.stringify({ aliases: { "openai/gpt-5.4": "anthropic/claude-sonnet-4-6" } }) });
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-journey6-aaaaaaaaaaaa" } });
    // A hand-written alias spelled like a ref does not reroute it: resolveModel, thinking and run() agree.
    expect((await registry.resolveModel("openai/gpt-5.4")).ref).toBe("openai/gpt-5.4");
    expect((await registry.thinkingLevels("openai/gpt-5.4")).levels).not.toContain("max");
    expect(await registry.run("openai/gpt-5.4", async (c) => `${c.providerId}/${c.model}`)).toBe("openai/gpt-5.4");
    await expect(registry.setModelAlias("openai/gpt-5.5", "anthropic/claude-sonnet-4-6")).rejects.toMatchObject({ code: "invalid_alias" });
    // It can still be removed, and bare aliases keep working.
    expect(await registry.setModelAlias("openai/gpt-5.4", null)).toEqual({});
    await registry.setModelAlias("Sonnet", "anthropic/claude-sonnet-4-6");
    expect((await registry.resolveModel("sonnet")).ref).toBe("anthropic/claude-sonnet-4-6");
  });

  it("customModels accept provider aliases like every other call", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { ZAI_API_KEY: "zai-journey6-00000000" } });
    const { created, model } = await registry.customModels.add({ provider: "z.ai", model: "glm-next", contextWindow: 200000 });
    expect(created).toBe(true);
    expect(model).toMatchObject({ provider: "zai", baseUrl: "https://api.z.ai/api/paas/v4" });
    expect(Object.keys(JSON.parse((await storage.get("models.json"))!).providers)).toEqual(["zai"]);
    expect((await registry.resolveModel("z-ai/glm-next")).limits.contextWindow).toBe(200000);
    expect((await registry.customModels.list({ provider: "z-ai" })).map((m) => m.model)).toEqual(["glm-next"]);
    expect(await registry.customModels.remove({ provider: "z.ai", model: "glm-next" })).toEqual({ removed: true });
  });

  it("the facade resolves aliased and slash-containing refs to the canonical provider", async () => {
    const registry = createRegistry({ env: { ZAI_API_KEY: "zai-journey6-00000000" } });
    const glm = await registry.resolveModel("z.ai/glm-4.7");
    expect(glm).toMatchObject({ provider: "zai", id: "glm-4.7" });
    expect(glm.problems).toEqual([]);
    const or = await registry.resolveModel("openrouter/anthropic/claude-sonnet-4.5");
    expect(or).toMatchObject({ provider: "openrouter", id: "anthropic/claude-sonnet-4.5" });
    await expect(registry.resolveModel("openai/")).rejects.toMatchObject({ code: "invalid_model_ref" });
  });
});
