import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";
import { reasoningDescriptor } from "../../src/reasoning/reasoning-descriptor.js";
import type { ReasoningKind } from "../../src/reasoning/reasoning-descriptor-schema.js";
import { resolveThinkingLevel } from "../../src/reasoning/resolve-thinking-level.js";
import type { ThinkingLevel } from "../../src/schema/thinking-levels.js";

/**
 * Real models of the bundled catalog (ids exist in the models.dev snapshot), resolved through the registry facade:
 * [ref, kind, levels, default, [requested, effective] clamp check].
 */
type Row = [string, ReasoningKind, ThinkingLevel[], ThinkingLevel | null, [ThinkingLevel, ThinkingLevel]];

const EFFORT_5: ThinkingLevel[] = ["minimal", "low", "medium", "high"];
const BUDGET_OFF: ThinkingLevel[] = ["off", "minimal", "low", "medium", "high"];

const CATALOG_ROWS: Row[] = [
  // OpenAI
  ["openai/gpt-5", "effort", EFFORT_5, "medium", ["xhigh", "high"]],
  ["openai/gpt-5-mini", "effort", EFFORT_5, "medium", ["off", "minimal"]],
  ["openai/gpt-5-nano", "effort", EFFORT_5, "medium", ["max", "high"]],
  ["openai/gpt-5-pro", "effort", ["high"], "high", ["low", "high"]],
  ["openai/gpt-5.1", "effort", ["off", "low", "medium", "high"], "off", ["minimal", "low"]],
  ["openai/gpt-5.2", "effort", ["off", "low", "medium", "high", "xhigh"], "off", ["max", "xhigh"]],
  ["openai/gpt-5.1-codex-max", "effort", ["low", "medium", "high", "xhigh"], "medium", ["off", "low"]],
  ["openai/gpt-5.1-codex", "effort", ["low", "medium", "high"], "medium", ["xhigh", "high"]],
  ["openai/gpt-5.2-pro", "effort", ["medium", "high", "xhigh"], "high", ["minimal", "medium"]],
  ["openai/gpt-5.3-codex", "effort", ["off", "low", "medium", "high", "xhigh"], "medium", ["minimal", "low"]],
  ["openai/o3", "effort", ["low", "medium", "high"], "medium", ["off", "low"]],
  ["openai/o4-mini", "effort", ["low", "medium", "high"], "medium", ["xhigh", "high"]],
  ["openai/gpt-4o", "none", ["off"], "off", ["high", "off"]],
  ["openai/gpt-5-chat-latest", "always_on", ["medium"], "medium", ["off", "medium"]],
  // Anthropic
  ["anthropic/claude-3-7-sonnet-20250219", "budget", BUDGET_OFF, "off", ["xhigh", "high"]],
  ["anthropic/claude-sonnet-4-5", "budget", BUDGET_OFF, "off", ["max", "high"]],
  ["anthropic/claude-haiku-4-5", "budget", BUDGET_OFF, "off", ["xhigh", "high"]],
  ["anthropic/claude-opus-4-1", "budget", BUDGET_OFF, "off", ["max", "high"]],
  ["anthropic/claude-opus-4-6", "effort", ["off", "low", "medium", "high", "max"], "off", ["xhigh", "high"]],
  ["anthropic/claude-sonnet-4-6", "effort", ["off", "low", "medium", "high", "max"], "off", ["minimal", "low"]],
  ["anthropic/claude-opus-4-8", "effort", ["low", "medium", "high", "xhigh", "max"], "high", ["off", "low"]],
  ["anthropic/claude-3-haiku-20240307", "none", ["off"], "off", ["medium", "off"]],
  // Google
  ["google/gemini-2.5-pro", "budget", EFFORT_5, null, ["off", "minimal"]],
  ["google/gemini-2.5-flash", "budget", BUDGET_OFF, null, ["xhigh", "high"]],
  ["google/gemini-2.5-flash-lite", "budget", BUDGET_OFF, "off", ["max", "high"]],
  ["google/gemini-3-pro-preview", "effort", ["low", "high"], "high", ["medium", "low"]],
  ["google/gemini-3.1-pro-preview", "effort", ["low", "medium", "high"], "high", ["off", "low"]],
  ["google/gemini-3-flash-preview", "effort", EFFORT_5, "high", ["off", "minimal"]],
  ["google/gemini-2.0-flash", "none", ["off"], "off", ["low", "off"]],
  // xAI
  ["xai/grok-4.3", "effort", ["off", "low", "medium", "high"], null, ["xhigh", "high"]],
  ["xai/grok-4.20-0309-reasoning", "always_on", ["medium"], "medium", ["off", "medium"]],
  ["xai/grok-4.20-0309-non-reasoning", "none", ["off"], "off", ["high", "off"]],
  ["xai/grok-4.20-multi-agent-0309", "effort", ["low", "medium", "high", "xhigh"], null, ["max", "xhigh"]],
  // Z.ai
  ["zai/glm-4.5", "toggle", ["off", "medium"], "medium", ["high", "medium"]],
  ["zai/glm-4.6", "toggle", ["off", "medium"], "medium", ["minimal", "medium"]],
  ["zai/glm-4.7-flash", "toggle", ["off", "medium"], "medium", ["max", "medium"]],
  ["zai/glm-5.2", "effort", ["high", "max"], "high", ["xhigh", "high"]],
  // DeepSeek (through resellers; the catalog has no first-party deepseek provider)
  ["openrouter/deepseek/deepseek-r1", "always_on", ["medium"], "medium", ["off", "medium"]],
  ["openrouter/deepseek/deepseek-chat", "none", ["off"], "off", ["high", "off"]],
  ["openrouter/deepseek/deepseek-v4-pro", "effort", ["off", "high", "xhigh"], null, ["max", "xhigh"]],
  ["vercel-ai-gateway/deepseek/deepseek-v3.2-thinking", "always_on", ["medium"], "medium", ["off", "medium"]],
  // Qwen
  ["qwen/qwen-plus", "budget", BUDGET_OFF, "off", ["max", "high"]],
  ["qwen/qwen3-32b", "budget", BUDGET_OFF, "medium", ["xhigh", "high"]],
  ["qwen/qwen3-next-80b-a3b-thinking", "budget", EFFORT_5, null, ["off", "minimal"]],
  ["qwen/qwq-plus", "always_on", ["medium"], "medium", ["high", "medium"]],
  ["qwen/qwen3-coder-plus", "none", ["off"], "off", ["high", "off"]],
  ["groq/qwen/qwen3-32b", "effort", ["off", "medium"], "medium", ["high", "medium"]],
  // others
  ["groq/openai/gpt-oss-120b", "effort", ["low", "medium", "high"], "medium", ["off", "low"]],
  ["mistral/magistral-small", "always_on", ["medium"], "medium", ["off", "medium"]],
  ["mistral/mistral-small-latest", "effort", ["off", "high"], null, ["medium", "high"]],
  ["moonshot/kimi-k2-thinking", "always_on", ["medium"], "medium", ["off", "medium"]],
  ["moonshot/kimi-k2.6", "toggle", ["off", "medium"], null, ["high", "medium"]],
];

describe("thinking levels of real catalog models", () => {
  const registry = createRegistry();

  it("covers at least 40 models across OpenAI, Anthropic, Google, xAI, zai, DeepSeek and Qwen", () => {
    expect(CATALOG_ROWS.length).toBeGreaterThanOrEqual(40);
    for (const family of ["openai/", "anthropic/", "google/", "xai/", "zai/", "deepseek", "qwen"]) {
      expect(CATALOG_ROWS.some(([ref]) => ref.includes(family))).toBe(true);
    }
  });

  it.each(CATALOG_ROWS)("%s → %s %j (default %s), clamps %j", async (ref, kind, levels, defaultLevel, [requested, effective]) => {
    const info = await registry.thinkingLevels(ref);
    // the model exists in the catalog: no availability problem
    expect(info.problems.filter((p) => p.code.startsWith("model_"))).toEqual([]);
    expect(info.kind).toBe(kind);
    expect(info.levels).toEqual(levels);
    expect(info.default).toBe(defaultLevel);
    expect(info.canDisable).toBe(levels.includes("off"));
    const resolution = resolveThinkingLevel({ ...info.descriptor, label: ref }, requested);
    expect(resolution.effective).toBe(effective);
    expect(resolution.clamped).toBe(requested !== effective);
    if (resolution.clamped) expect(resolution.reason).toContain(ref);
  });
});

describe("thinking levels of local Ollama models (discovered, /api/tags capabilities)", () => {
  const tags = JSON.parse(readFileSync(new URL("../fixtures/reasoning/ollama-tags.json", import.meta.url), "utf8")) as {
    models: Array<{ name: string; capabilities?: string[] }>;
  };
  const discovered = [
    ...tags.models,
    // common library models, with the capabilities Ollama reports for them
    { name: "gpt-oss:20b", capabilities: ["completion", "tools", "thinking"] },
    { name: "deepseek-r1:14b", capabilities: ["completion", "thinking"] },
  ].filter((m) => m.capabilities?.includes("completion"));

  it.each([
    ["qwen3:8b", "toggle", ["off", "medium"], ["high", "medium"]],
    ["gemma3:4b", "none", ["off"], ["high", "off"]],
    ["gpt-oss:20b", "effort", ["low", "medium", "high"], ["off", "low"]],
    ["deepseek-r1:14b", "toggle", ["off", "medium"], ["max", "medium"]],
  ] as const)("ollama/%s → %s %j", (name, kind, levels, [requested, effective]) => {
    const model = discovered.find((m) => m.name === name);
    expect(model).toBeDefined();
    const descriptor = reasoningDescriptor({
      provider: "ollama",
      id: name,
      api: "ollama",
      reasoning: model?.capabilities?.includes("thinking") ?? null,
    });
    expect(descriptor.kind).toBe(kind);
    expect(descriptor.levels).toEqual(levels);
    expect(resolveThinkingLevel(descriptor, requested).effective).toBe(effective);
  });

  it("an Ollama model without capability data is unknown: only off, with a problem", () => {
    const descriptor = reasoningDescriptor({ provider: "ollama", id: "llama3.3:70b", api: "ollama", reasoning: null });
    expect(descriptor.levels).toBeNull();
    expect(descriptor.problems.map((p) => p.code)).toEqual(["reasoning_unknown"]);
    expect(resolveThinkingLevel(descriptor, "high")).toMatchObject({ effective: "off", clamped: true });
  });
});
