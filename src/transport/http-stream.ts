import { ProviderCallError } from "../errors/provider-call-error.js";
import type { FetchPort } from "../ports.js";
import { credentialCarriers, credentialValues, type CredentialParts } from "./credential-carriers.js";
import { displayUrl } from "./display-url.js";
import { edgeFailure } from "./edge-failure.js";
import { fetchPort } from "./fetch-port.js";
import type { FrameReadOptions, FrameStream } from "./frame-stream.js";
import { DEFAULT_MAX_REDIRECTS, ERROR_BODY_BYTES } from "./http-limits.js";
import { ndjsonFrames } from "./ndjson-frames.js";
import { readBodyText } from "./read-body.js";
import { sendFollowingRedirects } from "./redirect-loop.js";
import { sseFrames } from "./sse-frames.js";
import type { StreamFrame } from "./stream-frame.js";

/**
 * One streamed call through the HTTP edge: a JSON body out, frames (SSE events or NDJSON lines) back. Credentials
 * arrive as plain strings (see {@link CredentialParts}); the edge only needs to know which parts must stay on their
 * origin.
 *
 * @example
 * ```ts
 * const request: StreamRequest = {
 *   url: "https://api.openai.com/v1/chat/completions",
 *   headers: { authorization: `Bearer ${key}` },
 *   json: { model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "Hi" }] },
 *   framing: "sse",
 *   connectTimeoutMs: 30_000,
 *   idleTimeoutMs: 60_000,
 *   signal,
 * };
 * ```
 */
export interface StreamRequest extends CredentialParts {
  url: string;
  /** Default `POST`. */
  method?: string | undefined;
  /** The request body, sent as JSON. */
  json: unknown;
  framing: "sse" | "ndjson";
  /** Deadline until the answer's headers arrive, every redirect hop included. It never limits the stream itself. */
  connectTimeoutMs: number;
  /** Longest silence allowed while waiting for the next body chunk (also bounds reading a non-2xx error body). */
  idleTimeoutMs: number;
  /** The caller's; aborting it at any time cancels the body and closes the connection (kind `aborted`). */
  signal?: AbortSignal | undefined;
  /** The injected fetch; default `globalThis.fetch`, resolved per call so test interceptors apply. */
  fetch?: FetchPort | undefined;
  /** Redirect hops followed at most. Default {@link DEFAULT_MAX_REDIRECTS}. */
  maxRedirects?: number | undefined;
  /** Cap on one SSE event or NDJSON line; default 8 MiB (`DEFAULT_MAX_FRAME_BYTES`), over it `response_too_large`. */
  maxFrameBytes?: number | undefined;
}

/**
 * An opened stream: status and headers at once; for a 2xx the frames, for anything else the error body's text.
 *
 * @example
 * ```ts
 * const answer = await openStream(request);
 * if (!answer.ok) throw classify(answer.status, answer.errorText, answer.headers.get("retry-after"));
 * for await (const frame of answer.frames) decoder.push(frame);
 * ```
 */
export interface StreamResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The URL that answered (after redirects). May carry a query: show it only through `displayUrl`. */
  url: string;
  /** Non-2xx only: the error body text, cut at `ERROR_BODY_BYTES` (64 KiB); `null` when ok. */
  errorText: string | null;
  /** Ok only (empty otherwise): the frames in order; ends when the body ends. Breaking out of a for-await cancels the body. */
  frames: AsyncIterable<StreamFrame>;
  /** A frame already read, handed out without waiting; `undefined` when the next one needs a read (use `frames`). */
  takeReady(): StreamFrame | undefined;
  /** Cancel the body now and close the connection (idempotent). */
  close(): Promise<void>;
}

/**
 * Open a streamed call through the single HTTP edge: ky over the injected fetch, redirects followed by hand
 * (`redirect: "manual"`; a request carrying a credential never follows a hop to another origin:
 * `cross_origin_redirect`), `connectTimeoutMs` until the headers are in, then only `idleTimeoutMs` (the longest wait
 * for the next chunk) and the caller's signal, so a long but steady answer is never cut. Resolves once the headers
 * arrived; non-2xx answers are returned with their error text, not thrown. Failures are scrubbed
 * {@link ProviderCallError}s: `timeout` (no headers in time, or no data for `idleTimeoutMs` while streaming),
 * `aborted` (the caller's signal, also mid-stream), `network` (refused, reset), and the edge's codes. No retries.
 *
 * @example
 * ```ts
 * const answer = await openStream({ fetch: ctx.fetch, url, headers, json: body, framing: "sse",
 *   connectTimeoutMs: 30_000, idleTimeoutMs: 60_000, signal });
 * if (answer.ok) for await (const frame of answer.frames) if (frame.data === "[DONE]") break;
 * ```
 */
export async function openStream(request: StreamRequest): Promise<StreamResponse> {
  const carriers = credentialCarriers(request);
  const secrets = credentialValues(request);
  const callerSignal = request.signal;
  const controller = new AbortController();
  const connectMs = Math.max(1, Math.round(request.connectTimeoutMs));
  const idleMs = Math.max(1, Math.round(request.idleTimeoutMs));

  let stage: "connect" | "stream" = "connect";
  let timedOut = false;
  let hopUrl = request.url;
  let frames: FrameStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // When the pending body read started (0: none pending). The watchdog measures silence from here, so a consumer
  // that is slow to ask for the next frame never counts as a silent server.
  let waitingSince = 0;

  const failure = (cause: unknown): ProviderCallError => {
    const shown = displayUrl(hopUrl);
    return edgeFailure(cause, {
      url: hopUrl,
      secrets,
      callerSignal,
      timedOut,
      timeout:
        stage === "connect"
          ? { message: `${shown} did not answer within ${request.connectTimeoutMs} ms.`, recovery: "Check that the server is running and reachable, or raise connectTimeoutMs." }
          : {
              message: `No data arrived from ${shown} for ${request.idleTimeoutMs} ms while streaming the answer.`,
              recovery: "The server stalled mid-answer: retry, or raise idleTimeoutMs if the model may stay silent that long.",
            },
      networkPrefix: stage === "connect" ? undefined : `The stream from ${shown} broke`,
    });
  };
  const stop = (error: ProviderCallError | null) => {
    if (error !== null) frames?.fail(error);
    // Already aborted after a complete body (onEnd): a second abort() would only build a DOMException to discard.
    if (!controller.signal.aborted) controller.abort();
  };
  const onCallerAbort = () => stop(frames ? failure(callerSignal?.reason) : null);
  const release = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  };
  const watchdog = () => {
    const silentMs = waitingSince === 0 ? 0 : Date.now() - waitingSince;
    if (silentMs >= idleMs) {
      timedOut = true;
      stop(failure(undefined));
      return;
    }
    timer = setTimeout(watchdog, idleMs - silentMs);
  };

  if (callerSignal?.aborted) throw failure(callerSignal.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, connectMs);

  try {
    const answer = await sendFollowingRedirects({
      url: request.url,
      method: (request.method ?? "POST").toUpperCase(),
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      contentType: "application/json",
      headers: { ...request.headers, ...request.credentialHeaders },
      carriers,
      fetch: fetchPort(request.fetch),
      signal: controller.signal,
      maxRedirects: request.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      onHop: (url) => (hopUrl = url),
    });
    const { response } = answer;
    clearTimeout(timer);
    stage = "stream";
    const ok = response.status >= 200 && response.status < 300;
    const base = { status: response.status, ok, headers: response.headers, url: answer.url };

    if (!ok) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, idleMs);
      const errorText = await readBodyText(response, { maxBytes: ERROR_BODY_BYTES, overflow: "truncate", url: answer.url });
      release();
      controller.abort();
      return { ...base, errorText, frames: emptyFrames(), takeReady: () => undefined, close: async () => undefined };
    }

    const options: FrameReadOptions = {
      url: answer.url,
      maxFrameBytes: request.maxFrameBytes,
      readFailure: failure,
      onWaiting: (waiting) => {
        waitingSince = waiting ? Date.now() : 0;
      },
      onEnd: () => {
        release();
        // After a complete body this is a no-op; after an early stop it makes sure the socket is closed. A plain
        // reason: `abort()` without one builds a DOMException with a stack trace on every call.
        controller.abort(STREAM_OVER);
      },
    };
    const body = response.body ?? emptyBody();
    const stream = request.framing === "ndjson" ? ndjsonFrames(body, options) : sseFrames(body, options);
    frames = stream;
    timer = setTimeout(watchdog, idleMs);
    return {
      ...base,
      errorText: null,
      frames: stream,
      takeReady: () => stream.takeReady(),
      close: async () => {
        stop(null);
        await stream.close();
      },
    };
  } catch (cause) {
    release();
    controller.abort();
    if (cause instanceof ProviderCallError) throw cause;
    throw failure(cause);
  }
}

function emptyBody(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (c) => c.close() });
}

const STREAM_OVER = "the stream is over";

function emptyFrames(): AsyncIterable<StreamFrame> {
  return { [Symbol.asyncIterator]: () => ({ next: async () => ({ value: undefined, done: true as const }) }) };
}
