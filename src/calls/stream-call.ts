import type { ResolvedModel } from "../catalog/resolved-model.js";
import { OPENCLAW_MODEL_DEFAULTS } from "../config/assumed-defaults.js";
import type { RunAttemptContext, RunOptions } from "../credentials/run-options.js";
import { classifyError } from "../errors/classify-error.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { RegistryError } from "../errors/registry-error.js";
import type { Clock, FetchPort } from "../ports.js";
import type { ThinkingPlan } from "../reasoning/thinking-params.js";
import type { ApiKind } from "../schema/api-kind.js";
import { openStream, type StreamResponse } from "../transport/http-stream.js";
import type { StreamFrame } from "../transport/stream-frame.js";
import { asCallError } from "./call-error.js";
import { failsOver } from "./failover-policy.js";
import { resolveCallTarget, type CallCandidate, type CallTarget, type CallTargetDeps } from "./call-target.js";
import type { ChatRequest } from "./chat-request.js";
import { createMessageAssembler } from "./message-assembler.js";
import { estimateRequestTokens, requestMisfit } from "./request-fit.js";
import type { CallAttempt, CallThinking, StreamEvent } from "./stream-events.js";
import { costOf } from "./usage-cost.js";
import type { WireAdapter, WireDecoder, WireEvent } from "./wire-adapter.js";

/**
 * What the call engine needs, as functions of the services below it (never the facade).
 *
 * @example
 * ```ts
 * const deps: CallDeps = { resolveModel: catalog.resolveModel, run: credentials.run, planThinking: thinking.planThinking,
 *   target: { resolveTier: thinking.resolveTier, getRoles: thinking.getRoles }, adapterFor, clock, fetch,
 *   timeouts: { connectMs: 60_000, idleMs: 60_000 }, maxRetryWaitMs: 30_000 };
 * ```
 */
export interface CallDeps {
  resolveModel(ref: string): Promise<ResolvedModel>;
  run<T>(target: string, attempt: (context: RunAttemptContext) => Promise<T>, options?: RunOptions): Promise<T>;
  planThinking(ref: string, level: string | boolean, options: { api: string }): Promise<ThinkingPlan>;
  target: CallTargetDeps;
  adapterFor(api: ApiKind): WireAdapter | null;
  clock: Clock;
  fetch: FetchPort | undefined;
  timeouts: { connectMs: number; idleMs: number };
  /** Longest Retry-After waited for before trying the last candidate again. */
  maxRetryWaitMs: number;
}

const NEXT_PROFILE_ON: ReadonlySet<string> = new Set(["overloaded", "timeout", "network", "server_error", "model_not_found"]);
const OUTPUT = new Set<WireEvent["type"]>(["text", "thinking", "tool_call_delta", "tool_call"]);

interface Prepared {
  ref: string;
  model: ResolvedModel;
  api: ApiKind;
  adapter: WireAdapter;
  maxTokens: { value: number; assumed: boolean };
  thinking: CallThinking;
  thinkingParams: Record<string, unknown>;
}

/** A stream that produced its first output event: from here on it is never retried. */
interface Committed {
  pending: WireEvent[];
  frames: AsyncIterator<StreamFrame> | null;
  decoder: WireDecoder;
  response: StreamResponse;
  credential: string | null;
  secrets: string[];
}

/**
 * One call: the events of `stream()`, and the tries so far (filled while the events are read).
 *
 * @example
 * ```ts
 * const call = startCall(deps, "HIGH", request);
 * for await (const event of call.events) render(event);
 * console.log(call.attempts);
 * ```
 */
export interface StartedCall {
  events: AsyncGenerator<StreamEvent, void, undefined>;
  attempts: CallAttempt[];
}

/**
 * Start a call: resolve the target into candidate models, then for each — skip it when it cannot take the request,
 * plan max tokens and thinking, and let the one rotation engine (`run()`) try its credentials. Until the first output
 * event, a failure rotates keys (inside `run()`) and then fails over to the next candidate with a `failover` event;
 * afterwards a failure ends the stream with `error` and nothing is retried.
 *
 * @example
 * ```ts
 * const { events } = startCall(deps, { model: "openai/gpt-5", fallbacks: ["anthropic/claude-sonnet-4-5"] }, request);
 * ```
 */
export function startCall(deps: CallDeps, target: CallTarget, request: ChatRequest): StartedCall {
  const attempts: CallAttempt[] = [];
  return { events: callEvents(deps, target, request, attempts), attempts };
}

async function* callEvents(deps: CallDeps, target: CallTarget, request: ChatRequest, attempts: CallAttempt[]): AsyncGenerator<StreamEvent, void, undefined> {
  const signal = request.signal;
  let candidates: CallCandidate[];
  try {
    candidates = await resolveCallTarget(target, deps.target);
  } catch (error) {
    yield { type: "error", error: asCallError(error) };
    return;
  }
  const estimatedTokens = estimateRequestTokens(request);
  let overflowFloor: number | null = null;
  let last: ProviderCallError | null = null;
  let waited = false;

  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    const next = candidates[index + 1]?.ref ?? null;
    if (signal?.aborted) {
      yield { type: "error", error: abortedError(candidate.ref) };
      return;
    }
    let prepared: Prepared;
    try {
      prepared = await prepare(deps, candidate, request, { estimatedTokens, overflowFloor, single: candidates.length === 1 });
    } catch (error) {
      const failure = asCallError(error);
      const [provider, model] = splitRef(candidate.ref);
      attempts.push({ provider, model, credential: null, error: { kind: "skipped", message: failure.message } });
      last = failure;
      if (next !== null) yield { type: "failover", from: candidate.ref, to: next, kind: "skipped", reason: failure.message };
      continue;
    }

    let committed: Committed;
    try {
      committed = await commit(deps, prepared, request, attempts);
    } catch (error) {
      const failure = asCallError(error);
      last = failure;
      if (failure.kind === "aborted" || signal?.aborted) {
        yield { type: "error", error: failure.kind === "aborted" ? failure : abortedError(prepared.ref) };
        return;
      }
      if (!failsOver(failure)) {
        yield { type: "error", error: failure };
        return;
      }
      // The last candidate was rate limited with a stated, short Retry-After: wait for it once, then try again.
      const retryAfter = failure.retryAfterMs;
      if (next === null && !waited && (failure.kind === "rate_limit" || failure.kind === "overloaded") && retryAfter !== undefined && retryAfter <= deps.maxRetryWaitMs) {
        waited = true;
        try {
          await deps.clock.sleep(retryAfter, signal);
        } catch {
          yield { type: "error", error: abortedError(prepared.ref) };
          return;
        }
        index--;
        continue;
      }
      if (failure.kind === "context_overflow") overflowFloor = Math.max(overflowFloor ?? 0, prepared.model.limits.contextWindow ?? estimatedTokens);
      if (next !== null) yield { type: "failover", from: prepared.ref, to: next, kind: failure.kind, reason: failure.message };
      continue;
    }
    yield* committedEvents(prepared, committed);
    return;
  }
  yield {
    type: "error",
    error:
      last ??
      new ProviderCallError({
        kind: "bad_request",
        code: "no_call_candidates",
        message: "Expected at least one model to call, found none.",
        recovery: "Pass a model ref, or save a model for the tier or role.",
      }),
  };
}

async function prepare(
  deps: CallDeps,
  candidate: CallCandidate,
  request: ChatRequest,
  context: { estimatedTokens: number; overflowFloor: number | null; single: boolean },
): Promise<Prepared> {
  const model = await deps.resolveModel(candidate.ref);
  const ref = model.ref;
  if (model.api === null) {
    const problem = model.problems[0];
    throw new RegistryError({
      code: "unknown_provider",
      message: problem?.message ?? `Expected a known provider for ${ref}, found none.`,
      recovery: problem?.recovery ?? "Check the provider id, or add the provider to models.json.",
    });
  }
  const adapter = deps.adapterFor(model.api);
  if (adapter === null) {
    throw new RegistryError({
      code: "unsupported_api",
      message: `Expected an api kind stream() can speak (openai-completions, openai-responses, anthropic-messages, google-generative-ai, ollama) for ${ref}, found ${model.api}.`,
      recovery: "Pick a model on a supported api kind, or call this one through run() with your own client.",
    });
  }
  const misfit = requestMisfit(request, { input: model.capabilities.input, contextWindow: model.limits.contextWindow }, {
    estimatedTokens: context.estimatedTokens,
    minContextWindow: context.overflowFloor,
  });
  if (misfit !== null) {
    if (misfit.code === "input_not_supported") {
      throw new RegistryError({ code: "input_not_supported", message: `${ref} cannot take this request: ${misfit.message}.`, recovery: "Use a model whose input modes include image, or send the request without images." });
    }
    throw new ProviderCallError({ kind: "context_overflow", message: `${ref} cannot take this request: ${misfit.message}.`, recovery: "Shorten the conversation, or add a fallback with a larger context window." });
  }
  const maxTokens = decideMaxTokens(request, model, context.estimatedTokens);
  const requested = request.thinking ?? candidate.thinking;
  let thinking: CallThinking = { requested: null, effective: null, clamped: false };
  let thinkingParams: Record<string, unknown> = {};
  if (requested !== null && requested !== undefined) {
    const plan = await deps.planThinking(ref, requested, { api: model.api });
    thinking = { requested: plan.resolution.requested, effective: plan.resolution.effective, clamped: plan.resolution.clamped };
    thinkingParams = plan.params;
  }
  return { ref, model, api: model.api, adapter, maxTokens, thinking, thinkingParams };
}

function decideMaxTokens(request: ChatRequest, model: ResolvedModel, estimatedTokens: number): { value: number; assumed: boolean } {
  if (request.maxTokens !== undefined) return { value: request.maxTokens, assumed: false };
  const stated = model.limits.maxOutputTokens;
  if (stated !== null) {
    // Some servers reject input + max_tokens over the window: leave room for the input when both are known.
    const window = model.limits.contextWindow;
    const room = window !== null ? window - estimatedTokens : stated;
    return { value: Math.max(1, Math.min(stated, room > 0 ? room : stated)), assumed: false };
  }
  return { value: OPENCLAW_MODEL_DEFAULTS.maxTokens, assumed: true };
}

/** Run the request through the rotation engine until its first output event, or throw for the engine to rotate. */
async function commit(deps: CallDeps, prepared: Prepared, request: ChatRequest, attempts: CallAttempt[]): Promise<Committed> {
  const { model } = prepared;
  return deps.run(
    prepared.ref,
    async (context) => {
      const credential = context.credentialId ?? context.source ?? null;
      const attempt: CallAttempt = { provider: model.provider, model: model.id, credential };
      attempts.push(attempt);
      const secrets = context.apiKey ? [context.apiKey] : [];
      let response: StreamResponse | null = null;
      try {
        if (context.baseUrl === null) {
          throw new RegistryError({
            code: "base_url_missing",
            message: `Expected a base URL for provider "${model.provider}", found none.`,
            recovery: `Add "baseUrl" to providers.${model.provider} in models.json.`,
          });
        }
        const wire = prepared.adapter.buildRequest({
          model: { id: model.id, provider: model.provider, api: prepared.api, baseUrl: context.baseUrl },
          request,
          maxTokens: prepared.maxTokens.value,
          thinkingParams: prepared.thinkingParams,
          apiKey: context.apiKey,
          headers: context.headers,
        });
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
        const decoder = prepared.adapter.createDecoder();
        const pending: WireEvent[] = [];
        for (;;) {
          const next = await frames.next();
          if (next.done) {
            // A complete answer without any output (an empty reply): nothing more to read.
            pending.push(...decoder.end());
            return { pending, frames: null, decoder, response, credential, secrets };
          }
          const events = decoder.push(next.value);
          if (events.length === 0) continue;
          pending.push(...events);
          if (events.some((e) => OUTPUT.has(e.type))) return { pending, frames, decoder, response, credential, secrets };
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

async function* committedEvents(prepared: Prepared, committed: Committed): AsyncGenerator<StreamEvent, void, undefined> {
  const { response, decoder, frames, secrets } = committed;
  const assembler = createMessageAssembler();
  const prices = prepared.model.cost;
  function* publish(events: readonly WireEvent[]): Generator<StreamEvent> {
    for (const event of events) {
      assembler.add(event);
      switch (event.type) {
        case "usage": {
          const tokens = { input: event.input, output: event.output, cacheRead: event.cacheRead, cacheWrite: event.cacheWrite };
          yield { type: "usage", ...tokens, cost: costOf(tokens, prices) };
          break;
        }
        case "thinking_signature":
        case "stop":
          break;
        default:
          yield event;
      }
    }
  }
  try {
    yield {
      type: "start",
      provider: prepared.model.provider,
      model: prepared.model.id,
      api: prepared.api,
      credential: committed.credential,
      thinking: prepared.thinking,
      maxTokens: prepared.maxTokens,
    };
    yield* publish(committed.pending);
    if (frames !== null) {
      for (;;) {
        const next = await frames.next();
        if (next.done) break;
        yield* publish(decoder.push(next.value));
      }
      yield* publish(decoder.end());
    }
    const { message, stopReason } = assembler.finish();
    yield { type: "done", stopReason, message };
  } catch (error) {
    yield { type: "error", error: asCallError(error, { secrets }) };
  } finally {
    // Also runs when the consumer breaks out of its loop: the body is cancelled and the socket closed.
    await response.close();
  }
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

function abortedError(ref: string): ProviderCallError {
  return new ProviderCallError({ kind: "aborted", message: `The call to ${ref} was aborted by the caller.`, recovery: "Nothing to do; start a new call when needed." });
}

function splitRef(ref: string): [string, string] {
  const slash = ref.indexOf("/");
  return slash < 0 ? [ref, ""] : [ref.slice(0, slash), ref.slice(slash + 1)];
}
