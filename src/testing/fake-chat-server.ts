import { CHAT_ENCODERS, type FakeFrame } from "./fake-chat-encoders.js";
import { normalizeChatScript, type FakeChatApi, type FakeChatRequest, type FakeChatScript } from "./fake-chat-script.js";
import type { FakeProviderKind } from "./fake-provider.js";

/**
 * How a fake chat request fails. `"auth"`: the backend's 401 (Gemini: 400 `API_KEY_INVALID`). `rate_limit`: 429 with
 * `retry-after` (default 1 s). `"overloaded"`: 529 `overloaded_error` on Anthropic, 503 elsewhere. `"hang"`: no answer
 * until the request is aborted. `error_mid_stream`: 200, `afterChunks` output deltas (default 2), then the api's
 * in-stream error. `"malformed_event"`: 200, one good delta, a frame that is not JSON, then the rest. `"cut"`: 200, two
 * output deltas, then the body ends without the end marker. Or any status, body and headers.
 *
 * @example
 * ```ts
 * const failure: FakeChatFailure = { type: "rate_limit", retryAfterSeconds: 2 };
 * ```
 */
export type FakeChatFailure =
  | "auth"
  | { type: "rate_limit"; retryAfterSeconds?: number }
  | "overloaded"
  | "hang"
  | { type: "error_mid_stream"; afterChunks?: number }
  | "malformed_event"
  | "cut"
  | { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A programmed chat failure: for requests with this key and/or model (both optional), `times` times (default: always).
 * The earliest rule that matches and has times left applies.
 *
 * @example
 * ```ts
 * fake.failChat({ key: "sk-one", failure: { type: "rate_limit", retryAfterSeconds: 1 }, times: 1 });
 * ```
 */
export interface FakeChatRule {
  key?: string;
  model?: string;
  failure: FakeChatFailure;
  times?: number;
}

/**
 * One chat request the fake received. Which key was used is an index into the accepted keys, never the key itself.
 *
 * @example
 * ```ts
 * expect(fake.chatRequests.map((r) => r.keyIndex)).toEqual([0, 1]);
 * ```
 */
export interface FakeChatRecord {
  api: FakeChatApi;
  model: string;
  path: string;
  keyIndex: number | null;
  credentialSent: boolean;
  /** The parsed JSON body (`null` when it was not JSON). */
  body: unknown;
  /** The client cancelled the body or aborted the request before the answer ended. */
  aborted: boolean;
}

/**
 * What the chat endpoint reads from the fake provider.
 *
 * @example
 * ```ts
 * const config: ChatEndpointConfig = { kind: "google", keys: ["g-1", "g-2"], chat: { text: "Hi" }, latencyMs: undefined, models: () => ["gemini-2.5-flash"] };
 * ```
 */
export interface ChatEndpointConfig {
  kind: FakeProviderKind;
  keys: readonly string[];
  chat: FakeChatScript | ((request: FakeChatRequest) => FakeChatScript) | undefined;
  latencyMs: number | undefined;
  /** Listed model ids; when not empty, other models get the backend's 404. */
  models: () => readonly string[];
}

/**
 * The chat side of a fake provider: answers chat requests for each api, records them, applies programmed failures.
 *
 * @example
 * ```ts
 * const chat = createChatEndpoint({ kind: "ollama", keys: [], chat: { text: "Hi" }, latencyMs: undefined, models: () => [] });
 * const response = await chat.handle("ollama", request, null, request.signal);
 * ```
 */
export interface ChatEndpoint {
  records: FakeChatRecord[];
  failChat(rule: FakeChatRule): void;
  clearChatFailures(): void;
  /** `signal`: the caller's own signal where known (`fake.fetch`), which stays linked even if `request` is collected. */
  handle(api: FakeChatApi, request: Request, pathModel: string | null, signal?: AbortSignal): Promise<Response>;
}

type Family = "openai" | "openrouter" | "litellm" | "anthropic" | "google" | "ollama";

const familyOf = (kind: FakeProviderKind): Family =>
  kind === "openai-compatible" || kind === "lmstudio" ? "openai" : (kind as Family);

const json = (body: unknown, status: number, headers?: Record<string, string>): Response =>
  Response.json(body, { status, ...(headers ? { headers } : {}) });

/** The backend's error body for a status, in its own shape (bodies from the project's error fixtures). */
function errorBody(family: Family, status: number, message: string, type: string): unknown {
  switch (family) {
    case "anthropic":
      return { type: "error", error: { type, message } };
    case "google":
      return { error: { code: status, message, status: type } };
    case "ollama":
      return { error: message };
    case "openrouter":
      return { error: { code: status, message } };
    default:
      return { error: { message, type, param: null, code: null } };
  }
}

function authFailure(family: Family, credentialSent: boolean): Response {
  switch (family) {
    case "anthropic":
      return json({ type: "error", error: { type: "authentication_error", message: credentialSent ? "invalid x-api-key" : "x-api-key header is required" } }, 401);
    case "google":
      // Gemini answers a wrong key with 400 API_KEY_INVALID and a missing one with 403 (fixtures gemini-400/403).
      return credentialSent
        ? json(
            {
              error: {
                code: 400,
                message: "API key not valid. Please pass a valid API key.",
                status: "INVALID_ARGUMENT",
                details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } }],
              },
            },
            400,
          )
        : json({ error: { code: 403, message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", status: "PERMISSION_DENIED" } }, 403);
    case "ollama":
      return json({ error: "unauthorized" }, 401);
    case "openrouter":
      return json({ error: { message: credentialSent ? "User not found." : "No auth credentials found", code: 401 } }, 401);
    case "litellm":
      return json({ error: { message: "Authentication Error, Invalid proxy server token passed.", type: "auth_error", param: "None", code: "401" } }, 401);
    default:
      return json(
        credentialSent
          ? { error: { message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", param: null, code: "invalid_api_key" } }
          : { error: { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", type: "invalid_request_error", param: null, code: null } },
        401,
      );
  }
}

function rateLimited(family: Family, seconds: number): Response {
  const headers = { "retry-after": String(seconds) };
  switch (family) {
    case "anthropic":
      return json({ type: "error", error: { type: "rate_limit_error", message: "This request would exceed the rate limit for your organization of 50 requests per minute. Please try again later." } }, 429, headers);
    case "google":
      return json(
        {
          error: {
            code: 429,
            message: "You exceeded your current quota, please check your plan and billing details.",
            status: "RESOURCE_EXHAUSTED",
            details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${seconds}s` }],
          },
        },
        429,
        headers,
      );
    case "ollama":
      return json({ error: "too many requests" }, 429, headers);
    case "openrouter":
      return json({ error: { code: 429, message: "Rate limit exceeded. Please try again later." } }, 429, headers);
    default:
      return json({ error: { message: "Rate limit reached for requests. Please try again later.", type: "requests", param: null, code: "rate_limit_exceeded" } }, 429, headers);
  }
}

function overloaded(family: Family): Response {
  switch (family) {
    case "anthropic":
      return json({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, 529);
    case "google":
      return json({ error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } }, 503);
    case "ollama":
      return json({ error: "server busy, please try again.  maximum pending requests exceeded" }, 503);
    default:
      return json(errorBody(family, 503, "The server is overloaded, please try again later.", "server_error"), 503);
  }
}

function modelNotFound(family: Family, model: string): Response {
  switch (family) {
    case "anthropic":
      return json({ type: "error", error: { type: "not_found_error", message: `model: ${model}` } }, 404);
    case "google":
      return json({ error: { code: 404, message: `models/${model} is not found for API version v1beta, or is not supported for generateContent.`, status: "NOT_FOUND" } }, 404);
    case "ollama":
      return json({ error: `model '${model}' not found` }, 404);
    case "openrouter":
      return json({ error: { code: 404, message: `No endpoints found for ${model}.` } }, 404);
    default:
      return json({ error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: "invalid_request_error", param: null, code: "model_not_found" } }, 404);
  }
}

function badRequest(family: Family, message: string): Response {
  return json(errorBody(family, 400, message, family === "google" ? "INVALID_ARGUMENT" : "invalid_request_error"), 400);
}

function credentialOf(family: Family, request: Request): string | null {
  if (family === "anthropic") {
    const key = request.headers.get("x-api-key");
    if (key !== null) return key;
  }
  if (family === "google") return request.headers.get("x-goog-api-key") ?? new URL(request.url).searchParams.get("key");
  const auth = request.headers.get("authorization");
  return auth?.startsWith("Bearer ") ? auth.slice(7) : null;
}

/** Call `then` once when the signal aborts (or now, if it already has). */
function onAbort(signal: AbortSignal, then: () => void): () => void {
  if (signal.aborted) {
    then();
    return () => {};
  }
  signal.addEventListener("abort", then, { once: true });
  return () => signal.removeEventListener("abort", then);
}

/**
 * A real stream: one frame per read (nothing is produced ahead of the reader), closed with the last frame; a
 * cancel, or an abort of the request's signal, before then is reported once through `aborted`.
 */
function frameStream(chunks: readonly string[], signal: AbortSignal, aborted: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  let ended = false;
  let detach = () => {};
  const stop = () => {
    ended = true;
    detach();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        detach = onAbort(signal, () => {
          if (ended) return;
          stop();
          aborted();
          controller.error(signal.reason);
        });
      },
      pull(controller) {
        if (ended) return;
        const chunk = chunks[next++];
        if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
        if (next >= chunks.length) {
          stop();
          controller.close();
        }
      },
      cancel() {
        if (ended) return;
        stop();
        aborted();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The frames up to and including the n-th output frame (or the last one, when there are fewer). */
function throughOutput(frames: readonly FakeFrame[], n: number): FakeFrame[] {
  let end = 0;
  let seen = 0;
  for (let i = 0; i < frames.length && seen < n; i++) {
    if (frames[i]!.output) {
      seen++;
      end = i + 1;
    }
  }
  return frames.slice(0, Math.max(1, end));
}

function isStreaming(api: FakeChatApi, body: Record<string, unknown>, request: Request): boolean {
  if (api === "ollama") return body["stream"] !== false; // Ollama streams unless told not to.
  if (api === "google-generative-ai") {
    const url = new URL(request.url);
    return url.pathname.endsWith(":streamGenerateContent") && url.searchParams.get("alt") === "sse";
  }
  return body["stream"] === true;
}

/**
 * Create the chat side of a fake provider.
 *
 * @example
 * ```ts
 * const chat = createChatEndpoint({ kind: "anthropic", keys: ["sk-ant-1"], chat: undefined, latencyMs: undefined, models: () => [] });
 * chat.failChat({ failure: "overloaded", times: 1 });
 * ```
 */
export function createChatEndpoint(config: ChatEndpointConfig): ChatEndpoint {
  const family = familyOf(config.kind);
  const records: FakeChatRecord[] = [];
  let rules: Array<{ rule: FakeChatRule; left: number }> = [];
  // Requests held open by "hang". undici links a Request's signal to the caller's only weakly, so a hanging request
  // nothing else references could be collected and never see the abort; the fake keeps it until then.
  const hanging = new Set<Request>();

  const failure = (f: FakeChatFailure, request: Request, credentialSent: boolean, signal: AbortSignal, abort: () => void): Response | Promise<Response> | FakeChatFailure => {
    if (f === "auth") return authFailure(family, credentialSent);
    if (f === "overloaded") return overloaded(family);
    if (f === "hang") {
      // Never answers; the fetch rejects when the caller aborts (fake.fetch and msw both see the signal).
      hanging.add(request);
      return new Promise<Response>(() => {
        onAbort(signal, () => {
          hanging.delete(request);
          abort();
        });
      });
    }
    if (typeof f === "object" && "status" in f) return json(f.body ?? errorBody(family, f.status, `HTTP ${f.status}`, "api_error"), f.status, f.headers);
    if (typeof f === "object" && f.type === "rate_limit") return rateLimited(family, f.retryAfterSeconds ?? 1);
    return f; // a failure inside a 200 stream
  };

  return {
    records,
    failChat(rule) {
      rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearChatFailures() {
      rules = [];
    },
    async handle(api, request, pathModel, callerSignal) {
      const url = new URL(request.url);
      const key = credentialOf(family, request);
      const index = key === null ? -1 : config.keys.indexOf(key);
      const keyIndex = config.keys.length === 0 || index < 0 ? null : index;
      const text = await request.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // recorded as null and answered 400 below
      }
      const fields = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : null;
      const model = pathModel ?? (typeof fields?.["model"] === "string" ? (fields["model"] as string) : "");
      const record: FakeChatRecord = { api, model, path: url.pathname, keyIndex, credentialSent: key !== null, body, aborted: false };
      records.push(record);
      const requestNo = records.length;
      const abort = () => {
        record.aborted = true;
      };
      const signal = callerSignal ?? request.signal;

      if (config.latencyMs) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            detach();
            resolve();
          }, config.latencyMs);
          const detach = onAbort(signal, () => {
            clearTimeout(timer);
            abort();
            reject(signal.reason);
          });
        });
      }
      if (config.keys.length > 0 && keyIndex === null) return authFailure(family, key !== null);
      if (fields === null) return badRequest(family, "Expected a JSON object as the request body.");
      if (family === "anthropic" && request.headers.get("anthropic-version") === null) return badRequest(family, "anthropic-version: header is required");
      if (!model) return badRequest(family, "you must provide a model parameter");
      const listed = config.models();
      if (listed.length > 0 && !listed.includes(model)) return modelNotFound(family, model);
      if (!isStreaming(api, fields, request)) {
        return badRequest(family, "The fake provider streams only: send stream: true (Gemini: :streamGenerateContent?alt=sse).");
      }

      const match = rules.find(({ rule, left }) => left > 0 && (rule.key === undefined || rule.key === key) && (rule.model === undefined || rule.model === model));
      let inStream: FakeChatFailure | null = null;
      if (match) {
        match.left--;
        const answer = failure(match.rule.failure, request, key !== null, signal, abort);
        if (answer instanceof Response || answer instanceof Promise) return answer;
        inStream = answer;
      }

      let script: FakeChatScript;
      try {
        script = typeof config.chat === "function" ? config.chat({ api, model, body, keyIndex }) : (config.chat ?? {});
      } catch (error) {
        return json(errorBody(family, 500, `The fake's chat function threw: ${error instanceof Error ? error.message : String(error)}`, "api_error"), 500);
      }
      const encoder = CHAT_ENCODERS[api];
      const streamOptions = fields["stream_options"] as { include_usage?: unknown } | undefined;
      const ctx = { model, requestNo, includeUsage: streamOptions?.include_usage === true, openrouter: config.kind === "openrouter" };
      const frames = encoder.render(normalizeChatScript(script, model), ctx);
      let chunks: string[];
      if (inStream === null) chunks = frames.map((f) => f.chunk);
      else if (inStream === "cut") chunks = throughOutput(frames, 2).map((f) => f.chunk);
      else if (inStream === "malformed_event") {
        const head = throughOutput(frames, 1);
        chunks = [...head.map((f) => f.chunk), encoder.malformed(), ...frames.slice(head.length).map((f) => f.chunk)];
      } else {
        const afterChunks = typeof inStream === "object" && "type" in inStream && inStream.type === "error_mid_stream" ? (inStream.afterChunks ?? 2) : 2;
        chunks = [...throughOutput(frames, afterChunks).map((f) => f.chunk), encoder.midStreamError(ctx)];
      }
      return new Response(frameStream(chunks, signal, abort), {
        status: 200,
        headers: { "content-type": encoder.contentType, "cache-control": "no-cache" },
      });
    },
  };
}
