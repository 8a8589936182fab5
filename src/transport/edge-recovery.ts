/**
 * Codes the HTTP edge gives the failures it raises itself (not the server's answer): a refused redirect, a redirect it
 * cannot follow, a body past its cap.
 *
 * @example
 * ```ts
 * EDGE_ERROR_CODES.includes("cross_origin_redirect"); // true
 * ```
 */
export const EDGE_ERROR_CODES = ["cross_origin_redirect", "opaque_redirect", "redirect_invalid", "response_too_large"] as const;

/**
 * One of {@link EDGE_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: EdgeErrorCode = "response_too_large";
 * ```
 */
export type EdgeErrorCode = (typeof EDGE_ERROR_CODES)[number];

/**
 * What an edge recovery may name. `target` is the origin a refused redirect points at; it is known when the error is
 * raised, not when only a stored probe record (which keeps the code) is left.
 *
 * @example
 * ```ts
 * const where: EdgeRecoveryContext = { target: "https://api.example.com" };
 * ```
 */
export interface EdgeRecoveryContext {
  target?: string | null | undefined;
}

/**
 * The one table of edge recoveries: the error the edge throws and the status built later from a stored probe code both
 * read it, so they give the same advice. `Record<EdgeErrorCode, …>` makes a new code a compile error until it has one.
 */
const EDGE_RECOVERY: Readonly<Record<EdgeErrorCode, (c: EdgeRecoveryContext) => string>> = Object.freeze({
  cross_origin_redirect: (c) =>
    c.target
      ? `If ${c.target} is the real API host, set the provider's base URL to it; otherwise fix the server or proxy that redirects.`
      : "The server redirects to another origin, where a credential is never sent: if that origin (named in the check's message) is the real API host, point the provider's base URL at it; otherwise fix the server or proxy that redirects.",
  opaque_redirect: () => "Set the provider's base URL to the final API host, so no redirect is needed.",
  redirect_invalid: () => "Set the provider's base URL to the final API host, or fix the server's redirects.",
  response_too_large: () =>
    "Check that the base URL points at the API (not a file or a web page); if the server really lists this much, filter it on the server side.",
});

/**
 * Whether `code` is one of {@link EDGE_ERROR_CODES}.
 *
 * @example
 * ```ts
 * isEdgeErrorCode("opaque_redirect"); // true
 * ```
 */
export function isEdgeErrorCode(code: string | null | undefined): code is EdgeErrorCode {
  return typeof code === "string" && (EDGE_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * The next step after the edge refused or stopped a request with `code`.
 *
 * @example
 * ```ts
 * edgeRecovery("cross_origin_redirect", { target: "http://localhost:9090" });
 * // "If http://localhost:9090 is the real API host, set the provider's base URL to it; ..."
 * ```
 */
export function edgeRecovery(code: EdgeErrorCode, context: EdgeRecoveryContext = {}): string {
  return EDGE_RECOVERY[code](context);
}
