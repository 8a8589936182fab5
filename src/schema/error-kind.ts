/**
 * Every kind of provider failure the registry distinguishes. Failover, cooldowns and status all branch on these.
 *
 * @example
 * ```ts
 * // A dashboard counts failures per kind, with a zero row for kinds that never happened.
 * const counts = Object.fromEntries(ERROR_KINDS.map((kind) => [kind, 0]));
 * for (const failure of failures) counts[classifyError(failure).kind]++;
 * ```
 */
export const ERROR_KINDS = [
  "auth_invalid",
  "auth_expired",
  "rate_limit",
  "quota_exhausted",
  "billing",
  "overloaded",
  "timeout",
  "network",
  "context_overflow",
  "content_policy",
  "model_not_found",
  "bad_request",
  "server_error",
  "aborted",
  "unknown",
] as const;

/**
 * One of {@link ERROR_KINDS}.
 *
 * @example
 * ```ts
 * const kind: ErrorKind = "rate_limit";
 * ```
 */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * What a caller should do next after a failure; a default per kind that callers may override.
 *
 * @example
 * ```ts
 * const action: FailoverAction = "rotate_key";
 * ```
 */
export type FailoverAction = "rotate_key" | "next_profile" | "next_model" | "retry" | "surface";

/**
 * What a failure is about: one credential, one credential on one model, or the whole provider.
 *
 * @example
 * ```ts
 * const scope: ErrorScope = "credential";
 * ```
 */
export type ErrorScope = "credential" | "model" | "provider" | "request";
