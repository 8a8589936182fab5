import * as z from "zod";
import { THINKING_LEVELS } from "./thinking-levels.js";

/**
 * Schema of one thinking level name.
 *
 * @example
 * ```ts
 * ThinkingLevelSchema.parse("high");
 * ```
 */
export const ThinkingLevelSchema = z.enum(THINKING_LEVELS);

/**
 * Prices in USD per million tokens. Each price is `null` when no source states it; `0` means free.
 *
 * @example
 * ```ts
 * ModelCostSchema.parse({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
 * ```
 */
export const ModelCostSchema = z.object({
  input: z.number().nullable(),
  output: z.number().nullable(),
  cacheRead: z.number().nullable(),
  cacheWrite: z.number().nullable(),
});

/**
 * The one model-metadata shape every source (bundled snapshot, models.dev, discovery, plugins, models.json) maps to.
 * Every field that no source states is `null` — never `false`, `0` or a guessed default.
 *
 * @example
 * ```ts
 * // Keep only the fields the package knows from a third-party catalog entry.
 * const meta = ModelMetadataSchema.partial().parse(entry);
 * if (meta.contextWindow != null && meta.contextWindow < 32000) hideFromAgentPicker(entry.id);
 * ```
 */
export const ModelMetadataSchema = z.object({
  /** Display name. */
  name: z.string().nullable(),
  /** Model family, e.g. `gpt-5`, `claude-sonnet`. */
  family: z.string().nullable(),
  /** Total context window in tokens. */
  contextWindow: z.number().int().positive().nullable(),
  /** Maximum output tokens per response. */
  maxOutputTokens: z.number().int().positive().nullable(),
  /** Input modalities: `text`, `image`, `audio`, `video`, `pdf`. */
  input: z.array(z.string()).nullable(),
  /** Output modalities: `text`, `image`, `audio`, `speech`, `video`. */
  output: z.array(z.string()).nullable(),
  /** Tool / function calling. */
  tools: z.boolean().nullable(),
  /** Structured (JSON) output. */
  json: z.boolean().nullable(),
  /** Whether the model reasons ("thinks"). */
  reasoning: z.boolean().nullable(),
  /** Thinking levels the model accepts, when a source states them. */
  thinkingLevels: z.array(ThinkingLevelSchema).nullable(),
  /** The level used when none is requested, when a source states it. */
  defaultThinkingLevel: ThinkingLevelSchema.nullable(),
  /** Prices per million tokens. */
  cost: ModelCostSchema.nullable(),
  /** Training-data cutoff, e.g. `2025-03`. */
  knowledge: z.string().nullable(),
  /** Release date, e.g. `2025-08-07`. */
  releaseDate: z.string().nullable(),
  /** Whether weights are openly available. */
  openWeights: z.boolean().nullable(),
  /** Requires a private network or manual setup (local servers, gateways). */
  manualSetup: z.boolean().nullable(),
  /** Auth hints for setup UIs, e.g. `["apiKey"]`, `["oauth"]`. */
  authHints: z.array(z.string()).nullable(),
  /**
   * The model's maximum context as a local server states it apart from the context it runs with (LM Studio's
   * `max_context_length`; a copy may be loaded with less): `contextWindow` is what a request can use, this is what
   * reloading the model could give. `null` when no source states it.
   */
  maxContextWindow: z.number().int().positive().nullable(),
});

/**
 * Model capabilities, limits and prices; `null` wherever unknown.
 *
 * @example
 * ```ts
 * if (model.tools === null) console.log("tool support unknown");
 * ```
 */
export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;

/**
 * Field names of {@link ModelMetadata}, for iteration in layering and explain.
 *
 * @example
 * ```ts
 * for (const field of MODEL_METADATA_FIELDS) console.log(field);
 * ```
 */
export const MODEL_METADATA_FIELDS = Object.keys(ModelMetadataSchema.shape) as ReadonlyArray<keyof ModelMetadata>;

/**
 * Metadata with every field unknown: the starting point for a model no source describes.
 *
 * @example
 * ```ts
 * const blank = { ...UNKNOWN_MODEL_METADATA };
 * ```
 */
export const UNKNOWN_MODEL_METADATA: Readonly<ModelMetadata> = Object.freeze({
  name: null,
  family: null,
  contextWindow: null,
  maxOutputTokens: null,
  input: null,
  output: null,
  tools: null,
  json: null,
  reasoning: null,
  thinkingLevels: null,
  defaultThinkingLevel: null,
  cost: null,
  knowledge: null,
  releaseDate: null,
  openWeights: null,
  manualSetup: null,
  authHints: null,
  maxContextWindow: null,
});
