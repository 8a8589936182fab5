import { oauthErrorCode } from "../errors/error-codes.js";
import { RegistryError, type RegistryErrorOptions } from "../errors/registry-error.js";

/**
 * An OAuth endpoint answered with an error (RFC 6749 §5.2 / RFC 8628 §3.5): `oauthError` is the server's `error`
 * code (`invalid_grant`, `access_denied`, `expired_token`, ...). Never carries a token.
 *
 * @example
 * ```ts
 * try { await refreshTokenGrant(options); } catch (e) { if (e instanceof OAuthError && e.oauthError === "invalid_grant") signInAgain(); }
 * ```
 */
export class OAuthError extends RegistryError {
  override name = "OAuthError";
  readonly oauthError: string | null;
  readonly status: number | null;

  constructor(options: RegistryErrorOptions & { oauthError?: string | null; status?: number | null }) {
    super({ ...options, code: options.code ?? oauthErrorCode(options.oauthError) });
    this.oauthError = options.oauthError ?? null;
    this.status = options.status ?? null;
  }
}
