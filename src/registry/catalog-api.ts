import type { AreaContext } from "./area-context.js";

/**
 * Providers, models, resolution and explain().
 *
 * @example
 * ```ts
 * const registry = createRegistry();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CatalogApi {}

/**
 * Build the part of the facade described by {@link CatalogApi}.
 *
 * @example
 * ```ts
 * const api = createCatalogApi(ctx);
 * ```
 */
export function createCatalogApi(_ctx: AreaContext): CatalogApi {
  return {};
}
