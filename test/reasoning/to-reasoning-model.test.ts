import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";
import { reasoningDescriptor } from "../../src/reasoning/reasoning-descriptor.js";
import { toReasoningModel } from "../../src/reasoning/to-reasoning-model.js";

describe("toReasoningModel", () => {
  const resolvedLike = (thinkingLevelsSource: string) => ({
    ref: "anthropic/claude-sonnet-4-6",
    provider: "anthropic",
    id: "claude-sonnet-4-6",
    name: "Claude Sonnet 4.6",
    api: "anthropic-messages",
    capabilities: { reasoning: true },
    limits: { contextWindow: 1000000, maxOutputTokens: 64000 },
    reasoning: {
      supported: true,
      levels: ["low", "medium", "high", "max"],
      defaultLevel: null,
      options: [{ type: "effort", values: ["low", "medium", "high", "max"] }, { type: "budget_tokens", min: 1024 }],
    },
    provenance: { thinkingLevels: thinkingLevelsSource },
  });

  it("does not treat levels copied from models.dev as curated: the provider rule (with off) wins", () => {
    const model = toReasoningModel(resolvedLike("models.dev"));
    expect(model).toMatchObject({ provider: "anthropic", id: "claude-sonnet-4-6", api: "anthropic-messages", reasoning: true, maxOutputTokens: 64000 });
    expect(model.thinkingLevels).toBeNull();
    expect(model.reasoningOptions).toHaveLength(2);
    expect(reasoningDescriptor(model)).toMatchObject({ source: "provider-rule", levels: ["off", "low", "medium", "high", "max"] });
  });

  it("treats user / plugin levels as curated metadata", () => {
    const model = toReasoningModel(resolvedLike("user"));
    expect(model.thinkingLevels).toEqual(["low", "medium", "high", "max"]);
    const d = reasoningDescriptor(model);
    expect(d).toMatchObject({ source: "metadata", levels: ["low", "medium", "high", "max"], canDisable: false, wire: "anthropic-adaptive" });
  });

  it("reads what the catalog facade returns", async () => {
    const registry = createRegistry();
    const resolved = await registry.resolveModel("google/gemini-2.5-flash");
    const model = toReasoningModel(resolved);
    expect(model).toMatchObject({ provider: "google", id: "gemini-2.5-flash", api: "google-generative-ai", reasoning: true });
    expect(model.reasoningOptions?.map((o) => o.type)).toEqual(["toggle", "budget_tokens"]);
    expect(reasoningDescriptor(model).levels).toEqual(["off", "minimal", "low", "medium", "high"]);
  });

  it("keeps unknowns null", () => {
    expect(toReasoningModel({}, { provider: "x", id: "y" })).toEqual({
      provider: "x",
      id: "y",
      api: null,
      name: null,
      family: null,
      reasoning: null,
      thinkingLevels: null,
      defaultThinkingLevel: null,
      maxOutputTokens: null,
      reasoningOptions: null,
      endpoint: null,
    });
  });
});
