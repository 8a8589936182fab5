import type { ErrorKind } from "../schema/error-kind.js";

/**
 * Where the failing credential came from, for a recovery text that names the right fix.
 *
 * @example
 * ```ts
 * const origin: CredentialOrigin = { providerId: "openai", credentialId: "openai:env:OPENAI_API_KEY", envVar: "OPENAI_API_KEY", label: null, type: "apiKey" };
 * ```
 */
export interface CredentialOrigin {
  providerId: string;
  credentialId: string | null;
  envVar: string | null;
  label: string | null;
  type: "apiKey" | "token" | "oauth" | null;
}

/**
 * What a user should do next after a failure of `kind` with this credential.
 *
 * @example
 * ```ts
 * recoveryFor("auth_invalid", { providerId: "openai", credentialId: null, envVar: "OPENAI_API_KEY", label: null, type: "apiKey" });
 * // "Replace OPENAI_API_KEY with a valid key (the provider rejected it)."
 * ```
 */
export function recoveryFor(
  kind: ErrorKind,
  origin: CredentialOrigin,
  extra: { retryAfterMs?: number | undefined; baseUrl?: string | null; reason?: string | undefined } = {},
): string {
  const p = origin.providerId;
  const replace =
    origin.envVar !== null
      ? `Replace ${origin.envVar} with a valid key`
      : origin.type === "oauth"
        ? `Sign in to ${p} again`
        : `Store a valid key with registry.${origin.type === "token" ? "setToken" : "setApiKey"}("${p}", value${origin.label ? `, { label: "${origin.label}" }` : ""})`;
  const wait = extra.retryAfterMs !== undefined ? `Wait ${Math.ceil(extra.retryAfterMs / 1000)} s` : "Wait a minute";
  switch (kind) {
    case "auth_invalid":
      return `${replace} (the provider rejected it).`;
    case "auth_expired":
      return origin.type === "oauth" ? `Sign in to ${p} again; the sign-in has expired.` : `${replace}; it has expired.`;
    case "rate_limit":
      return `${wait}, or add another key for ${p} (setApiKey with a new label, or a numbered env var) to rotate through.`;
    case "quota_exhausted":
      return `The account behind this credential is out of quota or credits: top it up, wait for the quota to reset, or add a key from another account.`;
    case "billing":
      return `Fix the billing of the ${p} account (payment method, plan), or use a credential from another account.`;
    case "overloaded":
    case "server_error":
      return `${p} is having problems on its side; retry shortly or pick a model from another provider.`;
    case "timeout":
    case "network":
      return `Check that ${extra.baseUrl ?? `the ${p} endpoint`} is reachable from this machine (network, proxy, VPN, local server running).`;
    case "context_overflow":
      return "Shorten the input or pick a model with a larger context window.";
    case "content_policy":
      return "The provider refused the content under its usage policy; change the request. Falling back to another model is deliberately not automatic.";
    case "model_not_found":
      return `Check the model id; registry.listModels({ provider: "${p}" }) lists the ones this registry knows.`;
    case "bad_request": {
      // A restricted key missing a scope is valid: say which permission to add rather than "replace the key".
      const permission = /^message:missing permission(?: \(scopes: (.+)\))?$/.exec(extra.reason ?? "");
      if (permission) {
        const which = permission[1] ? `the ${permission[1]} permission` : "the permission this call needs";
        const key = origin.envVar ?? (origin.credentialId !== null ? `"${origin.credentialId}"` : "this credential");
        return `The key is valid but not allowed to do this: give ${key} ${which} (for an OpenAI restricted key, edit its permissions on the API keys page; also check your organization and project role), or use a key that has it. The key was not disabled.`;
      }
      return "The provider rejected the request itself; see the message for the field it names.";
    }
    case "aborted":
      return "The call was cancelled by the caller; nothing to fix.";
    default:
      return "See the error's cause for the provider's own message.";
  }
}
