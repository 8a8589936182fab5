import { classifyError } from "../errors/classify-error.js";
import type { ApiKind } from "../schema/api-kind.js";
import { RegistryError } from "../errors/registry-error.js";
import { openStream, type StreamResponse } from "../transport/http-stream.js";
import type { StreamFrame } from "../transport/stream-frame.js";
import { asCallError } from "./call-error.js";
import type { CallDeps } from "./call-deps.js";
import type { ChatRequest } from "./chat-request.js";
import type { PreparedCandidate } from "./prepare-candidate.js";
import type { CallAttempt } from "./stream-events.js";
import type { WireDecoder, WireEvent } from "./wire-adapter.js";

const NEXT_PROFILE_ON: ReadonlySet<string> = new Set(["overloaded", "timeout", "network", "server_error", "model_not_found"]);
const OUTPUT = new Set<WireEvent["type"]>(["text", "thinking", "tool_call_delta", "tool_call"]);

/**
 * A stream that produced its first output event: from here on it is never retried.
 *
 * @example
 * ```ts
 * const committed: CommittedStream = await commitCandidate(deps, prepared, request, attempts);
 * ```
 */
export interface CommittedStream {
  pending: WireEvent[];
  frames: AsyncIterator<StreamFrame> | null;
  decoder: WireDecoder;
  response: StreamResponse;
  credential: string | null;
  secrets: string[];
  maxTokens: { value: number; assumed: boolean };
  /** The wire spoken: the model's api kind, or the one the credential's setup method requires. */
  api: ApiKind;
}


/**
 * Run the request through the rotation engine (`run()`) until its first output event: a failure before it throws
 * (for `run()` to rotate keys, then for the engine to fail over); the first output commits the stream. Every try is
 * recorded in `attempts`.
 *
 * @example
 * ```ts
 * const committed = await commitCandidate(deps, prepared, request, attempts);
 * ```
 */
export async function commitCandidate(deps: CallDeps, prepared: PreparedCandidate, request: ChatRequest, attempts: CallAttempt[]): Promise<CommittedStream> {
  const { model } = prepared;
  return deps.run(
    prepared.ref,
    async (context) => {
      const credential = context.credentialId ?? context.source ?? null;
      const attempt: CallAttempt = { provider: model.provider, model: model.id, credential };
      attempts.push(attempt);
      const secrets = context.apiKey ? [context.apiKey] : [];
      let response: StreamResponse | null = null;
      let sentMaxTokens = prepared.maxTokens;
      let wireApi = prepared.api;
      let wireAdapter = prepared.adapter;
      try {
        if (context.baseUrl === null) {
          throw new RegistryError({
            code: "base_url_missing",
            message: `Expected a base URL for provider "${model.provider}", found none.`,
            recovery: `Add "baseUrl" to providers.${model.provider} in models.json.`,
          });
        }
        // A credential's setup method may require another wire than the model's (Kimi Code keys speak
        // anthropic-messages): the adapter and thinking params follow the wire actually spoken.
        const api = context.api ?? prepared.api;
        const adapter = api === prepared.api ? prepared.adapter : deps.adapterFor(api);
        if (adapter === null) {
          throw new RegistryError({
            code: "unsupported_api",
            message: `Expected an api kind stream() can speak for ${prepared.ref} with credential "${credential ?? "none"}", found ${api} (its setup method's wire).`,
            recovery: "Call it through run() with your own client, or use a credential of another setup method.",
          });
        }
        const thinkingParams =
          api === prepared.api || prepared.thinking.requested === null ? prepared.thinkingParams : (await deps.planThinking(prepared.ref, prepared.thinking.requested, { api })).params;
        wireApi = api;
        wireAdapter = adapter;
        const wire = adapter.buildRequest({
          model: { id: model.id, provider: model.provider, api, baseUrl: context.baseUrl },
          request,
          maxTokens: prepared.maxTokens.value,
          thinkingParams,
          apiKey: context.apiKey,
          headers: context.headers,
        });
        // The wire's rules may have changed max tokens (an Anthropic thinking budget must stay below it).
        if (wire.maxTokens !== undefined) sentMaxTokens = { value: wire.maxTokens, assumed: prepared.maxTokens.assumed };
        response = await openStream({
          url: wire.url,
          method: "POST",
          headers: wire.headers,
          credentialHeaders: wire.credentialHeaders,
          json: wire.body,
          framing: wire.framing,
          connectTimeoutMs: deps.timeouts.connectMs,
          idleTimeoutMs: deps.timeouts.idleMs,
          signal: context.signal,
          fetch: deps.fetch,
        });
        if (!response.ok) throw httpFailure(response);
        const frames = response.frames[Symbol.asyncIterator]();
        const decoder = wireAdapter.createDecoder();
        const pending: WireEvent[] = [];
        for (;;) {
          const next = await frames.next();
          if (next.done) {
            // A complete answer without any output (an empty reply): nothing more to read.
            pending.push(...decoder.end());
            return { pending, frames: null, decoder, response, credential, secrets, maxTokens: sentMaxTokens, api: wireApi };
          }
          const events = decoder.push(next.value);
          if (events.length === 0) continue;
          pending.push(...events);
          if (events.some((e) => OUTPUT.has(e.type))) return { pending, frames, decoder, response, credential, secrets, maxTokens: sentMaxTokens, api: wireApi };
        }
      } catch (error) {
        await response?.close();
        const failure = asCallError(error, { secrets });
        attempt.error = { kind: failure.kind, message: failure.message };
        throw error;
      }
    },
    {
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.sessionId ? { sessionId: request.sessionId, strategy: "sticky" as const } : {}),
      model: model.id,
      classify: (error: unknown) => {
        const classification = classifyError(error, { now: deps.clock.now });
        // A call moves on to the next credential for these too (another key may reach another deployment or
        // have access to the model); run()'s own default retries or surfaces them.
        return NEXT_PROFILE_ON.has(classification.kind) ? { ...classification, action: "next_profile" as const } : classification;
      },
    },
  );
}


/** A non-2xx answer as what `classifyError` reads: status, headers (Retry-After) and the parsed body. */
function httpFailure(response: StreamResponse): { status: number; headers: Headers; body: unknown; message: string } {
  const text = response.errorText ?? "";
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, plain text): classified by status and text.
  }
  return { status: response.status, headers: response.headers, body, message: `HTTP ${response.status}: ${text.slice(0, 300)}` };
}
