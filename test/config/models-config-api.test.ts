import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import type { Storage } from "../../src/ports.js";
import { fixture } from "./fixtures.js";

describe("registry.getModelsConfig / updateModelsConfig", () => {
  it("reads nothing as an empty config, then creates the file on the first edit", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage });
    expect(await registry.getModelsConfig()).toEqual({ config: { mode: "merge", providers: {} }, diagnostics: [], text: "" });
    const changes: string[] = [];
    registry.on("config-change", (e) => changes.push(e.key));
    const next = await registry.updateModelsConfig([
      { path: ["providers", "ollama"], value: { baseUrl: "http://127.0.0.1:11434", api: "ollama" } },
    ]);
    expect(next.config.providers.ollama).toEqual({ baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [] });
    expect(await storage.get("models.json")).toBe(next.text);
    expect(changes).toEqual(["models.json"]);
  });

  it("accepts a models.json holding only comments and adds providers after them", async () => {
    const template = "// add providers here\n// (see docs/models-json.md)\n";
    const storage = createMemoryStorage({ "models.json": template });
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const registry = createRegistry({ storage, logger });
    expect(await registry.getModelsConfig()).toEqual({ config: { mode: "merge", providers: {} }, diagnostics: [], text: template });
    const next = await registry.updateModelsConfig([{ path: ["providers", "vllm"], value: { baseUrl: "http://127.0.0.1:8000/v1" } }]);
    expect(next.diagnostics).toEqual([]);
    expect(next.config.providers.vllm).toEqual({ baseUrl: "http://127.0.0.1:8000/v1", models: [] });
    expect(next.text).toBe(`${template}{\n  "providers": {\n    "vllm": {\n      "baseUrl": "http://127.0.0.1:8000/v1"\n    }\n  }\n}\n`);
    expect(await storage.get("models.json")).toBe(next.text);
    expect(warnings).toEqual([]); // edited in place: no rewrite, so no backup was taken
  });

  it("resolves apiKey references from the registry's env", async () => {
    const storage = createMemoryStorage({ "models.json": fixture("hand-edited.json5") });
    const registry = createRegistry({ storage, env: { LMSTUDIO_KEY: "lm-key-0123456789" } });
    const { config, diagnostics } = await registry.getModelsConfig();
    expect(config.providers.lmstudio?.apiKey?.key?.reveal()).toBe("lm-key-0123456789");
    expect(diagnostics.find((d) => d.code === "missing_env_var")?.message).toContain("VLLM_API_KEY");
  });

  it("keeps comments through edits and emits nothing for a no-op", async () => {
    const original = fixture("commented.jsonc");
    const storage = createMemoryStorage({ "models.json": original });
    const registry = createRegistry({ storage });
    let events = 0;
    registry.on("config-change", () => events++);
    await registry.updateModelsConfig([{ path: ["mode"], value: "merge" }]);
    expect(events).toBe(0);
    const { text } = await registry.updateModelsConfig([{ path: ["mode"], value: "replace" }]);
    expect(text).toBe(original.replace('"mode": "merge"', '"mode": "replace"'));
    expect(events).toBe(1);
  });

  it("writes nothing when the stored text does not parse: storage stays byte-identical", async () => {
    const broken = '// half-saved\n{ "providers": { "a": { "baseUrl": "http://a" ';
    const storage = createMemoryStorage({ "models.json": broken });
    const writes: string[] = [];
    // A bare get/set store (no update()), to cover the registry's own serialisation path too.
    const spy: Storage = { get: storage.get, delete: storage.delete, set: async (k, v) => (writes.push(k), storage.set(k, v)) };
    for (const target of [storage, spy]) {
      const registry = createRegistry({ storage: target });
      await expect(registry.updateModelsConfig([{ path: ["providers", "b"], value: {} }])).rejects.toMatchObject({
        name: "ConfigError",
        code: "config_unparsable",
        diagnostics: [expect.objectContaining({ code: "syntax_error", line: 2 })],
      });
      expect(await storage.get("models.json")).toBe(broken);
      const read = await registry.getModelsConfig();
      expect(read.text).toBe(broken);
      expect(read.diagnostics[0]?.code).toBe("syntax_error");
    }
    expect(writes).toEqual([]);
  });

  it("stores the original as models.json.bak-<timestamp> before rewriting JSON5 syntax", async () => {
    const original = fixture("hand-edited.json5");
    const storage = createMemoryStorage({ "models.json": original });
    const registry = createRegistry({ storage, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    await registry.updateModelsConfig([{ path: ["providers", "vllm", "api"], value: "openai-responses" }]);
    expect(await storage.get("models.json.bak-2026-01-02T03-04-05-000Z")).toBe(original);
    expect(await storage.get("models.json")).toContain('"api": "openai-responses"');
  });

  it("serialises concurrent updates so none is lost", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => registry.updateModelsConfig([{ path: ["providers", `p${i}`], value: { baseUrl: `http://127.0.0.1:${9000 + i}/v1` } }])),
    );
    expect(Object.keys((await registry.getModelsConfig()).config.providers)).toHaveLength(20);
  });

  it("works unchanged over a Keyv instance", async () => {
    const keyv = new Keyv<string>();
    const registry = createRegistry({ storage: keyv });
    await registry.updateModelsConfig([{ path: ["providers", "lmstudio"], value: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: { env: "LMSTUDIO_KEY" } } }]);
    await Promise.all([
      registry.updateModelsConfig([{ path: ["providers", "lmstudio", "api"], value: "openai-completions" }]),
      registry.updateModelsConfig([{ path: ["providers", "ollama"], value: { baseUrl: "http://127.0.0.1:11434", api: "ollama" } }]),
    ]);
    expect(JSON.parse((await keyv.get("models.json"))!)).toEqual({
      providers: {
        lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: { env: "LMSTUDIO_KEY" }, api: "openai-completions" },
        ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama" },
      },
    });
    const { config, diagnostics } = await registry.getModelsConfig();
    expect(Object.keys(config.providers)).toEqual(["lmstudio", "ollama"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["missing_env_var"]);
    await keyv.set("models.json", "{ nope");
    await expect(registry.updateModelsConfig([{ path: ["mode"], value: "merge" }])).rejects.toMatchObject({ code: "config_unparsable" });
    expect(await keyv.get("models.json")).toBe("{ nope");
  });
});
