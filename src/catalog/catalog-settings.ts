import { z } from "zod";
import { ModelMetadataSchema } from "../schema/model-metadata.js";

/**
 * Schema of the `allowlist` section of settings.json: model refs (`provider/model`, or `provider/*` for a whole
 * provider). Empty means every model is allowed.
 *
 * @example
 * ```ts
 * AllowlistSchema.parse(["openai/gpt-5", "ollama/*"]);
 * ```
 */
export const AllowlistSchema = z.array(z.string().min(1));

/**
 * Schema of the `aliases` section of settings.json: alias → model ref. Aliases are matched case-insensitively.
 *
 * @example
 * ```ts
 * ModelAliasesSchema.parse({ sonnet: "anthropic/claude-sonnet-4-5" });
 * ```
 */
export const ModelAliasesSchema = z.record(z.string().min(1), z.string().min(1));

/**
 * One settings override: a partial {@link ModelMetadataSchema} patch; `cost` may itself be partial. Deep-merged
 * over every other layer (it is the highest one).
 *
 * @example
 * ```ts
 * ModelOverrideSchema.parse({ contextWindow: 1000000, cost: { cacheRead: 0.3 } });
 * ```
 */
export const ModelOverrideSchema = ModelMetadataSchema.extend({
  cost: ModelMetadataSchema.shape.cost.unwrap().partial().nullable(),
}).partial();

/**
 * A settings override patch.
 *
 * @example
 * ```ts
 * const patch: ModelOverride = { tools: true };
 * ```
 */
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

/**
 * Schema of the `modelOverrides` section of settings.json: `provider/model` → patch.
 *
 * @example
 * ```ts
 * ModelOverridesSchema.parse({ "openai/gpt-5": { maxOutputTokens: 64000 } });
 * ```
 */
export const ModelOverridesSchema = z.record(z.string().min(1), ModelOverrideSchema);

/**
 * The `modelOverrides` section.
 *
 * @example
 * ```ts
 * const overrides: ModelOverrides = { "openai/gpt-5": { json: true } };
 * ```
 */
export type ModelOverrides = z.infer<typeof ModelOverridesSchema>;
