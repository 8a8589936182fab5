/**
 * A URL safe to show in a message or store in state: no user-info, no query string, no fragment (a `?key=` or
 * `user:pass@` must never reach a log).
 *
 * @example
 * ```ts
 * displayUrl("https://u:p@example.com/v1/models?key=abc"); // "https://example.com/v1/models"
 * ```
 */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return String(url).replace(/[?#].*$/, "").replace(/\/\/[^/@]*@/, "//");
  }
}

/**
 * The origin of a URL (`scheme://host:port`), or `null` when it does not parse. Two URLs are the same origin when
 * these strings are equal; `http` and `https` of one host are different origins.
 *
 * @example
 * ```ts
 * originOf("http://127.0.0.1:8080/v1/models?key=x"); // "http://127.0.0.1:8080"
 * ```
 */
export function originOf(url: string | URL): string | null {
  try {
    const origin = new URL(String(url)).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
