import { z } from "zod";
import { ModelMetadataSchema } from "./model-metadata.js";

/**
 * Schema of one discovered model: an id (the wire id, verbatim) plus whatever metadata the listing endpoint stated.
 * Fields the endpoint did not state are absent or `null`.
 *
 * @example
 * ```ts
 * DiscoveredModelSchema.parse({ id: "qwen3:8b", contextWindow: 40960, tools: true });
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
