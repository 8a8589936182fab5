/**
 * Every provider status, in the order of the decision table's outcomes a user sees most often first.
 *
 * | status | meaning |
 * |---|---|
 * | `healthy` | usable models found (and, for env keys, the key was verified by an authenticated probe) |
 * | `env` | an environment key is present; models may or may not be usable yet |
 * | `local` | a local/custom provider is configured but was not (yet) reached with models |
 * | `missing` | nothing configured |
 * | `broken_expired` | the OAuth login is expired or was rejected |
 * | `broken_invalid` | the key/token was rejected by the last probe |
 * | `unknown` | models exist for a provider no catalog knows, or an owned credential has no usable models |
 *
 * @example
 * ```ts
 * // A status page grouped by status, in the documented order.
 * const reports = await registry.getStatus();
 * for (const status of PROVIDER_STATUSES) {
 *   const ids = reports.filter((r) => r.status === status).map((r) => r.providerId);
 *   if (ids.length > 0) console.log(`${status}: ${ids.join(", ")}`);
 * }
 * ```
 */
export const PROVIDER_STATUSES = ["healthy", "env", "local", "missing", "broken_expired", "broken_invalid", "unknown"] as const;

/**
 * One of {@link PROVIDER_STATUSES}.
 *
 * @example
 * ```ts
 * const status: ProviderStatus = "env";
 * ```
 */
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/**
 * Statuses under which a provider's models can be offered (an `env` key may still fail; it is offered with a hint).
 *
 * @example
 * ```ts
 * USABLE_STATUSES.has("healthy"); // true
 * ```
 */
export const USABLE_STATUSES: ReadonlySet<ProviderStatus> = new Set<ProviderStatus>(["healthy", "env", "local"]);
