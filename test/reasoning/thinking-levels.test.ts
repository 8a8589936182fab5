import { describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { isThinkingLevel, normalizeThinkingLevel, THINKING_LEVELS, thinkingLevelRank } from "../../src/reasoning/thinking-levels.js";

describe("normalizeThinkingLevel", () => {
  it.each([
    ["off", "off"],
    ["none", "off"],
    ["Disabled", "off"],
    ["false", "off"],
    ["on", "medium"],
    ["ENABLED", "medium"],
    ["min", "minimal"],
    ["minimal", "minimal"],
    ["low", "low"],
    ["mid", "medium"],
    ["Med", "medium"],
    ["x-high", "xhigh"],
    ["X_HIGH", "xhigh"],
    ["extra high", "xhigh"],
    ["extra-high", "xhigh"],
    ["  Extra   High  ", "xhigh"],
    ["xhigh", "xhigh"],
    ["maximum", "max"],
    ["MAX", "max"],
  ])("maps %j to %s", (input, expected) => {
    expect(normalizeThinkingLevel(input)).toBe(expected);
  });

  it("accepts booleans as the toggle", () => {
    expect(normalizeThinkingLevel(true)).toBe("medium");
    expect(normalizeThinkingLevel(false)).toBe("off");
  });

  it.each(["ultra", "extra-highest", "xhigher", "", "hi", "5"])("rejects %j with the list of valid levels", (input) => {
    let caught: unknown;
    try {
      normalizeThinkingLevel(input);
    } catch (error) {
      caught = error;
    }
    expect(isRegistryError(caught)).toBe(true);
    const error = caught as { code: string; message: string; recovery: string };
    expect(error.code).toBe("invalid_thinking_level");
    for (const level of THINKING_LEVELS) expect(error.message).toContain(level);
    expect(error.message).toContain(JSON.stringify(input));
    expect(error.recovery).toContain("xhigh");
  });

  it("rejects non-strings without echoing objects", () => {
    expect(() => normalizeThinkingLevel({ level: "high" })).toThrow(/found object/);
    expect(() => normalizeThinkingLevel(null)).toThrow(/found null/);
  });

  it("ranks the ladder off < minimal < low < medium < high < xhigh < max", () => {
    const ranks = THINKING_LEVELS.map(thinkingLevelRank);
    expect(ranks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(isThinkingLevel("xhigh")).toBe(true);
    expect(isThinkingLevel("x-high")).toBe(false);
  });
});
