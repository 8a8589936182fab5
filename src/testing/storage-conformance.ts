import { AUTH_JSON_KEY, CATALOG_JSON_KEY, MODELS_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY, reviewKey } from "../storage/storage-keys.js";
import { isRegistryError, RegistryError } from "../errors/registry-error.js";
import type { Storage } from "../ports.js";

/**
 * One named, self-contained check. `run` resolves when the check passes and rejects with a {@link RegistryError}
 * (code `conformance_failed`) saying what was expected and what was found when it does not. Any test runner can
 * iterate a list of these: `for (const c of cases) it(c.name, c.run)`.
 *
 * @example
 * ```ts
 * for (const c of storageConformance({ create: () => createMemoryStorage() })) test(c.name, c.run);
 * ```
 */
export interface ConformanceCase {
  name: string;
  run: () => Promise<void>;
}

/**
 * Options of {@link storageConformance}.
 *
 * @example
 * ```ts
 * const options: StorageConformanceOptions = {
 *   create: () => createFileStorage({ dir: mkdtempSync(join(tmpdir(), "conf-")) }),
 *   cleanup: (storage) => rm((storage as FileStorage).dir, { recursive: true, force: true }),
 * };
 * ```
 */
export interface StorageConformanceOptions {
  /**
   * A storage for one case. Each case calls it once; the keys a case touches must be absent at the start (a fresh
   * instance, a temporary directory, or a shared store with a unique `keyPrefix`).
   */
  create: () => Storage | Promise<Storage>;
  /** Runs after each case, passed or failed (remove the temporary directory, close the connection…). */
  cleanup?: ((storage: Storage) => void | Promise<void>) | undefined;
  /**
   * For a store shared with real data (or across cases): every key becomes `<keyPrefix><case number>/<key>`, so the
   * cases neither touch your keys nor see each other's, e.g. `"conformance/<run id>/"`.
   */
  keyPrefix?: string | undefined;
  /**
   * Fail the `update()` cases when the storage has no `update()`. Off by default: `update` is optional in the port
   * (a bare Keyv has none; the registry then serialises writes within one process), so those cases pass vacuously.
   */
  requireUpdate?: boolean | undefined;
  /** Concurrent `update()` calls in the lost-update case. Default 20. */
  concurrency?: number | undefined;
}

/** The keys the registry itself writes (src/ports.ts, docs/storage.md), so adapters are checked on real names. */
const REGISTRY_KEYS = [MODELS_JSON_KEY, AUTH_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY, CATALOG_JSON_KEY, reviewKey("openai-2026-01-01")];

/**
 * The Storage port's contract as named cases: missing keys, exact round trips (unicode, empty, ~1 MB, JSON-looking
 * strings, keys with slashes), overwrite, delete, independence of keys, and — when the storage has `update()` — an
 * atomic read-modify-write that loses no update under concurrency, writes nothing when `fn` returns `undefined` or
 * throws, and is not blocked by an earlier failure. Run them in your own tests against the storage you pass to
 * `createRegistry({ storage })`.
 *
 * @example
 * ```ts
 * import { storageConformance } from "model-provider-registry/testing";
 * import Keyv from "keyv";
 * import KeyvRedis from "@keyv/redis";
 *
 * describe("our Redis storage", () => {
 *   for (const c of storageConformance({
 *     create: () => new Keyv({ store: new KeyvRedis(process.env.REDIS_URL), namespace: `conf-${Date.now()}` }),
 *     cleanup: (storage) => (storage as Keyv).clear(),
 *   })) {
 *     it(c.name, c.run);
 *   }
 * });
 * ```
 */
export function storageConformance(options: StorageConformanceOptions): ConformanceCase[] {
  const concurrency = Math.max(2, Math.floor(options.concurrency ?? 20));
  let count = 0;

  const withStorage = (name: string, body: (storage: Storage, check: Check, k: (key: string) => string) => Promise<void>): ConformanceCase => {
    const prefix = options.keyPrefix === undefined ? "" : `${options.keyPrefix}${count}/`;
    count += 1;
    const k = (key: string) => `${prefix}${key}`;
    return {
      name,
      run: async () => {
        const storage = await options.create();
        try {
          await body(storage, checker(name), k);
        } finally {
          await options.cleanup?.(storage);
        }
      },
    };
  };

  const withUpdate = (
    name: string,
    body: (update: Required<Storage>["update"], storage: Storage, check: Check, k: (key: string) => string) => Promise<void>,
  ) =>
    withStorage(`update(): ${name}`, async (storage, check, k) => {
      if (!storage.update) {
        if (options.requireUpdate) check.fail("an update(key, fn) method (requireUpdate is set)", "a storage without update()");
        return;
      }
      await body(storage.update.bind(storage), storage, check, k);
    });

  return [
    withStorage("get of a missing key resolves to undefined or null", async (storage, check, k) => {
      check.missing(await storage.get(k("never-written.json")), "get of a key never written");
    }),

    withStorage("set then get returns the same string", async (storage, check, k) => {
      const value = JSON.stringify({ providers: { local: { baseUrl: "http://127.0.0.1:11434/v1" } } }, null, 2);
      await storage.set(k("models.json"), value);
      check.same(await storage.get(k("models.json")), value, "get after set");
    }),

    withStorage("the empty string is a value, not a missing key", async (storage, check, k) => {
      await storage.set(k("settings.json"), "");
      check.same(await storage.get(k("settings.json")), "", "get after set of the empty string");
    }),

    withStorage("values are returned as strings, never parsed (JSON-looking text stays text)", async (storage, check, k) => {
      for (const value of ["null", "123", "true", '{"a":1}', "[1,2]", '"quoted"', "undefined"]) {
        await storage.set(k("state.json"), value);
        check.same(await storage.get(k("state.json")), value, `get after set of ${JSON.stringify(value)}`);
      }
    }),

    withStorage("unicode and control characters round-trip exactly", async (storage, check, k) => {
      const value = "\uFEFF{ \"name\": \"Ünïcødé ✓ 模型 🤖👩🏽‍💻 e\u0301\", \"tab\":\"\t\", \"crlf\":\"a\r\nb\", \"nul\":\"a\u0000b\", \"ls\":\"\u2028\" }\n";
      await storage.set(k("models.json"), value);
      check.same(await storage.get(k("models.json")), value, "get after set of unicode text");
    }),

    withStorage("a ~1 MB value round-trips exactly", async (storage, check, k) => {
      const line = "0123456789abcdefghijklmnopqrstuvwxyzÄÖÜ✓🤖\n";
      const value = line.repeat(Math.ceil((1024 * 1024) / line.length));
      await storage.set(k("catalog.json"), value);
      check.same(await storage.get(k("catalog.json")), value, "get after set of a ~1 MB value");
    }),

    withStorage("keys with slashes (reviews/<id>.json) are ordinary, distinct keys", async (storage, check, k) => {
      await storage.set(k("reviews/a.json"), "A");
      await storage.set(k("reviews/b.json"), "B");
      await storage.set(k("reviews.json"), "R");
      check.same(await storage.get(k("reviews/a.json")), "A", "get reviews/a.json");
      check.same(await storage.get(k("reviews/b.json")), "B", "get reviews/b.json");
      check.same(await storage.get(k("reviews.json")), "R", "get reviews.json");
      await storage.delete(k("reviews/a.json"));
      check.missing(await storage.get(k("reviews/a.json")), "get reviews/a.json after its delete");
      check.same(await storage.get(k("reviews/b.json")), "B", "get reviews/b.json after deleting reviews/a.json");
    }),

    withStorage("the registry's own keys hold independent values", async (storage, check, k) => {
      for (const key of REGISTRY_KEYS) await storage.set(k(key), `value of ${key}`);
      for (const key of REGISTRY_KEYS) check.same(await storage.get(k(key)), `value of ${key}`, `get ${key}`);
    }),

    withStorage("set overwrites: a shorter value leaves no tail of the longer one", async (storage, check, k) => {
      await storage.set(k("state.json"), '{"cooldowns":{"openai":1767225600000},"usage":{}}');
      await storage.set(k("state.json"), "{}");
      check.same(await storage.get(k("state.json")), "{}", "get after overwriting with a shorter value");
      await storage.set(k("state.json"), "{}");
      check.same(await storage.get(k("state.json")), "{}", "get after writing the same value twice");
    }),

    withStorage("delete removes the key and leaves the others", async (storage, check, k) => {
      await storage.set(k("auth.json"), "secret-free placeholder");
      await storage.set(k("settings.json"), "{}");
      await storage.delete(k("auth.json"));
      check.missing(await storage.get(k("auth.json")), "get after delete");
      check.same(await storage.get(k("settings.json")), "{}", "get of another key after delete");
      await storage.set(k("auth.json"), "again");
      check.same(await storage.get(k("auth.json")), "again", "get after set of a deleted key");
    }),

    withStorage("delete of an absent key resolves (not an error)", async (storage, check, k) => {
      await check.resolves(() => storage.delete(k("never-written.json")), "delete of a key never written");
      await storage.set(k("models.json"), "x");
      await storage.delete(k("models.json"));
      await check.resolves(() => storage.delete(k("models.json")), "a second delete of the same key");
    }),

    withStorage("concurrent sets of different keys all persist", async (storage, check, k) => {
      const keys = Array.from({ length: concurrency }, (_, i) => `reviews/r${i}.json`);
      await Promise.all(keys.map((key) => storage.set(k(key), key)));
      for (const key of keys) check.same(await storage.get(k(key)), key, `get ${key} after concurrent sets`);
    }),

    withUpdate("fn receives the current value; its result is stored and returned", async (update, storage, check, k) => {
      await storage.set(k("state.json"), "1");
      let seen: unknown = "not called";
      const returned = await update(k("state.json"), (current) => {
        seen = current;
        return "2";
      });
      check.same(seen, "1", "the value fn received");
      check.same(returned, "2", "what update() resolved to");
      check.same(await storage.get(k("state.json")), "2", "get after update");
    }),

    withUpdate("fn receives undefined (not null) for a missing key, and may create it", async (update, storage, check, k) => {
      let seen: unknown = "not called";
      await update(k("settings.json"), (current) => {
        seen = current;
        return "created";
      });
      check.same(seen, undefined, "the value fn received for a missing key");
      check.same(await storage.get(k("settings.json")), "created", "get after update created the key");
    }),

    withUpdate("an async fn is awaited before the write", async (update, storage, check, k) => {
      await update(k("state.json"), async () => {
        await tick();
        return "async";
      });
      check.same(await storage.get(k("state.json")), "async", "get after an update with an async fn");
    }),

    withUpdate("fn returning undefined writes nothing and resolves to the current value", async (update, storage, check, k) => {
      await storage.set(k("models.json"), "kept");
      const returned = await update(k("models.json"), () => undefined);
      check.same(returned, "kept", "what update() resolved to");
      check.same(await storage.get(k("models.json")), "kept", "get after a no-op update");
      await update(k("never-written.json"), () => undefined);
      check.missing(await storage.get(k("never-written.json")), "get of a missing key after a no-op update");
    }),

    withUpdate("fn throwing rejects with that error and leaves the value unchanged", async (update, storage, check, k) => {
      await storage.set(k("auth.json"), "before");
      const thrown = new RangeError("callback failed on purpose");
      const outcome = await update(k("auth.json"), () => {
        throw thrown;
      }).then(
        (value) => ({ resolved: value }),
        (error: unknown) => ({ rejected: error }),
      );
      if (!("rejected" in outcome)) check.fail("update() to reject with the callback's error", `it resolved to ${show(outcome.resolved)}`);
      else if (outcome.rejected !== thrown) check.fail("the callback's own error, passed through unchanged", describeError(outcome.rejected));
      check.same(await storage.get(k("auth.json")), "before", "get after a failed update");
    }),

    withUpdate("a failed update does not block later updates of the same key", async (update, storage, check, k) => {
      await storage.set(k("state.json"), "0");
      const failed = update(k("state.json"), () => {
        throw new RangeError("callback failed on purpose");
      }).catch(() => undefined);
      const next = update(k("state.json"), (current) => `${Number(current) + 1}`);
      await failed;
      const outcome = await withinMs(next, 5000);
      if (outcome === TIMED_OUT) check.fail("the update queued behind a failed one to settle", "no answer within 5000 ms");
      check.same(outcome, "1", "the update queued behind a failed one");
    }),

    withUpdate(`${concurrency} concurrent read-modify-writes of one key lose no update`, async (update, storage, check, k) => {
      await storage.set(k("state.json"), JSON.stringify({ n: 0 }));
      await Promise.all(
        Array.from({ length: concurrency }, () =>
          update(k("state.json"), async (current) => {
            const state = JSON.parse(current ?? '{"n":0}') as { n: number };
            // Yield between the read and the write: a non-atomic update() lets the others read the same value here.
            await tick();
            return JSON.stringify({ n: state.n + 1 });
          }),
        ),
      );
      check.same(await storage.get(k("state.json")), JSON.stringify({ n: concurrency }), `the counter after ${concurrency} concurrent increments`);
    }),

    withUpdate("update() and set() of other keys do not interfere", async (update, storage, check, k) => {
      await storage.set(k("models.json"), "m0");
      await Promise.all([
        update(k("models.json"), async (current) => {
          await tick();
          return `${current}+u`;
        }),
        storage.set(k("settings.json"), "s1"),
        update(k("state.json"), () => "t1"),
      ]);
      check.same(await storage.get(k("models.json")), "m0+u", "get models.json");
      check.same(await storage.get(k("settings.json")), "s1", "get settings.json");
      check.same(await storage.get(k("state.json")), "t1", "get state.json");
    }),
  ];
}

interface Check {
  fail(expected: string, found: string): never;
  same(found: unknown, expected: string | undefined, what: string): void;
  missing(found: unknown, what: string): void;
  resolves(fn: () => Promise<unknown>, what: string): Promise<void>;
}

function checker(caseName: string): Check {
  const fail = (expected: string, found: string): never => {
    throw new RegistryError({
      code: "conformance_failed",
      message: `Storage conformance "${caseName}": expected ${expected}, found ${found}.`,
      recovery: "Fix the storage adapter so it keeps the Storage contract of src/ports.ts (see docs/storage.md).",
    });
  };
  return {
    fail,
    same(found, expected, what) {
      if (found !== expected) fail(`${what} to be ${show(expected)}`, difference(found, expected));
    },
    missing(found, what) {
      if (found !== undefined && found !== null) fail(`${what} to be undefined or null`, show(found));
    },
    async resolves(fn, what) {
      try {
        await fn();
      } catch (error) {
        fail(`${what} to resolve`, `it rejected with ${describeError(error)}`);
      }
    },
  };
}

/** Long values are summarised (length, first difference) so a 1 MB mismatch stays readable. */
function difference(found: unknown, expected: string | undefined): string {
  if (typeof found !== "string" || typeof expected !== "string") return show(found);
  let i = 0;
  while (i < found.length && i < expected.length && found[i] === expected[i]) i++;
  return `${show(found)} (length ${found.length}, expected length ${expected.length}, first difference at index ${i})`;
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value !== "string") return `${typeof value} ${String(JSON.stringify(value))}`.slice(0, 200);
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 100)}…" (${value.length} chars)` : text;
}

function describeError(error: unknown): string {
  if (isRegistryError(error)) return `${error.name} ${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return show(error);
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const TIMED_OUT: unique symbol = Symbol("timed out");

async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
