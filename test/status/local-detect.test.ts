import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { fixture } from "../discovery/fixture-server.js";

// A loopback fake Ollama: the native listing and version endpoints, answered with the recorded fixtures.
let ollama: Server;
let ollamaPort: number;
const seen: string[] = [];
/** Ports nothing listens on (bound, then closed), one per preset, so no real local server can answer a test. */
let unused: number[] = [];

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ollama = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const body = req.method === "GET" && req.url === "/api/tags" ? fixture("ollama-tags.json") : req.method === "GET" && req.url === "/api/version" ? fixture("ollama-version.json") : null;
    res.writeHead(body === null ? 404 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(body ?? { error: "not found" }));
  });
  ollamaPort = await listen(ollama);
  unused = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
});
afterAll(async () => {
  await new Promise<void>((resolve) => ollama.close(() => resolve()));
});

/** Every preset on an unused port except those given. */
function ports(overrides: Record<string, number> = {}) {
  const [a, b, c, d, e] = unused as [number, number, number, number, number];
  return { ollama: a, lmstudio: b, vllm: c, sglang: d, litellm: e, ...overrides };
}

function setup(files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  const fetchSpy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const registry = createRegistry({ storage, env, fetch: fetchSpy, timeoutMs: 2000 });
  return { storage, registry, fetchSpy };
}

describe("local.detect()", () => {
  it("sends nothing before it is called: import, createRegistry, listProviders, getStatus, listModels, resolveModel", async () => {
    const globalSpy = vi.spyOn(globalThis, "fetch");
    try {
      vi.resetModules();
      const { createRegistry: fresh } = await import("../../src/registry/create-registry.js");
      const { createMemoryStorage: memory } = await import("../../src/storage/memory-storage.js");
      const fetchSpy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
      const registry = fresh({ storage: memory(), env: {}, fetch: fetchSpy });
      await registry.listProviders();
      await registry.listProviders({ connectedFirst: true });
      await registry.getStatus();
      await registry.listModels();
      await registry.resolveModel("ollama/qwen3:8b");
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(globalSpy).not.toHaveBeenCalled();
      await registry.local.detect({ ports: ports({ ollama: ollamaPort }) });
      expect(fetchSpy).toHaveBeenCalled();
    } finally {
      globalSpy.mockRestore();
    }
  });

  it("finds a loopback Ollama on the given port, reports nothing for unused ports, and it shows as a local provider", async () => {
    const { registry, storage, fetchSpy } = setup();
    const found = await registry.local.detect({ ports: ports({ ollama: ollamaPort }) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ providerId: "ollama", baseUrl: `http://127.0.0.1:${ollamaPort}` });
    expect(found[0]?.models.map((m) => m.id)).toEqual(["qwen3:8b", "gemma3:4b", "nomic-embed-text:latest"]);
    // Every preset was probed, in parallel, on its port: the unused ones simply did not answer.
    const asked = fetchSpy.mock.calls.map(([input]) => new URL(String(input instanceof Request ? input.url : input)).port);
    for (const p of unused.slice(1)) expect(asked).toContain(String(p));

    const provider = (await registry.listProviders()).find((p) => p.id === "ollama");
    expect(provider).toMatchObject({ local: true, baseUrl: `http://127.0.0.1:${ollamaPort}`, modelCount: 3, provenance: { baseUrl: "discovered" } });
    const [report] = await registry.getStatus({ providers: ["ollama"] });
    expect(report).toMatchObject({ providerId: "ollama", status: "healthy", credentialSource: "local", modelCount: 3 });
    const models = await registry.listModels({ provider: "ollama", usableOnly: true });
    expect(models.map((m) => m.ref)).toEqual(["ollama/gemma3:4b", "ollama/nomic-embed-text:latest", "ollama/qwen3:8b"]);
    const resolved = await registry.resolveModel("ollama/qwen3:8b");
    expect(resolved).toMatchObject({ known: true, offered: true, baseUrl: `http://127.0.0.1:${ollamaPort}`, api: "ollama" });
    expect(resolved.limits.contextWindow).toBe(40960);
    // run() (and so stream()) calls the same server.
    expect(await registry.run("ollama/qwen3:8b", async ({ baseUrl }) => baseUrl)).toBe(`http://127.0.0.1:${ollamaPort}`);
    // Nothing else answered, so nothing else became a provider.
    for (const id of ["lmstudio", "vllm", "sglang", "litellm"]) {
      expect((await registry.getStatus({ providers: [id] }))[0]?.status, id).not.toBe("healthy");
    }

    // Cached with its time in state.json: a new registry on the same storage sees it without sending anything.
    const state = JSON.parse((await storage.get("state.json")) ?? "{}");
    expect(state.localDetection).toMatchObject({ at: expect.any(Number), servers: [{ providerId: "ollama", baseUrl: `http://127.0.0.1:${ollamaPort}` }] });
    expect(await storage.get("models.json")).toBeUndefined();
    const again = setup();
    for (const [k, v] of Object.entries({ "state.json": await storage.get("state.json") })) await again.storage.set(k, v as string);
    expect((await again.registry.resolveModel("ollama/qwen3:8b")).offered).toBe(true);
    expect((await again.registry.getStatus({ providers: ["ollama"] }))[0]?.status).toBe("healthy");
    expect(again.fetchSpy).not.toHaveBeenCalled();
  });

  it("finds Ollama at OLLAMA_HOST, and forgets a server that stopped answering", async () => {
    const { registry } = setup({}, { OLLAMA_HOST: `127.0.0.1:${ollamaPort}` });
    const found = await registry.local.detect({ ports: ports() });
    expect(found.map((s) => [s.providerId, s.baseUrl])).toEqual([["ollama", `http://127.0.0.1:${ollamaPort}`]]);

    const moved = setup();
    expect(await moved.registry.local.detect({ ports: ports({ ollama: ollamaPort }) })).toHaveLength(1);
    expect(await moved.registry.local.detect({ ports: ports() })).toEqual([]);
    expect((await moved.registry.listProviders()).find((p) => p.id === "ollama")?.baseUrl).toBe("http://127.0.0.1:11434");
    expect(await moved.registry.listModels({ provider: "ollama" })).toEqual([]);
  });

  it("stays below models.json: a provider configured there keeps its URL and models", async () => {
    const modelsJson = JSON.stringify({ providers: { ollama: { baseUrl: "http://127.0.0.1:9", api: "ollama", models: [{ id: "mine:1b" }] } } });
    const { registry } = setup({ "models.json": modelsJson });
    expect(await registry.local.detect({ ports: ports({ ollama: ollamaPort }) })).toHaveLength(1);
    const provider = (await registry.listProviders()).find((p) => p.id === "ollama");
    expect(provider).toMatchObject({ baseUrl: "http://127.0.0.1:9", provenance: { baseUrl: "user" } });
    expect((await registry.listModels({ provider: "ollama" })).map((m) => m.id)).toEqual(["mine:1b"]);
    expect((await registry.resolveModel("ollama/mine:1b")).baseUrl).toBe("http://127.0.0.1:9");
  });

  it("switched off in settings: sends nothing, answers [], and ignores an earlier result", async () => {
    const { registry, storage } = setup();
    expect(await registry.local.detect({ ports: ports({ ollama: ollamaPort }) })).toHaveLength(1);
    const off = setup({ "settings.json": JSON.stringify({ localDetection: { enabled: false } }), "state.json": (await storage.get("state.json")) as string });
    expect(await off.registry.local.detect({ ports: ports({ ollama: ollamaPort }) })).toEqual([]);
    expect(off.fetchSpy).not.toHaveBeenCalled();
    expect((await off.registry.listProviders()).find((p) => p.id === "ollama")?.baseUrl).toBe("http://127.0.0.1:11434");
    expect(await off.registry.listModels({ provider: "ollama" })).toEqual([]);
    expect((await off.registry.getStatus({ providers: ["ollama"] }))[0]?.status).not.toBe("healthy");
  });

  it("local.setDetection(false) turns it off (detected servers disappear), setDetection(true) back on", async () => {
    const { registry, fetchSpy } = setup();
    expect(await registry.local.detect({ ports: ports({ ollama: ollamaPort }) })).toHaveLength(1);
    expect((await registry.listModels({ provider: "ollama" })).length).toBeGreaterThan(0);
    await registry.local.setDetection(false);
    const calls = fetchSpy.mock.calls.length;
    expect(await registry.local.detect({ ports: ports({ ollama: ollamaPort }) })).toEqual([]);
    expect(fetchSpy.mock.calls.length).toBe(calls);
    expect(await registry.listModels({ provider: "ollama" })).toEqual([]);
    await registry.local.setDetection(true);
    expect((await registry.listModels({ provider: "ollama" })).length).toBeGreaterThan(0);
    await expect(registry.local.setDetection("no" as unknown as boolean)).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("rejects ports that are not ports, and unknown presets, before sending anything", async () => {
    const { registry, fetchSpy } = setup();
    await expect(registry.local.detect({ ports: { ollama: 0 } })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(registry.local.detect({ ports: { ollama: "11434" as unknown as number } })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(registry.local.detect({ ports: { jan: 1337 } as never })).rejects.toMatchObject({ code: "invalid_argument" });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
