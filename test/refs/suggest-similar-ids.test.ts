import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suggestSimilarIds } from "../../src/refs/suggest-similar-ids.js";

const OPENROUTER = [
  "anthropic/claude-sonnet-4",
  "anthropic/claude-sonnet-4.5",
  "anthropic/claude-sonnet-4.6",
  "anthropic/claude-sonnet-5",
  "~anthropic/claude-sonnet-latest",
];

describe("suggestSimilarIds", () => {
  it("offers the id that differs only in version separators, alone (the Mayros seed example)", () => {
    expect(suggestSimilarIds("anthropic/claude-sonnet-4-5", OPENROUTER)).toEqual(["anthropic/claude-sonnet-4.5"]);
    expect(suggestSimilarIds("Anthropic/Claude_Sonnet_4.5", OPENROUTER)).toEqual(["anthropic/claude-sonnet-4.5"]);
    expect(suggestSimilarIds("claude-sonnet-4-5@20250929", ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"])).toEqual([
      "claude-sonnet-4-5-20250929",
    ]);
  });

  it("matches across a vendor prefix the user added or left out", () => {
    expect(suggestSimilarIds("claude-sonnet-4.5", OPENROUTER)).toEqual(["anthropic/claude-sonnet-4.5"]);
    expect(suggestSimilarIds("anthropic/claude-sonnet-4-5", ["claude-sonnet-4-5", "claude-opus-4-5"])).toEqual(["claude-sonnet-4-5"]);
  });

  it("offers typos with the same digits, never another version", () => {
    expect(suggestSimilarIds("anthropic/claude-sonet-4.5", OPENROUTER)).toEqual(["anthropic/claude-sonnet-4.5"]);
    expect(suggestSimilarIds("gemini-3-flash", ["gemini-2.5-flash", "gemini-3.1-flash"])).toEqual([]);
    expect(suggestSimilarIds("openrouterr", ["openai", "openrouter"])).toEqual(["openrouter"]);
  });

  it("counts two swapped neighbouring letters as one typo (gtp-5 → gpt-5)", () => {
    expect(suggestSimilarIds("gtp-5", ["gpt-5", "gpt-5-mini", "gpt-4o"])).toEqual(["gpt-5"]);
    expect(suggestSimilarIds("cluade-sonnet-4-5", ["claude-sonnet-4-5", "claude-opus-4-5"])).toEqual(["claude-sonnet-4-5"]);
  });

  it("completes an id the user cut short, shortest first", () => {
    expect(suggestSimilarIds("gemini-3-pro", ["gemini-3-pro-image-preview", "gemini-2.5-pro", "gemini-3-pro-preview"])).toEqual([
      "gemini-3-pro-preview",
      "gemini-3-pro-image-preview",
    ]);
  });

  it("offers nothing when nothing is close, and never the input itself", () => {
    expect(suggestSimilarIds("nonexistent", ["openai", "anthropic", "openrouter"])).toEqual([]);
    expect(suggestSimilarIds("gpt-5", ["gpt-5", "gpt-5.1"])).toEqual([]);
    expect(suggestSimilarIds("", ["a"])).toEqual([]);
  });

  it("caps the list (3 by default) and keeps the candidates' order on ties", () => {
    const many = ["m-a1", "m-b1", "m-c1", "m-d1"];
    expect(suggestSimilarIds("m-e1", many)).toEqual(["m-a1", "m-b1", "m-c1"]);
    expect(suggestSimilarIds("m-e1", many, { limit: 1 })).toEqual(["m-a1"]);
  });

  it("returns at most `limit` distinct known ids, and the separator-equal one first (property)", () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9./:_-]{0,20}$/);
    fc.assert(
      fc.property(id, fc.array(id, { maxLength: 30 }), fc.integer({ min: 0, max: 5 }), (input, candidates, limit) => {
        const out = suggestSimilarIds(input, candidates, { limit });
        expect(out.length).toBeLessThanOrEqual(limit);
        expect(new Set(out).size).toBe(out.length);
        for (const s of out) {
          expect(candidates).toContain(s);
          expect(s).not.toBe(input);
        }
        const respelled = input.replace(/[-.]/g, (c) => (c === "-" ? "." : "-"));
        if (limit > 0 && respelled !== input && !candidates.includes(respelled)) {
          expect(suggestSimilarIds(input, [...candidates, respelled], { limit })[0]).toBe(
            candidates.find((c) => c !== input && c.toLowerCase().replace(/[.\-_:@\s]+/g, "") === input.replace(/[.\-_:@\s]+/g, "")) ?? respelled,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
