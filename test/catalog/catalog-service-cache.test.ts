import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import type { ResolvedModel } from "../../src/catalog/resolved-model.js";

// The catalog service caches resolved models (keyed by the layers' stored texts and the credential availability,
// never by time): each layer change must show in the next answer, and no caller may corrupt another's answer.

const XAI_MODIFIED = readFileSync(fileURLToPath(new URL("../fixtures/refresh/models-dev-xai-modified.json", import.meta.url)), "utf8");

const find = (models: readonly ResolvedModel[], ref: string): ResolvedModel | undefined => models.find((m) => m.ref === ref);

function setup(env: Record<string, string> = {}) {
  const storage = createMemoryStorage();
  const registry = createRegistry({ storage, env });
  return { storage, registry };
}

describe("listModels()/resolveModel() cache", () => {
  it("answers repeated calls equally, with a fresh array each time", async () => {
    const { registry } = setup({ OPENAI_API_KEY: "sk-test" });
    const first = await registry.listModels();
    const second = await registry.listModels();
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(second.length).toBeGreaterThan(100);
    expect(await registry.resolveModel("openai/gpt-5")).toEqual(await registry.resolveModel("openai/gpt-5"));
    expect(await registry.listModels({ provider: "openai", usableOnly: true })).toEqual(await registry.listModels({ provider: "openai", usableOnly: true }));
  });

  it("freezes every object a cached model holds, whatever its layers and problems", async () => {
    const storage = createMemoryStorage();
    await storage.set(
      "models.json",
      JSON.stringify({
        providers: {
          acme: { baseUrl: "https://llm.acme.example/v1", api: "openai-completions", models: [{ id: "m1", cost: { input: 1 }, input: ["text", "image"] }] },
          openai: { models: [{ id: "gpt-5", contextWindow: 123456 }, { id: "gpt-private" }] },
        },
      }),
    );
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-test" } });
    // A damaged settings.json adds a problem to every resolved model: a copy of the model, frozen on its own.
    const damaged = createMemoryStorage({ "settings.json": "{ not json" });
    const withProblem = await createRegistry({ storage: damaged, env: { OPENAI_API_KEY: "sk-test" } }).resolveModel("openai/gpt-5");
    expect(withProblem.problems.length).toBeGreaterThan(0);
    const models = [
      ...(await registry.listModels()),
      await registry.resolveModel("openai/no-such-model"),
      await registry.resolveModel("nope/model"),
      await registry.resolveModel("acme/m1"),
      withProblem,
    ];
    const unfrozen: string[] = [];
    const walk = (value: unknown, path: string, seen: Set<object>): void => {
      if (typeof value !== "object" || value === null || seen.has(value)) return;
      seen.add(value);
      if (!Object.isFrozen(value)) unfrozen.push(path);
      for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`, seen);
    };
    const seen = new Set<object>();
    // Object.entries reads `reasoning` too, so the lazily derived block is checked as well.
    for (const model of models) walk(model, model.ref, seen);
    expect(models.some((m) => m.problems.length > 0 && m.known)).toBe(true);
    expect(models.some((m) => !m.known)).toBe(true);
    expect(seen.size).toBeGreaterThan(models.length * 4);
    expect(unfrozen).toEqual([]);
  });

  it("returns frozen models: writes throw and never reach the next call", async () => {
    const { registry } = setup({ OPENAI_API_KEY: "sk-test" });
    const list = await registry.listModels({ provider: "openai" });
    const size = list.length;
    const model = find(list, "openai/gpt-5")!;
    const window = model.limits.contextWindow;
    list.pop();
    list.push(list[0]!);
    list.reverse();
    // Test files are ES modules, so strict mode: writing to a frozen object throws.
    expect(() => {
      (model as { name: string | null }).name = "corrupted";
    }).toThrow(TypeError);
    expect(() => {
      (model.limits as { contextWindow: number | null }).contextWindow = 1;
    }).toThrow(TypeError);
    expect(() => (model.problems as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (model as { reasoning: unknown }).reasoning = null;
    }).toThrow(TypeError);
    expect(Object.isFrozen(model.reasoning)).toBe(true);
    const again = await registry.listModels({ provider: "openai" });
    expect(again).toHaveLength(size);
    expect(find(again, "openai/gpt-5")!.limits.contextWindow).toBe(window);
    expect(find(again, "openai/gpt-5")!.name).not.toBe("corrupted");

    const resolved = await registry.resolveModel("openai/gpt-5");
    expect(() => {
      (resolved as { offered: boolean }).offered = false;
    }).toThrow(TypeError);
    expect((await registry.resolveModel("openai/gpt-5")).offered).toBe(true);
  });

  it("shows a models.json edit made through updateModelsConfig", async () => {
    const { registry } = setup();
    await registry.listModels();
    await registry.updateModelsConfig([{ path: ["providers", "lab"], value: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", models: [{ id: "tiny" }] } }]);
    expect(find(await registry.listModels(), "lab/tiny")).toMatchObject({ known: true, offered: true });
    expect((await registry.resolveModel("lab/tiny")).known).toBe(true);
  });

  it("shows setModelOverride and setAllowlist", async () => {
    const { registry } = setup({ OPENAI_API_KEY: "sk-test" });
    expect(find(await registry.listModels(), "openai/gpt-5")!.limits.contextWindow).not.toBe(123456);
    await registry.resolveModel("openai/gpt-5");
    await registry.setModelOverride("openai/gpt-5", { contextWindow: 123456 });
    expect(find(await registry.listModels(), "openai/gpt-5")!.limits.contextWindow).toBe(123456);
    expect((await registry.resolveModel("openai/gpt-5")).limits.contextWindow).toBe(123456);

    expect(find(await registry.listModels(), "openai/gpt-4o")!.offered).toBe(true);
    await registry.setAllowlist(["openai/gpt-5"]);
    expect(find(await registry.listModels(), "openai/gpt-4o")!.offered).toBe(false);
    expect((await registry.resolveModel("openai/gpt-4o")).offered).toBe(false);
    expect(find(await registry.listModels({ usableOnly: true }), "openai/gpt-4o")).toBeUndefined();
  });

  it("shows an applied review", async () => {
    const { registry } = setup({ XAI_API_KEY: "xai-test" });
    expect(find(await registry.listModels(), "xai/grok-5")).toBeUndefined();
    expect((await registry.resolveModel("xai/grok-5")).known).toBe(false);
    const review = await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] });
    await registry.applyReview(review);
    expect(find(await registry.listModels(), "xai/grok-5")).toMatchObject({ known: true, offered: true });
    expect((await registry.resolveModel("xai/grok-5")).known).toBe(true);
  });

  it("shows a stored key for a provider, and its removal", async () => {
    const { registry } = setup();
    expect(find(await registry.listModels(), "anthropic/claude-sonnet-4-5")!.offered).toBe(false);
    expect((await registry.resolveModel("anthropic/claude-sonnet-4-5")).offered).toBe(false);
    const stored = await registry.setApiKey("anthropic", "sk-ant-test");
    expect(find(await registry.listModels(), "anthropic/claude-sonnet-4-5")!.offered).toBe(true);
    expect((await registry.resolveModel("anthropic/claude-sonnet-4-5")).offered).toBe(true);
    expect(find(await registry.listModels({ usableOnly: true }), "anthropic/claude-sonnet-4-5")).toBeDefined();
    await registry.removeCredential("anthropic", stored.id);
    expect(find(await registry.listModels(), "anthropic/claude-sonnet-4-5")!.offered).toBe(false);
  });

  it("answers an env-only registry from its env, and follows a live env", async () => {
    const env: Record<string, string | undefined> = { ANTHROPIC_API_KEY: "sk-ant-env" };
    const registry = createRegistry({ env });
    expect(find(await registry.listModels(), "anthropic/claude-sonnet-4-5")!.offered).toBe(true);
    expect(find(await registry.listModels(), "openai/gpt-5")!.offered).toBe(false);
    env["OPENAI_API_KEY_2"] = "sk-numbered";
    expect(find(await registry.listModels(), "openai/gpt-5")!.offered).toBe(true);
    expect((await registry.resolveModel("openai/gpt-5")).offered).toBe(true);
    delete env["ANTHROPIC_API_KEY"];
    expect((await registry.resolveModel("anthropic/claude-sonnet-4-5")).offered).toBe(false);
  });

  it("shows writes to storage made behind its back (another process): keyed by texts, not events", async () => {
    const { registry, storage } = setup({ OPENAI_API_KEY: "sk-test" });
    await registry.listModels();
    await storage.set("settings.json", JSON.stringify({ modelOverrides: { "openai/gpt-5": { contextWindow: 7777 } } }));
    expect(find(await registry.listModels(), "openai/gpt-5")!.limits.contextWindow).toBe(7777);
    await storage.set("state.json", JSON.stringify({ discovered: { ollama: { at: 1, models: [{ id: "found:1b", contextWindow: 8192 }] } } }));
    expect(find(await registry.listModels(), "ollama/found:1b")).toMatchObject({ known: true, limits: { contextWindow: 8192 } });
    expect((await registry.resolveModel("ollama/found:1b")).known).toBe(true);
  });
});
