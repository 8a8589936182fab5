import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createMswServer, fixture, http, HttpResponse } from "../discovery/fixture-server.js";

// Regression tests for issue 9, items 12, 13, 14, 20 and 21 (local providers and custom models).

function setup(files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  const registry = createRegistry({ storage, env, timeoutMs: 2000 });
  const config = async () => parseModelsJson((await storage.get("models.json")) ?? "{}").config;
  return { storage, registry, config };
}

describe("customModels.add validates the resulting provider before writing (item 12)", () => {
  it("a model with another api keeps it on the model: the provider's other models keep theirs", async () => {
    const { registry, config } = setup();
    await registry.customModels.add({ provider: "custom", model: "chat-a", baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" });
    await registry.customModels.add({ provider: "custom", model: "claude-b", api: "anthropic-messages" });
    const provider = (await config()).providers["custom"];
    expect(provider?.api).toBe("openai-completions");
    expect(provider?.models).toEqual([{ id: "chat-a" }, { id: "claude-b", api: "anthropic-messages" }]);
    expect((await registry.resolveModel("custom/chat-a")).api).toBe("openai-completions");
    expect((await registry.resolveModel("custom/claude-b")).api).toBe("anthropic-messages");
    const listed = await registry.customModels.list({ provider: "custom" });
    expect(listed.map((m) => [m.model, m.api])).toEqual([["chat-a", "openai-completions"], ["claude-b", "anthropic-messages"]]);
  });

  it("an invalid api is refused before anything is written", async () => {
    const text = '{\n  // mine\n  "providers": { "custom": { "baseUrl": "http://127.0.0.1:8000/v1", "api": "openai-completions", "models": [{ "id": "a" }] } }\n}\n';
    const { registry, storage } = setup({ "models.json": text });
    await expect(registry.customModels.add({ provider: "custom", model: "b", api: "not-an-api" as never })).rejects.toMatchObject({ code: "invalid_model_field" });
    expect(await storage.get("models.json")).toBe(text);
  });

  it("a result the parser would reject (here a bad per-model URL) is never written", async () => {
    const text = '{ "providers": { "custom": { "baseUrl": "http://127.0.0.1:8000/v1", "models": [{ "id": "a" }] } } }';
    const { registry, storage } = setup({ "models.json": text });
    await expect(registry.customModels.add({ provider: "custom", model: "b", input: ["smell"] })).rejects.toMatchObject({ name: "ConfigError" });
    expect(await storage.get("models.json")).toBe(text);
  });
});

describe("a models.json provider with models but no baseUrl (item 13)", () => {
  const text = '{\n  "providers": {\n    "nourl": {\n      "api": "openai-completions",\n      "models": [{ "id": "m1" }]\n    }\n  }\n}\n';

  it("gets a located diagnostic from parseModelsJson; built-in providers that have a URL do not", () => {
    const { diagnostics, config } = parseModelsJson(text);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "base_url_missing", path: ["providers", "nourl"], line: 3, column: 5 }),
    ]);
    expect(config.providers["nourl"]).toBeDefined();
    expect(parseModelsJson('{ "providers": { "openai": { "models": [{ "id": "my-ft" }] } } }').diagnostics).toEqual([]);
    expect(parseModelsJson('{ "providers": { "x": { "models": [{ "id": "m", "baseUrl": "http://127.0.0.1:9/v1" }] } } }').diagnostics).toEqual([]);
  });

  it("gets a status problem, is not offered, and run() refuses with a RegistryError", async () => {
    const { registry } = setup({ "models.json": text });
    const [report] = await registry.getStatus({ providers: ["nourl"] });
    expect(report?.problems.map((p) => p.code)).toContain("models_json_invalid");
    expect(JSON.stringify(report?.problems)).toContain("baseUrl");
    expect((await registry.listModels({ usableOnly: true })).some((m) => m.provider === "nourl")).toBe(false);
    const all = await registry.listModels({ provider: "nourl" });
    expect(all).toEqual([expect.objectContaining({ offered: false, problems: [expect.objectContaining({ code: "base_url_missing" })] })]);
    expect((await registry.listProviders()).some((p) => p.id === "nourl")).toBe(false);
    let called = false;
    await expect(
      registry.run("nourl/m1", async () => {
        called = true;
        return "sent";
      }),
    ).rejects.toMatchObject({ code: "base_url_missing" });
    expect(called).toBe(false);
  });
});

describe("local.fetchModels on a provider written without a models list (item 14)", () => {
  const server = createMswServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("creates the list with the fetched models", async () => {
    server.use(http.get("http://127.0.0.1:8000/v1/models", () => HttpResponse.json(fixture("vllm-models.json"))));
    const { registry, config } = setup({ "models.json": '{ "providers": { "vllm": { "baseUrl": "http://127.0.0.1:8000/v1", "api": "openai-completions" } } }' });
    const result = await registry.local.fetchModels("vllm");
    expect(result.added.length).toBe(2);
    expect((await config()).providers["vllm"]?.models.map((m) => m.id)).toEqual(result.added);
  });

  it("addresses the file's own list positions when an earlier entry is invalid", async () => {
    server.use(http.get("http://127.0.0.1:8000/v1/models", () => HttpResponse.json(fixture("vllm-models.json"))));
    const text = JSON.stringify({ providers: { vllm: { baseUrl: "http://127.0.0.1:8000/v1", models: [{ id: 7 }, { id: "kept" }] } } });
    const { registry, storage } = setup({ "models.json": text });
    await registry.local.fetchModels("vllm");
    const raw = JSON.parse((await storage.get("models.json")) ?? "{}").providers.vllm.models;
    expect(raw.slice(0, 2)).toEqual([{ id: 7 }, { id: "kept" }]);
    expect(raw.length).toBe(4);
  });
});

describe("OLLAMA_HOST: one resolved URL for every path (item 20)", () => {
  let server: Server;
  let host: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      if (req.url === "/api/tags") res.end(JSON.stringify({ models: [{ name: "qwen3:8b", model: "qwen3:8b", details: { family: "qwen3" } }] }));
      else if (req.url === "/api/version") res.end(JSON.stringify({ version: "0.30.2" }));
      else if (req.url === "/api/show") res.end(JSON.stringify({ details: { family: "qwen3" }, model_info: { "qwen3.context_length": 40960 } }));
      else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("resolveModel, listProviders, run's attempt and getStatus all show the OLLAMA_HOST server", async () => {
    const url = `http://${host}`;
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { OLLAMA_HOST: host }, timeoutMs: 3000 });
    const [report] = await registry.getStatus({ check: true, providers: ["ollama"] });
    expect(report).toMatchObject({ providerId: "ollama", status: "healthy" });
    expect(seen).toContain("/api/tags");
    expect((await registry.listProviders()).find((p) => p.id === "ollama")?.baseUrl).toBe(url);
    const resolved = await registry.resolveModel("ollama/qwen3:8b");
    expect(resolved.baseUrl).toBe(url);
    const explained = await registry.explain("ollama/qwen3:8b");
    expect(explained.provider.baseUrl).toMatchObject({ value: url, source: "user", overridden: [{ source: "builtin", value: "http://127.0.0.1:11434" }] });
    expect(await registry.run("ollama/qwen3:8b", async ({ baseUrl }) => baseUrl)).toBe(url);
    expect((await registry.local.test("ollama")).baseUrl).toBe(url);
  });

  it("a models.json baseUrl still wins over OLLAMA_HOST everywhere", async () => {
    const storage = createMemoryStorage({ "models.json": '{ "providers": { "ollama": { "baseUrl": "http://10.1.2.3:11434", "api": "ollama" } } }' });
    const registry = createRegistry({ storage, env: { OLLAMA_HOST: host } });
    expect((await registry.listProviders()).find((p) => p.id === "ollama")?.baseUrl).toBe("http://10.1.2.3:11434");
    expect(await registry.run("ollama/qwen3:8b", async ({ baseUrl }) => baseUrl)).toBe("http://10.1.2.3:11434");
  });
});

describe("LM Studio's loaded context is the context window (item 21)", () => {
  const server = createMswServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("resolveModel shows the loaded 8192 (discovered) and keeps the 40960 maximum visible, also in explain()", async () => {
    server.use(http.get("http://127.0.0.1:1234/api/v1/models", () => HttpResponse.json(fixture("lmstudio-v1-models.json"))));
    const { registry } = setup();
    await registry.local.add({ preset: "lmstudio" });
    await registry.check("lmstudio");
    const m = await registry.resolveModel("lmstudio/qwen/qwen3-8b");
    expect(m.limits).toMatchObject({ contextWindow: 8192, maxContextWindow: 40960 });
    expect(m.provenance).toMatchObject({ contextWindow: "discovered", maxContextWindow: "discovered" });
    const e = await registry.explain("lmstudio/qwen/qwen3-8b");
    expect(e.fields.contextWindow).toMatchObject({ value: 8192, source: "discovered" });
    expect(e.fields.maxContextWindow).toMatchObject({ value: 40960, source: "discovered" });
    const unknown = await registry.resolveModel("openai/gpt-5");
    expect(unknown.limits.maxContextWindow).toBeNull();
  });
});
