import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { scanJson5 } from "../../src/config/json5-scanner.js";
import { parseJson5Tracked } from "../../src/config/parse-json5-tracked.js";

/** What the one-pass parser must agree with: json5's value, and the scanner's duplicate keys. */
function reference(text: string): { value: unknown; duplicates: Array<{ path: unknown; keyStart: number }> } | "throws" {
  let value: unknown;
  // json5 warns on the console about U+2028/U+2029 in strings; the oracle's chatter is not the parser's output.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    value = JSON5.parse(text);
  } catch {
    return "throws";
  } finally {
    console.warn = warn;
  }
  const duplicates = scanJson5(text).duplicates.map((d) => ({ path: [...d.path], keyStart: d.keyStart ?? d.valueStart }));
  return { value, duplicates };
}

function check(text: string): void {
  const expected = reference(text);
  const actual = parseJson5Tracked(text);
  if (expected === "throws") {
    expect(actual).toBeUndefined();
    return;
  }
  // `undefined` is allowed (the caller falls back to json5); a value must be json5's exactly.
  if (actual === undefined) return;
  expect(Object.is(actual.value, expected.value) || JSON.stringify(actual.value) === JSON.stringify(expected.value)).toBe(true);
  expect(actual.value).toStrictEqual(expected.value);
  expect(actual.duplicates.map((d) => ({ path: [...d.path], keyStart: d.keyStart }))).toEqual(expected.duplicates);
}

const KEYS = ["a", "b", "id", "__proto__", "$x", "'q'", '"d"', "\\u0061", "ñ", "1", "a b", ""];
const SCALARS = ["1", "-2.5e3", "0x1F", ".5", "5.", "+1", "Infinity", "-NaN", "01", "true", "null", "nul", "'s'", '"t\\n"', "'a\\'b'", '"x\u2028y"', '"raw\nline"', "'\\\n'"];
const TRIVIA = ["", " ", "\n", "\t", "\u00A0", "\u2003", "// c\n", "/* c */", "/* open", "/", ",", "\r\n"];

const piece = fc.oneof(
  fc.constantFrom(...KEYS).map((k) => `${k}:`),
  fc.constantFrom(...SCALARS),
  fc.constantFrom(...TRIVIA),
  fc.constantFrom("{", "}", "[", "]", ",", ":"),
);

describe("parseJson5Tracked", () => {
  it("reads values and duplicate keys exactly as JSON5.parse and the scanner do", () => {
    check("{ a: 1, b: { c: [1, 2, { d: 'x' }] }, a: 2, }");
    check('{ "providers": { "x": { "models": [{ "id": "m", "id": "n" }] } } }');
    check("{ __proto__: { polluted: true }, a: 1 }");
    check("// only a comment\n[1, 2,]");
    check("{ a: {x: 1, x: 2}, a: 3 }");
    check("{ a: 1, a: { x: 1, x: 2 } }");
    expect(parseJson5Tracked("{ a: 1, a: 2 }")).toEqual({ value: { a: 2 }, duplicates: [{ path: ["a"], keyStart: 8 }] });
    expect(Object.getPrototypeOf(parseJson5Tracked("{ __proto__: { p: 1 } }")!.value)).toBe(Object.prototype);
  });

  it("agrees with json5 on generated JSON5 documents (valid and broken)", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => check(pieces.join(""))),
      { numRuns: 3000, seed: 14 },
    );
  });

  it("agrees with json5 on well-formed documents written in JSON5 style", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, "\t"), (value, space) => {
        check(JSON5.stringify(value, null, space));
        check(JSON.stringify(value, null, space));
      }),
      { numRuns: 1000, seed: 14 },
    );
  });

  it("never recurses: deep nesting parses", () => {
    const depth = 50_000;
    expect(parseJson5Tracked(`${"[".repeat(depth)}1${"]".repeat(depth)}`)).toBeDefined();
  });
});

describe("parseModelsJson and U+2028", () => {
  it("reads a line separator inside a string without json5's console warning (nothing but the CLI writes there)", async () => {
    const { parseModelsJson } = await import("../../src/config/parse-models-json.js");
    const warn = console.warn;
    let warned = 0;
    console.warn = () => void warned++;
    try {
      const { config } = parseModelsJson('{ providers: { a: { baseUrl: "http://127.0.0.1:1/v1", headers: { "x-note": "a\u2028b" }, models: [] } } }');
      expect(config.providers["a"]).toBeDefined();
    } finally {
      console.warn = warn;
    }
    expect(warned).toBe(0);
  });
});
