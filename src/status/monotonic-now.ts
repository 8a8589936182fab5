/**
 * The one elapsed-time source of probes and checks: durations and the remaining budget of a check are measured on the
 * monotonic clock when the runtime has one, so a wall-clock jump cannot make a probe look negative or endless.
 */

/**
 * Milliseconds on the monotonic clock (`performance.now()`), or `Date.now()` where there is none; only differences
 * between two readings mean anything.
 *
 * @example
 * ```ts
 * const started = monotonicNow();
 * await probeProvider(ctx, facts);
 * const durationMs = Math.round(monotonicNow() - started);
 * ```
 */
export const monotonicNow = (): number => (typeof globalThis.performance?.now === "function" ? globalThis.performance.now() : Date.now());
