import type { AreaContext } from "./area-context.js";

/**
 * Checks, status reports, local providers and custom models.
 *
 * @example
 * ```ts
 * const registry = createRegistry();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StatusApi {}

/**
 * Build the part of the facade described by {@link StatusApi}.
 *
 * @example
 * ```ts
 * const api = createStatusApi(ctx);
 * ```
 */
export function createStatusApi(_ctx: AreaContext): StatusApi {
  return {};
}
