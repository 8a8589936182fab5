import type { ErrorKind } from "../errors/error-kind.js";
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
}

const url = (c: RecoveryContext) => (c.baseUrl ? ` (${shownUrl(c.baseUrl)})` : "");
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
  network: (c) => `Check the base URL${url(c)}, your network connection and proxy settings (HTTPS_PROXY, VPN, firewall), then check again.`,
  timeout: (c) => `The provider did not answer in time: check the base URL${url(c)}, the network and proxy, or raise timeoutMs, then check again.`,
  rate_limit: () => "Wait a moment and check again; the provider is rate-limiting this key.",
  overloaded: () => "The provider is overloaded: wait a moment and check again.",
  quota_exhausted: () => "Check the provider account's quota and usage limits.",
  billing: () => "Check the provider account's billing: add credits or a payment method.",
  server_error: () => retryLater,
  model_not_found: (c) => `Check that the base URL${url(c)} points at the provider's API and that the account can list/use models.`,
  bad_request: (c) => `The provider refused the check request: check the base URL${url(c)} and the provider kind (api) in models.json.`,
  context_overflow: () => retryLater,
  content_policy: () => retryLater,
  aborted: () => "The check was cancelled; run it again.",
  unknown: (c) => `Check the base URL${url(c)} and the server's logs, then check again.`,
});

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
