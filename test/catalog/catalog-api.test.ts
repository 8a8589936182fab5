import { describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createCatalogService } from "../../src/catalog/catalog-service.js";
import { createConfigService } from "../../src/config/config-service.js";
import { createEmitter } from "../../src/registry/events.js";
import { createPluginManifests } from "../../src/plugins/plugin-manifests.js";
import { silentLogger } from "../../src/ports.js";
import { ReasoningOverridesSchema } from "../../src/reasoning/reasoning-descriptor-schema.js";
import { reasoningBlock } from "../../src/reasoning/resolved-reasoning.js";
import { SETTINGS_SECTION_SCHEMAS } from "../../src/reasoning/settings-sections.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { ModelMetadataSchema } from "../../src/schema/model-metadata.js";
import { BUILTIN_PROVIDERS } from "../../src/refs/builtin-providers.js";
import { loadBundledSnapshot } from "../../src/catalog/load-snapshot.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const FASED_ORDER = [
  "openai", "anthropic", "chutes", "ollama", "lmstudio", "vllm", "minimax", "moonshot", "google", "xai", "mistral",
  "volcengine", "byteplus", "openrouter", "qwen", "zai", "qianfan", "github-copilot", "vercel-ai-gateway", "opencode",
  "xiaomi", "synthetic", "together", "huggingface", "venice", "litellm", "cloudflare-ai-gateway", "custom",
];

const SEED_REFS = [
  "openai/gpt-5.1-codex", "anthropic/claude-opus-4-6", "openai-codex/gpt-5.3-codex", "opencode/claude-opus-4-6",
  "google/gemini-3-pro-preview", "zai/glm-4.7", "vercel-ai-gateway/anthropic/claude-opus-4.6",
  "huggingface/deepseek-ai/DeepSeek-R1", "cerebras/zai-glm-4.7", "cerebras/zai-glm-4.6", "moonshot/kimi-k2.5",
  "moonshot/kimi-k2-0905-preview", "moonshot/kimi-k2-turbo-preview", "moonshot/kimi-k2-thinking",
  "moonshot/kimi-k2-thinking-turbo", "kimi-coding/k2p5", "qwen-portal/coder-model", "qwen-portal/vision-model",
  "volcengine/doubao-seed-1-8-251228", "volcengine/doubao-seed-code-preview-251028", "volcengine/kimi-k2-5-260127",
  "volcengine/glm-4-7-251222", "volcengine/deepseek-v3-2-251201", "volcengine-plan/ark-code-latest",
  "volcengine-plan/doubao-seed-code", "volcengine-plan/kimi-k2.5", "volcengine-plan/kimi-k2-thinking",
  "volcengine-plan/glm-4.7", "byteplus/seed-1-8-251228", "byteplus/kimi-k2-5-260127", "byteplus/glm-4-7-251222",
  "byteplus-plan/ark-code-latest", "byteplus-plan/doubao-seed-code", "byteplus-plan/kimi-k2.5",
  "byteplus-plan/kimi-k2-thinking", "byteplus-plan/glm-4.7", "synthetic/hf:MiniMaxAI/MiniMax-M2.1",
];

const alibabaPlugin: unknown = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/plugins/sero-alibaba-plugin/package.json", import.meta.url)), "utf8"),
);

const MODELS_JSON = `{
  // work overrides (JSON5, comments kept)
  providers: {
    openai: {
      baseUrl: "https://gateway.work.example/openai/v1",
      apiKey: "\${OPENAI_API_KEY}",
      models: [{ id: "gpt-5", name: "GPT-5 (work)", contextWindow: 272000 }],
    },
    ollama: {
      baseUrl: "http://127.0.0.1:11434",
      api: "ollama",
      models: [{ id: "qwen3:8b", contextWindow: 32768 }, { id: "old-model", sourceMissing: true }],
    },
    "my-proxy": {
      baseUrl: "https://proxy.example/v1",
      api: "openai-completions",
      apiKey: { env: "MY_PROXY_KEY" },
      models: [{ id: "fast", name: "Fast" }],
    },
    "lan-box": { baseUrl: "http://127.0.0.1:9000/v1", models: [{ id: "tiny" }] },
  },
}`;

const STATE = JSON.stringify({
  probes: { untouched: true },
  discovered: {
    ollama: {
      at: 1,
      models: [
        { id: "qwen3:8b", contextWindow: 40960, tools: true, reasoning: true },
        { id: "llama3.3", contextWindow: 131072, tools: null },
      ],
    },
    "alibaba-coding-plan": { at: 1, models: [{ id: "qwen3-coder-plus", contextWindow: 997000 }] },
  },
});

function registryWith(options: { models?: string; state?: string; env?: Record<string, string>; plugins?: unknown[] } = {}) {
  const initial: Record<string, string> = {};
  if (options.models !== undefined) initial["models.json"] = options.models;
  if (options.state !== undefined) initial["state.json"] = options.state;
  const storage = createMemoryStorage(initial);
  const registry = createRegistry({
    storage,
    env: options.env ?? {},
    plugins: options.plugins ?? [],
    manifestKey: "sero",
  });
  return { registry, storage };
}

describe("listProviders", () => {
  it("returns the Fased order first, then the other providers by name", async () => {
    const { registry } = registryWith();
    const providers = await registry.listProviders();
    expect(providers.slice(0, 28).map((p) => p.id)).toEqual(FASED_ORDER);
    expect(providers.slice(0, 28).map((p) => p.order)).toEqual(FASED_ORDER.map((_, i) => i + 1));
    const rest = providers.slice(28);
    expect(rest.every((p) => p.order === null)).toBe(true);
    const names = rest.map((p) => p.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    // Every built-in but the three gated by the bundled auth plugins, which ship disabled (test/plugins).
    expect(providers).toHaveLength(BUILTIN_PROVIDERS.length - 3);
  });

  it("describes each provider with auth, env names, setup methods and its source", async () => {
    const { registry } = registryWith();
    const google = (await registry.listProviders()).find((p) => p.id === "google")!;
    expect(google).toMatchObject({
      name: "Google",
      api: "google-generative-ai",
      source: "builtin",
      setupMethods: ["Gemini API key", "Sign in"],
      envNames: ["MODEL_REGISTRY_LIVE_GEMINI_KEY", "GEMINI_API_KEYS", "GEMINI_API_KEY", "GOOGLE_API_KEY"],
      provenance: { api: "builtin", baseUrl: "builtin" },
    });
    expect(google.modelCount).toBeGreaterThan(10);
  });

  it("lists plugin providers and models.json-only providers with their source", async () => {
    const { registry } = registryWith({ models: MODELS_JSON, plugins: [alibabaPlugin] });
    const providers = await registry.listProviders();
    const byId = new Map(providers.map((p) => [p.id, p]));
    expect(byId.get("alibaba-coding-plan")).toMatchObject({ source: "plugin", package: "sero-alibaba-plugin", modelCount: 3 });
    expect(byId.get("my-proxy")).toMatchObject({ source: "user", api: "openai-completions", baseUrl: "https://proxy.example/v1", local: false });
    expect(byId.get("lan-box")).toMatchObject({ source: "user", local: true, provenance: { api: "default", baseUrl: "user" } });
    expect(byId.get("openai")).toMatchObject({
      source: "builtin",
      baseUrl: "https://gateway.work.example/openai/v1",
      provenance: { baseUrl: "user", api: "builtin" },
    });
  });
});

describe("resolveModel", () => {
  it("resolves every seed provider id (and its aliases) to a known provider", async () => {
    const { registry } = registryWith();
    for (const provider of BUILTIN_PROVIDERS) {
      for (const id of [provider.id, ...provider.aliases]) {
        const resolved = await registry.resolveModel(`${id}/some-model`);
        expect(resolved.provider).toBe(provider.id);
        expect(resolved.api).toBe(provider.api);
        expect(resolved.problems.map((p) => p.code)).not.toContain("unknown_provider");
      }
    }
  });

  it("knows every model the seed docs name", async () => {
    const { registry } = registryWith();
    for (const ref of SEED_REFS) {
      const resolved = await registry.resolveModel(ref);
      expect(resolved.known, ref).toBe(true);
    }
    const curated = await registry.resolveModel("volcengine/doubao-seed-1-8-251228");
    expect(curated).toMatchObject({ name: "Doubao Seed 1.8", limits: { contextWindow: null } });
    expect(curated.provenance.name).toBe("builtin");
  });

  it("maps models.dev data into every shape field with provenance models.dev", async () => {
    const { registry } = registryWith();
    const m = await registry.resolveModel("anthropic/claude-sonnet-4-5");
    expect(m).toMatchObject({
      ref: "anthropic/claude-sonnet-4-5",
      provider: "anthropic",
      id: "claude-sonnet-4-5",
      api: "anthropic-messages",
      baseUrl: "https://api.anthropic.com",
      capabilities: { tools: true, manualSetup: false },
      known: true,
    });
    expect(m.limits.contextWindow).toBeGreaterThan(0);
    expect(m.cost?.input).toBeGreaterThan(0);
    expect(m.provenance).toMatchObject({ contextWindow: "models.dev", tools: "models.dev", manualSetup: "builtin", api: "builtin" });
    expect(ModelMetadataSchema.parse(m.metadata)).toEqual(m.metadata);
  });

  it("resolves an unknown model under a known provider with all-null metadata and a problem", async () => {
    const { registry } = registryWith({ env: { OPENAI_API_KEY: "sk-test" } });
    const m = await registry.resolveModel("openai/gpt-99-preview");
    expect(m.known).toBe(false);
    expect(m.offered).toBe(false);
    expect(Object.values(m.metadata).every((v) => v === null)).toBe(true);
    expect(m.limits).toEqual({ contextWindow: null, maxOutputTokens: null, maxContextWindow: null });
    expect(Object.values(m.capabilities).every((v) => v === null)).toBe(true);
    expect(m.cost).toBeNull();
    expect(m.api).toBe("openai-responses");
    expect(m.problems.map((p) => p.code)).toEqual(["unknown_model"]);
    expect(m.problems[0]!.recovery).toContain('listModels({ provider: "openai" })');
  });

  it("keeps the seed's openrouter/anthropic/claude-sonnet-4-5 verbatim but suggests OpenRouter's real id", async () => {
    const { registry } = registryWith({ env: { OPENROUTER_API_KEY: "sk-or-test" } });
    const m = await registry.resolveModel("openrouter/anthropic/claude-sonnet-4-5");
    // No fuzzy collapsing: the wire id stays what the user wrote, and nothing is guessed for it.
    expect(m).toMatchObject({ ref: "openrouter/anthropic/claude-sonnet-4-5", id: "anthropic/claude-sonnet-4-5", known: false, offered: false });
    expect(Object.values(m.metadata).every((v) => v === null)).toBe(true);
    expect(m.problems).toEqual([
      {
        code: "unknown_model",
        message: expect.stringContaining('"anthropic/claude-sonnet-4-5"'),
        recovery:
          "Did you mean openrouter/anthropic/claude-sonnet-4.5? Use that id, or add the model to models.json if your endpoint serves this exact id.",
        suggestions: ["openrouter/anthropic/claude-sonnet-4.5"],
      },
    ]);
    // The suggestion is a ref that resolves, with the metadata the seed example was after.
    const suggested = await registry.resolveModel(m.problems[0]!.suggestions![0]!);
    expect(suggested).toMatchObject({ known: true, offered: true, name: expect.stringContaining("Sonnet 4.5") });
    expect(suggested.limits.contextWindow).toBeGreaterThan(0);
    // explain() carries the same problem, as a reason the model is not offered.
    const why = await registry.explain("openrouter/anthropic/claude-sonnet-4-5");
    expect(why.reasons.map((r) => r.suggestions)).toEqual([["openrouter/anthropic/claude-sonnet-4.5"]]);
  });

  it("suggests models.json ids for a near miss under a custom provider, and up to 3 for a typo", async () => {
    const { registry } = registryWith({ models: MODELS_JSON, env: { MY_PROXY_KEY: "k" } });
    const m = await registry.resolveModel("my-proxy/Fast");
    expect(m.known).toBe(false);
    expect(m.problems.find((p) => p.code === "unknown_model")?.suggestions).toEqual(["my-proxy/fast"]);
    const typo = await registry.resolveModel("openrouter/anthropic/claude-sonet-4.5");
    expect(typo.problems.find((p) => p.code === "unknown_model")?.suggestions).toEqual(["openrouter/anthropic/claude-sonnet-4.5"]);
    const short = await registry.resolveModel("google/gemini-3-pro");
    const offered = short.problems.find((p) => p.code === "unknown_model")?.suggestions ?? [];
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.length).toBeLessThanOrEqual(3);
    expect(offered).toContain("google/gemini-3-pro-preview");
  });

  it("suggests close provider ids for an unknown provider in a ref", async () => {
    const { registry } = registryWith();
    const m = await registry.resolveModel("openrouterr/anthropic/claude-sonnet-4.5");
    expect(m.problems[0]).toMatchObject({ code: "unknown_provider", suggestions: ["openrouter"] });
    expect(m.problems[0]!.recovery).toMatch(/^Did you mean "openrouter"\?/);
  });

  it("resolves an unknown provider without throwing", async () => {
    const { registry } = registryWith();
    const m = await registry.resolveModel("nope/thing");
    expect(m).toMatchObject({ provider: "nope", id: "thing", api: null, baseUrl: null, known: false, offered: false });
    expect(m.problems.map((p) => p.code)).toEqual(["unknown_provider"]);
    expect(m.problems[0]!.suggestions).toBeUndefined();
  });

  it("throws a typed error for a malformed ref", async () => {
    const { registry } = registryWith();
    await expect(registry.resolveModel("anthropic/")).rejects.toMatchObject({ code: "invalid_model_ref" });
    await expect(registry.resolveModel("gpt-5")).rejects.toMatchObject({ code: "invalid_model_ref" });
  });
});

describe("layering and explain()", () => {
  it("shows a models.json override with the snapshot value it replaced", async () => {
    const { registry } = registryWith({ models: MODELS_JSON, env: { OPENAI_API_KEY: "sk-test" } });
    const e = await registry.explain("openai/gpt-5");
    expect(e.fields.contextWindow).toEqual({
      value: 272000,
      source: "user",
      layer: "models.json",
      overridden: [{ layer: "snapshot", source: "models.dev", value: 400000 }],
    });
    expect(e.fields.name).toMatchObject({ value: "GPT-5 (work)", source: "user", overridden: [{ value: "GPT-5" }] });
    expect(e.fields.tools).toMatchObject({ value: true, source: "models.dev", layer: "snapshot", overridden: [] });
    expect(e.provider.baseUrl).toMatchObject({
      value: "https://gateway.work.example/openai/v1",
      source: "user",
      overridden: [{ source: "builtin", value: "https://api.openai.com/v1" }],
    });
    expect(e.provider.credentials).toEqual({ available: true, via: "env", detail: "OPENAI_API_KEY" });
    expect(e.layers.map((l) => l.layer)).toEqual(["provider", "snapshot", "models.json"]);
    expect(e.layers[2]!.fields).toEqual(["name", "contextWindow"]);
    expect(e.offered).toBe(true);
    expect(e.reasons).toEqual([]);
    const resolved = await registry.resolveModel("openai/gpt-5");
    expect(resolved).toMatchObject({ name: "GPT-5 (work)", limits: { contextWindow: 272000, maxOutputTokens: 128000 } });
    expect(resolved.provenance).toMatchObject({ contextWindow: "user", maxOutputTokens: "models.dev", baseUrl: "user" });
  });

  it("orders layers builtin < plugin < discovered < models.json < settings", async () => {
    const { registry } = registryWith({ models: MODELS_JSON, state: STATE, plugins: [alibabaPlugin] });
    // discovered (40960) loses to models.json (32768); discovered tools/reasoning fill what models.json leaves out
    const qwen = await registry.explain("ollama/qwen3:8b");
    expect(qwen.fields.contextWindow).toMatchObject({ value: 32768, source: "user", overridden: [{ layer: "discovered", value: 40960 }] });
    expect(qwen.fields.tools).toMatchObject({ value: true, source: "discovered" });
    expect(qwen.fields.manualSetup).toMatchObject({ value: true, source: "builtin", layer: "provider" });
    // a null from discovery does not erase anything
    expect((await registry.resolveModel("ollama/llama3.3")).capabilities.tools).toBeNull();
    // plugin model, then discovered beats plugin
    const plugin = await registry.explain("alibaba-coding-plan/qwen3-coder-plus");
    expect(plugin.fields.contextWindow).toMatchObject({ value: 997000, source: "discovered", overridden: [{ layer: "plugin", source: "plugin", value: 1000000 }] });
    expect(plugin.fields.name).toMatchObject({ value: "Qwen3 Coder Plus", source: "plugin" });
    expect(plugin.provider.source).toBe("plugin");
    // settings override on top of everything, deep-merging cost
    await registry.setModelOverride("ollama/qwen3:8b", { contextWindow: 65536, cost: { input: 0 } });
    const after = await registry.explain("ollama/qwen3:8b");
    expect(after.fields.contextWindow).toEqual({
      value: 65536,
      source: "user",
      layer: "settings",
      overridden: [
        { layer: "discovered", source: "discovered", value: 40960 },
        { layer: "models.json", source: "user", value: 32768 },
      ],
    });
    expect(after.fields.cost.value).toEqual({ input: 0, output: null, cacheRead: null, cacheWrite: null });
  });

  it("deep-merges and removes settings overrides", async () => {
    const { registry, storage } = registryWith();
    await registry.setModelOverride("openai/gpt-5", { maxOutputTokens: 64000, cost: { cacheRead: 0.1 } });
    await registry.setModelOverride("openai/gpt-5", { json: false, cost: { cacheWrite: 2 } });
    expect(await registry.getModelOverrides()).toEqual({
      "openai/gpt-5": { maxOutputTokens: 64000, json: false, cost: { cacheRead: 0.1, cacheWrite: 2 } },
    });
    const m = await registry.resolveModel("openai/gpt-5");
    expect(m.cost).toEqual({ input: 1.25, output: 10, cacheRead: 0.1, cacheWrite: 2 });
    expect(m.capabilities.json).toBe(false);
    await registry.setModelOverride("openai/gpt-5", { json: null });
    expect(await registry.getModelOverrides()).toEqual({ "openai/gpt-5": { maxOutputTokens: 64000, cost: { cacheRead: 0.1, cacheWrite: 2 } } });
    await registry.setModelOverride("openai/gpt-5", null);
    expect(await registry.getModelOverrides()).toEqual({});
    await expect(registry.setModelOverride("openai/gpt-5", { contextWindow: -1 } as never)).rejects.toMatchObject({ code: "invalid_override" });
    // other sections of settings.json are untouched
    await storage.set("settings.json", JSON.stringify({ tiers: { LOW: { model: "x/y", thinking: "off" } } }));
    await registry.setModelOverride("openai/gpt-5", { tools: true });
    expect(JSON.parse((await storage.get("settings.json"))!)).toEqual({
      tiers: { LOW: { model: "x/y", thinking: "off" } },
      modelOverrides: { "openai/gpt-5": { tools: true } },
    });
  });

  it("keeps source-missing models resolvable but not offered", async () => {
    const { registry } = registryWith({ models: MODELS_JSON });
    const m = await registry.resolveModel("ollama/old-model");
    expect(m).toMatchObject({ known: true, sourceMissing: true, offered: false });
    expect(m.problems.map((p) => p.code)).toEqual(["source_missing"]);
    const usable = await registry.listModels({ provider: "ollama", usableOnly: true });
    expect(usable.map((x) => x.id)).toEqual(["qwen3:8b"]);
  });

  it("layers an applied refresh (catalog.json) right above the snapshot: added, updated, source-missing", async () => {
    const { registry, storage } = registryWith({ models: MODELS_JSON, env: { OPENAI_API_KEY: "k" } });
    await storage.set(
      "catalog.json",
      JSON.stringify({
        version: 1,
        appliedAt: 1,
        source: { source: "models.dev", commit: "abc1234" },
        providers: {
          openai: {
            models: [
              { id: "gpt-9-preview", name: "GPT-9 Preview", contextWindow: 1000000, tools: true },
              { id: "gpt-5", contextWindow: 500000, maxOutputTokens: 100000 },
              { id: "gpt-4o", sourceMissing: true },
            ],
          },
          togetherai: { models: [{ id: "new/open-model", source: "discovered", openWeights: true }] },
        },
      }),
    );
    const added = await registry.resolveModel("openai/gpt-9-preview");
    expect(added).toMatchObject({ known: true, offered: true, name: "GPT-9 Preview", limits: { contextWindow: 1000000 } });
    expect(added.provenance.contextWindow).toBe("models.dev");
    // models.json (272000) still wins over the refresh (500000), which wins over the snapshot (400000)
    const updated = await registry.explain("openai/gpt-5");
    expect(updated.fields.contextWindow.overridden).toEqual([
      { layer: "snapshot", source: "models.dev", value: 400000 },
      { layer: "refresh", source: "models.dev", value: 500000 },
    ]);
    expect(updated.fields.maxOutputTokens).toMatchObject({ value: 100000, layer: "refresh" });
    const missing = await registry.resolveModel("openai/gpt-4o");
    expect(missing).toMatchObject({ known: true, sourceMissing: true, offered: false });
    expect(missing.limits.contextWindow).toBeGreaterThan(0); // kept, with its snapshot metadata
    expect((await registry.resolveModel("together/new/open-model")).provenance.openWeights).toBe("discovered");
    await storage.set("catalog.json", "{ not json");
    expect((await registry.resolveModel("openai/gpt-9-preview")).known).toBe(false);
    expect((await registry.getCatalogDiagnostics()).map((d) => d.code)).toContain("applied_catalog_unreadable");
  });

  it("with mode replace lists only models.json models", async () => {
    const { registry } = registryWith({ models: `{ mode: "replace", providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "a" }] } } }` });
    const models = await registry.listModels();
    expect(models.map((m) => m.ref)).toEqual(["ollama/a"]);
    expect((await registry.resolveModel("openai/gpt-5")).known).toBe(false);
  });

  it("picks up models.json edits through the config API", async () => {
    const { registry } = registryWith({ models: MODELS_JSON, env: { OPENAI_API_KEY: "k" } });
    expect((await registry.resolveModel("openai/gpt-5")).limits.contextWindow).toBe(272000);
    await registry.updateModelsConfig([{ path: ["providers", "openai", "models", 0, "contextWindow"], value: 100000 }]);
    expect((await registry.resolveModel("openai/gpt-5")).limits.contextWindow).toBe(100000);
  });

  it("picks up storage written by another process (content-compared cache)", async () => {
    const { registry, storage } = registryWith();
    expect((await registry.resolveModel("ollama/qwen3:8b")).known).toBe(false);
    await storage.set("state.json", STATE);
    expect((await registry.resolveModel("ollama/qwen3:8b")).known).toBe(true);
  });

  it("rebuilds only when a section it reads changes, and shares one build between concurrent callers", async () => {
    const { registry, storage } = registryWith({ state: STATE });
    const first = await registry.resolveModel("openai/gpt-5");
    // probes and tiers are other parts' sections: the cached catalog (and its memoised metadata) is reused
    await storage.set("state.json", JSON.stringify({ ...JSON.parse(STATE), probes: { openai: { ok: true } } }));
    await storage.set("settings.json", JSON.stringify({ tiers: { LOW: { model: "openai/gpt-5", thinking: "off" } } }));
    expect((await registry.resolveModel("openai/gpt-5")).metadata).toBe(first.metadata);
    // a catalog section changed: rebuilt
    await registry.setModelOverride("openai/gpt-4o", { tools: true });
    const rebuilt = await registry.resolveModel("openai/gpt-5");
    expect(rebuilt.metadata).not.toBe(first.metadata);
    expect(rebuilt.metadata).toEqual(first.metadata);
    const fresh = registryWith({ state: STATE }).registry;
    const all = await Promise.all(BUILTIN_PROVIDERS.map((p) => fresh.listModels({ provider: p.id })));
    const again = await fresh.resolveModel("openai/gpt-5");
    expect(all[0]!.find((m) => m.id === "gpt-5")!.metadata).toBe(again.metadata);
  });

  it("leaves out a state.json that does not parse instead of failing", async () => {
    const { registry } = registryWith({ state: "{ not json" });
    expect((await registry.listModels({ provider: "openai" })).length).toBeGreaterThan(10);
    expect((await registry.getCatalogDiagnostics()).map((d) => d.code)).toContain("discovered_unreadable");
  });

  it("reads a settings.json that does not parse as empty, says so, and refuses to write over it", async () => {
    const { registry, storage } = registryWith();
    await storage.set("settings.json", "{ broken");
    expect((await registry.listModels()).length).toBeGreaterThan(10);
    expect((await registry.getCatalogDiagnostics()).map((d) => d.code)).toContain("settings_unreadable");
    await expect(registry.setAllowlist(["openai/gpt-5"])).rejects.toMatchObject({ code: "storage_unparsable" });
    expect(await storage.get("settings.json")).toBe("{ broken");
  });

  it("leaves out an unreadable discovered cache with a diagnostic instead of failing", async () => {
    const { registry } = registryWith({ state: JSON.stringify({ discovered: { ollama: { models: "nope" } } }) });
    expect((await registry.listModels()).length).toBeGreaterThan(1500);
    expect((await registry.getCatalogDiagnostics()).map((d) => d.code)).toContain("discovered_unreadable");
  });
});

describe("allowlist, aliases, credentials", () => {
  it("filters usable models by allowlist and keeps allowlisted refs missing from the catalog", async () => {
    const { registry } = registryWith({ env: { OPENAI_API_KEY: "sk" } });
    const saved = await registry.setAllowlist(["openai/gpt-5", "Ollama/*", "openai/gpt-unreleased", "z.ai/glm-4.7"]);
    expect(saved).toEqual(["openai/gpt-5", "ollama/*", "openai/gpt-unreleased", "zai/glm-4.7"]);
    expect(await registry.getAllowlist()).toEqual(saved);
    const usable = await registry.listModels({ usableOnly: true });
    expect(usable.map((m) => m.ref).sort()).toEqual(["openai/gpt-5", "openai/gpt-unreleased"]);
    const unreleased = usable.find((m) => m.id === "gpt-unreleased")!;
    expect(unreleased).toMatchObject({ known: false, offered: true });
    expect(unreleased.problems.map((p) => p.code)).toEqual(["unknown_model"]);
    const denied = await registry.resolveModel("openai/gpt-4o");
    expect(denied.offered).toBe(false);
    expect(denied.problems.map((p) => p.code)).toEqual(["not_allowlisted"]);
    // zai is allowlisted but has no key
    expect((await registry.resolveModel("zai/glm-4.7")).problems.map((p) => p.code)).toEqual(["no_credentials"]);
    await expect(registry.setAllowlist(["openai/"])).rejects.toMatchObject({ code: "invalid_model_ref" });
    expect(await registry.getAllowlist()).toEqual(saved);
    await registry.setAllowlist([]);
    expect((await registry.resolveModel("openai/gpt-4o")).offered).toBe(true);
  });

  it("resolves case-insensitive model aliases and explains them", async () => {
    const { registry } = registryWith();
    await registry.setModelAlias("Sonnet", "anthropic/claude-sonnet-4-5");
    await registry.setModelAlias("glm", "z-ai/glm-4.7");
    expect(await registry.getModelAliases()).toEqual({ Sonnet: "anthropic/claude-sonnet-4-5", glm: "zai/glm-4.7" });
    expect((await registry.resolveModel("sonnet")).ref).toBe("anthropic/claude-sonnet-4-5");
    const e = await registry.explain("SONNET");
    expect(e).toMatchObject({ input: "SONNET", aliasOf: "anthropic/claude-sonnet-4-5", ref: "anthropic/claude-sonnet-4-5" });
    await registry.setModelAlias("SONNET", null);
    expect(await registry.getModelAliases()).toEqual({ glm: "zai/glm-4.7" });
    await expect(registry.resolveModel("sonnet")).rejects.toMatchObject({ code: "invalid_model_ref" });
    await expect(registry.setModelAlias(" ", "openai/gpt-5")).rejects.toMatchObject({ code: "invalid_alias" });
  });

  it("counts env keys by every rotation name, fallbacks and live overrides", async () => {
    const usableProviders = async (env: Record<string, string>) =>
      [...new Set((await registryWith({ env }).registry.listModels({ usableOnly: true })).map((m) => m.provider))].sort();
    const locals: string[] = []; // local providers need no key, but catalog-only local models are not offered
    expect(await usableProviders({})).toEqual(locals);
    expect(await usableProviders({ GEMINI_API_KEY_2: "a" })).toEqual(["google", ...locals].sort());
    expect(await usableProviders({ GOOGLE_API_KEY: "a" })).toEqual(["google", ...locals].sort());
    expect(await usableProviders({ MODEL_REGISTRY_LIVE_OPENAI_KEY: "a" })).toEqual([...locals, "openai"].sort());
    expect(await usableProviders({ OPENAI_API_KEYS: "a,b" })).toEqual([...locals, "openai"].sort());
    expect(await usableProviders({ OPENAI_API_KEY: "undefined", ANTHROPIC_API_KEY: "  " })).toEqual(locals);
    expect(await usableProviders({ HF_TOKEN: "hf" })).toEqual(["huggingface", ...locals].sort());
    expect(await usableProviders({ AI_GATEWAY_API_KEY: "v" })).toEqual([...locals, "vercel-ai-gateway"].sort());
    // a legacy provider is never offered, even with a credential (qwen-portal also waits for its bundled plugin)
    expect(await usableProviders({ QWEN_OAUTH_TOKEN: "q" })).toEqual(locals);
    const legacy = await registryWith({ env: { QWEN_OAUTH_TOKEN: "q" } }).registry.resolveModel("qwen-portal/coder-model");
    expect(legacy.problems.map((p) => p.code)).toEqual(["plugin_disabled", "legacy_provider"]);
  });

  it("offers a local server's models once discovery or models.json confirms them", async () => {
    const lmstudioModel = loadBundledSnapshot().get("lmstudio")![0]!.id;
    const { registry, storage } = registryWith();
    const suggested = await registry.resolveModel(`lmstudio/${lmstudioModel}`);
    expect(suggested).toMatchObject({ known: true, offered: false });
    expect(suggested.problems.map((p) => p.code)).toEqual(["local_model_unconfirmed"]);
    expect(suggested.problems[0]!.recovery).toContain("fetch its models");
    await storage.set("state.json", JSON.stringify({ discovered: { lmstudio: { at: 1, models: [{ id: lmstudioModel, contextWindow: 8192 }] } } }));
    const confirmed = await registry.resolveModel(`lmstudio/${lmstudioModel}`);
    expect(confirmed).toMatchObject({ offered: true, problems: [], limits: { contextWindow: 8192 } });
    expect(confirmed.provenance.contextWindow).toBe("discovered");
  });

  it("treats models.json keys: a set reference counts, an unset one does not", async () => {
    const { registry } = registryWith({ models: MODELS_JSON });
    const proxy = await registry.explain("my-proxy/fast");
    expect(proxy.provider.credentials.available).toBe(false);
    expect(proxy.reasons.map((r) => r.code)).toEqual(["no_credentials"]);
    expect(proxy.reasons[0]!.message).toContain("MY_PROXY_KEY");
    const { registry: withKey } = registryWith({ models: MODELS_JSON, env: { MY_PROXY_KEY: "k" } });
    expect((await withKey.explain("my-proxy/fast")).provider.credentials).toEqual({ available: true, via: "env", detail: "MY_PROXY_KEY" });
    expect((await withKey.resolveModel("lan-box/tiny")).offered).toBe(true);
  });

  it("counts stored credentials through listCredentials()", async () => {
    const storage = createMemoryStorage();
    const { on, emit } = createEmitter();
    const ports = { storage, env: {}, logger: silentLogger };
    const config = createConfigService({ ...ports, now: Date.now, emit, defaultBaseUrl: () => null });
    const asked: Array<string | undefined> = [];
    const stored = [
      { id: "anthropic:work", providerId: "anthropic", type: "apiKey", masked: "…1234", status: { kind: "cooling_down", until: 1, reason: "rate_limit", model: null } },
      { id: "groq:old", providerId: "groq", type: "apiKey", masked: "…9999", status: { kind: "disabled", reason: "auth_invalid", at: 1 } },
      { id: "xai:expired", providerId: "xai", type: "oauth", masked: "…", status: { kind: "expired", refreshable: true } },
    ];
    // The credentials service is handed in as a typed argument: here a stub that records what it was asked.
    const api = createCatalogService({
      ...ports,
      envPrefix: "MODEL_REGISTRY",
      on,
      emit,
      plugins: createPluginManifests({ plugins: [], manifestKey: "modelRegistry" }),
      config,
      credentials: {
        listCredentials: async (providerId?: string) => {
          asked.push(providerId);
          return stored.filter((c) => providerId === undefined || c.providerId === providerId);
        },
      },
      reasoning: { overrides: { schema: ReasoningOverridesSchema, fallback: {} }, describe: reasoningBlock },
      settingsGuard: SETTINGS_SECTION_SCHEMAS,
    });
    const usable = await api.listModels({ usableOnly: true });
    expect([...new Set(usable.map((m) => m.provider))].sort()).toEqual(["anthropic", "xai"]);
    // one call for the whole listing, not one per provider
    expect(asked).toEqual([undefined]);
    expect((await api.explain("anthropic/claude-sonnet-4-5")).provider.credentials).toEqual({ available: true, via: "stored", detail: null });
    expect(asked).toEqual([undefined, "anthropic"]);
    const groq = await api.resolveModel("groq/llama-3.3-70b-versatile");
    expect(groq.problems.map((p) => p.code)).toEqual(["credentials_unusable"]);
    expect(groq.problems[0]!.recovery).toContain('removeCredential("groq")');
  });
});

describe("per-model endpoint and shared data", () => {
  it("applies a models.json model-level api/baseUrl over the provider's, with history", async () => {
    const { registry } = registryWith({
      models: `{ providers: { anthropic: { baseUrl: "https://proxy.example/anthropic", apiKey: "\${ANTHROPIC_API_KEY}",
        models: [{ id: "claude-sonnet-4-5", api: "openai-completions", baseUrl: "https://proxy.example/openai/v1" }] } } }`,
      env: { ANTHROPIC_API_KEY: "k" },
    });
    const e = await registry.explain("anthropic/claude-sonnet-4-5");
    expect(e.provider.api).toEqual({
      value: "openai-completions",
      source: "user",
      layer: "models.json",
      overridden: [{ layer: "provider", source: "builtin", value: "anthropic-messages" }],
    });
    expect(e.provider.baseUrl).toMatchObject({
      value: "https://proxy.example/openai/v1",
      overridden: [
        { layer: "provider", source: "builtin", value: "https://api.anthropic.com" },
        { layer: "models.json", source: "user", value: "https://proxy.example/anthropic" },
      ],
    });
    const other = await registry.resolveModel("anthropic/claude-opus-4-6");
    expect(other).toMatchObject({ api: "anthropic-messages", baseUrl: "https://proxy.example/anthropic" });
    expect(other.provenance).toMatchObject({ api: "builtin", baseUrl: "user" });
  });

  it("uses the models.dev per-model api kind, with its provenance", async () => {
    const { registry } = registryWith();
    const claude = await registry.explain("opencode/claude-opus-4-6");
    expect(claude.provider.api).toEqual({
      value: "anthropic-messages",
      source: "models.dev",
      layer: "snapshot",
      overridden: [{ layer: "provider", source: "builtin", value: "openai-completions" }],
    });
    expect((await registry.resolveModel("opencode/claude-opus-4-6")).provenance.api).toBe("models.dev");
  });

  it("flags models that need a protocol no api kind speaks, until models.json says how to call them", async () => {
    const vertexClaude = loadBundledSnapshot().get("google-vertex")!.find((m) => m.unsupportedSdk !== null)!;
    expect(vertexClaude.unsupportedSdk).toBe("@ai-sdk/google-vertex/anthropic");
    const ref = `google-vertex/${vertexClaude.id}`;
    const { registry } = registryWith({ env: { GOOGLE_CLOUD_API_KEY: "k" } });
    const flagged = await registry.resolveModel(ref);
    expect(flagged.offered).toBe(false);
    expect(flagged.problems.map((p) => p.code)).toEqual(["api_unsupported"]);
    const { registry: configured } = registryWith({
      env: { GOOGLE_CLOUD_API_KEY: "k" },
      models: JSON.stringify({ providers: { "google-vertex": { baseUrl: "https://vertex-proxy.example", models: [{ id: vertexClaude.id, api: "anthropic-messages" }] } } }),
    });
    const fixed = await configured.resolveModel(ref);
    expect(fixed).toMatchObject({ api: "anthropic-messages", offered: true, problems: [] });
  });

  it("hands out read-only metadata so one caller cannot change what others see", async () => {
    const { registry } = registryWith();
    const first = await registry.resolveModel("openai/gpt-5");
    expect(() => {
      (first.metadata as { contextWindow: number | null }).contextWindow = 1;
    }).toThrow(TypeError);
    expect(() => (first.capabilities.input as string[]).push("video")).toThrow(TypeError);
    const again = await registryWith().registry.resolveModel("openai/gpt-5");
    expect(again.limits.contextWindow).toBe(400000);
    expect(again.capabilities.input).toEqual(["text", "image"]);
  });
});

describe("diagnostics", () => {
  it("reports plugin manifest problems and keeps the good providers", async () => {
    const mixed: unknown = JSON.parse(
      readFileSync(fileURLToPath(new URL("../fixtures/plugins/mixed-providers/package.json", import.meta.url)), "utf8"),
    );
    const { registry } = registryWith({ plugins: [mixed, alibabaPlugin, alibabaPlugin, "not a package"] });
    const ids = (await registry.listProviders()).filter((p) => p.source === "plugin").map((p) => p.id);
    expect(ids).toEqual(["alibaba-coding-plan", "good-one"]);
    const codes = (await registry.getCatalogDiagnostics()).map((d) => d.code);
    expect(codes).toContain("provider_incompatible");
    expect(codes).toContain("manifest_invalid");
    // the second copy of the same plugin conflicts with the first
    expect(codes.filter((c) => c === "provider_conflict")).toHaveLength(2);
  });

  it("keeps the built-in catalog when models.json does not parse, and says so", async () => {
    const { registry } = registryWith({ models: "{ providers: { ollama: { baseUrl: " });
    expect((await registry.listModels()).length).toBeGreaterThan(1500);
    const diagnostics = await registry.getCatalogDiagnostics();
    expect(diagnostics.some((d) => d.severity === "error" && d.source === "models.json")).toBe(true);
    const e = await registry.explain("openai/gpt-5");
    expect(e.diagnostics.some((d) => d.source === "models.json")).toBe(true);
  });

  it("rejects an empty provider filter with a typed error", async () => {
    const { registry } = registryWith();
    await expect(registry.listModels({ provider: " " })).rejects.toMatchObject({ code: "invalid_provider_id" });
    // Was `toEqual([])`: an unknown provider silently listed nothing. It is now told apart from an empty provider.
    await expect(registry.listModels({ provider: "no-such-provider" })).rejects.toMatchObject({ code: "unknown_provider" });
  });
});

describe("listModels", () => {
  it("lists the whole bundled snapshot with valid metadata, filtered by provider alias on request", async () => {
    const { registry } = registryWith();
    const all = await registry.listModels();
    expect(all.length).toBeGreaterThan(1500);
    for (const m of all) ModelMetadataSchema.parse(m.metadata);
    const refs = all.map((m) => m.ref);
    expect(new Set(refs).size).toBe(refs.length);
    const moonshot = await registry.listModels({ provider: "moonshotai" });
    expect(moonshot.length).toBeGreaterThanOrEqual(5);
    expect(moonshot.every((m) => m.provider === "moonshot")).toBe(true);
  });

  it("throws unknown_provider for a provider nothing defines, with did-you-mean ids in the recovery", async () => {
    const { registry } = registryWith();
    const error = await registry.listModels({ provider: "nonexistent" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRegistryError(error)).toBe(true);
    expect(error).toMatchObject({ code: "unknown_provider", message: expect.stringContaining('"nonexistent"') });
    expect((error as { recovery: string }).recovery).toContain("registry.listProviders()");
    await expect(registry.listModels({ provider: "openrouterr" })).rejects.toMatchObject({
      code: "unknown_provider",
      recovery: expect.stringMatching(/^Did you mean "openrouter"\?/),
    });
    // A misspelt alias suggests the provider it stands for.
    await expect(registry.listModels({ provider: "moonshoti", usableOnly: true })).rejects.toMatchObject({
      recovery: expect.stringContaining('"moonshot"'),
    });
  });

  it("keeps aliases, plugin, models.json and model-less known providers working", async () => {
    const { registry } = registryWith({ models: MODELS_JSON, state: STATE, plugins: [alibabaPlugin] });
    expect((await registry.listModels({ provider: "z.ai" })).every((m) => m.provider === "zai")).toBe(true);
    expect((await registry.listModels({ provider: "z.ai" })).length).toBeGreaterThan(0);
    expect((await registry.listModels({ provider: "gemini" })).every((m) => m.provider === "google")).toBe(true);
    expect((await registry.listModels({ provider: "gemini" })).length).toBeGreaterThan(0);
    expect((await registry.listModels({ provider: "moonshotai" })).length).toBeGreaterThan(0);
    expect((await registry.listModels({ provider: "my-proxy" })).map((m) => m.ref)).toEqual(["my-proxy/fast"]);
    expect((await registry.listModels({ provider: "alibaba-coding-plan" })).length).toBeGreaterThan(0);
    // Known providers with nothing to list (or nothing usable) still answer with an empty list, never an error.
    const custom = BUILTIN_PROVIDERS.find((p) => p.id === "custom");
    expect(custom).toBeDefined();
    expect(await registry.listModels({ provider: "custom" })).toEqual([]);
    expect(await registry.listModels({ provider: "openai", usableOnly: true })).toEqual([]);
  });

  it("still lists models for an undefined provider when something lists them (discovered, allowlisted)", async () => {
    const state = JSON.stringify({ discovered: { ghost: { at: 1, models: [{ id: "g1" }] } } });
    const { registry } = registryWith({ state });
    const ghost = await registry.listModels({ provider: "ghost" });
    expect(ghost.map((m) => [m.ref, m.problems[0]?.code])).toEqual([["ghost/g1", "unknown_provider"]]);
    await registry.setAllowlist(["phantom/p1"]);
    expect((await registry.listModels({ provider: "phantom" })).map((m) => m.ref)).toEqual(["phantom/p1"]);
  });
});
