import type { StreamFrame } from "../transport/stream-frame.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { ChatRequest } from "./chat-request.js";
import type { StopReason } from "./stream-events.js";

/**
 * What an adapter needs to build one request: the model (wire id, endpoint, input modes), the caller's request, the
 * decided max tokens and thinking fields, the credential and the provider's extra headers.
 *
 * @example
 * ```ts
 * const input: WireCallInput = {
 *   model: { id: "gpt-5", provider: "openai", api: "openai-completions", baseUrl: "https://api.openai.com/v1" },
 *   request: { messages: [{ role: "user", content: "Hi" }] },
 *   maxTokens: 1024, thinkingParams: { reasoning_effort: "low" }, apiKey: "sk-…", headers: {},
 * };
 * ```
 */
export interface WireCallInput {
  model: { id: string; provider: string; api: ApiKind; baseUrl: string };
  request: ChatRequest;
  maxTokens: number;
  /** Fields from `planThinking` to deep-merge into the body (`{}` when none may be sent). */
  thinkingParams: Record<string, unknown>;
  /** The key or token; `null` for a keyless (local) server. */
  apiKey: string | null;
  /** Provider headers from models.json / the catalog (never credentials). */
  headers: Record<string, string>;
}

/**
 * The request an adapter builds. The credential travels in `credentialHeaders` (or `credentialQuery`) so the HTTP
 * edge knows what must never cross an origin.
 *
 * @example
 * ```ts
 * const wire: WireRequest = {
 *   url: "https://api.anthropic.com/v1/messages", headers: { "anthropic-version": "2023-06-01" },
 *   credentialHeaders: { "x-api-key": key }, body: { model, messages, stream: true }, framing: "sse",
 * };
 * ```
 */
export interface WireRequest {
  url: string;
  headers: Record<string, string>;
  credentialHeaders: Record<string, string>;
  body: unknown;
  /** How the streamed answer is framed: server-sent events or newline-delimited JSON. */
  framing: "sse" | "ndjson";
  /**
   * The max-tokens value actually sent, when the wire's rules made the adapter change the one it was given (an
   * Anthropic thinking budget must stay below max tokens); `start` reports this one.
   */
  maxTokens?: number;
}

/**
 * One frame of a streamed answer, as the HTTP edge reads it (see {@link StreamFrame}).
 *
 * @example
 * ```ts
 * const frame: WireFrame = { event: "content_block_delta", data: '{"type":"content_block_delta",…}' };
 * ```
 */
export type WireFrame = StreamFrame;

/**
 * What a decoder emits: the public output events, plus three the engine folds in itself — `thinking_signature`
 * (attached to the current thinking block), `usage` (token counts; the engine adds cost) and `stop` (the wire's end
 * marker, with the stop reason it stated, `null` when it stated none).
 *
 * @example
 * ```ts
 * const events: WireEvent[] = [{ type: "text", delta: "Hel" }, { type: "stop", reason: "stop" }];
 * ```
 */
export type WireEvent =
  | { type: "text"; delta: string }
  | { type: "thinking"; delta: string }
  | { type: "thinking_signature"; signature: string }
  | { type: "tool_call_delta"; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: "tool_call"; id: string; name: string; arguments: Record<string, unknown> }
  | { type: "usage"; input: number; output: number; cacheRead: number; cacheWrite: number }
  | { type: "stop"; reason: StopReason | null };

/**
 * Turns the frames of one streamed answer into {@link WireEvent}s. Stateful: one decoder per call. `push` throws a
 * `ProviderCallError` for an error the provider sends inside the stream (after a 200) and for a frame that does not
 * parse; `end` throws when the stream ended without the api's end marker (a cut connection is never a `done`).
 *
 * @example
 * ```ts
 * const decoder = adapter.createDecoder();
 * for await (const frame of frames) for (const event of decoder.push(frame)) handle(event);
 * for (const event of decoder.end()) handle(event);
 * ```
 */
export interface WireDecoder {
  push(frame: WireFrame): WireEvent[];
  end(): WireEvent[];
}

/**
 * One api kind's wire format: how to build a streaming request and how to decode its answer.
 *
 * @example
 * ```ts
 * const wire = openaiCompletionsAdapter.buildRequest(input);
 * const decoder = openaiCompletionsAdapter.createDecoder();
 * ```
 */
export interface WireAdapter {
  readonly api: ApiKind;
  buildRequest(input: WireCallInput): WireRequest;
  createDecoder(): WireDecoder;
}
