import { ProviderCallError } from "../errors/provider-call-error.js";
import { asCallError } from "./call-error.js";
import type { CallDeps } from "./call-deps.js";
import { CallEvents } from "./call-events.js";
import { resolveCallTarget, type CallCandidate, type CallTarget } from "./call-target.js";
import type { ChatRequest } from "./chat-request.js";
import { commitCandidate, type CommittedStream } from "./commit-attempt.js";
import { failsOver } from "./failover-policy.js";
import { prepareCandidate, type PreparedCandidate } from "./prepare-candidate.js";
import { estimateRequestTokens } from "./request-fit.js";
import type { CallAttempt, StreamEvent } from "./stream-events.js";

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
): AsyncGenerator<StreamEvent, { prepared: PreparedCandidate; committed: CommittedStream } | null, undefined> {
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
    let prepared: PreparedCandidate;
    try {
      prepared = await prepareCandidate(deps, candidate, request, { estimatedTokens, overflowFloor });
    } catch (error) {
      const failure = asCallError(error);
      const [provider, model] = splitRef(candidate.ref);
      attempts.push({ provider, model, credential: null, error: { kind: "skipped", message: failure.message } });
      last = failure;
      if (next !== null) yield { type: "failover", from: candidate.ref, to: next, kind: "skipped", reason: failure.message };
      continue;
    }

    let committed: CommittedStream;
    try {
      committed = await commitCandidate(deps, prepared, request, attempts);
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


function abortedError(ref: string): ProviderCallError {
  return new ProviderCallError({ kind: "aborted", message: `The call to ${ref} was aborted by the caller.`, recovery: "Nothing to do; start a new call when needed." });
}

function splitRef(ref: string): [string, string] {
  const slash = ref.indexOf("/");
  return slash < 0 ? [ref, ""] : [ref.slice(0, slash), ref.slice(slash + 1)];
}
