import { CATALOG_JSON_KEY } from "../storage/storage-keys.js";
import * as z from "zod";
import { ApiKindSchema } from "../schema/api-kind.js";
import { ModelMetadataSchema } from "../schema/model-metadata.js";

/**
 * Storage key of the applied refresh: what `applyReview()` wrote on top of the bundled snapshot.
 *
 * @example
 * ```ts
 * const text = await storage.get(APPLIED_CATALOG_KEY);
 * ```
 */
export const APPLIED_CATALOG_KEY = CATALOG_JSON_KEY;

/**
 * One model in `catalog.json`: the stated metadata (absent/`null` = not stated), the source it came from, and
 * `sourceMissing: true` when the last refresh no longer found it (kept, still resolvable, not offered).
 *
 * @example
 * ```ts
 * AppliedCatalogModelSchema.parse({ id: "gpt-9-preview", source: "models.dev", contextWindow: 400000, tools: true });
 * AppliedCatalogModelSchema.parse({ id: "gpt-4-0314", sourceMissing: true });
 * ```
 */
export const AppliedCatalogModelSchema = ModelMetadataSchema.partial().extend({
  id: z.string().min(1),
  /** Provenance of the stated fields. */
  source: z.enum(["models.dev", "discovered", "plugin", "builtin"]).default("models.dev"),
  /** The api kind when the model needs another protocol than its provider's. */
  api: ApiKindSchema.optional(),
  sourceMissing: z.boolean().optional(),
  /** models.dev `reasoning_options`, kept raw for the thinking rules. */
  reasoningOptions: z.array(z.looseObject({ type: z.string() })).nullable().optional(),
});

/**
 * Schema of `catalog.json`, the applied refresh: per provider, the models a refresh added, updated or marked
 * missing. The catalog layers it right above the bundled snapshot (layer `refresh`); it never deletes anything.
 *
 * @example
 * ```ts
 * // Check a catalog.json copied from another machine before putting it in storage.
 * const applied = AppliedCatalogSchema.safeParse(JSON.parse(copied));
 * if (applied.success) await storage.set("catalog.json", copied);
 * ```
 */
export const AppliedCatalogSchema = z.looseObject({
  version: z.literal(1),
  /** When the review was applied (epoch ms). */
  appliedAt: z.number().optional(),
  /** Where the refreshed data came from (e.g. `{ source: "models.dev", commit, date }`). */
  source: z.looseObject({}).optional(),
  providers: z.record(z.string(), z.looseObject({ models: z.array(AppliedCatalogModelSchema) })),
});

/**
 * The applied refresh, validated.
 *
 * @example
 * ```ts
 * const applied: AppliedCatalog = { version: 1, providers: {} };
 * ```
 */
export type AppliedCatalog = z.output<typeof AppliedCatalogSchema>;

/**
 * `catalog.json` as a writer builds it (defaults optional).
 *
 * @example
 * ```ts
 * const input: AppliedCatalogInput = { version: 1, providers: { groq: { models: [{ id: "new-model" }] } } };
 * ```
 */
export type AppliedCatalogInput = z.input<typeof AppliedCatalogSchema>;
