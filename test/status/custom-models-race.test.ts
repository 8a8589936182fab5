import { describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import type { Storage } from "../../src/ports.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

// customModels.add plans, validates and writes under models.json's lock. Before, it read the file, validated the
// simulated result, then wrote: an edit landing in between was written over unchecked (a lost model, or an
// invalid provider). Each test lands the other edit deterministically in that window: when `add` starts its write.

const TEXT = '{\n  // my box\n  "providers": {\n    "custom": { "baseUrl": "http://127.0.0.1:8000/v1", "api": "openai-completions", "models": [{ "id": "a" }] }\n  }\n}\n';

/** Memory storage that runs `before` (once) when the first `update("models.json")` starts, ahead of that update. */
function racingStorage(text: string) {
  const inner = createMemoryStorage({ "models.json": text });
  let before: (() => Promise<unknown>) | undefined;
  const storage: Storage = {
    get: (key) => inner.get(key),
    set: (key, value) => inner.set(key, value),
    delete: (key) => inner.delete(key),
    async update(key, fn) {
      const run = key === "models.json" ? before : undefined;
      if (run) {
        before = undefined;
        await run();
      }
      return inner.update(key, fn);
    },
  };
  return { storage, inner, arm: (fn: () => Promise<unknown>) => (before = fn) };
}

const ids = async (storage: Storage) =>
  parseModelsJson((await storage.get("models.json")) ?? "").config.providers["custom"]?.models.map((m) => m.id);

describe("customModels.add validates inside the atomic write", () => {
  it("two adds racing: both models land", async () => {
    const { storage, arm } = racingStorage(TEXT);
    const registry = createRegistry({ storage, env: {} });
    arm(() => registry.customModels.add({ provider: "custom", model: "c" }));
    await registry.customModels.add({ provider: "custom", model: "b" });
    expect(await ids(storage)).toEqual(["a", "c", "b"]);
    expect(await storage.get("models.json")).toContain("// my box");
  });

  it("two adds started together: both models land", async () => {
    const storage = createMemoryStorage({ "models.json": TEXT });
    const registry = createRegistry({ storage, env: {} });
    const results = await Promise.all([
      registry.customModels.add({ provider: "custom", model: "b", contextWindow: 8192 }),
      registry.customModels.add({ provider: "custom", model: "c", maxTokens: 1024 }),
    ]);
    expect(results.map((r) => r.created)).toEqual([true, true]);
    expect((await ids(storage))?.sort()).toEqual(["a", "b", "c"]);
  });

  it("an add racing a direct updateModelsConfig: both edits land", async () => {
    const { storage, arm } = racingStorage(TEXT);
    const registry = createRegistry({ storage, env: {} });
    arm(() => registry.updateModelsConfig([{ path: ["providers", "custom", "models", 1], value: { id: "direct" } }]));
    await registry.customModels.add({ provider: "custom", model: "b" });
    expect(await ids(storage)).toEqual(["a", "direct", "b"]);
  });

  it("an add whose result became invalid meanwhile is refused, and nothing invalid is written", async () => {
    // The direct edit removes the provider's URL: valid while it has no models, invalid once one is added.
    const { storage, inner, arm } = racingStorage('{ "providers": { "custom": { "baseUrl": "http://127.0.0.1:8000/v1", "api": "openai-completions", "models": [] } } }');
    const registry = createRegistry({ storage, env: {} });
    arm(() => registry.updateModelsConfig([{ path: ["providers", "custom", "baseUrl"], value: undefined }]));
    const afterDirect = '{ "providers": { "custom": { "api": "openai-completions", "models": [] } } }';
    await expect(registry.customModels.add({ provider: "custom", model: "b" })).rejects.toMatchObject({ code: "invalid_models_config_edit" });
    expect(await inner.get("models.json")).toBe(afterDirect);
    const { diagnostics } = parseModelsJson((await inner.get("models.json")) ?? "");
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
