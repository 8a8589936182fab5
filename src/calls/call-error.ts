import { classifyError } from "../errors/classify-error.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { isRegistryError } from "../errors/registry-error.js";
import type { Secret } from "../schema/secret.js";
import { redactError, redactText } from "../transport/redact.js";

/**
 * Any failure of a call as the `ProviderCallError` an `error` event carries, with every known key scrubbed. A
 * registry error that is not about the provider (no credentials, a bad ref, an unsupported input) keeps its code and
 * recovery under kind `bad_request`, so a host switches on `kind` and reads `code` for the detail.
 *
 * @example
 * ```ts
 * yield { type: "error", error: asCallError(caught, { secrets: [key] }) };
 * ```
 */
export function asCallError(error: unknown, options: { secrets?: readonly (Secret | string)[] } = {}): ProviderCallError {
  const secrets = options.secrets ?? [];
  if (error instanceof ProviderCallError) return secrets.length > 0 ? redactError(error, { secrets }) : error;
  if (isRegistryError(error)) {
    return new ProviderCallError({
      kind: "bad_request",
      code: error.code,
      message: redactText(error.message, { secrets }),
      ...(error.recovery !== undefined ? { recovery: error.recovery } : {}),
      cause: redactError(error, { secrets }),
    });
  }
  const classification = classifyError(error);
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "the call failed";
  return new ProviderCallError({
    kind: classification.kind,
    ...(classification.status !== null ? { status: classification.status } : {}),
    ...(classification.retryAfterMs !== undefined ? { retryAfterMs: classification.retryAfterMs } : {}),
    message: redactText(message.slice(0, 300), { secrets }),
    cause: redactError(error, { secrets }),
  });
}
