/**
 * A clock for tests: pass `clock.now` to `createRegistry({ now })` and move time by hand, so OAuth expiry,
 * cooldowns and probe timestamps are deterministic.
 *
 * @example
 * ```ts
 * const clock = createFixedClock(Date.parse("2026-01-01T00:00:00Z"));
 * const registry = createRegistry({ now: clock.now });
 * clock.advance(60_000);
 * ```
 */
export interface FixedClock {
  now: () => number;
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
    advance(ms) {
      t += ms;
      return t;
    },
    set(epochMs) {
      t = epochMs;
    },
  };
}
