import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { applyJsonEdits, type ModelsJsonEdit } from "../../src/config/apply-json-edits.js";
import { editModelsJson, EMPTY_MODELS_JSON, modelsJsonBackupKey } from "../../src/config/edit-models-json.js";
import { Secret } from "../../src/schema/secret.js";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { fixture } from "./fixtures.js";

const commented = fixture("commented.jsonc");

function expectConfigError(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (error) {
    expect(isRegistryError(error)).toBe(true);
    expect(error).toMatchObject({ name: "ConfigError", code });
    return error as { diagnostics: unknown[]; message: string; recovery: string };
  }
  throw new Error("expected a ConfigError");
}

describe("editModelsJson", () => {
  it("changes one value in place; every other byte stays", () => {
    const result = editModelsJson(commented, [{ path: ["providers", "lmstudio", "baseUrl"], value: "http://10.0.0.5:1234/v1" }]);
    expect(result).toMatchObject({ changed: true, strategy: "in-place", backup: null });
    expect(result.text).toBe(commented.replace("http://127.0.0.1:1234/v1", "http://10.0.0.5:1234/v1"));
  });

  it("adds a provider after the last one, laid out like its siblings", () => {
    const result = editModelsJson(commented, [
      { path: ["providers", "vllm"], value: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" } },
    ]);
    expect(result.text).toBe(
      commented.replace(
        '      "x-team-note": "unknown field, kept" // KEEP-6\n    }\n',
        '      "x-team-note": "unknown field, kept" // KEEP-6\n    },\n    "vllm": {\n      "baseUrl": "http://127.0.0.1:8000/v1",\n      "api": "openai-completions"\n    }\n',
      ),
    );
  });

  it("adds to a one-line object without exploding it, and appends to a list with -1", () => {
    const result = editModelsJson(commented, [
      { path: ["providers", "ollama", "models"], value: [{ id: "llama3.3" }] },
      { path: ["providers", "lmstudio", "models", -1], value: { id: "gemma-3-12b" } },
    ]);
    expect(result.strategy).toBe("in-place");
    expect(result.text).toBe(
      commented
        .replace('"api": "ollama" },', '"api": "ollama", "models": [ { "id": "llama3.3" } ] },')
        .replace('{ "id": "qwen3-8b", "contextWindow": 32768 } /* KEEP-5 */\n', '{ "id": "qwen3-8b", "contextWindow": 32768 }, /* KEEP-5 */\n        {\n          "id": "gemma-3-12b"\n        }\n'),
    );
  });

  it("adds a member after a value with a same-line comment, leaving the comment where it was", () => {
    const result = editModelsJson(commented, [{ path: ["providers", "lmstudio", "authHeader"], value: true }]);
    expect(result.text).toBe(
      commented.replace('"x-team-note": "unknown field, kept" // KEEP-6\n', '"x-team-note": "unknown field, kept", // KEEP-6\n      "authHeader": true\n'),
    );
  });

  it("removes a provider and keeps the comment trailing the previous line", () => {
    const text = '{\n  "providers": {\n    "a": { "baseUrl": "http://a" }, // about a\n    "b": { "baseUrl": "http://b" }\n  }\n}\n';
    const result = editModelsJson(text, [{ path: ["providers", "b"], value: undefined }]);
    expect(result.text).toBe('{\n  "providers": {\n    "a": { "baseUrl": "http://a" } // about a\n  }\n}\n');
  });

  it("removing the first, a middle, the last or the only member takes its own comment and leaves the others", () => {
    const three = '{\n  "p": {\n    "a": {}, // about a\n    "b": {}, // about b\n    "c": {} // about c\n  }\n}\n';
    const remove = (text: string, key: string) => editModelsJson(text, [{ path: ["p", key], value: undefined }]).text;
    expect(remove(three, "a")).toBe('{\n  "p": {\n    "b": {}, // about b\n    "c": {} // about c\n  }\n}\n');
    expect(remove(three, "b")).toBe('{\n  "p": {\n    "a": {}, // about a\n    "c": {} // about c\n  }\n}\n');
    expect(remove(three, "c")).toBe('{\n  "p": {\n    "a": {}, // about a\n    "b": {} // about b\n  }\n}\n');
    expect(remove('{\n  "p": {\n    "a": {} // only\n  }\n}\n', "a")).toBe('{\n  "p": {\n  }\n}\n');
    expect(remove('{ "p": { "a": 1, "b": 2, "c": 3 } }', "c")).toBe('{ "p": { "a": 1, "b": 2 } }');
    expect(remove('{ "p": { "a": 1, "b": 2, "c": 3 } }', "a")).toBe('{ "p": { "b": 2, "c": 3 } }');
  });

  it("keeps CRLF line ends, tab indentation and the BOM", () => {
    const text = '\uFEFF{\r\n\t"providers": {\r\n\t\t"a": {\r\n\t\t\t"baseUrl": "http://a"\r\n\t\t}\r\n\t}\r\n}\r\n';
    const result = editModelsJson(text, [{ path: ["providers", "a", "api"], value: "ollama" }]);
    expect(result.text).toBe('\uFEFF{\r\n\t"providers": {\r\n\t\t"a": {\r\n\t\t\t"baseUrl": "http://a",\r\n\t\t\t"api": "ollama"\r\n\t\t}\r\n\t}\r\n}\r\n');
  });

  it("starts absent or blank files from an empty providers object", () => {
    for (const text of [undefined, null, "", "  \n", "\uFEFF"]) {
      const result = editModelsJson(text, [{ path: ["providers", "x", "baseUrl"], value: "http://h/v1" }]);
      expect(result.backup).toBeNull();
      expect(result.text.replace(/^\uFEFF/, "")).toBe('{\n  "providers": {\n    "x": {\n      "baseUrl": "http://h/v1"\n    }\n  }\n}\n');
    }
    // Nothing to change: an absent file stays absent.
    expect(editModelsJson("", [])).toEqual({ text: "", changed: false, strategy: "in-place", backup: null });
    expect(editModelsJson(undefined, [{ path: ["mode"], value: "merge" }]).text).toBe('{\n  "providers": {},\n  "mode": "merge"\n}\n');
    expect(EMPTY_MODELS_JSON).toBe('{\n  "providers": {}\n}\n');
  });

  it("edits a file holding only comments in place: the comments stay first, then the object", () => {
    const result = editModelsJson("// add providers here\n", [{ path: ["providers", "x", "baseUrl"], value: "http://h/v1" }]);
    expect(result).toMatchObject({ changed: true, strategy: "in-place", backup: null });
    expect(result.text).toBe('// add providers here\n{\n  "providers": {\n    "x": {\n      "baseUrl": "http://h/v1"\n    }\n  }\n}\n');
    // CRLF, a BOM and a block comment without a final line end are kept as they were.
    const crlf = editModelsJson("\uFEFF/* mine */\r\n// b", [{ path: ["mode"], value: "replace" }]);
    expect(crlf.text).toBe('\uFEFF/* mine */\r\n// b\r\n{\r\n  "providers": {},\r\n  "mode": "replace"\r\n}\r\n');
    // Nothing to change: the template is left exactly as it is.
    expect(editModelsJson("// add providers here", [{ path: ["providers", "nope"], value: undefined }])).toEqual({
      text: "// add providers here",
      changed: false,
      strategy: "in-place",
      backup: null,
    });
    // An unterminated comment is not a template: still refused.
    expectConfigError(() => editModelsJson("/* add providers", [{ path: ["mode"], value: "merge" }]), "config_unparsable");
  });

  it("a no-op edit returns the same text and changed: false", () => {
    const result = editModelsJson(commented, [{ path: ["mode"], value: "merge" }, { path: ["providers", "nope"], value: undefined }]);
    expect(result).toEqual({ text: commented, changed: false, strategy: "in-place", backup: null });
  });

  it("rewrites JSON5-only syntax as JSON, keeping comments and order, and hands back the original as a backup", () => {
    const original = fixture("hand-edited.json5");
    const result = editModelsJson(original, [{ path: ["providers", "lmstudio", "api"], value: "openai-responses" }]);
    expect(result.strategy).toBe("normalized");
    expect(result.backup?.text).toBe(original);
    expect(result.text).toBe(`// models.json, edited by hand
{
  "$schema": "./node_modules/model-provider-registry/dist/models.schema.json",
  "mode": "merge",
  "providers": {
    /* LM Studio on this laptop */
    "lmstudio": {
      "baseUrl": "http://127.0.0.1:1234/v1",
      "apiKey": "\${LMSTUDIO_KEY}",
      "api": "openai-responses",
      "models": [
        { "id": "minimax-m2.1-gs32", "name": "MiniMax M2.1", "contextWindow": 200000, "maxTokens": 8192 }
      ],
      "uiColor": "teal" // kept, not used
    },
    "vllm": {
      "baseUrl": "http://127.0.0.1:8000/v1",
      "apiKey": { "env": "VLLM_API_KEY" },
      "api": "openai-completions",
      "models": [{ "id": "Qwen/Qwen3-32B", "contextWindow": 32768 }]
    }
  }
}
`);
  });

  it("re-serialises what cannot be edited safely (Infinity, duplicate keys), with a backup", () => {
    const infinite = "// note\n{ providers: { a: { models: [{ id: 'm', cost: { input: Infinity } }] } } }";
    const a = editModelsJson(infinite, [{ path: ["mode"], value: "replace" }]);
    expect(a).toMatchObject({ strategy: "rewritten", backup: { text: infinite } });
    expect(JSON5.parse(a.text)).toEqual({ providers: { a: { models: [{ id: "m", cost: { input: Infinity } }] } }, mode: "replace" });
    const dup = '{ "providers": { "a": {} }, "providers": { "b": {} } }';
    const b = editModelsJson(dup, [{ path: ["providers", "b", "api"], value: "ollama" }]);
    expect(b.backup?.text).toBe(dup);
    expect(JSON5.parse(b.text)).toEqual({ providers: { b: { api: "ollama" } } });
  });

  it("refuses unparsable text with a ConfigError carrying located diagnostics", () => {
    const error = expectConfigError(() => editModelsJson('{ "providers": { "a": ', [{ path: ["mode"], value: "merge" }]), "config_unparsable");
    expect(error.diagnostics).toEqual([expect.objectContaining({ code: "syntax_error", line: 1, column: 23 })]);
    expect(error.message).toContain("Nothing was written");
    expect(error.recovery).toMatch(/backup/);
    expectConfigError(() => editModelsJson("[1, 2]", [{ path: ["mode"], value: "merge" }]), "config_invalid_root");
  });

  it("refuses edits that cannot apply or cannot be stored as JSON", () => {
    expectConfigError(() => editModelsJson(commented, [{ path: ["providers", "x", "apiKey"], value: new Secret("sk-123456789012") }]), "invalid_edit");
    expectConfigError(() => editModelsJson(commented, [{ path: ["mode", "x"], value: 1 }]), "invalid_edit");
    expectConfigError(() => editModelsJson(commented, [{ path: ["providers", "lmstudio", "models", 5], value: {} }]), "invalid_edit");
    expectConfigError(() => editModelsJson(commented, [{ path: ["providers", "a"], value: { n: Number.NaN } }]), "invalid_edit");
    expectConfigError(() => editModelsJson(commented, [{ path: ["providers", "__proto__"], value: {} }]), "invalid_edit");
    expectConfigError(() => editModelsJson(commented, { path: ["mode"], value: "x" } as unknown as ModelsJsonEdit[]), "invalid_edit");
    expectConfigError(() => editModelsJson(commented, [{ path: "providers.x", value: 1 } as unknown as ModelsJsonEdit]), "invalid_edit");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectConfigError(() => editModelsJson(commented, [{ path: ["providers", "a"], value: cyclic }]), "invalid_edit");
  });

  it("names backups with a sortable timestamp", () => {
    expect(modelsJsonBackupKey(Date.UTC(2026, 10, 21, 8, 16, 34))).toBe("models.json.bak-2026-11-21T08-16-34-000Z");
  });

  it("property: any sequence of additions keeps every comment and yields exactly the edited value", () => {
    const ids = ["ollama", "lmstudio", "vllm", "new-one"];
    const addition = fc.oneof(
      fc.record({ path: fc.tuple(fc.constant("providers"), fc.constantFrom(...ids), fc.constantFrom("headers", "authHeader", "name", "compat", "extra")), value: fc.jsonValue({ maxDepth: 2 }) }),
      fc.record({ path: fc.tuple(fc.constant("providers"), fc.constant("lmstudio"), fc.constant("models"), fc.constant(-1)), value: fc.record({ id: fc.string({ minLength: 1 }) }) }),
      fc.record({ path: fc.tuple(fc.constant("providers"), fc.constantFrom("p1", "p2")), value: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(addition, { minLength: 1, maxLength: 6 }), fc.boolean(), (edits, crlf) => {
        const original = crlf ? commented.replace(/\n/g, "\r\n") : commented;
        const typed = edits as ModelsJsonEdit[];
        const result = editModelsJson(original, typed);
        const expected = applyJsonEdits(JSON5.parse(original), typed.map((e) => ({ path: e.path, value: JSON.parse(JSON.stringify(e.value)) })));
        expect(JSON5.parse(result.text)).toEqual(expected);
        expect(result.strategy).toBe("in-place");
        for (let n = 1; n <= 7; n++) expect(result.text).toContain(`KEEP-${n}`);
        if (crlf) expect(result.text.replace(/\r\n/g, "")).not.toContain("\n");
      }),
      { numRuns: 400 },
    );
  });

  it("property: any mix of sets and removals at existing or new paths yields exactly the edited value, in place", () => {
    const paths: Array<Array<string | number>> = [];
    const walk = (value: unknown, path: Array<string | number>) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(JSON5.parse(commented), []);
    const edit = fc.record({
      path: fc.oneof(fc.constantFrom(...paths), fc.constantFrom(["providers", "new"], ["top-level-extra"], ["providers", "ollama", "extra"])),
      value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let expected: unknown = JSON5.parse(commented);
        const applicable: ModelsJsonEdit[] = [];
        for (const e of edits) {
          try {
            expected = applyJsonEdits(expected, [{ path: e.path, value: e.value === undefined ? undefined : JSON.parse(JSON.stringify(e.value)) }]);
            applicable.push(e);
          } catch {
            // An edit into a value an earlier edit replaced with a scalar: editModelsJson refuses it too.
          }
        }
        const result = editModelsJson(commented, applicable);
        expect(JSON5.parse(result.text)).toEqual(expected);
        expect(result.strategy).toBe("in-place");
        expect(result.backup).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("property: edits on JSON5 files keep comments and values, with a backup", () => {
    const original = fixture("hand-edited.json5");
    fc.assert(
      fc.property(fc.constantFrom("lmstudio", "vllm", "other"), fc.constantFrom("api", "authHeader", "headers"), fc.jsonValue({ maxDepth: 2 }), (id, field, value) => {
        const edits = [{ path: ["providers", id, field], value }];
        const result = editModelsJson(original, edits);
        expect(JSON5.parse(result.text)).toEqual(applyJsonEdits(JSON5.parse(original), [{ path: edits[0]!.path, value: JSON.parse(JSON.stringify(value)) }]));
        if (result.changed) {
          expect(result.backup?.text).toBe(original);
          for (const comment of ["// models.json, edited by hand", "/* LM Studio on this laptop */", "// kept, not used"]) expect(result.text).toContain(comment);
        }
      }),
      { numRuns: 200 },
    );
  });
});
