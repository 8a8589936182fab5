import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { ApiKindSchema } from "../../src/schema/api-kind.js";
import { ModelsJsonSchema, modelsJsonJsonSchema } from "../../src/schema/models-json.js";
import { fixture } from "../config/fixtures.js";

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; additionalProperties?: JsonSchemaNode | boolean; items?: JsonSchemaNode; enum?: unknown[]; anyOf?: JsonSchemaNode[]; description?: string; type?: string; format?: string };

describe("models.json schema", () => {
  it("emits a draft-07 JSON Schema editors can use, generated from the zod schema", () => {
    const schema = modelsJsonJsonSchema() as JsonSchemaNode & { $schema: string; title: string };
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.title).toBe("models.json");
    const provider = schema.properties?.providers?.additionalProperties as JsonSchemaNode;
    expect(Object.keys(provider.properties ?? {})).toEqual(["baseUrl", "apiKey", "api", "headers", "authHeader", "discovery", "models"]);
    expect(provider.properties?.api?.enum).toEqual(ApiKindSchema.options);
    expect(provider.properties?.apiKey?.anyOf).toHaveLength(2);
    expect(provider.properties?.baseUrl?.description).toContain("never /v1");
    const model = provider.properties?.models?.items as JsonSchemaNode;
    expect(Object.keys(model.properties ?? {})).toEqual(expect.arrayContaining(["id", "name", "reasoning", "input", "cost", "contextWindow", "maxTokens"]));
    // Unknown fields are allowed at every level: the schema must not reject a file the registry accepts.
    expect(provider.additionalProperties).not.toBe(false);
    expect(model.additionalProperties).not.toBe(false);
    expect(schema.additionalProperties).not.toBe(false);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("accepts the shapes the docs show, including unknown fields, and agrees with the parser", () => {
    for (const name of ["openclaw-generated.json", "crlf.json"]) {
      const text = fixture(name);
      expect(ModelsJsonSchema.safeParse(JSON.parse(text)).success).toBe(true);
      expect(parseModelsJson(text).diagnostics.filter((d) => d.severity === "error" && d.code !== "missing_env_var")).toEqual([]);
    }
    expect(ModelsJsonSchema.parse({ providers: { x: { baseUrl: "http://h/v1", apiKey: { env: "X_KEY" }, custom: { deep: [1] } } }, future: 1 })).toMatchObject({ future: 1, providers: { x: { custom: { deep: [1] } } } });
  });

  it("a file the zod schema accepts never produces a parser error (except a missing env var, or a missing base URL the catalog cannot supply)", () => {
    const model = fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), contextWindow: fc.integer({ min: 1, max: 1e7 }), input: fc.array(fc.constantFrom("text", "image")) }, { requiredKeys: ["id"] });
    const provider = fc.record(
      { baseUrl: fc.constantFrom("http://127.0.0.1:1234/v1", "https://x.example/v1"), api: fc.constantFrom(...ApiKindSchema.options), authHeader: fc.boolean(), apiKey: fc.constantFrom("${K}", "literal-key-abcdef"), models: fc.uniqueArray(model, { selector: (m) => m.id, maxLength: 3 }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), provider, { maxKeys: 4 }), (providers) => {
        const file = { providers };
        expect(ModelsJsonSchema.safeParse(file).success).toBe(true);
        const { config, diagnostics } = parseModelsJson(JSON.stringify(file), { env: { K: "key-value" } });
        // Whether a provider needs its own baseUrl depends on the catalog (built-in/plugin defaults), not the file's shape.
        const urlless = (id: string) => providers[id]?.baseUrl === undefined && (providers[id]?.models ?? []).length > 0;
        for (const d of diagnostics.filter((x) => x.code === "base_url_missing")) expect(urlless(String(d.path[1]))).toBe(true);
        expect(diagnostics.filter((d) => d.severity === "error" && d.code !== "base_url_missing")).toEqual([]);
        expect(Object.keys(config.providers).sort()).toEqual(Object.keys(providers).sort());
      }),
      { numRuns: 300 },
    );
  });
});
