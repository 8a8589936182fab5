import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import type { Registry } from "../../src/registry/registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { brokenServer, hungServer, lmStudioServer, ollamaServer, openAiCompatibleServer, type LoopbackServer } from "./loopback-servers.js";

// Generous: the suite runs on a loaded 2-core machine, and only the hung server ever waits this long.
const TIMEOUT_MS = 1500;
const servers: LoopbackServer[] = [];
let registry: Registry;
let urls: Record<string, string>;

beforeAll(async () => {
  const [ollama, lmstudio, vllm, hung, broken] = await Promise.all([
    ollamaServer(),
    lmStudioServer(),
    openAiCompatibleServer("vllm-key-123456"),
    hungServer(),
    brokenServer(),
  ]);
  servers.push(ollama, lmstudio, vllm, hung, broken);
  urls = { ollama: ollama.url, lmstudio: lmstudio.url, vllm: vllm.url, hung: hung.url, broken: broken.url };
  // Real sockets: the registry uses the global fetch (undici) against 127.0.0.1.
  registry = createRegistry({ storage: createMemoryStorage(), env: { VLLM_KEY: "vllm-key-123456" }, timeoutMs: TIMEOUT_MS });
  await registry.local.add({ preset: "ollama", baseUrl: `${ollama.url}/v1` });
  await registry.local.add({ preset: "lmstudio", baseUrl: `${lmstudio.url}/v1` });
  await registry.local.add({ preset: "vllm", baseUrl: `${vllm.url}/v1`, apiKey: "${VLLM_KEY}" });
  await registry.local.add({ preset: "custom-openai", id: "hung", baseUrl: `${hung.url}/v1` });
  await registry.local.add({ preset: "custom-openai", id: "err500", baseUrl: `${broken.url}/500/v1` });
  await registry.local.add({ preset: "custom-openai", id: "html", baseUrl: `${broken.url}/html/v1` });
  await registry.local.add({ preset: "custom-openai", id: "truncated", baseUrl: `${broken.url}/truncated/v1` });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("check() over real sockets", () => {
  it("probes every local server in parallel; the hung one times out without stalling the rest", async () => {
    const started = Date.now();
    const results = await registry.check();
    const wall = Date.now() - started;
    const byId = Object.fromEntries(results.map((r) => [r.providerId, r]));
    expect(byId["ollama"]).toMatchObject({ outcome: "ok", modelCount: 1, flavor: "ollama-native", authenticated: false });
    expect(byId["lmstudio"]).toMatchObject({ outcome: "ok", modelCount: 2, flavor: "lmstudio-v1" });
    expect(byId["vllm"]).toMatchObject({ outcome: "ok", modelCount: 2, flavor: "vllm", credentialSource: "VLLM_KEY" });
    expect(byId["hung"]).toMatchObject({ outcome: "error", errorKind: "timeout" });
    expect(byId["err500"]).toMatchObject({ outcome: "error", errorKind: "server_error" });
    expect(byId["html"]).toMatchObject({ outcome: "error", errorCode: "invalid_response", message: expect.stringContaining("HTML") });
    expect(byId["truncated"]).toMatchObject({ outcome: "error", errorCode: "invalid_response", message: expect.stringContaining("truncated") });
    // Generous sanity bound only: one timeout, not one per provider, and nowhere near a sequential run.
    expect(wall).toBeLessThan(TIMEOUT_MS * 5);
  });

  it("getStatus reflects the probes: reachable servers with models are healthy, the rest local with a recovery", async () => {
    const reports = await registry.getStatus({ providers: ["ollama", "lmstudio", "vllm", "hung", "err500", "html", "truncated"] });
    const byId = Object.fromEntries(reports.map((r) => [r.providerId, r]));
    expect(byId["ollama"]).toMatchObject({ status: "healthy", rule: 4, credentialSource: "local" });
    expect(byId["lmstudio"]).toMatchObject({ status: "healthy" });
    expect(byId["vllm"]).toMatchObject({ status: "healthy", credentialSource: "VLLM_KEY" });
    // The recovery fits the failure: a server that never answered is not running; one that answered with an error or
    // with something other than the API is running (the same advice local.test() gives).
    const advice: Record<string, string> = {
      hung: "Start the local server, test the URL",
      err500: "answered with an error: check its logs",
      html: "not with the expected API",
      truncated: "not with the expected API",
    };
    for (const [id, text] of Object.entries(advice)) {
      expect(byId[id]).toMatchObject({ status: "local", problems: [{ code: "local_unreachable" }] });
      expect(byId[id]!.problems[0]!.recovery).toContain(text);
    }
  });
});

describe("local.test() over real sockets", () => {
  it("Ollama: native flavour, base URL normalised away from /v1, no auth required", async () => {
    const t = await registry.local.test("ollama");
    expect(t).toMatchObject({ reachable: true, auth: "not_required", modelCount: 1, flavor: "ollama-native", serverVersion: "0.30.2", baseUrl: urls["ollama"] });
  });

  it("LM Studio: v1 flavour", async () => {
    expect(await registry.local.test("lmstudio")).toMatchObject({ reachable: true, flavor: "lmstudio-v1", modelCount: 2, auth: "not_required" });
  });

  it("vLLM with a key: auth ok because the server rejects keyless requests", async () => {
    expect(await registry.local.test("vllm")).toMatchObject({ reachable: true, auth: "ok", flavor: "vllm", modelCount: 2 });
  });

  it("the hung server is unreachable (timeout); the HTML one answered but not with the API", async () => {
    expect(await registry.local.test("hung")).toMatchObject({ reachable: false, errorKind: "timeout", modelCount: null });
    const html = await registry.local.test("html");
    expect(html).toMatchObject({ reachable: true, modelCount: null });
    expect(html.recovery).toContain("not with the expected API");
  });

  it("fetchModels saves the Ollama models with capabilities and context from /api/show", async () => {
    const result = await registry.local.fetchModels("ollama");
    expect(result).toMatchObject({ added: ["llama3.2:latest"], total: 1 });
    const [model] = await registry.customModels.list({ provider: "ollama" });
    expect(model).toMatchObject({ model: "llama3.2:latest", contextWindow: 40960, reasoning: true, tools: true, input: ["text"] });
  });
});

describe("key rotation over real sockets", () => {
  it("VLLM_API_KEYS='dead,good': check() disables the dead key, the good one answers, the status names the dead one", async () => {
    const storage = createMemoryStorage();
    const rotating = createRegistry({ storage, env: { VLLM_API_KEYS: "vllm-dead-000000, vllm-key-123456" }, timeoutMs: TIMEOUT_MS });
    await rotating.local.add({ preset: "vllm", baseUrl: `${urls["vllm"]}/v1` });
    const [result] = await rotating.check("vllm");
    expect(result).toMatchObject({ outcome: "ok", modelCount: 2, credentialSource: "VLLM_API_KEYS", rejectedCredentials: ["VLLM_API_KEYS (key 1 of 2)"] });
    const state = (await storage.get("state.json")) ?? "";
    expect(JSON.parse(state).cooldowns["vllm:env:VLLM_API_KEYS"]).toMatchObject({ disabled: { reason: "auth_invalid" } });
    expect(state).not.toContain("vllm-dead-000000");
    const [report] = await rotating.getStatus({ providers: ["vllm"] });
    expect(report).toMatchObject({ status: "healthy", credentialSource: "VLLM_API_KEYS" });
    expect(report!.problems.map((p) => p.code)).toEqual(["key_rejected"]);
    expect(report!.problems[0]!.message).toContain("VLLM_API_KEYS (key 1 of 2)");
  });
});
