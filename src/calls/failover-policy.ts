import { ProviderCallError } from "../errors/provider-call-error.js";
import { isRegistryError } from "../errors/registry-error.js";
import type { ErrorKind } from "../schema/error-kind.js";

// The request itself is at fault, or the caller stopped: another model would fail the same way or is not wanted.
const NO_FAILOVER: ReadonlySet<ErrorKind> = new Set(["bad_request", "content_policy", "aborted"]);
// Registry errors that mean "this candidate cannot be called", not "the request is wrong".
const CANDIDATE_CODES: ReadonlySet<string> = new Set(["no_credentials", "base_url_missing", "unknown_provider", "unsupported_api", "input_not_supported", "plugin_disabled"]);

/**
 * Whether a failure before any output moves on to the next model: auth, billing, quota, rate limits (once the keys
 * are exhausted), overload, timeouts, network and server errors, an unknown model, a context overflow, or a candidate
 * that cannot be called at all (no credentials, no base URL). A bad request, a content-policy refusal and a caller's
 * abort never fail over.
 *
 * @example
 * ```ts
 * if (!failsOver(error)) throw error; // else try the next fallback
 * ```
 */
export function failsOver(error: unknown): boolean {
  if (error instanceof ProviderCallError) {
    if (typeof error.code === "string" && CANDIDATE_CODES.has(error.code)) return true;
    return !NO_FAILOVER.has(error.kind);
  }
  return isRegistryError(error) && CANDIDATE_CODES.has(error.code);
}
