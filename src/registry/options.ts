import { fetchPort } from "../transport/fetch-port.js";
import { RegistryError } from "../errors/registry-error.js";
import { silentLogger } from "../ports.js";
import { createMemoryStorage } from "../storage/memory-storage.js";
import { createClock } from "../clock.js";
import type { Clock, Env, Logger, Storage } from "../ports.js";

/**
 * Options of {@link createRegistry}. Every option is optional; nothing here triggers I/O.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv, storage: createFileStorage({ dir: "~/.myapp" }), timeoutMs: 3000 });
 * ```
 */
export interface RegistryOptions {
  /** Where models.json, credentials, settings and state live. Default: a fresh {@link createMemoryStorage}. */
  storage?: Storage;
  /** The fetch used for every network call; resolved per call. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Environment variables for env-backed keys. Default `{}` — hosts pass `hostEnv`. */
  env?: Record<string, string | undefined>;
  /** Prefix of the live-override variable `${envPrefix}_LIVE_<STEM>_KEY`. Default `"MODEL_REGISTRY"`. */
  envPrefix?: string;
  /** package.json objects to read provider manifests from. */
  plugins?: unknown[];
  /** The package.json field holding a manifest, e.g. `"sero"` reads `pkg.sero.providers`. Default `"modelRegistry"`. */
  manifestKey?: string;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /**
   * How the registry waits (transient-retry backoff, Retry-After): resolve after `ms`, reject with `signal.reason`
   * when `signal` aborts. Default: a timer. Pass `createFixedClock().sleep` with its `now` to let tests skip waits.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Per network call timeout in milliseconds. Default `5000`. */
  timeoutMs?: number;
  /**
   * Chat calls (`stream`, `complete`): how long to wait for the response headers (a local server may first load the
   * model) and for the next chunk of a running stream, in milliseconds. Default `60000` each.
   */
  callTimeoutMs?: number;
  /** Structured logger. Default: silent. */
  logger?: Logger;
}

/**
 * What every part of the registry shares: the ports, with defaults applied once.
 *
 * @example
 * ```ts
 * const ctx: RegistryContext = normalizeRegistryOptions({});
 * ```
 */
export interface RegistryContext {
  readonly storage: Storage;
  /** Resolved per call so msw and user patches to globalThis.fetch apply. */
  readonly fetch: typeof globalThis.fetch;
  readonly env: Env;
  readonly envPrefix: string;
  readonly plugins: readonly unknown[];
  readonly manifestKey: string;
  /** The one clock of this registry: `now` and `sleep` from the options, with defaults. */
  readonly clock: Clock;
  /** Same as `clock.now`. */
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly callTimeoutMs: number;
  readonly logger: Logger;
}

const optionKeys: { [K in keyof RegistryOptions]-?: true } = {
  storage: true,
  fetch: true,
  env: true,
  envPrefix: true,
  plugins: true,
  manifestKey: true,
  now: true,
  sleep: true,
  timeoutMs: true,
  callTimeoutMs: true,
  logger: true,
};

/**
 * Apply defaults once and reject options that cannot work. Unknown option names are logged as warnings (a typo such
 * as `timeout` instead of `timeoutMs` should not pass silently).
 *
 * @example
 * ```ts
 * const ctx = normalizeRegistryOptions({ timeoutMs: 2000 });
 * ctx.envPrefix; // "MODEL_REGISTRY"
 * ```
 */
export function normalizeRegistryOptions(options: RegistryOptions = {}): RegistryContext {
  const logger = options.logger ? guardLogger(options.logger) : silentLogger;
  for (const key of Object.keys(options)) {
    if (!(key in optionKeys)) {
      logger.warn(`Unknown createRegistry option "${key}" ignored.`, { known: Object.keys(optionKeys) });
    }
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RegistryError({
      code: "invalid_option",
      message: `Expected timeoutMs to be a positive number of milliseconds, found ${String(options.timeoutMs)}.`,
      recovery: "Pass e.g. { timeoutMs: 5000 }, or omit it for the default.",
    });
  }
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  if (!Number.isFinite(callTimeoutMs) || callTimeoutMs <= 0) {
    throw new RegistryError({
      code: "invalid_option",
      message: `Expected callTimeoutMs to be a positive number of milliseconds, found ${String(options.callTimeoutMs)}.`,
      recovery: "Pass e.g. { callTimeoutMs: 120000 }, or omit it for the default.",
    });
  }
  const clock = createClock({ now: options.now, sleep: options.sleep });
  return {
    storage: options.storage ?? createMemoryStorage(),
    fetch: fetchPort(options.fetch),
    env: options.env ?? {},
    envPrefix: options.envPrefix ?? "MODEL_REGISTRY",
    plugins: options.plugins ?? [],
    manifestKey: options.manifestKey ?? "modelRegistry",
    clock,
    now: clock.now,
    timeoutMs,
    callTimeoutMs,
    logger,
  };
}

/**
 * Wrap a host logger so that a logger that throws (a closed stream, a bug in a transport) never fails the registry
 * call that logged: by then the call may already have written, and failing it would misreport what happened.
 *
 * @example
 * ```ts
 * const logger = guardLogger({ debug() {}, info() {}, warn() { throw new Error("closed"); }, error() {} });
 * logger.warn("still fine"); // does not throw
 * ```
 */
export function guardLogger(logger: Logger): Logger {
  const safe =
    (level: keyof Logger) =>
    (message: string, data?: Record<string, unknown>): void => {
      try {
        logger[level](message, data);
      } catch {
        // Nothing sensible to do with a failing logger but to keep going.
      }
    };
  return { debug: safe("debug"), info: safe("info"), warn: safe("warn"), error: safe("error") };
}
