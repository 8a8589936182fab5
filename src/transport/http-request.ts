import { ProviderCallError } from "../errors/provider-call-error.js";
import type { FetchPort } from "../ports.js";
import { credentialCarriers, credentialValues, type CredentialParts } from "./credential-carriers.js";
import { displayUrl, originOf } from "./display-url.js";
import { crossOriginRedirectError, opaqueRedirectError, redirectError } from "./http-errors.js";
import { DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES } from "./http-limits.js";
import { loadKy } from "./load-ky.js";
import { readBodyText } from "./read-body.js";
import { redactText } from "./redact.js";
import { isRedirectStatus, nextHop } from "./redirect-hop.js";

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

interface Hop {
  url: string;
  method: string;
  body: string | undefined;
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
  const maxRedirects = request.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBodyBytes = request.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const fetchFn: FetchPort = request.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const deadline = AbortSignal.timeout(Math.max(1, Math.round(request.timeoutMs)));
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  const { body, contentType } = bodyOf(request);
  const baseHeaders: Record<string, string> = { ...request.headers, ...request.credentialHeaders };

  let hop: Hop = { url, method: (request.method ?? "GET").toUpperCase(), body };
  try {
    const ky = await loadKy();
    for (let redirects = 0; ; redirects += 1) {
      const headers = { ...baseHeaders };
      if (hop.body !== undefined && contentType && !hasHeader(headers, "content-type")) headers["content-type"] = contentType;
      if (hop.body === undefined) deleteHeader(headers, "content-type");
      const response = await ky(hop.url, {
        fetch: fetchFn,
        method: hop.method,
        headers,
        ...(hop.body !== undefined ? { body: hop.body } : {}),
        signal,
        redirect: "manual",
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
      });
      if (response.type === "opaqueredirect") {
        await discard(response);
        throw opaqueRedirectError(hop.url);
      }
      if (isRedirectStatus(response.status)) {
        let next: ReturnType<typeof nextHop>;
        try {
          next = nextHop({ status: response.status, location: response.headers.get("location"), url: hop.url, method: hop.method });
        } catch (cause) {
          await discard(response);
          throw redirectError(hop.url, `a redirect (HTTP ${response.status}) to something that is not an http(s) URL`, response.status);
        }
        if (next !== null) {
          await discard(response);
          if (carriers.length > 0 && originOf(next.url) !== origin) {
            throw crossOriginRedirectError({ from: hop.url, to: next.url, carriers, status: response.status });
          }
          if (redirects >= maxRedirects) throw redirectError(url, `more than ${maxRedirects} redirects`, response.status);
          hop = { url: next.url, method: next.method, body: next.keepBody ? hop.body : undefined };
          continue;
        }
      }
      const ok = response.status >= 200 && response.status < 300;
      const text = await readBodyText(response, {
        maxBytes: ok ? maxBodyBytes : Math.min(maxBodyBytes, ERROR_BODY_BYTES),
        overflow: ok ? "fail" : "truncate",
        url: hop.url,
      });
      return { status: response.status, ok, headers: response.headers, url: hop.url, redirects, sameOrigin: originOf(hop.url) === origin, text };
    }
  } catch (cause) {
    if (cause instanceof ProviderCallError) throw cause;
    throw failureOf(cause, { url: hop.url, timeoutMs: request.timeoutMs, callerSignal: request.signal, deadline, secrets });
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

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) delete headers[k];
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or closed: nothing to release.
  }
}

function failureOf(
  cause: unknown,
  context: { url: string; timeoutMs: number; callerSignal: AbortSignal | undefined; deadline: AbortSignal; secrets: readonly string[] },
): ProviderCallError {
  const shown = displayUrl(context.url);
  const scrub = (text: string) => redactText(text.length > 300 ? `${text.slice(0, 300)}…` : text, { secrets: context.secrets });
  // A caller's own deadline (an AbortSignal.timeout) is a timeout, not a cancellation.
  const callerReason: unknown = context.callerSignal?.reason;
  const callerTimedOut = typeof DOMException !== "undefined" && callerReason instanceof DOMException && callerReason.name === "TimeoutError";
  if (context.callerSignal?.aborted && !callerTimedOut) {
    return new ProviderCallError({ kind: "aborted", message: `The request to ${shown} was aborted by the caller.`, cause: scrubbedCause(cause, scrub) });
  }
  const name = (cause as { name?: unknown } | null)?.name;
  if (context.deadline.aborted || name === "TimeoutError" || name === "AbortError") {
    return new ProviderCallError({
      kind: "timeout",
      message: `${shown} did not answer within ${context.timeoutMs} ms.`,
      recovery: "Check that the server is running and reachable, or raise timeoutMs.",
      cause: scrubbedCause(cause, scrub),
    });
  }
  const code = (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
  const detail = typeof code === "string" ? code : cause instanceof Error ? cause.message : String(cause);
  return new ProviderCallError({
    kind: "network",
    message: `Could not reach ${shown}: ${scrub(detail)}.`,
    recovery: "Start the server or check the base URL, network and proxy settings.",
    cause: scrubbedCause(cause, scrub),
  });
}

/** The underlying error, kept for classification (name, undici `cause.code`) but with its texts scrubbed. */
function scrubbedCause(cause: unknown, scrub: (text: string) => string): unknown {
  if (!(cause instanceof Error)) return typeof cause === "string" ? scrub(cause) : cause;
  const copy = new Error(scrub(cause.message));
  copy.name = cause.name;
  copy.stack = scrub(cause.stack ?? "");
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (inner && typeof inner === "object") {
    const innerCopy = new Error(scrub(typeof inner.message === "string" ? inner.message : ""));
    if (typeof inner.code === "string") (innerCopy as Error & { code?: string }).code = inner.code;
    copy.cause = innerCopy;
  }
  return copy;
}
