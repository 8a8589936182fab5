import { cancellableSleep } from "../clock.js";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { classifyError, isRateLimitClass, type ErrorClassification } from "../errors/classify-error.js";
import { RegistryError } from "../errors/registry-error.js";
import { redactError } from "../transport/redact.js";
import { runRotation } from "./rotation-engine.js";
import { Secret } from "../schema/secret.js";

/**
 * A key for {@link withKeyRotation}: a plain string, a {@link Secret}, or `{ key, label? }`.
 *
 * @example
 * ```ts
 * const keys: RotationKey[] = ["sk-a", new Secret("sk-b"), { key: new Secret("sk-c"), label: "backup" }];
 * ```
 */
export type RotationKey = string | Secret | { key: Secret | string; label?: string | undefined; source?: string | undefined };

/**
 * What callbacks learn about a key: its position and label, never its value.
 *
 * @example
 * ```ts
 * const info: KeyInfo = { index: 0, label: "OPENAI_API_KEY" };
 * ```
 */
export interface KeyInfo {
  index: number;
  label?: string;
}

/**
 * Passed to `onRetry` before the next attempt.
 *
 * @example
 * ```ts
 * withKeyRotation(keys, call, { onRetry: (e: RetryEvent) => log(`${e.reason} after ${e.classification.kind} on key #${e.index}`) });
 * ```
 */
export interface RetryEvent extends KeyInfo {
  /** `rotate`: moving to the next key; `transient`: retrying the same key. */
  reason: "rotate" | "transient";
  classification: ErrorClassification;
  /** Index of the key the next attempt uses. */
  nextIndex: number;
  /** 1-based attempt number on the current key (transient retries). */
  attempt: number;
  /** Delay before the next attempt, in ms. */
  delayMs: number;
}

/**
 * Options of {@link withKeyRotation}.
 *
 * @example
 * ```ts
 * await withKeyRotation(keys, call, { signal: controller.signal, transientRetry: { retries: 2 } });
 * ```
 */
export interface KeyRotationOptions {
  /** The caller's abort signal: once aborted, nothing is retried. */
  signal?: AbortSignal | undefined;
  /** Classifier; default {@link classifyError}. */
  classify?: (error: unknown) => ErrorClassification;
  /**
   * Clock (epoch ms) the default classifier reads an HTTP-date `Retry-After` or an absolute reset header against.
   * Default `Date.now()`; pass the host's clock so a stated delay is measured in the same time as everything else.
   */
  now?: number | (() => number);
  /** Decide rotation yourself; default: rate-limit class (`rate_limit`, `quota_exhausted`). Never sees the key. */
  shouldRotate?: (classification: ErrorClassification, info: KeyInfo) => boolean;
  /**
   * Retry the same key on transient failures (overloaded, 5xx, timeout, network). Off by default. `true` means
   * 2 retries with 500 ms × 2ⁿ backoff (a stated retry-after up to 60 s wins).
   */
  transientRetry?: boolean | { retries?: number; delayMs?: number | ((attempt: number) => number) };
  /** Called before each retry; gets index and label, never the key. */
  onRetry?: (event: RetryEvent) => void;
  /** Sleep used between transient retries (injectable for tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function normalizeKeys(keys: readonly RotationKey[]): Array<{ value: string; label?: string }> {
  const seen = new Set<string>();
  const out: Array<{ value: string; label?: string }> = [];
  for (const entry of keys) {
    let value: string;
    let label: string | undefined;
    if (typeof entry === "string") value = entry;
    else if (entry instanceof Secret) value = entry.reveal();
    else {
      value = typeof entry.key === "string" ? entry.key : entry.key.reveal();
      label = entry.label ?? entry.source;
    }
    value = value.trim();
    if (value === "" || seen.has(value)) continue;
    seen.add(value);
    out.push(label === undefined ? { value } : { value, label });
  }
  return out;
}

/**
 * Call `attempt` with each key in turn, moving to the next key only on rate-limit class errors (429,
 * `rate_limit`, quota, resource exhausted). Any other error is thrown at once; a caller's abort is never retried;
 * transient errors (5xx, overloaded, network, timeout) are retried on the same key only when `transientRetry` is on,
 * and never rotate. When every key fails, the last error is thrown. Keys are deduplicated; callbacks get the index
 * and label, never the value; a thrown error that contains a key value is replaced by a scrubbed copy.
 *
 * @example
 * ```ts
 * const keys = resolveEnvApiKeys("openai", hostEnv);
 * const reply = await withKeyRotation(keys.map((k) => ({ key: k.key, label: k.source })), (apiKey) =>
 *   new OpenAI({ apiKey }).chat.completions.create({ model: "gpt-4o-mini", messages }),
 * );
 * ```
 */
export async function withKeyRotation<T>(
  keys: readonly RotationKey[],
  attempt: (key: string, info: KeyInfo) => Promise<T>,
  options: KeyRotationOptions = {},
): Promise<T> {
  checkArgument("withKeyRotation", "keys", ARG.list, keys);
  checkArgument("withKeyRotation", "attempt", ARG.function, attempt);
  checkArgument("withKeyRotation", "options", ARG.optionalObject, options);
  const list = normalizeKeys(keys);
  if (list.length === 0) {
    throw new RegistryError({
      code: "no_keys",
      message: "Expected at least one non-empty API key for withKeyRotation, found none.",
      recovery: "Pass keys from resolveEnvApiKeys(), stored credentials, or a string.",
    });
  }
  const secrets = list.map((k) => k.value);
  const now = options.now;
  const classify = options.classify ?? ((error: unknown) => classifyError(error, now === undefined ? {} : { now }));
  const shouldRotate = options.shouldRotate ?? ((c: ErrorClassification) => isRateLimitClass(c));
  const transient = options.transientRetry === true ? {} : options.transientRetry || null;
  const safe = (error: unknown) => redactError(error, { secrets });
  const infoOf = (index: number): KeyInfo => {
    const label = list[index]!.label;
    return label === undefined ? { index } : { index, label };
  };

  return runRotation(list, (key, { index }) => attempt(key.value, infoOf(index)), {
    clock: { sleep: options.sleep ?? cancellableSleep },
    signal: options.signal,
    classify,
    transient: transient && { retries: Math.max(0, transient.retries ?? 2), delayMs: transient.delayMs },
    shouldRotate: (failure) => shouldRotate(failure.classification, infoOf(failure.index)),
    onRetry: ({ index, reason, classification, nextIndex, attempt: attemptNo, delayMs }) =>
      options.onRetry?.({ ...infoOf(index), reason, classification, nextIndex, attempt: attemptNo, delayMs }),
    aborted: (error) => safe(error ?? options.signal?.reason),
    surface: (failure) => safe(failure.error),
    exhausted: (last) => safe(last.error),
  });
}
