import type { Clock } from "./ports.js";

/**
 * Wait `ms` milliseconds, or less when `signal` aborts: the wait then rejects with the signal's reason and its timer is
 * cleared, so neither a retry nor a poll outlives the caller's abort. The one cancellable sleep of the package; everything
 * else waits through {@link Clock.sleep}.
 *
 * @example
 * ```ts
 * await cancellableSleep(500, controller.signal); // rejects with controller.signal.reason on abort
 * ```
 */
export function cancellableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Build a {@link Clock} from its parts, defaulting to the system time and {@link cancellableSleep}.
 *
 * @example
 * ```ts
 * const clock = createClock({ now: () => fixedTime });
 * await clock.sleep(1000, signal);
 * ```
 */
export function createClock(parts: { now?: (() => number) | undefined; sleep?: Clock["sleep"] | undefined } = {}): Clock {
  const now = parts.now ?? (() => Date.now());
  const sleep = parts.sleep ?? cancellableSleep;
  return { now: () => now(), sleep: (ms, signal) => sleep(ms, signal) };
}
