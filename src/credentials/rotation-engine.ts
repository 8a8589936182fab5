import { isTransient, type ErrorClassification } from "../errors/classify-error.js";
import { RegistryError } from "../errors/registry-error.js";
import type { Clock } from "../ports.js";

/**
 * One failed attempt (or failed preparation) of a candidate, as the engine hands it to the policy.
 *
 * @example
 * ```ts
 * const failure: RotationFailure<string> = { error, classification: classifyError(error), candidate: "k1", index: 0 };
 * ```
 */
export interface RotationFailure<C> {
  error: unknown;
  classification: ErrorClassification;
  candidate: C;
  /** Position of the candidate in the list. */
  index: number;
}

/**
 * What the engine reports before it tries again: `transient` retries the same candidate after `delayMs`, `rotate`
 * moves to the next one.
 *
 * @example
 * ```ts
 * const onRetry = (e: RotationRetry<string>) => log(`${e.reason} from #${e.index} to #${e.nextIndex} in ${e.delayMs} ms`);
 * ```
 */
export interface RotationRetry<C> extends RotationFailure<C> {
  reason: "rotate" | "transient";
  nextIndex: number;
  /** 1-based attempt number on the current candidate. */
  attempt: number;
  delayMs: number;
}

/**
 * What a {@link RotationPolicy.recover} hook decided after a failure: try the same candidate again (e.g. with a
 * refreshed OAuth token), or give it up with this failure and move to the next one.
 *
 * @example
 * ```ts
 * const decision: RotationRecovery = { kind: "skip", error: refreshError, classification: { ...c, kind: "auth_expired" } };
 * ```
 */
export type RotationRecovery = { kind: "retry" } | { kind: "skip"; error: unknown; classification: ErrorClassification };

/**
 * Retry of the same candidate on transient failures (overloaded, 5xx, timeout, network). A stated retry-after up to
 * 60 s wins over `delayMs`; the default backoff is 500 ms × 2ⁿ.
 *
 * @example
 * ```ts
 * const retry: TransientRetryPolicy = { retries: 2, delayMs: (n) => 250 * n };
 * ```
 */
export interface TransientRetryPolicy {
  retries: number;
  delayMs?: number | ((attempt: number) => number) | undefined;
}

// A stated Retry-After longer than this is not waited for in-process; cooldowns handle it.
const MAX_STATED_RETRY_MS = 60_000;

/**
 * The decisions around the loop of {@link runRotation}. Everything that differs between `withKeyRotation`, `run()`
 * and a streaming call is a hook here; the order of the checks is the engine's.
 *
 * @example
 * ```ts
 * const policy: RotationPolicy<string> = {
 *   clock, classify: classifyError, shouldRotate: (f) => isRateLimitClass(f.classification),
 *   aborted: (error) => error, surface: (f) => f.error, exhausted: (last) => last.error,
 * };
 * ```
 */
export interface RotationPolicy<C> {
  /** Waits go through the clock port, so tests and hosts control time. */
  clock: Pick<Clock, "sleep">;
  /** The caller's abort signal: once aborted, nothing is retried and no further attempt starts. */
  signal?: AbortSignal | undefined;
  classify(error: unknown): ErrorClassification;
  /** After a final failure of a candidate: move on to the next one (true) or surface the error (false). */
  shouldRotate(failure: RotationFailure<C>): boolean;
  /** `null`: no same-candidate retry on transient failures. */
  transient?: TransientRetryPolicy | null | undefined;
  /**
   * Runs once before a candidate's first attempt (e.g. refresh an expired OAuth token). When it throws, the
   * candidate is skipped and the error, classified by `classifyPrepareFailure` (default `classify`), becomes the last
   * failure.
   */
  prepare?(candidate: C, index: number): Promise<void>;
  classifyPrepareFailure?(error: unknown): ErrorClassification;
  /**
   * False once an error may not be retried at all, e.g. a stream that already emitted output: the failure is then
   * recorded and surfaced without recovery, transient retry or rotation.
   */
  canRetry?(failure: RotationFailure<C>): boolean;
  /** A chance to repair a failure before the transient/rotation rules (e.g. re-authenticate once on a 401). */
  recover?(failure: RotationFailure<C>): Promise<RotationRecovery | null>;
  /** After a success: record usage. */
  onSuccess?(candidate: C, index: number): Promise<void> | void;
  /** After a candidate's final failure (not retried on it): record cooldowns, disable a rejected key. */
  onFailure?(failure: RotationFailure<C>): Promise<void> | void;
  onRetry?(event: RotationRetry<C>): void;
  /** The error to throw when the caller aborted; `error` is the latest failure, if any. */
  aborted(error: unknown, candidate: C): unknown;
  /** The error to throw for a failure that is not retried and does not rotate. */
  surface(failure: RotationFailure<C>, context: { tried: number }): unknown;
  /** The error to throw when every candidate failed; `tried` counts candidates that reached an attempt. */
  exhausted(last: RotationFailure<C>, context: { tried: number }): unknown;
}

/**
 * Try `attempt` with each candidate in order until one succeeds. Per failure, in this order: a caller's abort ends
 * everything; an `aborted` classification is surfaced; `canRetry` may forbid any retry; `recover` may retry or skip
 * the candidate; a transient failure is retried on the same candidate (waiting through the clock, ended by an abort);
 * otherwise the failure is recorded and either rotates to the next candidate or is surfaced. When all fail, the policy's
 * `exhausted` error is thrown.
 *
 * @example
 * ```ts
 * const reply = await runRotation(["k1", "k2"], (key) => callApi(key), {
 *   clock, classify: classifyError, shouldRotate: (f) => isRateLimitClass(f.classification),
 *   aborted: (error) => error, surface: (f) => f.error, exhausted: (last) => last.error,
 * });
 * ```
 */
export async function runRotation<C, T>(
  candidates: readonly C[],
  attempt: (candidate: C, info: { index: number; attempt: number }) => Promise<T>,
  policy: RotationPolicy<C>,
): Promise<T> {
  if (candidates.length === 0) {
    throw new RegistryError({
      code: "invalid_option",
      message: "Expected at least one candidate for the rotation engine, found none.",
      recovery: "Check for an empty list before rotating and report what is missing (no keys, no credentials).",
    });
  }
  const { signal } = policy;
  const transient = policy.transient ?? null;
  let last: RotationFailure<C> | null = null;
  let tried = 0;

  const wait = async (ms: number, failure: RotationFailure<C>): Promise<void> => {
    try {
      await policy.clock.sleep(ms, signal);
    } catch {
      // A wait only ends early because the caller aborted: report the failure that led to the wait.
      throw policy.aborted(failure.error, failure.candidate);
    }
    if (signal?.aborted) throw policy.aborted(failure.error, failure.candidate);
  };

  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    if (signal?.aborted) throw policy.aborted(last?.error, candidate);
    if (policy.prepare) {
      try {
        await policy.prepare(candidate, index);
      } catch (error) {
        if (signal?.aborted) throw policy.aborted(error, candidate);
        last = { error, classification: (policy.classifyPrepareFailure ?? policy.classify)(error), candidate, index };
        continue;
      }
    }
    tried++;
    let transientRetries = 0;
    for (let attemptNo = 1; ; attemptNo++) {
      if (signal?.aborted) throw policy.aborted(last?.error, candidate);
      try {
        const result = await attempt(candidate, { index, attempt: attemptNo });
        await policy.onSuccess?.(candidate, index);
        return result;
      } catch (error) {
        if (signal?.aborted) throw policy.aborted(error, candidate);
        const failure: RotationFailure<C> = { error, classification: policy.classify(error), candidate, index };
        last = failure;
        if (failure.classification.kind === "aborted") throw policy.surface(failure, { tried });
        if (policy.canRetry && !policy.canRetry(failure)) {
          await policy.onFailure?.(failure);
          throw policy.surface(failure, { tried });
        }
        const recovery = policy.recover ? await policy.recover(failure) : null;
        if (recovery?.kind === "retry") continue;
        if (recovery?.kind === "skip") {
          last = { error: recovery.error, classification: recovery.classification, candidate, index };
          break;
        }
        if (transient && isTransient(failure.classification) && transientRetries < transient.retries) {
          transientRetries++;
          const delayMs = transientDelay(transient, failure.classification, transientRetries);
          policy.onRetry?.({ ...failure, reason: "transient", nextIndex: index, attempt: attemptNo, delayMs });
          await wait(delayMs, failure);
          continue;
        }
        await policy.onFailure?.(failure);
        if (policy.shouldRotate(failure)) {
          if (index < candidates.length - 1) {
            policy.onRetry?.({ ...failure, reason: "rotate", nextIndex: index + 1, attempt: attemptNo, delayMs: 0 });
          }
          break;
        }
        throw policy.surface(failure, { tried });
      }
    }
  }
  throw policy.exhausted(last!, { tried });
}

function transientDelay(policy: TransientRetryPolicy, classification: ErrorClassification, retry: number): number {
  const stated = classification.retryAfterMs;
  if (stated !== undefined && stated <= MAX_STATED_RETRY_MS) return stated;
  const configured = typeof policy.delayMs === "function" ? policy.delayMs(retry) : policy.delayMs;
  return configured ?? 500 * 2 ** (retry - 1);
}
