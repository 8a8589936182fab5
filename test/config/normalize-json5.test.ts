import fc from "fast-check";
import JSON5 from "json5";
import { parse, parseTree, type ParseError } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { isJsoncCompatible, normalizeJson5 } from "../../src/config/normalize-json5.js";

describe("normalizeJson5", () => {
  it("property: JSON5 output becomes JSON that jsonc-parser reads to the same value, comments kept", () => {
    fc.assert(
      fc.property(
        // `__proto__` keys are excluded here: jsonc-parser cannot read them back, so normalizeJson5 refuses them
        // (tested below) and the editor falls back to a rewrite with a backup.
        fc.jsonValue({ maxDepth: 4 }).filter((v) => !JSON.stringify(v).includes('"__proto__"')),
        fc.constantFrom("'", '"'),
        fc.boolean(),
        (value, quote, trailing) => {
        let text = `// head comment\n${JSON5.stringify(value, { space: 2, quote })}\n/* tail */`;
        if (trailing) text = text.replace(/\n(\s*)([}\]])/g, ",\n$1$2").replace(/([[{]),\n/g, "$1\n");
        let original: unknown;
        try {
          original = JSON5.parse(text);
        } catch {
          return; // the trailing-comma rewrite produced `[,]` for an empty container: not a valid input
        }
        const out = normalizeJson5(text);
        expect(out).toBeDefined();
        const errors: ParseError[] = [];
        parseTree(out!, errors, { allowTrailingComma: false });
        expect(errors).toEqual([]);
        expect(parse(out!)).toEqual(original);
        expect(out).toContain("// head comment");
        expect(out).toContain("/* tail */");
        expect(isJsoncCompatible(out!, original)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses a __proto__ key, which a JSON reader would turn into a prototype instead of a field", () => {
    expect(normalizeJson5("{ __proto__: 0 }")).toBeUndefined();
    expect(normalizeJson5('{ "a": { "__proto__": { "x": 1 } } }')).toBeUndefined();
  });

  it("converts hex, signs and bare dots; refuses Infinity and NaN, which JSON cannot hold", () => {
    expect(normalizeJson5("{ a: 0x1F, b: +1, c: .5, d: 5., e: -0xA, f: 'it\\'s', g: \"line\\\ncontinued\" }")).toBe(
      '{ "a": 31, "b": 1, "c": 0.5, "d": 5, "e": -10, "f": "it\'s", "g": "linecontinued" }',
    );
    expect(normalizeJson5("{ a: Infinity }")).toBeUndefined();
    expect(normalizeJson5("{ a: NaN }")).toBeUndefined();
    expect(normalizeJson5("{ a: ")).toBeUndefined();
  });
});
