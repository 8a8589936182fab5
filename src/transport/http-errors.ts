import { ProviderCallError } from "../errors/provider-call-error.js";
import { displayUrl, originOf } from "./display-url.js";

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
    recovery: `If ${target} is the real API host, set the provider's base URL to it; otherwise fix the server or proxy that redirects.`,
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
    recovery: "Set the provider's base URL to the final API host, so no redirect is needed.",
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
    recovery: "Set the provider's base URL to the final API host, or fix the server's redirects.",
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
    recovery: "Check that the base URL points at the API (not a file or a web page); if the server really lists this much, filter it on the server side.",
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
