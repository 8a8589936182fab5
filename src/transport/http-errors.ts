import { ProviderCallError } from "../errors/provider-call-error.js";
import { displayUrl, originOf } from "./display-url.js";
import { edgeRecovery } from "./edge-recovery.js";

/**
 * The request carried a credential and the server redirected it to another origin. The hop is refused, so the
 * credential never reaches that origin and its answer never counts as proof that the key works.
 *
 * @example
 * ```ts
 * throw crossOriginRedirectError({ from: "http://127.0.0.1:8080/v1/models", to: "http://localhost:9090/x", carriers: ["x-api-key"] });
 * ```
 */
export function crossOriginRedirectError(input: { from: string; to: string; carriers: readonly string[]; status: number }): ProviderCallError {
  const target = originOf(input.to) ?? displayUrl(input.to);
  return new ProviderCallError({
    kind: "bad_request",
    code: "cross_origin_redirect",
    status: input.status,
    message:
      `Expected ${originOf(input.from) ?? displayUrl(input.from)} to answer, found a redirect (HTTP ${input.status}) from ` +
      `${displayUrl(input.from)} to another origin, ${displayUrl(input.to)}. The request carries a credential ` +
      `(${input.carriers.join(", ")}), which is never sent to another origin, so the redirect was not followed.`,
    recovery: edgeRecovery("cross_origin_redirect", { target }),
  });
}

/**
 * A browser answered a manual redirect with an `opaqueredirect` response: where it points is hidden from scripts, so
 * it cannot be checked for the origin rule and is not followed.
 *
 * @example
 * ```ts
 * throw opaqueRedirectError("https://proxy.example/v1/models");
 * ```
 */
export function opaqueRedirectError(url: string): ProviderCallError {
  return new ProviderCallError({
    kind: "bad_request",
    code: "opaque_redirect",
    message: `Expected ${displayUrl(url)} to answer, found a redirect whose target the browser hides (opaqueredirect), so it was not followed.`,
    recovery: edgeRecovery("opaque_redirect"),
  });
}

/**
 * More redirect hops than allowed, or a redirect to something that is not an http(s) URL.
 *
 * @example
 * ```ts
 * throw redirectError("https://x.dev/v1/models", "followed 5 redirects without an answer");
 * ```
 */
export function redirectError(url: string, detail: string, status?: number): ProviderCallError {
  return new ProviderCallError({
    kind: "bad_request",
    code: "redirect_invalid",
    ...(status !== undefined ? { status } : {}),
    message: `Expected ${displayUrl(url)} to answer, found ${detail}.`,
    recovery: edgeRecovery("redirect_invalid"),
  });
}

/**
 * A response body grew past its cap while streaming in. Reading stopped there; nothing past the cap was buffered.
 *
 * @example
 * ```ts
 * throw responseTooLargeError("https://x.dev/v1/models", 16 * 1024 * 1024);
 * ```
 */
export function responseTooLargeError(url: string, maxBytes: number, status?: number): ProviderCallError {
  return new ProviderCallError({
    kind: "bad_request",
    code: "response_too_large",
    ...(status !== undefined ? { status } : {}),
    message: `Expected an answer of at most ${formatBytes(maxBytes)} from ${displayUrl(url)}, found a larger one; reading stopped at the cap.`,
    recovery: edgeRecovery("response_too_large"),
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
