import type { AreaContext } from "./area-context.js";

/**
 * Reading and editing models.json (comment-preserving).
 *
 * @example
 * ```ts
 * const registry = createRegistry();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConfigApi {}

/**
 * Build the part of the facade described by {@link ConfigApi}.
 *
 * @example
 * ```ts
 * const api = createConfigApi(ctx);
 * ```
 */
export function createConfigApi(_ctx: AreaContext): ConfigApi {
  return {};
}
