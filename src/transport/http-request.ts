import { ProviderCallError } from "../errors/provider-call-error.js";
import type { FetchPort } from "../ports.js";
import { credentialCarriers, credentialValues, type CredentialParts } from "./credential-carriers.js";
import { displayUrl, originOf } from "./display-url.js";
import { edgeFailure } from "./edge-failure.js";
import { fetchPort } from "./fetch-port.js";
import { DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES } from "./http-limits.js";
import { readBodyText } from "./read-body.js";
import { sendFollowingRedirects } from "./redirect-loop.js";

/**
 * One outgoing request through the HTTP edge. Credentials arrive as plain strings (see {@link CredentialParts}); the
 * edge only needs to know which parts of the request must stay on its origin.
 *
 * @example
 * ```ts
 * const request: HttpRequest = {
 *   url: "https://api.anthropic.com/v1/models",
 *   headers: { "anthropic-version": "2023-06-01", "x-api-key": key },
 *   timeoutMs: 5000,
 * };
 * ```
 */
export interface HttpRequest extends CredentialParts {
  /** Default `GET`. */
  method?: string | undefined;
  /** Appended to the URL's own query (never replacing it). */
  searchParams?: Readonly<Record<string, string | number>> | undefined;
  /** A JSON body (sets `content-type: application/json` unless given). */
  json?: unknown;
  /** A form body (sets `content-type: application/x-www-form-urlencoded` unless given). */
  form?: Readonly<Record<string, string>> | undefined;
  /** Deadline for the whole request: every redirect hop and the body. */
  timeoutMs: number;
  /** The caller's abort signal; aborting it fails the request with kind `aborted`. */
  signal?: AbortSignal | undefined;
  /** The injected fetch; default `globalThis.fetch`, resolved per call so test interceptors apply. */
  fetch?: FetchPort | undefined;
  /** Redirect hops followed at most. Default {@link DEFAULT_MAX_REDIRECTS}. */
  maxRedirects?: number | undefined;
  /** Cap on a successful answer's body. Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxBodyBytes?: number | undefined;
  /** Called once the final answer's headers are in, before its body is read (e.g. to time a first token). */
  onHeaders?: (() => void) | undefined;
}

/**
 * The answer: status, headers and the body text (already read under its cap). Non-2xx answers are returned, not
 * thrown; their bodies are cut at 64 KiB.
 *
 * @example
 * ```ts
 * const answer = await httpRequest({ url, timeoutMs: 5000 });
 * if (!answer.ok) console.log(answer.status, answer.text);
 * ```
 */
export interface HttpResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The URL that answered (after redirects). May carry a query: show it only through `displayUrl`. */
  url: string;
  /** Redirect hops followed. */
  redirects: number;
  /**
   * The answer came from the origin the request was sent to. A request that carries a credential never leaves its
   * origin, so this is `false` only for credential-less requests; such an answer proves nothing about any key.
   */
  sameOrigin: boolean;
  text: string;
}

/**
 * Send one request through the single HTTP edge: ky over the injected fetch, one deadline for every hop and the
 * body, the caller's abort signal, a response size cap enforced while the body streams in, and redirects followed by
 * hand (`redirect: "manual"`, at most {@link DEFAULT_MAX_REDIRECTS} hops; 301/302/303 become a GET without a body as
 * in fetch, 307/308 keep method and body). Same-origin hops keep the credentials. A request that carries a
 * credential (`Authorization`, `x-api-key`, `x-goog-api-key`, `api-key`, a header the caller marks, a `?key=` query,
 * a secret body) fails with `cross_origin_redirect` instead of following a hop to another origin; credential-less
 * requests may follow it. A browser's `opaqueredirect` fails with `opaque_redirect`. Timeouts, aborts and network
 * failures become {@link ProviderCallError}s (`timeout`, `aborted`, `network`) whose messages never carry a
 * credential. No retries.
 *
 * @example
 * ```ts
 * const answer = await httpRequest({ fetch: ctx.fetch, url: "http://127.0.0.1:11434/api/tags", timeoutMs: 3000 });
 * const body: unknown = JSON.parse(answer.text);
 * ```
 */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const url = withSearchParams(request.url, request.searchParams);
  const carriers = credentialCarriers({ ...request, url });
  const secrets = credentialValues({ ...request, url });
  const origin = originOf(url);
  const maxBodyBytes = request.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const deadline = AbortSignal.timeout(Math.max(1, Math.round(request.timeoutMs)));
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  const { body, contentType } = bodyOf(request);

  let hopUrl = url;
  try {
    const answer = await sendFollowingRedirects({
      url,
      method: (request.method ?? "GET").toUpperCase(),
      body,
      contentType,
      headers: { ...request.headers, ...request.credentialHeaders },
      carriers,
      fetch: fetchPort(request.fetch),
      signal,
      maxRedirects: request.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      onHop: (next) => (hopUrl = next),
    });
    const { response } = answer;
    request.onHeaders?.();
    const ok = response.status >= 200 && response.status < 300;
    const text = await readBodyText(response, {
      maxBytes: ok ? maxBodyBytes : Math.min(maxBodyBytes, ERROR_BODY_BYTES),
      overflow: ok ? "fail" : "truncate",
      url: answer.url,
    });
    return {
      status: response.status,
      ok,
      headers: response.headers,
      url: answer.url,
      redirects: answer.redirects,
      sameOrigin: originOf(answer.url) === origin,
      text,
    };
  } catch (cause) {
    if (cause instanceof ProviderCallError) throw cause;
    throw edgeFailure(cause, {
      url: hopUrl,
      secrets,
      callerSignal: request.signal,
      timedOut: deadline.aborted,
      timeout: {
        message: `${displayUrl(hopUrl)} did not answer within ${request.timeoutMs} ms.`,
        recovery: "Check that the server is running and reachable, or raise timeoutMs.",
      },
    });
  }
}

function withSearchParams(url: string, params: HttpRequest["searchParams"]): string {
  if (!params || Object.keys(params).length === 0) return url;
  try {
    const parsed = new URL(url);
    for (const [name, value] of Object.entries(params)) parsed.searchParams.append(name, String(value));
    return parsed.toString();
  } catch {
    return url;
  }
}

function bodyOf(request: HttpRequest): { body: string | undefined; contentType: string | null } {
  if (request.json !== undefined) return { body: JSON.stringify(request.json), contentType: "application/json" };
  if (request.form !== undefined) return { body: new URLSearchParams({ ...request.form }).toString(), contentType: "application/x-www-form-urlencoded" };
  return { body: undefined, contentType: null };
}
