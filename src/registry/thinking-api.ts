import type { AreaContext } from "./area-context.js";

/**
 * Thinking levels and tiers.
 *
 * @example
 * ```ts
 * const registry = createRegistry();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ThinkingApi {}

/**
 * Build the part of the facade described by {@link ThinkingApi}.
 *
 * @example
 * ```ts
 * const api = createThinkingApi(ctx);
 * ```
 */
export function createThinkingApi(_ctx: AreaContext): ThinkingApi {
  return {};
}
