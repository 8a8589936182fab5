import { describe, expect, it } from "vitest";
import { planThinking, thinkingParams } from "../../src/reasoning/thinking-params.js";

describe("thinkingParams per api kind", () => {
  it("OpenAI chat completions: reasoning_effort, with none for off where the model has it", () => {
    expect(thinkingParams({ provider: "openai", id: "gpt-5-mini" }, "low", "openai-completions")).toEqual({ reasoning_effort: "low" });
    expect(thinkingParams({ provider: "openai", id: "gpt-5.2" }, "off", "openai-completions")).toEqual({ reasoning_effort: "none" });
    expect(thinkingParams({ provider: "openai", id: "gpt-5.2" }, "xhigh", "openai-completions")).toEqual({ reasoning_effort: "xhigh" });
  });

  it("OpenAI Responses (and Codex, Azure): reasoning.effort", () => {
    expect(thinkingParams({ provider: "openai", id: "gpt-5" }, "high", "openai-responses")).toEqual({ reasoning: { effort: "high" } });
    expect(thinkingParams({ provider: "openai-codex", id: "gpt-5.3-codex" }, "xhigh", "openai-codex-responses")).toEqual({
      reasoning: { effort: "xhigh" },
    });
    // gpt-5 has no xhigh: clamped to high, with a warning, not passed through to be rejected
    const plan = planThinking({ provider: "openai", id: "gpt-5" }, "xhigh", { api: "openai-responses" });
    expect(plan.params).toEqual({ reasoning: { effort: "high" } });
    expect(plan.warnings.map((w) => w.code)).toEqual(["thinking_clamped"]);
  });

  it("Anthropic budget models: thinking.budget_tokens, disabled for off, kept under the output limit", () => {
    expect(thinkingParams({ provider: "anthropic", id: "claude-sonnet-4-5", maxOutputTokens: 64000 }, "medium", "anthropic-messages")).toEqual({
      thinking: { type: "enabled", budget_tokens: 8192 },
    });
    expect(thinkingParams({ provider: "anthropic", id: "claude-3-7-sonnet-20250219" }, "off", "anthropic-messages")).toEqual({
      thinking: { type: "disabled" },
    });
    const small = planThinking({ provider: "anthropic", id: "claude-haiku-4-5", maxOutputTokens: 8192 }, "high", { api: "anthropic-messages" });
    expect(small.params).toEqual({ thinking: { type: "enabled", budget_tokens: 7168 } });
    expect(small.warnings.map((w) => w.code)).toContain("thinking_budget_reduced");
  });

  it("Anthropic adaptive models: thinking.type adaptive + output_config.effort, max only where it exists", () => {
    expect(thinkingParams({ provider: "anthropic", id: "claude-opus-4-6" }, "max", "anthropic-messages")).toEqual({
      thinking: { type: "adaptive" },
      output_config: { effort: "max" },
    });
    expect(thinkingParams({ provider: "anthropic", id: "claude-opus-4-8" }, "xhigh", "anthropic-messages")).toEqual({
      thinking: { type: "adaptive" },
      output_config: { effort: "xhigh" },
    });
    // Bedrock carries the same fields in additionalModelRequestFields.
    expect(thinkingParams({ provider: "amazon-bedrock", id: "us.anthropic.claude-sonnet-4-6" }, "low", "bedrock-converse-stream")).toEqual({
      additionalModelRequestFields: { thinking: { type: "adaptive" }, output_config: { effort: "low" } },
    });
  });

  it("Gemini: thinkingBudget for 2.5, thinkingLevel for 3", () => {
    expect(thinkingParams({ provider: "google", id: "gemini-2.5-flash" }, "off", "google-generative-ai")).toEqual({
      generationConfig: { thinkingConfig: { thinkingBudget: 0 } },
    });
    expect(thinkingParams({ provider: "google", id: "gemini-2.5-pro" }, "high", "google-generative-ai")).toEqual({
      generationConfig: { thinkingConfig: { thinkingBudget: 32768 } },
    });
    // 2.5 Pro cannot switch off: off becomes the lowest budget
    expect(thinkingParams({ provider: "google", id: "gemini-2.5-pro" }, "off", "google-generative-ai")).toEqual({
      generationConfig: { thinkingConfig: { thinkingBudget: 128 } },
    });
    expect(thinkingParams({ provider: "google", id: "gemini-3-pro-preview" }, "high", "google-vertex")).toEqual({
      generationConfig: { thinkingConfig: { thinkingLevel: "high" } },
    });
  });

  it("Ollama: think boolean, or an effort string for gpt-oss", () => {
    expect(thinkingParams({ provider: "ollama", id: "qwen3:8b", api: "ollama", reasoning: true }, "off", "ollama")).toEqual({ think: false });
    expect(thinkingParams({ provider: "ollama", id: "qwen3:8b", api: "ollama", reasoning: true }, "high", "ollama")).toEqual({ think: true });
    expect(thinkingParams({ provider: "ollama", id: "gpt-oss:20b", api: "ollama", reasoning: true }, "low", "ollama")).toEqual({ think: "low" });
    expect(thinkingParams({ provider: "ollama", id: "gemma3:4b", api: "ollama", reasoning: false }, "high", "ollama")).toEqual({});
  });

  it("Z.ai thinking.type, Qwen enable_thinking (+ thinking_budget), DeepSeek thinking + effort", () => {
    expect(thinkingParams({ provider: "zai", id: "glm-4.7" }, "high", "openai-completions")).toEqual({ thinking: { type: "enabled" } });
    expect(thinkingParams({ provider: "zai", id: "glm-4.7" }, "off", "openai-completions")).toEqual({ thinking: { type: "disabled" } });
    expect(thinkingParams({ provider: "qwen", id: "qwen-plus", reasoning: true }, "off", "openai-completions")).toEqual({ enable_thinking: false });
    expect(thinkingParams({ provider: "qwen", id: "qwen3-32b" }, "low", "openai-completions")).toEqual({
      enable_thinking: true,
      thinking_budget: 2048,
    });
    // deepseek is not a built-in provider: like the registry, the pure function sends fields only to an endpoint
    // declared known (a plugin provider) — see "the pure thinkingParams gives the registry's answer".
    expect(thinkingParams({ provider: "deepseek", id: "deepseek-v4-pro", endpoint: "known" }, "max", "openai-completions")).toEqual({
      thinking: { type: "enabled" },
      reasoning_effort: "max",
    });
    expect(thinkingParams({ provider: "groq", id: "qwen/qwen3-32b" }, "off", "openai-completions")).toEqual({ reasoning_effort: "none" });
    expect(thinkingParams({ provider: "groq", id: "qwen/qwen3-32b" }, "medium", "openai-completions")).toEqual({ reasoning_effort: "default" });
  });

  it("sends nothing to fixed always-on models and non-thinking models", () => {
    expect(thinkingParams({ provider: "deepseek", id: "deepseek-reasoner" }, "high", "openai-completions")).toEqual({});
    expect(thinkingParams({ provider: "xai", id: "grok-4-0709" }, "high", "openai-completions")).toEqual({});
    expect(thinkingParams({ provider: "openai", id: "gpt-4o", reasoning: false }, "high", "openai-completions")).toEqual({});
  });

  it("sends nothing to an unknown custom endpoint unless the user opts in", () => {
    const custom = { provider: "my-vllm", id: "qwen3-8b", reasoning: true, endpoint: "custom" as const };
    const plan = planThinking(custom, "high", { api: "openai-completions" });
    expect(plan.params).toEqual({});
    expect(plan.warnings.map((w) => w.code)).toContain("thinking_not_sent");
    expect(plan.warnings.find((w) => w.code === "thinking_not_sent")?.recovery).toContain('reasoningOverrides["my-vllm/qwen3-8b"]');
    // opting in through an override naming the wire dialect
    const overrides = { "my-vllm/qwen3-8b": { kind: "effort" as const, levels: ["low" as const, "medium" as const, "high" as const], wire: "openai-effort" as const } };
    expect(thinkingParams(custom, "high", "openai-completions", { overrides })).toEqual({ reasoning_effort: "high" });
    // or through the explicit option: the flag-only guess then uses the api kind's native field…
    const flagged = { provider: "my-vllm", id: "my-model-7b", reasoning: true, endpoint: "custom" as const };
    expect(thinkingParams(flagged, "high", "openai-completions")).toEqual({});
    expect(thinkingParams(flagged, "high", "openai-completions", { allowUnverified: true })).toEqual({ reasoning_effort: "high" });
    // …but a toggle/budget family with no native OpenAI field still sends nothing, and says why
    const optedIn = planThinking(custom, "high", { api: "openai-completions", allowUnverified: true });
    expect(optedIn.params).toEqual({});
    expect(optedIn.warnings.map((w) => w.code)).toEqual(["thinking_wire_unknown"]);
  });

  it("does not send a reasoning-flag-only guess, and warns instead of dropping silently", () => {
    const plan = planThinking({ provider: "chutes", id: "some-new-model", reasoning: true }, "medium", { api: "openai-completions" });
    expect(plan.params).toEqual({});
    expect(plan.warnings.map((w) => w.code)).toEqual(["thinking_not_sent"]);
  });

  it("refuses a dialect the api kind cannot carry", () => {
    // Claude budget thinking through an OpenAI-compatible gateway without models.dev options
    const plan = planThinking({ provider: "chutes", id: "claude-sonnet-4-5" }, "medium", { api: "openai-completions" });
    expect(plan.params).toEqual({});
    expect(plan.warnings.map((w) => w.code)).toEqual(["thinking_wire_mismatch"]);
  });

  it("uses the api kind's native dialect for models.dev-described models", () => {
    const model = { provider: "openrouter", id: "deepseek/deepseek-v4-pro", reasoning: true, reasoningOptions: [{ type: "toggle" as const }, { type: "effort" as const, values: ["high", "xhigh"] }] };
    expect(thinkingParams(model, "xhigh", "openai-completions")).toEqual({ reasoning_effort: "xhigh" });
    expect(thinkingParams(model, "off", "openai-completions")).toEqual({ reasoning_effort: "none" });
  });
});
