import type { AreaContext } from "./area-context.js";

/**
 * Stored credentials, key rotation, cooldowns and run().
 *
 * @example
 * ```ts
 * const registry = createRegistry();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CredentialsApi {}

/**
 * Build the part of the facade described by {@link CredentialsApi}.
 *
 * @example
 * ```ts
 * const api = createCredentialsApi(ctx);
 * ```
 */
export function createCredentialsApi(_ctx: AreaContext): CredentialsApi {
  return {};
}
