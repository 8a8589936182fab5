import type { FetchPort } from "../ports.js";
import { originOf } from "./display-url.js";
import { crossOriginRedirectError, opaqueRedirectError, redirectError } from "./http-errors.js";
import { loadKy } from "./load-ky.js";
import { isRedirectStatus, nextHop } from "./redirect-hop.js";

/**
 * One request for {@link sendFollowingRedirects}: everything already resolved (URL with its query, headers merged,
 * body serialised), plus the names of the parts that carry a credential.
 *
 * @example
 * ```ts
 * const send: RedirectLoopRequest = {
 *   url, method: "POST", body: '{"model":"gpt-4o"}', contentType: "application/json",
 *   headers: { authorization: `Bearer ${key}` }, carriers: ["authorization"],
 *   fetch: fetchPort(), signal, maxRedirects: 5,
 * };
 * ```
 */
export interface RedirectLoopRequest {
  url: string;
  method: string;
  body: string | undefined;
  /** Sent as `content-type` with a body unless the headers name one; dropped when a hop loses the body. */
  contentType: string | null;
  headers: Readonly<Record<string, string>>;
  /** From `credentialCarriers`: non-empty means no hop may leave the first URL's origin. */
  carriers: readonly string[];
  fetch: FetchPort;
  /** Aborts the hop in flight (and, through fetch, the body of the answer returned). */
  signal: AbortSignal;
  maxRedirects: number;
  /** Told the URL of each hop before it is sent, so a failure can name the hop that failed. */
  onHop?: ((url: string) => void) | undefined;
}

/**
 * The answer that ended a redirect chain, body unread.
 *
 * @example
 * ```ts
 * const { response, url, redirects } = await sendFollowingRedirects(send);
 * ```
 */
export interface RedirectLoopAnswer {
  response: Response;
  /** The URL that answered. */
  url: string;
  redirects: number;
}

/**
 * The redirect half of the HTTP edge, shared by `httpRequest` and `openStream`: ky over the injected fetch with
 * `redirect: "manual"`, hops followed by hand (301/302/303 → GET without a body as fetch does, 307/308 keep method and
 * body), a credential-carrying request refused with `cross_origin_redirect` before any hop to another origin, a
 * browser's `opaqueredirect` refused with `opaque_redirect`, at most `maxRedirects` hops (`redirect_invalid`). Throws
 * those as `ProviderCallError`s; fetch's own failures (abort, network) are thrown as they come, for the caller to
 * classify against its deadlines.
 *
 * @example
 * ```ts
 * const { response } = await sendFollowingRedirects({ url, method: "GET", body: undefined, contentType: null,
 *   headers: {}, carriers: [], fetch: fetchPort(), signal: AbortSignal.timeout(5000), maxRedirects: 5 });
 * ```
 */
export async function sendFollowingRedirects(request: RedirectLoopRequest): Promise<RedirectLoopAnswer> {
  const origin = originOf(request.url);
  const ky = await loadKy();
  let hop = { url: request.url, method: request.method, body: request.body };
  for (let redirects = 0; ; redirects += 1) {
    request.onHop?.(hop.url);
    const headers = { ...request.headers };
    if (hop.body !== undefined && request.contentType && !hasHeader(headers, "content-type")) headers["content-type"] = request.contentType;
    if (hop.body === undefined) deleteHeader(headers, "content-type");
    const response = await ky(hop.url, {
      fetch: request.fetch,
      method: hop.method,
      headers,
      ...(hop.body !== undefined ? { body: hop.body } : {}),
      signal: request.signal,
      redirect: "manual",
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
    });
    if (response.type === "opaqueredirect") {
      await discardBody(response);
      throw opaqueRedirectError(hop.url);
    }
    if (isRedirectStatus(response.status)) {
      let next: ReturnType<typeof nextHop>;
      try {
        next = nextHop({ status: response.status, location: response.headers.get("location"), url: hop.url, method: hop.method });
      } catch {
        await discardBody(response);
        throw redirectError(hop.url, `a redirect (HTTP ${response.status}) to something that is not an http(s) URL`, response.status);
      }
      if (next !== null) {
        await discardBody(response);
        if (request.carriers.length > 0 && originOf(next.url) !== origin) {
          throw crossOriginRedirectError({ from: hop.url, to: next.url, carriers: request.carriers, status: response.status });
        }
        if (redirects >= request.maxRedirects) throw redirectError(request.url, `more than ${request.maxRedirects} redirects`, response.status);
        hop = { url: next.url, method: next.method, body: next.keepBody ? hop.body : undefined };
        continue;
      }
    }
    return { response, url: hop.url, redirects };
  }
}

/**
 * Release a body nobody will read (a redirect's, a refused answer's), so its connection is freed.
 *
 * @example
 * ```ts
 * await discardBody(response);
 * ```
 */
export async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or closed: nothing to release.
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) delete headers[k];
}
