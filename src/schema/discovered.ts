import * as z from "zod";
import { ModelMetadataSchema } from "./model-metadata.js";

/**
 * Schema of one discovered model: an id (the wire id, verbatim) plus whatever metadata the listing endpoint stated.
 * Fields the endpoint did not state are absent or `null`.
 *
 * @example
 * ```ts
 * // A custom listing backend checks what it maps from its server; unknown stays null, never 0.
 * const models = rows.map((row) => DiscoveredModelSchema.parse({ id: row.name, contextWindow: row.ctx ?? null }));
 * ```
 */
export const DiscoveredModelSchema = ModelMetadataSchema.partial().extend({
  id: z.string().min(1),
  /** Backend-specific facts worth keeping (e.g. LM Studio `loadedContextLength`, vLLM `root`/`parent` for LoRA). */
  extra: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A model as a discovery adapter reports it.
 *
 * @example
 * ```ts
 * const m: DiscoveredModel = { id: "gpt-5" };
 * ```
 */
export type DiscoveredModel = z.infer<typeof DiscoveredModelSchema>;

/**
 * Most models kept from one provider's listing: 5,000. The largest real catalogs (OpenRouter, Together, Hugging
 * Face's router) list a few hundred to about 2,000 models, so every real listing is kept whole, while a runaway
 * listing (a proxy exposing every file it can serve, 200,000 entries) no longer becomes a state.json of hundreds of MB
 * that every later call parses. Kept are the first models in the server's order; the status reports
 * `listing_truncated` with the count the server listed.
 *
 * @example
 * ```ts
 * if (models.length > MAX_STORED_MODELS) console.log("this listing will be cut");
 * ```
 */
export const MAX_STORED_MODELS = 5000;

/**
 * Cap a listing at `max` models ({@link MAX_STORED_MODELS} by default). `truncatedFrom` is the number the server
 * listed when models were dropped, else `null`.
 *
 * @example
 * ```ts
 * const { models, truncatedFrom } = capListing(result.models);
 * ```
 */
export function capListing<M>(models: readonly M[], max: number = MAX_STORED_MODELS): { models: M[]; truncatedFrom: number | null } {
  if (models.length <= max) return { models: [...models], truncatedFrom: null };
  return { models: models.slice(0, max), truncatedFrom: models.length };
}

/**
 * Schema of the `discovered` section of `state.json`: the last successful model listing per provider, which the
 * catalog layers in as the `discovered` provenance.
 *
 * @example
 * ```ts
 * const cache = await readSection(storage, "state.json", "discovered", DiscoveredCacheSchema, {});
 * ```
 */
export const DiscoveredCacheSchema = z.record(
  z.string(),
  z.object({ at: z.number(), models: z.array(DiscoveredModelSchema) }),
);

/**
 * The `discovered` section of `state.json`, keyed by provider id.
 *
 * @example
 * ```ts
 * const count = Object.values(cache).reduce((n, p) => n + p.models.length, 0);
 * ```
 */
export type DiscoveredCache = z.infer<typeof DiscoveredCacheSchema>;
