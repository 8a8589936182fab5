import * as z from "zod";
import { ApiKindSchema } from "./api-kind.js";
import { DiscoveryKindSchema } from "./provider-definition.js";

/**
 * Input modalities a custom model may declare in models.json.
 *
 * @example
 * ```ts
 * ModelInputModalitySchema.parse("image");
 * ```
 */
export const ModelInputModalitySchema = z.enum(["text", "image", "audio", "video", "pdf"]);

/**
 * The `apiKey` of a models.json provider as written in the file: `"${VAR}"` or `{ "env": "VAR" }` (references,
 * resolved from the environment at read time), or a literal key. A bare upper-case name such as `"LMSTUDIO_KEY"` is
 * read as an env reference too (with a warning), because that is how pi/OpenClaw files use it.
 *
 * @example
 * ```ts
 * SecretRefInputSchema.parse("${OPENROUTER_API_KEY}");
 * SecretRefInputSchema.parse({ env: "OPENROUTER_API_KEY" });
 * ```
 */
export const SecretRefInputSchema = z
  .union([
    z.string().describe('"${VAR}" (env reference), a bare UPPER_CASE env var name, or a literal key'),
    z.object({ env: z.string().min(1).describe("Name of the environment variable holding the key") }),
  ])
  .describe('API key: "${VAR}", { "env": "VAR" }, or a literal key. Prefer a reference: the key then never lands in this file.');

/**
 * Prices of a custom model in USD per million tokens.
 *
 * @example
 * ```ts
 * ModelCostConfigSchema.parse({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
 * ```
 */
export const ModelCostConfigSchema = z.looseObject({
  input: z.number().nonnegative().optional().describe("USD per million input tokens"),
  output: z.number().nonnegative().optional().describe("USD per million output tokens"),
  cacheRead: z.number().nonnegative().optional().describe("USD per million cached input tokens read"),
  cacheWrite: z.number().nonnegative().optional().describe("USD per million input tokens written to the cache"),
});

/**
 * One model in a models.json provider's `models` list (pi/OpenClaw shape). Unknown fields are kept.
 *
 * @example
 * ```ts
 * // Turn form fields into one model entry; a bad context window fails here, not in models.json.
 * const model = ModelConfigSchema.parse({ id: form.id, name: form.name, contextWindow: Number(form.contextWindow) });
 * await registry.updateModelsConfig([{ path: ["providers", "ollama", "models", -1], value: model }]);
 * ```
 */
export const ModelConfigSchema = z.looseObject({
  id: z.string().min(1).describe("The model id sent on the wire, verbatim"),
  name: z.string().optional().describe("Display name"),
  api: ApiKindSchema.optional().describe("Wire protocol for this model, overriding the provider's"),
  baseUrl: z.url({ protocol: /^https?$/ }).optional().describe("Endpoint for this model, overriding the provider's"),
  reasoning: z.boolean().optional().describe("Whether the model reasons (thinks)"),
  input: z.array(ModelInputModalitySchema).optional().describe('Input modalities, e.g. ["text", "image"]'),
  cost: ModelCostConfigSchema.optional().describe("Prices in USD per million tokens"),
  contextWindow: z.number().int().positive().optional().describe("Context window in tokens"),
  maxTokens: z.number().int().positive().optional().describe("Maximum output tokens per response"),
  tools: z.boolean().optional().describe("Whether the model supports tool / function calling"),
  json: z.boolean().optional().describe("Whether the model supports structured (JSON) output"),
  openWeights: z.boolean().optional().describe("Whether the model's weights are openly available"),
  headers: z.record(z.string(), z.string()).optional().describe("Extra HTTP headers; override the provider's"),
  compat: z.looseObject({}).optional().describe("Provider quirks (pi/OpenClaw compat flags)"),
});

/**
 * One provider under `providers` in models.json, as written in the file. Unknown fields are kept.
 *
 * @example
 * ```ts
 * // An "add provider" form checks one provider block before registry.updateModelsConfig writes it.
 * const input = { baseUrl: form.baseUrl, api: "openai-completions", models: [{ id: form.modelId }] };
 * const checked = ProviderConfigInputSchema.safeParse(input);
 * if (checked.success) await registry.updateModelsConfig([{ path: ["providers", form.id], value: input }]);
 * else form.showErrors(checked.error.issues);
 * ```
 */
export const ProviderConfigInputSchema = z.looseObject({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Endpoint base URL, e.g. "http://127.0.0.1:1234/v1" (Ollama: "http://127.0.0.1:11434", never /v1)'),
  apiKey: SecretRefInputSchema.optional(),
  api: ApiKindSchema.optional().describe("Wire protocol (api kind) used to call this provider"),
  headers: z.record(z.string(), z.string()).optional().describe("Extra HTTP headers sent with every request"),
  authHeader: z.boolean().optional().describe("Send `Authorization: Bearer <apiKey>`"),
  discovery: DiscoveryKindSchema.optional().describe(
    'How to list this provider\'s models live, e.g. "ollama", "lmstudio", "openai-compatible"; "none" to never probe',
  ),
  models: z.array(ModelConfigSchema).optional().describe("Custom models offered by this provider"),
});

/**
 * The whole models.json file (JSON5), pi/OpenClaw shape: `{ mode?, providers: { <id>: { baseUrl, apiKey?, api?,
 * headers?, authHeader?, models? } } }`. The single source of truth for validation and for the JSON Schema editors
 * use ({@link modelsJsonJsonSchema}). Unknown fields are kept at every level.
 *
 * @example
 * ```ts
 * // A settings form checks pasted models.json content before saving it (parseModelsJson gives line/column diagnostics).
 * const result = ModelsJsonSchema.safeParse(JSON5.parse(pasted));
 * if (!result.success) form.showErrors(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
 * ```
 */
export const ModelsJsonSchema = z.looseObject({
  $schema: z.string().optional().describe("JSON Schema URL or path, for editors"),
  mode: z
    .enum(["merge", "replace"])
    .optional()
    .describe('"merge" (default) adds these providers to the built-in catalog; "replace" uses only these'),
  providers: z
    .record(z.string(), ProviderConfigInputSchema)
    .optional()
    .describe("Custom and overridden providers, keyed by provider id"),
});

/**
 * models.json as written by a user (before secret refs are resolved).
 *
 * @example
 * ```ts
 * const file: ModelsJsonInput = { providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama" } } };
 * ```
 */
export type ModelsJsonInput = z.input<typeof ModelsJsonSchema>;

/**
 * A models.json provider as written by a user.
 *
 * @example
 * ```ts
 * const p: ProviderConfigInput = { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" };
 * ```
 */
export type ProviderConfigInput = z.input<typeof ProviderConfigInputSchema>;

/**
 * The JSON Schema of models.json (draft-07, the draft every editor supports), generated from {@link ModelsJsonSchema}. The build writes it to
 * `dist/models.schema.json` (package export `model-provider-registry/models.schema.json`) so editors autocomplete
 * and check the file.
 *
 * @example
 * ```ts
 * // Write the JSON Schema next to the user's models.json so editors autocomplete and check it.
 * await writeFile(path.join(home, "models.schema.json"), JSON.stringify(modelsJsonJsonSchema(), null, 2));
 * ```
 */
export function modelsJsonJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ModelsJsonSchema, { io: "input", unrepresentable: "any", target: "draft-7" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://unpkg.com/model-provider-registry/dist/models.schema.json",
    title: "models.json",
    description:
      "Custom and overridden LLM providers for model-provider-registry (pi/OpenClaw models.json shape, JSON5).",
  };
}
