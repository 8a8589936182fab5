import type { Secret } from "../schema/secret.js";

/**
 * Access tokens are treated as expired this long before their stated expiry, so a token never expires in flight.
 *
 * @example
 * ```ts
 * isOAuthExpired({ expiresAt: Date.now() + 4 * 60_000 }, Date.now()); // true: inside the 5-minute skew
 * ```
 */
export const OAUTH_EXPIRY_SKEW_MS = 5 * 60_000;

/**
 * True when an access token expiring at `expiresAt` must be refreshed now (5-minute skew).
 *
 * @example
 * ```ts
 * if (isOAuthExpired(credential, Date.now())) await refresh();
 * ```
 */
export function isOAuthExpired(credential: { expiresAt: number }, now: number): boolean {
  return now >= credential.expiresAt - OAUTH_EXPIRY_SKEW_MS;
}

/**
 * An OAuth credential as hosts hand it over (after a sign-in) and as `OAuthProvider.refresh` returns it.
 * `expiresAt` is epoch milliseconds; values may be strings or {@link Secret}s.
 *
 * @example
 * ```ts
 * const input: OAuthCredentialInput = { access: "at-…", refresh: "rt-…", expiresAt: Date.now() + 3600_000 };
 * ```
 */
export interface OAuthCredentialInput {
  access: string | Secret;
  refresh?: string | Secret | null | undefined;
  expiresAt: number;
  accountId?: string | null | undefined;
}

/**
 * What `OAuthProvider.refresh` receives: the current tokens as {@link Secret}s (call `.reveal()` when building the
 * token request), never logged by accident.
 *
 * @example
 * ```ts
 * async function refresh(c: OAuthRefreshInput) { return refreshTokenGrant({ tokenUrl, clientId, refreshToken: c.refresh!.reveal() }); }
 * ```
 */
export interface OAuthRefreshInput {
  providerId: string;
  credentialId: string;
  access: Secret;
  refresh: Secret | null;
  expiresAt: number;
  accountId: string | null;
}

/**
 * A host-supplied OAuth integration for one provider. The SDK ships no vendor client ids; hosts implement
 * `refresh` (and optionally `login`) with their own app registration, e.g. using the generic
 * `refreshTokenGrant`, `startDeviceCodeFlow` and PKCE helpers.
 *
 * @example
 * ```ts
 * const provider: OAuthProvider = {
 *   id: "acme",
 *   refresh: (c) => refreshTokenGrant({ tokenUrl: "https://auth.acme.dev/token", clientId: "my-app", refreshToken: c.refresh!.reveal() }),
 * };
 * registry.registerOAuthProvider(provider);
 * ```
 */
export interface OAuthProvider {
  /** The registry provider id this integration signs in to. */
  id: string;
  /** Interactive sign-in; the result is stored with `setOAuthCredential`. */
  login?: (options?: { signal?: AbortSignal }) => Promise<OAuthCredentialInput>;
  /** Exchange the refresh token for new tokens. Throw on failure; terminal errors (`invalid_grant`) mark the credential broken. */
  refresh: (credential: OAuthRefreshInput) => Promise<OAuthCredentialInput>;
}

const TERMINAL = /\b(?:invalid_grant|refresh_token_reused|refresh token (?:has been |was |is )?(?:revoked|reused|already (?:been )?used|expired|invalid)|token_expired|unauthorized_client|invalid_client)\b/i;

/**
 * True when a refresh failure means the grant is dead and the user must sign in again (`invalid_grant`, a reused or
 * revoked refresh token, a rejected client), as opposed to a transient failure (network, 5xx) worth retrying later.
 *
 * @example
 * ```ts
 * isTerminalRefreshError({ status: 400, body: { error: "invalid_grant" } }); // true
 * isTerminalRefreshError(new TypeError("fetch failed")); // false
 * ```
 */
export function isTerminalRefreshError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 4 || value === null || value === undefined || seen.has(value)) return false;
    if (typeof value === "string") return TERMINAL.test(value);
    if (typeof value !== "object") return false;
    seen.add(value);
    const bag = value as Record<string, unknown>;
    for (const field of ["error", "code", "message", "error_description", "oauthError", "body"]) {
      if (visit(bag[field], depth + 1)) return true;
    }
    return visit(bag.cause, depth + 1);
  };
  return visit(error, 0);
}
