import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { planThinking, thinkingParams } from "../../src/reasoning/thinking-params.js";

const ENV = { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "sk-ant-test", GEMINI_API_KEY: "AIza-test", ZAI_API_KEY: "zai-test" };

describe("resolveModel(ref).reasoning and thinkingLevels(ref) read one descriptor (issue 9 item 17)", () => {
  it.each(["anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "zai/glm-4.7", "openai/gpt-5", "openai/gpt-4o", "ollama/gpt-oss:20b", "anthropic/claude-opus-4-6"])(
    "%s",
    async (ref) => {
      const registry = createRegistry({ env: ENV });
      const resolved = await registry.resolveModel(ref);
      const info = await registry.thinkingLevels(ref);
      expect(resolved.reasoning.levels).toEqual(info.descriptor.levels);
      expect(resolved.reasoning.defaultLevel).toBe(info.default);
      expect(resolved.reasoning.levels ?? ["off"]).toEqual(info.levels);
      const listed = (await registry.listModels({ provider: ref.split("/")[0]! })).find((m) => m.ref === ref);
      if (listed) expect(listed.reasoning).toEqual(resolved.reasoning);
    },
  );

  it("gives the values the issue found missing", async () => {
    const registry = createRegistry({ env: ENV });
    expect((await registry.resolveModel("anthropic/claude-sonnet-4-5")).reasoning.levels).toEqual(["off", "minimal", "low", "medium", "high"]);
    expect((await registry.resolveModel("zai/glm-4.7")).reasoning.levels).toEqual(["off", "medium"]);
    expect((await registry.resolveModel("google/gemini-2.5-flash")).reasoning.levels).not.toBeNull();
    expect((await registry.resolveModel("openai/gpt-5")).reasoning.defaultLevel).toBe("medium");
  });

  it("keeps a listed model's reasoning an ordinary own property: enumerable in order, copied by spread and JSON; frozen like the model", async () => {
    const registry = createRegistry({ env: ENV });
    const listed = await registry.listModels({ provider: "anthropic" });
    const a = listed.find((m) => m.ref === "anthropic/claude-sonnet-4-5");
    const b = listed.find((m) => m.ref === "anthropic/claude-opus-4-6");
    expect(Object.keys(a!)).toEqual(["ref", "provider", "id", "name", "api", "baseUrl", "capabilities", "limits", "cost", "reasoning", "metadata", "provenance", "known", "offered", "sourceMissing", "problems"]);
    expect(Object.getOwnPropertyDescriptor(a!, "reasoning")?.enumerable).toBe(true);
    const derived = a!.reasoning;
    expect(derived.levels).toEqual(["off", "minimal", "low", "medium", "high"]);
    expect(a!.reasoning).toBe(derived);
    expect({ ...a! }.reasoning).toEqual(derived);
    expect(JSON.parse(JSON.stringify(a)).reasoning).toEqual(derived);
    const replaced = { supported: false, levels: null, defaultLevel: null, options: null };
    // Listed models are cached and shared (issue 14): a write throws, and a copy takes one.
    expect(() => {
      a!.reasoning = replaced;
    }).toThrow(TypeError);
    const copy = { ...a! };
    copy.reasoning = replaced;
    expect(copy.reasoning).toBe(replaced);
    expect(a!.reasoning).toBe(derived);
    expect(b!.reasoning.levels).not.toBeNull();
  });

  it("follows a reasoningOverrides entry in both views", async () => {
    const registry = createRegistry({ env: ENV, storage: createMemoryStorage() });
    await registry.setReasoningOverride("openai/gpt-5", { levels: ["low", "high"], default: "high" });
    const resolved = await registry.resolveModel("openai/gpt-5");
    const info = await registry.thinkingLevels("openai/gpt-5");
    expect(resolved.reasoning).toMatchObject({ supported: true, levels: ["low", "high"], defaultLevel: "high" });
    expect(info.levels).toEqual(["low", "high"]);
    expect(info.default).toBe("high");
  });
});

describe("the pure thinkingParams gives the registry's answer (issue 9 item 19)", () => {
  it("derives the descriptor for the api it is given: Ollama gpt-oss:20b at high over the native api", () => {
    expect(thinkingParams({ provider: "ollama", id: "gpt-oss:20b" }, "high", "ollama")).toEqual({ think: "high" });
    expect(planThinking({ provider: "ollama", id: "gpt-oss:20b" }, "high", { api: "ollama" }).dialect).toBe("ollama-think-effort");
  });

  it("sends nothing to a custom provider's gpt-5 unless the caller opts in", async () => {
    const plan = planThinking({ provider: "my-proxy", id: "gpt-5" }, "high", { api: "openai-completions" });
    expect(plan.params).toEqual({});
    expect(plan.warnings.map((w) => w.code)).toEqual(["thinking_not_sent"]);
    expect(thinkingParams({ provider: "custom", id: "gpt-5" }, "high", "openai-completions")).toEqual({});
    expect(thinkingParams({ provider: "my-proxy", id: "gpt-5" }, "high", "openai-completions", { allowUnverified: true })).toEqual({ reasoning_effort: "high" });
    expect(thinkingParams({ provider: "my-proxy", id: "gpt-5", endpoint: "known" }, "high", "openai-completions")).toEqual({ reasoning_effort: "high" });

    // the same answer as the registry for a models.json provider serving gpt-5
    const storage = createMemoryStorage();
    await storage.set(
      "models.json",
      JSON.stringify({ providers: { "my-proxy": { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", apiKey: "k", models: [{ id: "gpt-5" }] } } }),
    );
    const registry = createRegistry({ storage, env: {} });
    expect((await registry.planThinking("my-proxy/gpt-5", "high")).params).toEqual({});
    expect(thinkingParams(await registry.resolveModel("my-proxy/gpt-5"), "high", "openai-completions")).toEqual({});
  });

  it("still sends fields to built-in providers", () => {
    expect(thinkingParams({ provider: "openai", id: "gpt-5" }, "high", "openai-completions")).toEqual({ reasoning_effort: "high" });
    expect(thinkingParams({ provider: "zai", id: "glm-4.7" }, "off", "openai-completions")).toEqual({ thinking: { type: "disabled" } });
    expect(thinkingParams({ provider: "deepseek", id: "deepseek-v4-pro" }, "high", "openai-completions")).toEqual({});
  });
});
