import type { ErrorKind } from "../schema/error-kind.js";
import { EDGE_ERROR_CODES, edgeRecovery } from "../transport/edge-recovery.js";
import { shownUrl } from "./shown-url.js";

/**
 * What a failed check's recovery may name: the env var the key came from, the URL that was asked.
 *
 * @example
 * ```ts
 * const where: RecoveryContext = { envVar: "OPENAI_API_KEY", baseUrl: "https://api.openai.com/v1" };
 * ```
 */
export interface RecoveryContext {
  envVar?: string | undefined;
  baseUrl?: string | null | undefined;
  /** A local server: a connection failure means it is not running yet, not a proxy problem. */
  local?: boolean | undefined;
}

const url = (c: RecoveryContext) => (c.baseUrl ? ` (${shownUrl(c.baseUrl)})` : "");
const startLocal = (c: RecoveryContext) => `Start the local server, test the URL${url(c)}, fetch models, and save.`;
const retryLater = "Check again later; if it persists, check the provider's status page.";

/**
 * One recovery per error kind: `Record<ErrorKind, …>` makes a new kind a compile error until it has advice.
 * Only an auth failure is about the key, so only it talks about the environment variable (and the GUI-export pitfall);
 * a network failure is about the URL, the connection and the proxy, whatever the key's source.
 */
const RECOVERY_BY_KIND: Readonly<Record<ErrorKind, (c: RecoveryContext) => string>> = Object.freeze({
  auth_invalid: (c) =>
    c.envVar
      ? `Check that ${c.envVar} holds a valid key and is available to this app (services and apps started from a GUI do not inherit shell exports), then check again.`
      : "Replace the key or remove the stale credential and connect again.",
  auth_expired: (c) => (c.envVar ? `Set a fresh key or token in ${c.envVar} and restart the app.` : "Reconnect the provider or save a fresh token."),
  network: (c) => c.local ? startLocal(c) : `Check the base URL${url(c)}, your network connection and proxy settings (HTTPS_PROXY, VPN, firewall), then check again.`,
  timeout: (c) => c.local ? startLocal(c) : `The provider did not answer in time: check the base URL${url(c)}, the network and proxy, or raise timeoutMs, then check again.`,
  rate_limit: () => "Wait a moment and check again; the provider is rate-limiting this key.",
  overloaded: () => "The provider is overloaded: wait a moment and check again.",
  quota_exhausted: () => "Check the provider account's quota and usage limits.",
  billing: () => "Check the provider account's billing: add credits or a payment method.",
  server_error: (c) => (c.local ? `The server${url(c)} answered with an error: check its logs, then test again.` : retryLater),
  model_not_found: (c) => `Check that the base URL${url(c)} points at the provider's API and that the account can list/use models.`,
  bad_request: (c) => `The provider refused the check request: check the base URL${url(c)} and the provider kind (api) in models.json.`,
  context_overflow: () => retryLater,
  content_policy: () => retryLater,
  aborted: () => "The check was cancelled; run it again.",
  unknown: (c) => `Check the base URL${url(c)} and the server's logs, then check again.`,
});

const notTheApi = (c: RecoveryContext) =>
  `Something answered${c.baseUrl ? ` at ${shownUrl(c.baseUrl)}` : ""} but not with the expected API: check the base URL and the provider kind (api)${c.local ? " or preset" : " in models.json"}.`;
/**
 * Finer codes that call for other advice than their kind: the edge's own refusals (a redirect to another origin is a
 * `bad_request`, but the fix is the base URL, not the provider kind) and a server that answered with something other
 * than the expected API. Codes not listed here fall back to {@link RECOVERY_BY_KIND}.
 */
const RECOVERY_BY_CODE: ReadonlyMap<string, (c: RecoveryContext) => string> = new Map<string, (c: RecoveryContext) => string>([
  ...EDGE_ERROR_CODES.map((code) => [code, () => edgeRecovery(code)] as const),
  ["invalid_response", notTheApi],
  ["endpoint_not_found", notTheApi],
]);

/**
 * The next step after a check failed: the finer code decides when it has its own advice (the HTTP edge's codes such
 * as `cross_origin_redirect` come from the edge's own table, so status and the thrown error agree), else the kind.
 *
 * @example
 * ```ts
 * recoveryForFailure({ kind: "bad_request", code: "cross_origin_redirect" }, { baseUrl: "http://127.0.0.1:8080/v1" });
 * // "The server redirects to another origin, ... point the provider's base URL at it; ..."
 * ```
 */
export function recoveryForFailure(failure: { kind: ErrorKind | null; code?: string | null | undefined }, context: RecoveryContext = {}): string {
  const byCode = failure.code ? RECOVERY_BY_CODE.get(failure.code) : undefined;
  if (byCode) return byCode(context);
  return RECOVERY_BY_KIND[failure.kind ?? "unknown"](context);
}

/**
 * The next step after a check failed with `kind`: the recovery follows the classified kind, never the credential's
 * source alone (an `ENOTFOUND` on an env-backed key is a network problem, not an unexported variable).
 *
 * @example
 * ```ts
 * recoveryForErrorKind("network", { envVar: "OPENAI_API_KEY", baseUrl: "https://api.openai.com/v1" });
 * // "Check the base URL (https://api.openai.com/v1), your network connection and proxy settings ..."
 * ```
 */
export function recoveryForErrorKind(kind: ErrorKind, context: RecoveryContext = {}): string {
  return RECOVERY_BY_KIND[kind](context);
}
