import type { ErrorKind, ErrorScope } from "../schema/error-kind.js";
import { RegistryError, type RegistryErrorOptions } from "./registry-error.js";

/**
 * Options for {@link ProviderCallError}.
 *
 * @example
 * ```ts
 * new ProviderCallError({ kind: "rate_limit", status: 429, providerId: "openai", message: "OpenAI rate limit (429)." });
 * ```
 */
export interface ProviderCallErrorOptions extends RegistryErrorOptions {
  kind: ErrorKind;
  status?: number | undefined;
  retryAfterMs?: number | undefined;
  scope?: ErrorScope | undefined;
  providerId?: string | undefined;
  credentialId?: string | undefined;
  requestId?: string | undefined;
}

/**
 * A call to a provider failed. One class for every failure; `kind` is the discriminant (not a subclass per status),
 * so `switch (error.kind)` covers every case. Never carries a secret: messages and URLs are scrubbed first.
 *
 * @example
 * ```ts
 * if (isRegistryError(error) && error.name === "ProviderCallError") {
 *   const e = error as ProviderCallError;
 *   if (e.kind === "auth_invalid") console.log("Replace the key for", e.providerId);
 * }
 * ```
 */
export class ProviderCallError extends RegistryError {
  override name = "ProviderCallError";
  readonly kind: ErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly scope: ErrorScope | undefined;
  readonly providerId: string | undefined;
  readonly credentialId: string | undefined;
  readonly requestId: string | undefined;

  constructor(options: ProviderCallErrorOptions) {
    super({ code: options.kind, ...options });
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.scope = options.scope;
    this.providerId = options.providerId;
    this.credentialId = options.credentialId;
    this.requestId = options.requestId;
  }
}
