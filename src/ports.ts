/**
 * The injectable seams of the registry. Everything that touches the outside world (storage, environment, clock,
 * logging, network) comes in through one of these, so the core runs unchanged in Node, browsers, edge runtimes,
 * Bun and Deno, and tests can swap any of them.
 *
 * @module
 */

/**
 * Key/value storage of strings, Keyv-compatible: a `Keyv` instance works unchanged.
 *
 * Keys used by the registry: `models.json`, `auth.json`, `settings.json`, `state.json`, `catalog.json`,
 * `reviews/<id>.json`.
 *
 * @example
 * ```ts
 * const storage: Storage = {
 *   get: async (key) => map.get(key),
 *   set: async (key, value) => void map.set(key, value),
 *   delete: async (key) => map.delete(key),
 * };
 * ```
 */
export interface Storage {
  /** The stored string, or `undefined`/`null` when the key is absent. */
  get(key: string): Promise<string | undefined | null>;
  /** Store a string under a key. Implementations should write atomically. */
  set(key: string, value: string): Promise<unknown>;
  /** Remove a key. Removing an absent key is not an error. */
  delete(key: string): Promise<unknown>;
  /**
   * Optional atomic read-modify-write. `fn` receives the current value (or `undefined`) and returns the new value,
   * or `undefined` to leave the key unchanged. Implementations that span processes (file storage) must hold a lock
   * across the read and the write. When absent, the registry serialises updates within one process only.
   */
  update?(
    key: string,
    fn: (current: string | undefined) => string | undefined | Promise<string | undefined>,
  ): Promise<string | undefined>;
}

/**
 * Environment variables as a plain record. Hosts pass `hostEnv`; browsers pass `{}` or a curated object.
 *
 * @example
 * ```ts
 * const env: Env = { OPENAI_API_KEY: "sk-..." };
 * ```
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Time as the registry sees it: the current epoch milliseconds, and a wait that a caller's abort ends. Injected so
 * cooldowns, expiries, Retry-After waits and polling intervals are testable without real time passing.
 * `createRegistry` takes the parts as `now` and `sleep` options; `createFixedClock()` from `./testing` is one.
 *
 * @example
 * ```ts
 * let t = Date.parse("2026-01-01T00:00:00Z");
 * const clock: Clock = { now: () => t, sleep: async (ms) => void (t += ms) };
 * createRegistry({ now: clock.now, sleep: clock.sleep });
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Resolve after `ms` milliseconds; reject with `signal.reason` as soon as `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The fetch function the registry uses for every network call. Resolved per call, so msw and user patches apply.
 *
 * @example
 * ```ts
 * const fetchPort: FetchPort = (input, init) => globalThis.fetch(input, init);
 * ```
 */
export type FetchPort = typeof globalThis.fetch;

/**
 * A structured logger. Messages never contain secret values: the registry scrubs them before logging.
 *
 * @example
 * ```ts
 * const logger: Logger = { debug() {}, info() {}, warn: console.warn, error: console.error };
 * ```
 */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/**
 * A logger that drops everything; the default, because a library should not write to the console unasked.
 *
 * @example
 * ```ts
 * createRegistry({ logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
