import { afterEach, describe, expect, it, vi } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { editModelsJson } from "../../src/config/edit-models-json.js";
import { normalizeJson5 } from "../../src/config/normalize-json5.js";
import { scanJson5 } from "../../src/config/json5-scanner.js";
import { parseJson5 } from "../../src/config/parse-json5.js";

/** Every way the package could reach the console or stderr, so the test sees output however json5 would print. */
function spyOnOutput() {
  return [
    vi.spyOn(console, "warn").mockImplementation(() => undefined),
    vi.spyOn(console, "error").mockImplementation(() => undefined),
    vi.spyOn(console, "log").mockImplementation(() => undefined),
    vi.spyOn(console, "info").mockImplementation(() => undefined),
    vi.spyOn(console, "debug").mockImplementation(() => undefined),
    vi.spyOn(process.stderr, "write").mockImplementation(() => true),
  ];
}

const LS = "\u2028";
const PS = "\u2029";
const TEXT = `{\n  // comment${LS} providers: {\n    "a${PS}b": { baseUrl: 'http://127.0.0.1:8000/v1', name: "x${LS}y", models: [{ id: "m${LS}" }] },\n  },\n}`;

describe("json5 without console output (U+2028/U+2029 in strings)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("parses models.json with line/paragraph separators in strings and prints nothing", () => {
    const spies = spyOnOutput();
    const result = parseModelsJson(TEXT);
    normalizeJson5(TEXT);
    scanJson5(TEXT);
    editModelsJson(TEXT, [{ path: ["providers", `a${PS}b`, "name"], value: `z${LS}` }]);
    for (const spy of spies) expect(spy, "console/stderr must stay silent").not.toHaveBeenCalled();
    expect(result.config.providers[`a${PS}b`]?.models[0]?.id).toBe(`m${LS}`);
  });

  it("keeps the value identical to json5's own reading and keeps separators outside strings as whitespace", () => {
    const spies = spyOnOutput();
    expect(parseJson5(`{ a: 'x${LS}\\'${PS}', ${LS}b: "\\${LS}c" }`)).toEqual({ a: `x${LS}'${PS}`, b: "c" });
    expect(parseJson5(`// note${LS}{ a: 1 }`)).toEqual({ a: 1 });
    expect(parseJson5(`/* ${LS} "x */ { a: "${PS}" }`)).toEqual({ a: PS });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("reports a syntax error at its position in the original text", () => {
    const spies = spyOnOutput();
    expect(() => parseJson5(`{ a: "${LS}${LS}${LS}", b: ] }`)).toThrow(/at 1:16/);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
