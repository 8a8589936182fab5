import * as z from "zod";

/**
 * Where a value came from. `explain()` reports one of these for every resolved field.
 * Layer order, lowest first: `default` < `builtin` / `models.dev` < `plugin` < `discovered` < `user`.
 *
 * @example
 * ```ts
 * ProvenanceSchema.parse("models.dev");
 * ```
 */
export const ProvenanceSchema = z.enum(["builtin", "models.dev", "discovered", "plugin", "user", "default"]);

/**
 * One of the provenance sources.
 *
 * @example
 * ```ts
 * const source: Provenance = "user";
 * ```
 */
export type Provenance = z.infer<typeof ProvenanceSchema>;
