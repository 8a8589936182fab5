import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createMswServer, fixture, http, HttpResponse } from "../discovery/fixture-server.js";

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  const registry = createRegistry({ storage, env, timeoutMs: 1000 });
  const config = async () => parseModelsJson((await storage.get("models.json")) ?? "{}").config;
  return { storage, registry, config };
}

describe("local.presets()", () => {
  it("offers the eight routes with their default URLs; Ollama is native, never /v1", async () => {
    const { registry } = setup();
    const presets = await registry.local.presets();
    expect(presets.map((p) => [p.id, p.baseUrl, p.api, p.discovery])).toEqual([
      ["ollama", "http://127.0.0.1:11434", "ollama", "ollama"],
      ["lmstudio", "http://127.0.0.1:1234/v1", "openai-completions", "lmstudio"],
      ["vllm", "http://127.0.0.1:8000/v1", "openai-completions", "vllm"],
      ["litellm", "http://127.0.0.1:4000", "openai-completions", "litellm"],
      ["sglang", "http://127.0.0.1:30000/v1", "openai-completions", "vllm"],
      ["custom-openai", null, "openai-completions", "openai-compatible"],
      ["custom-anthropic", null, "anthropic-messages", "anthropic"],
      ["cloudflare-ai-gateway", null, "openai-completions", "none"],
    ]);
  });
});

describe("local.add / update / remove", () => {
  it("writes models.json through the comment-preserving editor", async () => {
    const { registry, storage, config } = setup({ "models.json": '{\n  // my servers\n  "providers": {}\n}\n' });
    await registry.local.add({ preset: "ollama", baseUrl: "http://127.0.0.1:11434/v1/" });
    await registry.local.add({ preset: "custom-openai", id: "my-box", baseUrl: "http://10.0.0.5:8000/v1", apiKey: "${MY_BOX_KEY}" });
    const text = (await storage.get("models.json")) ?? "";
    expect(text).toContain("// my servers");
    const c = await config();
    expect(c.providers["ollama"]).toMatchObject({ baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [] });
    expect(c.providers["my-box"]).toMatchObject({ baseUrl: "http://10.0.0.5:8000/v1", api: "openai-completions", discovery: "openai-compatible", apiKey: { kind: "env", name: "MY_BOX_KEY" } });
    await expect(registry.local.add({ preset: "ollama" })).rejects.toMatchObject({ code: "local_provider_exists" });
    await expect(registry.local.add({ preset: "custom-openai", id: "x" })).rejects.toMatchObject({ code: "base_url_required" });
    await registry.local.update("my-box", { baseUrl: "http://10.0.0.6:8000/v1", apiKey: null });
    expect((await config()).providers["my-box"]).toMatchObject({ baseUrl: "http://10.0.0.6:8000/v1" });
    expect((await config()).providers["my-box"]?.apiKey).toBeUndefined();
    await registry.local.remove("my-box");
    expect((await config()).providers["my-box"]).toBeUndefined();
    expect((await storage.get("models.json")) ?? "").toContain("// my servers");
  });

  it("refuses to write when models.json does not parse, leaving it byte-identical", async () => {
    const broken = '{ "providers": { "x": { baseUrl: "http://a" ';
    const { registry, storage } = setup({ "models.json": broken });
    await expect(registry.local.add({ preset: "vllm" })).rejects.toMatchObject({ name: "ConfigError" });
    expect(await storage.get("models.json")).toBe(broken);
  });
});

describe("local.test()", () => {
  it("reports reachability, model count and the Ollama native flavour; the result feeds status row 4", async () => {
    server.use(
      http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags.json"))),
      http.get("http://127.0.0.1:11434/api/version", () => HttpResponse.json(fixture("ollama-version.json"))),
    );
    const { registry } = setup();
    await registry.local.add({ preset: "ollama" });
    expect((await registry.getStatus({ providers: ["ollama"] }))[0]).toMatchObject({ status: "local", credentialSource: "local", problems: [{ code: "local_no_models" }] });
    const t = await registry.local.test("ollama");
    expect(t).toMatchObject({ providerId: "ollama", reachable: true, auth: "not_required", modelCount: 3, flavor: "ollama-native", serverVersion: "0.30.2", errorKind: null });
    expect(typeof t.latencyMs).toBe("number");
    expect((await registry.getStatus({ providers: ["ollama"] }))[0]).toMatchObject({ status: "healthy", rule: 4, lastCheck: { flavor: "ollama-native", modelCount: 3 } });
  });

  it("detects LM Studio v0 vs v1", async () => {
    server.use(
      http.get("http://127.0.0.1:1234/api/v1/models", () => HttpResponse.json({ error: "Unexpected endpoint" }, { status: 404 })),
      http.get("http://127.0.0.1:1234/api/v0/models", () => HttpResponse.json(fixture("lmstudio-v0-models.json"))),
    );
    const { registry } = setup();
    await registry.local.add({ preset: "lmstudio" });
    expect(await registry.local.test("lmstudio")).toMatchObject({ flavor: "lmstudio-v0", modelCount: 3, reachable: true });
  });

  it("auth: ok when the server rejects requests without the key, rejected when it rejects ours", async () => {
    server.use(
      http.get("http://127.0.0.1:8000/v1/models", ({ request }) =>
        request.headers.get("authorization") === "Bearer vllm-secret-1234"
          ? HttpResponse.json(fixture("vllm-models.json"))
          : HttpResponse.json({ error: { message: "Unauthorized" } }, { status: 401 })),
    );
    const { registry } = setup({}, { VLLM_KEY: "vllm-secret-1234", WRONG_KEY: "nope-nope-nope" });
    await registry.local.add({ preset: "vllm", apiKey: "${VLLM_KEY}" });
    expect(await registry.local.test("vllm")).toMatchObject({ auth: "ok", modelCount: 2, flavor: "vllm", reachable: true });
    await registry.local.update("vllm", { apiKey: "${WRONG_KEY}" });
    const t = await registry.local.test("vllm");
    expect(t).toMatchObject({ auth: "rejected", reachable: true, errorKind: "auth_invalid" });
    expect(t.message).not.toContain("nope-nope-nope");
    expect((await registry.getStatus({ providers: ["vllm"] }))[0]).toMatchObject({ status: "broken_invalid", credentialSource: "WRONG_KEY" });
  });

  it("spots Ollama behind a /v1 OpenAI-compatible URL and says how to switch to native", async () => {
    server.use(
      http.get("http://127.0.0.1:11434/v1/models", () => HttpResponse.json(fixture("ollama-openai-models.json"))),
      http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags.json"))),
      http.get("http://127.0.0.1:11434/api/version", () => HttpResponse.json(fixture("ollama-version.json"))),
    );
    const { registry } = setup();
    await registry.local.add({ preset: "custom-openai", id: "my-ollama", baseUrl: "http://127.0.0.1:11434/v1" });
    const t = await registry.local.test("my-ollama");
    expect(t).toMatchObject({ flavor: "ollama-openai-compatible", modelCount: 2 });
    expect(t.recovery).toContain('api: "ollama"');
  });

  it("an unreachable server → not reachable, with the seed's recovery", async () => {
    server.use(http.get("http://127.0.0.1:30000/v1/models", () => HttpResponse.error()));
    const { registry } = setup();
    await registry.local.add({ preset: "sglang" });
    const t = await registry.local.test("sglang");
    expect(t).toMatchObject({ reachable: false, errorKind: "network", modelCount: null });
    expect(t.recovery).toContain("Start the local server, test the URL");
    expect((await registry.getStatus({ providers: ["sglang"] }))[0]).toMatchObject({ status: "local", problems: [{ code: "local_unreachable" }] });
  });
});

describe("local.fetchModels()", () => {
  it("saves discovered models and keeps user-curated fields of existing entries", async () => {
    server.use(http.get("http://127.0.0.1:1234/api/v1/models", () => HttpResponse.json(fixture("lmstudio-v1-models.json"))));
    const { registry, config } = setup({
      "models.json": JSON.stringify({
        providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-completions", models: [{ id: "qwen/qwen3-8b", name: "My Qwen", contextWindow: 8192 }, { id: "old-model" }] } },
      }),
    });
    const result = await registry.local.fetchModels("lmstudio");
    expect(result).toEqual({ providerId: "lmstudio", added: ["text-embedding-nomic-embed-text-v1.5"], updated: ["qwen/qwen3-8b"], notListed: ["old-model"], total: 3 });
    const models = (await config()).providers["lmstudio"]?.models;
    expect(models).toEqual([
      { id: "qwen/qwen3-8b", name: "My Qwen", contextWindow: 8192, reasoning: true, input: ["text"], tools: true },
      { id: "old-model" },
      // LM Studio states its context live (loaded vs maximum): it is not frozen into models.json.
      { id: "text-embedding-nomic-embed-text-v1.5", name: "Nomic Embed Text v1.5" },
    ]);
  });
});

describe("customModels", () => {
  it("add/list/remove follow the providers models add flags", async () => {
    const { registry, config } = setup();
    const { created, model } = await registry.customModels.add({
      provider: "custom",
      model: "my-local-model",
      baseUrl: "http://127.0.0.1:8000/v1",
      api: "openai-completions",
      contextWindow: 128000,
      maxTokens: 4096,
      reasoning: true,
      tools: true,
      json: true,
    });
    expect(created).toBe(true);
    expect(model).toEqual({
      provider: "custom",
      model: "my-local-model",
      name: null,
      baseUrl: "http://127.0.0.1:8000/v1",
      api: "openai-completions",
      contextWindow: 128000,
      maxTokens: 4096,
      reasoning: true,
      tools: true,
      json: true,
      input: null,
    });
    expect((await config()).providers["custom"]?.models).toEqual([{ id: "my-local-model", reasoning: true, contextWindow: 128000, maxTokens: 4096, tools: true, json: true }]);
    const again = await registry.customModels.add({ provider: "custom", model: "my-local-model", maxTokens: 8192 });
    expect(again).toMatchObject({ created: false, model: { maxTokens: 8192, contextWindow: 128000 } });
    expect(await registry.customModels.list({ provider: "custom" })).toHaveLength(1);
    await expect(registry.customModels.add({ provider: "nowhere", model: "m" })).rejects.toMatchObject({ code: "base_url_required" });
    await expect(registry.customModels.add({ provider: "custom", model: "m", contextWindow: -1 })).rejects.toMatchObject({ code: "invalid_model_field" });
    expect(await registry.customModels.remove({ provider: "custom", model: "my-local-model" })).toEqual({ removed: true });
    expect(await registry.customModels.remove({ provider: "custom", model: "my-local-model" })).toEqual({ removed: false });
    expect(await registry.customModels.list()).toEqual([]);
  });
});
