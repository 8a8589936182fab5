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
import { createMessageAssembler, type MessageAssembler } from "./message-assembler.js";
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
  maxTokens: { value: number; assumed: boolean };
  /** The wire spoken: the model's api kind, or the one the credential's setup method requires. */
  api: ApiKind;
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
  return { events: new CallEvents(beforeOutput(deps, target, request, attempts)), attempts };
}

/** The events before the first output (failovers, or the final error), then the stream that committed, if any. */
async function* beforeOutput(
  deps: CallDeps,
  target: CallTarget,
  request: ChatRequest,
  attempts: CallAttempt[],
): AsyncGenerator<StreamEvent, { prepared: Prepared; committed: Committed } | null, undefined> {
  const signal = request.signal;
  let candidates: CallCandidate[];
  try {
    candidates = await resolveCallTarget(target, deps.target);
  } catch (error) {
    yield { type: "error", error: asCallError(error) };
    return null;
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
      return null;
    }
    let prepared: Prepared;
    try {
      prepared = await prepare(deps, candidate, request, { estimatedTokens, overflowFloor });
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
        return null;
      }
      if (!failsOver(failure)) {
        yield { type: "error", error: failure };
        return null;
      }
      // The last candidate was rate limited with a stated, short Retry-After: wait for it once, then try again.
      const retryAfter = failure.retryAfterMs;
      if (next === null && !waited && (failure.kind === "rate_limit" || failure.kind === "overloaded") && retryAfter !== undefined && retryAfter <= deps.maxRetryWaitMs) {
        waited = true;
        try {
          await deps.clock.sleep(retryAfter, signal);
        } catch {
          yield { type: "error", error: abortedError(prepared.ref) };
          return null;
        }
        index--;
        continue;
      }
      if (failure.kind === "context_overflow") overflowFloor = Math.max(overflowFloor ?? 0, prepared.model.limits.contextWindow ?? estimatedTokens);
      if (next !== null) yield { type: "failover", from: prepared.ref, to: next, kind: failure.kind, reason: failure.message };
      continue;
    }
    return { prepared, committed };
  }
  yield { type: "error", error: candidates.length > 1 && attempts.every((a) => a.error?.kind === "skipped") ? allSkipped(attempts) : (last ?? allSkipped(attempts)) };
  return null;
}

/** Every candidate was skipped before a request was sent: say why, for each. */
function allSkipped(attempts: readonly CallAttempt[]): ProviderCallError {
  const reasons = attempts.map((a) => `${a.provider}/${a.model}: ${a.error?.message ?? "skipped"}`);
  return new ProviderCallError({
    kind: "bad_request",
    code: "no_call_candidates",
    message: `Expected a model that can take this request, found none: ${reasons.length > 0 ? reasons.join("; ") : "the target has no models"}.`,
    recovery: "Add a fallback that fits the request (input modes, context window, credentials), or change the request.",
  });
}

async function prepare(
  deps: CallDeps,
  candidate: CallCandidate,
  request: ChatRequest,
  context: { estimatedTokens: number; overflowFloor: number | null },
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

/**
 * The events of one call as a hand-written async iterator: the events before the first output come from
 * {@link beforeOutput}; after it, each frame is decoded straight into a queue that `next()` drains without a
 * generator per event (a 20 MB stream is hundreds of thousands of events). `return()` (a `break` in `for await`)
 * closes the connection.
 */
class CallEvents implements AsyncGenerator<StreamEvent, void, undefined> {
  private readonly queue: StreamEvent[] = [];
  private head = 0;
  private stream: { prepared: Prepared; committed: Committed; assembler: MessageAssembler } | null = null;
  private over = false;

  constructor(private readonly before: AsyncGenerator<StreamEvent, { prepared: Prepared; committed: Committed } | null, undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent, void>> {
    if (this.head < this.queue.length) return Promise.resolve({ value: this.take(), done: false });
    if (this.over) return Promise.resolve({ value: undefined, done: true });
    // Frames already read are decoded synchronously: one promise per event, none per frame.
    const stream = this.stream;
    if (stream !== null) {
      try {
        for (let frame = stream.committed.response.takeReady(); frame !== undefined; frame = stream.committed.response.takeReady()) {
          this.publish(stream.committed.decoder.push(frame));
          if (this.head < this.queue.length) return Promise.resolve({ value: this.take(), done: false });
        }
      } catch (error) {
        return this.fail(error);
      }
    }
    return this.fill();
  }

  async return(): Promise<IteratorResult<StreamEvent, void>> {
    await this.finish();
    await this.before.return(null);
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<StreamEvent, void>> {
    await this.finish();
    throw error;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private take(): StreamEvent {
    const event = this.queue[this.head++]!;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return event;
  }

  private async fill(): Promise<IteratorResult<StreamEvent, void>> {
    if (this.stream === null) {
      const step = await this.before.next();
      if (!step.done) return step;
      if (step.value === null) {
        this.over = true;
        return { value: undefined, done: true };
      }
      this.open(step.value.prepared, step.value.committed);
      return { value: this.take(), done: false };
    }
    const { committed } = this.stream;
    try {
      while (this.head === this.queue.length && !this.over) {
        const next = committed.frames === null ? { done: true as const, value: undefined } : await committed.frames.next();
        if (next.done) {
          this.publish(committed.decoder.end());
          const { message, stopReason } = this.stream.assembler.finish();
          this.queue.push({ type: "done", stopReason, message });
          await this.finish();
        } else {
          this.publish(committed.decoder.push(next.value));
        }
      }
    } catch (error) {
      return this.fail(error);
    }
    return this.head < this.queue.length ? { value: this.take(), done: false } : { value: undefined, done: true };
  }

  /** An error after the first output: reported as the last event, never retried. */
  private async fail(error: unknown): Promise<IteratorResult<StreamEvent, void>> {
    this.queue.push({ type: "error", error: asCallError(error, { secrets: this.stream?.committed.secrets ?? [] }) });
    await this.finish();
    return { value: this.take(), done: false };
  }

  private open(prepared: Prepared, committed: Committed): void {
    this.stream = { prepared, committed, assembler: createMessageAssembler() };
    this.queue.push({
      type: "start",
      provider: prepared.model.provider,
      model: prepared.model.id,
      api: committed.api,
      credential: committed.credential,
      thinking: prepared.thinking,
      maxTokens: committed.maxTokens,
    });
    this.publish(committed.pending);
  }

  private publish(events: readonly WireEvent[]): void {
    const { assembler, prepared } = this.stream!;
    for (const event of events) {
      assembler.add(event);
      switch (event.type) {
        case "usage": {
          const tokens = { input: event.input, output: event.output, cacheRead: event.cacheRead, cacheWrite: event.cacheWrite };
          this.queue.push({ type: "usage", ...tokens, cost: costOf(tokens, prepared.model.cost) });
          break;
        }
        case "thinking_signature":
        case "stop":
          break;
        default:
          this.queue.push(event);
      }
    }
  }

  /** Once: the stream is over (done, error, or the consumer stopped); the body is cancelled, the socket closed. */
  private async finish(): Promise<void> {
    if (this.over) return;
    this.over = true;
    await this.stream?.committed.response.close();
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
