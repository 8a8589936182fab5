/**
 * The next request of a redirect chain, as `fetch` would make it: 301/302 turn a POST into a GET without a body,
 * 303 turns anything but HEAD into a GET without a body, 307/308 keep the method and the body.
 *
 * @example
 * ```ts
 * const hop: RedirectHop = { url: "https://api.example.com/v1/models", method: "GET", keepBody: false };
 * ```
 */
export interface RedirectHop {
  url: string;
  method: string;
  keepBody: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * True for the statuses that redirect (301, 302, 303, 307, 308). Other 3xx (300, 304) are answers.
 *
 * @example
 * ```ts
 * isRedirectStatus(302); // true
 * ```
 */
export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * Where and how a redirect continues, or `null` when the answer has no `Location` (then it is the answer). Throws a
 * `TypeError` for a `Location` that does not resolve to an http(s) URL; the edge turns it into its error.
 *
 * @example
 * ```ts
 * nextHop({ status: 303, location: "/done", url: "https://x.dev/v1/start", method: "POST" });
 * // { url: "https://x.dev/done", method: "GET", keepBody: false }
 * ```
 */
export function nextHop(input: { status: number; location: string | null; url: string; method: string }): RedirectHop | null {
  if (input.location === null || input.location === "") return null;
  const target = new URL(input.location, input.url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError(`redirect to a ${target.protocol} URL`);
  const method = input.method.toUpperCase();
  const toGet = (input.status === 303 && method !== "HEAD") || ((input.status === 301 || input.status === 302) && method === "POST");
  return { url: target.toString(), method: toGet ? "GET" : method, keepBody: !toGet };
}
