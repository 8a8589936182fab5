import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { editModelsJson } from "../../src/config/edit-models-json.js";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { DiagnosticSchema } from "../../src/schema/diagnostic.js";
import { fixture } from "./fixtures.js";

const REAL_FILES = ["openclaw-generated.json", "hand-edited.json5", "crlf.json", "mixed-errors.json5"].map(fixture);

/** The promise every property checks: no throw, well-formed diagnostics, each located inside the text. */
function checkInvariants(text: string, env: Record<string, string> = {}) {
  const result = parseModelsJson(text, { env });
  expect(result.config.mode === "merge" || result.config.mode === "replace").toBe(true);
  expect(typeof result.config.providers).toBe("object");
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCount = body.split("\n").length;
  for (const d of result.diagnostics) {
    expect(DiagnosticSchema.safeParse(d).success).toBe(true);
    expect(d.code).not.toBe("internal_error");
    expect(d.message).toMatch(/\S/);
    expect(d.hint).toMatch(/\S/);
    expect(Number.isInteger(d.line) && d.line! >= 1 && d.line! <= lineCount).toBe(true);
    expect(Number.isInteger(d.column) && d.column! >= 1).toBe(true);
  }
  return result;
}

const withLineEndings = (text: string, crlf: boolean, bom: boolean) =>
  `${bom ? "\uFEFF" : ""}${crlf ? text.replace(/\r?\n/g, "\r\n") : text.replace(/\r\n/g, "\n")}`;

const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("1e400", "-1e400", "123456789012345678901234567890", "0xFFFFFFFFFFFFFFFFFFFF", "NaN", "-0", "Infinity"),
);

/** A provider that is valid by construction. */
const validProvider = fc.record(
  {
    baseUrl: fc.constantFrom("http://127.0.0.1:11434", "http://127.0.0.1:1234/v1", "https://api.example.com/v1"),
    api: fc.constantFrom("openai-completions", "anthropic-messages", "ollama"),
    models: fc.array(
      fc.record(
        { id: fc.string({ minLength: 1, maxLength: 12 }), contextWindow: fc.integer({ min: 1, max: 2_000_000 }), reasoning: fc.boolean() },
        { requiredKeys: ["id"] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ["baseUrl"] },
);

/** A provider whose fields may have any type. */
const anyProvider = fc.dictionary(
  fc.constantFrom("baseUrl", "apiKey", "api", "headers", "authHeader", "models", "compat", "baseURL", "x"),
  wrongValue,
  { maxKeys: 5 },
);

describe("parseModelsJson on arbitrary input (property tests)", () => {
  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: fc.constantFrom(..."{}[]:,\"' \n\r/*a1-+.eE\\"), maxLength: 120 })), (text) => {
        checkInvariants(text);
      }),
      { numRuns: 1500 },
    );
  });

  it("any mix of comments and whitespace is an empty config, and an edit keeps every comment first", () => {
    const trivia = fc.array(
      fc.oneof(
        fc.string({ unit: fc.constantFrom(" ", "\t", "\n", "\r\n", "\u00A0", "\u2028", "\uFEFF") , maxLength: 4 }),
        fc.string({ unit: fc.constantFrom(..."ab {}[]:,\"'*/"), maxLength: 12 }).map((t) => `// ${t.replace(/[\r\n\u2028\u2029]/g, "")}\n`),
        fc.string({ unit: fc.constantFrom(..."ab {}[]:,\"'\n/"), maxLength: 12 }).map((t) => `/*${t.replace(/\*\//g, "")}*/`),
      ),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(trivia, (parts) => {
        const text = parts.join("");
        expect(checkInvariants(text)).toEqual({ config: { mode: "merge", providers: {} }, diagnostics: [], assumed: {} });
        const edited = editModelsJson(text, [{ path: ["providers", "x", "baseUrl"], value: "http://h/v1" }]);
        expect(parseModelsJson(edited.text).config.providers).toEqual({ x: { baseUrl: "http://h/v1", models: [] } });
        if (text.trim() !== "" && !/[\u00A0\u2028\uFEFF]/.test(text.replace(/^\uFEFF/, "").trimEnd())) {
          expect(edited.strategy).toBe("in-place");
          expect(edited.text.startsWith(text.trimEnd())).toBe(true);
          expect(edited.text.replace(/\r\n/g, "\n")).toContain('{\n  "providers": {\n    "x": {');
        } else if (text.trim() !== "") {
          // jsonc-parser knows no Unicode whitespace, so such a file is rewritten; the original is handed back to keep.
          expect(edited.backup?.text).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on truncated real files (with BOM and CRLF variants)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL_FILES), fc.nat(), fc.boolean(), fc.boolean(), (file, cut, crlf, bom) => {
        const text = withLineEndings(file.slice(0, cut % (file.length + 1)), crlf, bom);
        const result = checkInvariants(text, { LMSTUDIO_KEY: "k", VLLM_API_KEY: "k" });
        if (result.diagnostics.some((d) => d.code === "syntax_error")) expect(result.config.providers).toEqual({});
      }),
      { numRuns: 1500 },
    );
  });

  it("never throws on real files with random edits", () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 5 }), insert: fc.string({ unit: fc.constantFrom(..."{}[]:,\"'x 0\n\uFEFF\u2028"), maxLength: 4 }) });
    fc.assert(
      fc.property(fc.constantFrom(...REAL_FILES), fc.array(edit, { minLength: 1, maxLength: 4 }), (file, edits) => {
        let text = file;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        checkInvariants(text);
      }),
      { numRuns: 1500 },
    );
  });

  it("one bad provider never drops the others (per-provider isolation)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), validProvider, { minKeys: 1, maxKeys: 4 }),
        fc.dictionary(fc.stringMatching(/^bad-[a-z0-9]{1,6}$/), anyProvider, { maxKeys: 4 }),
        fc.boolean(),
        (good, bad, json5) => {
          const providers: Record<string, unknown> = {};
          const ids = [...Object.keys(good), ...Object.keys(bad)].sort();
          for (const id of ids) providers[id] = good[id] ?? bad[id];
          const value = { providers };
          const text = (json5 ? JSON5.stringify(value, null, 2) : JSON.stringify(value, null, 2)).replace(
            // Unquote the special numbers where they are values (keys must stay strings) — but never a model id: a
            // generated id such as "-0" must stay a string, or the "good" model becomes invalid (seed 390761311).
            /(?<!\bid"?)(:\s*)"(1e400|-1e400|123456789012345678901234567890|0xFFFFFFFFFFFFFFFFFFFF|NaN|-0|Infinity)"/g,
            "$1$2",
          );
          const { config, diagnostics } = checkInvariants(text);
          for (const id of Object.keys(good)) {
            expect(config.providers[id], `provider ${id}`).toBeDefined();
            const uniqueIds = new Set(good[id]!.models?.map((m) => m.id));
            expect(config.providers[id]!.models.map((m) => m.id).sort()).toEqual([...uniqueIds].sort());
          }
          for (const d of diagnostics.filter((x) => x.severity === "error")) {
            expect(d.path[0]).toBe("providers");
            expect(String(d.path[1])).toMatch(/^bad-/);
          }
        },
      ),
      { numRuns: 800 },
    );
  });

  it("reports duplicate keys as located warnings wherever they appear", () => {
    fc.assert(
      fc.property(fc.constantFrom("providers", "baseUrl", "api", "mode"), fc.nat({ max: 3 }), (key, extra) => {
        const dupes = Array.from({ length: extra + 2 }, (_, i) => `"${key}": ${key === "mode" ? '"merge"' : key === "providers" ? "{}" : `"v${i}"`}`);
        const text = key === "mode" || key === "providers" ? `{\n  ${dupes.join(",\n  ")}\n}` : `{ "providers": { "p": {\n  ${dupes.join(",\n  ")}\n} } }`;
        const { diagnostics } = checkInvariants(text);
        const warnings = diagnostics.filter((d) => d.code === "duplicate_key");
        expect(warnings).toHaveLength(extra + 1);
        expect(warnings.map((w) => w.line)).toEqual(Array.from({ length: extra + 1 }, (_, i) => i + 3));
      }),
      { numRuns: 200 },
    );
  });

  it("survives deep nesting anywhere", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom("root", "provider", "model"), fc.boolean(), (depth, where, closed) => {
        const deep = `${"[{\"a\":".repeat(depth)}1${closed ? "}]".repeat(depth) : ""}`;
        const text =
          where === "root"
            ? deep
            : where === "provider"
              ? `{ "providers": { "p": { "baseUrl": "http://h", "extra": ${deep} } } }`
              : `{ "providers": { "p": { "models": [{ "id": "m", "x": ${deep} }] } } }`;
        const { config } = checkInvariants(text);
        if (closed && where !== "root") expect(config.providers.p).toBeDefined();
      }),
      { numRuns: 60 },
    );
  });
});
