import type { Clock } from "../ports.js";

/**
 * A clock for tests: pass `clock.now` (and `clock.sleep`) to `createRegistry({ now, sleep })` and move time by hand, so
 * OAuth expiry, cooldowns, Retry-After waits and probe timestamps are deterministic. `sleep` advances the virtual time
 * instead of waiting; an aborted signal still rejects it with the signal's reason.
 *
 * @example
 * ```ts
 * const clock = createFixedClock(Date.parse("2026-01-01T00:00:00Z"));
 * const registry = createRegistry({ now: clock.now, sleep: clock.sleep });
 * clock.advance(60_000);
 * ```
 */
export interface FixedClock extends Clock {
  now: () => number;
  /** Advance the virtual time by `ms` at once (after a microtask), or reject with `signal.reason` if it is aborted. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  advance(ms: number): number;
  set(epochMs: number): void;
}

/**
 * Create a {@link FixedClock} starting at `start` (epoch ms; default 2026-01-01T00:00:00Z).
 *
 * @example
 * ```ts
 * const clock = createFixedClock();
 * clock.now(); // 1767225600000
 * ```
 */
export function createFixedClock(start: number = Date.parse("2026-01-01T00:00:00Z")): FixedClock {
  let t = start;
  return {
    now: () => t,
    async sleep(ms, signal) {
      // Yield once, as a real timer would, so an abort raised by the caller in the meantime is seen.
      await Promise.resolve();
      if (signal?.aborted) throw signal.reason;
      t += Math.max(0, ms);
    },
    advance(ms) {
      t += ms;
      return t;
    },
    set(epochMs) {
      t = epochMs;
    },
  };
}
