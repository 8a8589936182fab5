import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reasoningDescriptor } from "../../src/reasoning/reasoning-descriptor.js";
import type { ReasoningDescriptor } from "../../src/reasoning/reasoning-descriptor-schema.js";
import { nearestLevel, resolveThinkingLevel } from "../../src/reasoning/resolve-thinking-level.js";
import { THINKING_LEVELS, thinkingLevelRank, type ThinkingLevel } from "../../src/reasoning/thinking-levels.js";

const descriptorWith = (levels: ThinkingLevel[] | null): ReasoningDescriptor => ({
  kind: "effort",
  levels,
  default: null,
  canDisable: levels ? levels.includes("off") : null,
  source: "override",
  rule: null,
  wire: null,
  wireValues: null,
  budgets: null,
  budgetRange: null,
  problems: [],
});

describe("resolveThinkingLevel", () => {
  it("keeps a supported level", () => {
    expect(resolveThinkingLevel({ provider: "openai", id: "gpt-5" }, "low")).toEqual({
      requested: "low",
      effective: "low",
      clamped: false,
      reason: null,
    });
  });

  it("clamps xhigh to the model's ceiling, not to its default", () => {
    const r = resolveThinkingLevel({ provider: "openai", id: "gpt-5" }, "xhigh");
    expect(r).toMatchObject({ requested: "xhigh", effective: "high", clamped: true });
    expect(r.reason).toContain("openai/gpt-5");
    expect(r.reason).toContain("minimal, low, medium, high");
  });

  it("sends ties to the LOWER level", () => {
    // Gemini 3 Pro: low | high — medium is equally far from both.
    expect(resolveThinkingLevel({ provider: "google", id: "gemini-3-pro-preview" }, "medium").effective).toBe("low");
    // Claude Opus 4.6: … high, max (no xhigh) — xhigh ties between high and max.
    expect(resolveThinkingLevel({ provider: "anthropic", id: "claude-opus-4-6" }, "xhigh").effective).toBe("high");
    expect(nearestLevel("medium", ["low", "high"])).toBe("low");
  });

  it("clamps off on an always-on model, with a reason", () => {
    const r = resolveThinkingLevel({ provider: "deepseek", id: "deepseek-reasoner" }, "off");
    expect(r).toMatchObject({ requested: "off", effective: "medium", clamped: true });
    expect(r.reason).toMatch(/cannot switch thinking off/);
    const o3 = resolveThinkingLevel({ provider: "openai", id: "o3" }, "none");
    expect(o3).toMatchObject({ requested: "off", effective: "low", clamped: true });
  });

  it("never turns thinking off when a thinking level was asked of a model that can think", () => {
    // GLM toggle: off | medium. "minimal" is nearer to off on the ladder but stays on.
    expect(resolveThinkingLevel({ provider: "zai", id: "glm-4.6" }, "minimal").effective).toBe("medium");
  });

  it("resolves everything to off on a non-thinking or unknown model", () => {
    expect(resolveThinkingLevel({ provider: "openai", id: "gpt-4o", reasoning: false }, "high")).toMatchObject({
      effective: "off",
      clamped: true,
    });
    const unknown = resolveThinkingLevel({ provider: "my-proxy", id: "mystery-1" }, "high");
    expect(unknown.effective).toBe("off");
    expect(unknown.reason).toMatch(/unknown/);
  });

  it("accepts aliases and rejects nonsense", () => {
    expect(resolveThinkingLevel({ provider: "openai", id: "gpt-5.2" }, "x-high").effective).toBe("xhigh");
    expect(() => resolveThinkingLevel({ provider: "openai", id: "gpt-5.2" }, "ultra")).toThrow(/Expected a thinking level/);
  });

  it("property: effective is one of the offered levels and a nearest one (ties lower, same side of off)", () => {
    const levelArb = fc.constantFrom(...THINKING_LEVELS);
    const levelsArb = fc.option(fc.uniqueArray(levelArb, { minLength: 1, maxLength: 7 }), { nil: null });
    fc.assert(
      fc.property(levelsArb, levelArb, (levels, requested) => {
        const descriptor = descriptorWith(levels);
        const offered = levels ?? ["off"];
        const r = resolveThinkingLevel(descriptor, requested);
        expect(offered).toContain(r.effective);
        expect(r.requested).toBe(requested);
        expect(r.clamped).toBe(r.effective !== requested);
        expect(r.clamped ? r.reason : null).toBe(r.reason);
        if (!r.clamped) return;
        expect(r.reason).toEqual(expect.any(String));
        const thinking = offered.filter((l) => l !== "off");
        const pool = requested === "off" || thinking.length === 0 ? offered : thinking;
        if (requested === "off") {
          // off on a model that cannot disable: its lowest level
          expect(thinkingLevelRank(r.effective)).toBe(Math.min(...pool.map(thinkingLevelRank)));
          return;
        }
        if (thinking.length === 0) {
          expect(r.effective).toBe("off");
          return;
        }
        const distance = (l: ThinkingLevel) => Math.abs(thinkingLevelRank(l) - thinkingLevelRank(requested));
        const best = Math.min(...thinking.map(distance));
        expect(distance(r.effective)).toBe(best);
        const tied = thinking.filter((l) => distance(l) === best);
        expect(thinkingLevelRank(r.effective)).toBe(Math.min(...tied.map(thinkingLevelRank)));
      }),
      { numRuns: 500 },
    );
  });

  it("works from a model too, through its descriptor", () => {
    const descriptor = reasoningDescriptor({ provider: "google", id: "gemini-2.5-pro" });
    expect(resolveThinkingLevel(descriptor, "off")).toMatchObject({ effective: "minimal", clamped: true });
  });
});
