import { isRegistryError, RegistryError } from "../errors/registry-error.js";
import type { RegistryErrorCode } from "../errors/error-codes.js";
import type { Storage } from "../ports.js";

/**
 * The part of a node-redis v5 client this storage uses: `sendCommand`. A client from `createClient()` fits as is;
 * the package itself never imports `redis`, so it is needed only by hosts that use this storage. Declared structurally so a client with its own modules, scripts or RESP version still fits.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * const client: RedisStorageClient = await createClient({ url: "redis://localhost:6379" }).connect();
 * ```
 */
export interface RedisStorageClient {
  sendCommand(args: ReadonlyArray<string>, options?: { typeMapping?: object }): Promise<unknown>;
}

/**
 * Options of {@link createRedisStorage}.
 *
 * @example
 * ```ts
 * const options: RedisStorageOptions = { client, prefix: "team-a:model-registry:" };
 * ```
 */
export interface RedisStorageOptions {
  /** A connected node-redis v5 client (`await createClient({ url }).connect()`). The storage never closes it. */
  client: RedisStorageClient;
  /** Prepended to every key: `model-registry:models.json`. Default `"model-registry:"`. One prefix, one registry. */
  prefix?: string;
  /** How long `set`, `delete` and `update` wait for another process's lock on the key before failing. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /**
   * Expiry of a key's lock. A holder renews it while `fn` runs, so only a process that died holding the lock (or lost
   * its connection) leaves it to expire; others then wait at most this long. Default 30 000 ms.
   */
  lockTtlMs?: number;
}

/**
 * A {@link Storage} over Redis, for a fleet of agents that share one registry state: every process that passes a
 * storage with the same client target and `prefix` sees the same credentials, cooldowns and probe results.
 *
 * @example
 * ```ts
 * const storage: RedisStorage = createRedisStorage({ client });
 * storage.keyOf("state.json"); // "model-registry:state.json"
 * ```
 */
export interface RedisStorage extends Required<Storage> {
  /** The prefix every key gets. */
  readonly prefix: string;
  /** The Redis key that holds a storage key. */
  keyOf(key: string): string;
}

/** `SET lock NX PX ttl` and, when taken, the current value, in one round trip. Reply `[1, value?]` or `[0]`. */
const ACQUIRE: Script = {
  sha: "3fb1e217d6618cd6da74687a3bded27d5b7978c5",
  source: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local value = redis.call('GET', KEYS[2])
  if value then return {1, value} end
  return {1}
end
return {0}`,
};

/** Writes (when ARGV[2] is "1") and releases, only while the lock is still ours: a holder whose lock expired writes nothing. */
const COMMIT: Script = {
  sha: "5c82ef059da4cc647de5ef33ed91109b00008ac2",
  source: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '1' then redis.call('SET', KEYS[2], ARGV[3]) end
redis.call('DEL', KEYS[1])
return 1`,
};

/** Keeps a lock alive while its holder's `fn` runs (an OAuth refresh inside `update()` may take seconds). */
const RENEW: Script = {
  sha: "5765d8a3b63c4ae6047608645b08c78e64475680",
  source: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
};

/** A plain set (ARGV[1] "set") or delete ("del"), refused while an update holds the key's lock so it cannot be lost. */
const WRITE_UNLOCKED: Script = {
  sha: "9c7f3bc5075b07a982c95af80b8f9eabec0602cf",
  source: `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[1] == 'del' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[2]) end
return 1`,
};

const LOCK_SUFFIX = ".lock";

/**
 * A Lua script and the SHA-1 of its source, so calls send EVALSHA (40 bytes) and the source only once per server
 * (on NOSCRIPT). test/redis/create-redis-storage.test.ts checks each sha against the server's SCRIPT LOAD.
 */
interface Script {
  sha: string;
  source: string;
}

/**
 * @internal Every script by name, for the test that checks their hashes against the server's.
 *
 * @example
 * ```ts
 * for (const s of Object.values(REDIS_STORAGE_SCRIPTS)) expect(await client.scriptLoad(s.source)).toBe(s.sha);
 * ```
 */
export const REDIS_STORAGE_SCRIPTS: Readonly<Record<string, Script>> = { ACQUIRE, COMMIT, RENEW, WRITE_UNLOCKED };

/**
 * Storage in Redis through a node-redis v5 client, with an atomic `update()` across processes.
 *
 * - Every key is stored as `${prefix}${key}`, a plain Redis string (default prefix `"model-registry:"`).
 * - `update(key, fn)` takes a lock `${prefix}${key}.lock` (`SET NX PX` with a random token, reading the value in the
 *   same script), runs `fn` once, and writes the result and releases the lock in one script that first checks the
 *   token. So `fn` runs exactly once per call, even when it calls the network (an OAuth refresh), and two processes
 *   never both act on the same value. The lock is renewed while `fn` runs and expires after `lockTtlMs` if its holder
 *   dies. Calls in one process are queued per key and never wait on each other's lock.
 * - `set` and `delete` wait while an update holds the key's lock, so they are never lost under it either.
 * - A single Redis (or a primary with replicas) only: the scripts touch the key and its lock, which a Redis Cluster
 *   may place on different nodes.
 * - Client errors become `RegistryError`s (`storage_read_failed`, `storage_write_failed`, `storage_delete_failed`,
 *   `storage_lock_failed`) naming the key and the Redis error class, never a value; a lock held past `lockTimeoutMs`
 *   is `storage_locked`. Errors thrown by `fn` pass through unchanged, and nothing is written.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createRegistry } from "model-provider-registry";
 * import { createRedisStorage } from "model-provider-registry/redis";
 *
 * const client = await createClient({ url: hostEnv.REDIS_URL }).connect();
 * const registry = createRegistry({ env: hostEnv, storage: createRedisStorage({ client, prefix: "agents:" }) });
 * ```
 */
export function createRedisStorage(options: RedisStorageOptions): RedisStorage {
  const client = options?.client;
  if (typeof client?.sendCommand !== "function") {
    throw new RegistryError({
      code: "invalid_option",
      message: `Expected createRedisStorage({ client }) to get a node-redis v5 client with sendCommand(), found ${client === null ? "null" : typeof client}.`,
      recovery: 'Pass a connected client: createRedisStorage({ client: await createClient({ url }).connect() }) with createClient from "redis".',
    });
  }
  const prefix = options.prefix ?? "model-registry:";
  if (typeof prefix !== "string") {
    throw new RegistryError({
      code: "invalid_option",
      message: `Expected createRedisStorage's prefix to be a string, found ${typeof prefix}.`,
      recovery: 'Pass a string such as "model-registry:" (or "" for none).',
    });
  }
  const lockTimeoutMs = positive(options.lockTimeoutMs, 10_000, "lockTimeoutMs");
  const lockTtlMs = Math.ceil(positive(options.lockTtlMs, 30_000, "lockTtlMs"));
  const ttl = String(lockTtlMs);
  const queues = new Map<string, Promise<unknown>>();

  const keyOf = (key: string): string => {
    if (typeof key !== "string" || key === "" || key.endsWith(LOCK_SUFFIX)) {
      throw new RegistryError({
        code: "invalid_storage_key",
        message: `Expected a storage key like "models.json" or "reviews/<id>.json", found ${typeof key === "string" ? JSON.stringify(key) : typeof key} (${typeof key === "string" && key !== "" ? `the suffix "${LOCK_SUFFIX}" is reserved for locks` : "empty or not a string"}).`,
        recovery: `Use a non-empty key that does not end in "${LOCK_SUFFIX}".`,
      });
    }
    return `${prefix}${key}`;
  };

  // typeMapping {}: bulk strings as JS strings even when the host's client maps them to Buffers.
  const raw = (args: string[]) => client.sendCommand(args, STRINGS);
  const evalScript = async (script: Script, rest: string[]): Promise<unknown> => {
    try {
      return await raw(["EVALSHA", script.sha, ...rest]);
    } catch (error) {
      // The server does not have it yet (first call, restart, SCRIPT FLUSH): EVAL sends the source and caches it.
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return raw(["EVAL", script.source, ...rest]);
    }
  };
  const send = async (call: () => Promise<unknown>, code: RegistryErrorCode, key: string, what: string): Promise<unknown> => {
    try {
      return await call();
    } catch (error) {
      throw new RegistryError({
        code,
        message: `Expected Redis to ${what} "${key}", found ${describeRedisError(error)}.`,
        recovery: "Check that the Redis client is connected (await client.connect()) and the server is reachable and writable.",
        cause: error,
      });
    }
  };

  /** Runs `attempt` until it reports success, backing off while another process holds the lock. */
  const waitForLock = async <T>(key: string, attempt: () => Promise<T | typeof BUSY>): Promise<T> => {
    const deadline = Date.now() + lockTimeoutMs;
    let delay = 1;
    for (;;) {
      const result = await attempt();
      if (result !== BUSY) return result;
      if (Date.now() > deadline) {
        throw new RegistryError({
          code: "storage_locked",
          message: `Expected to lock Redis key "${keyOf(key)}${LOCK_SUFFIX}" within ${lockTimeoutMs} ms, found it held by another process.`,
          recovery: `Wait for the other process to finish; a lock whose holder died expires within lockTtlMs (${lockTtlMs} ms).`,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay));
      delay = Math.min(delay * 2, 10);
    }
  };

  const writeUnlocked = (key: string, mode: "set" | "del", value: string, code: RegistryErrorCode, what: string) => {
    const target = keyOf(key);
    return waitForLock(key, async () => {
      const done = await send(() => evalScript(WRITE_UNLOCKED, ["2", `${target}${LOCK_SUFFIX}`, target, mode, value]), code, key, what);
      return Number(done) === 1 ? undefined : BUSY;
    });
  };

  const updateLocked = async (
    key: string,
    fn: (current: string | undefined) => string | undefined | Promise<string | undefined>,
  ): Promise<string | undefined> => {
    const target = keyOf(key);
    const lock = `${target}${LOCK_SUFFIX}`;
    const token = randomToken();
    const current = await waitForLock(key, async () => {
      const reply = await send(() => evalScript(ACQUIRE, ["2", lock, target, token, ttl]), "storage_lock_failed", key, "lock and read");
      if (!Array.isArray(reply) || Number(reply[0]) !== 1) return BUSY;
      return { value: typeof reply[1] === "string" ? reply[1] : undefined };
    });
    const renew = setInterval(() => {
      evalScript(RENEW, ["1", lock, token, ttl]).catch(() => undefined);
    }, Math.max(50, Math.floor(lockTtlMs / 3)));
    (renew as { unref?: () => void }).unref?.();
    let next: string | undefined;
    try {
      next = await fn(current.value);
    } catch (error) {
      clearInterval(renew);
      // Best effort: a release that fails leaves the lock to expire after lockTtlMs; the callback's error matters more.
      await evalScript(COMMIT, ["2", lock, target, token, "0", ""]).catch(() => undefined);
      throw error;
    }
    clearInterval(renew);
    const write = next !== undefined && next !== current.value;
    const committed = await send(
      () => evalScript(COMMIT, ["2", lock, target, token, write ? "1" : "0", write ? next! : ""]),
      "storage_write_failed",
      key,
      "write",
    );
    if (write && Number(committed) !== 1) {
      throw new RegistryError({
        code: "storage_locked",
        message: `Expected to still hold the lock of Redis key "${target}" when writing, found it expired (the update took longer than lockTtlMs, ${lockTtlMs} ms, without renewing it); nothing was written.`,
        recovery: "Retry the operation; if the connection to Redis is slow or was interrupted, raise lockTtlMs.",
      });
    }
    return next ?? current.value;
  };

  return {
    prefix,
    keyOf,
    async get(key) {
      const target = keyOf(key);
      const value = await send(() => raw(["GET", target]), "storage_read_failed", key, "read");
      return typeof value === "string" ? value : undefined;
    },
    async set(key, value) {
      await writeUnlocked(key, "set", value, "storage_write_failed", "write");
    },
    async delete(key) {
      await writeUnlocked(key, "del", "", "storage_delete_failed", "delete");
    },
    update(key, fn) {
      // One update per key at a time in this process: they would only poll each other's lock otherwise.
      const previous = queues.get(key) ?? Promise.resolve();
      const run = previous.then(() => updateLocked(key, fn));
      const settled = run.catch(() => undefined);
      queues.set(key, settled);
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return run;
    },
  };
}

const BUSY: unique symbol = Symbol("busy");
const STRINGS = { typeMapping: {} };

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RegistryError({
      code: "invalid_option",
      message: `Expected createRedisStorage's ${name} to be a positive number of milliseconds, found ${String(value)}.`,
      recovery: `Leave ${name} out for the default (${fallback} ms) or pass a positive number.`,
    });
  }
  return value;
}

function randomToken(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The error's class and, for a Redis error reply, its leading code word (WRONGTYPE, OOM, READONLY, NOAUTH…): never
 * the rest of the text, which could echo an argument.
 */
function describeRedisError(error: unknown): string {
  if (isRegistryError(error)) return `${error.name} ${error.code}`;
  if (!(error instanceof Error)) return "a non-Error rejection";
  const word = /^([A-Z][A-Z_]+)\b/.exec(error.message)?.[1];
  return word === undefined ? error.name : `${error.name} ${word}`;
}
