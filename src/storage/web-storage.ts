import * as z from "zod";
import { checkArgument, lazySchema } from "../errors/check-argument.js";
import type { RegistryErrorCode } from "../errors/error-codes.js";
import { RegistryError } from "../errors/registry-error.js";
import type { Storage } from "../ports.js";

/**
 * The part of the Web Storage API (`localStorage`, `sessionStorage`) this storage uses. Declared structurally so a
 * test double, or a wrapper the host already has, fits as well as the browser's own object.
 *
 * @example
 * ```ts
 * const map = new Map<string, string>();
 * const fake: WebStorageLike = {
 *   getItem: (key) => map.get(key) ?? null,
 *   setItem: (key, value) => void map.set(key, value),
 *   removeItem: (key) => void map.delete(key),
 * };
 * const storage = createWebStorage({ storage: fake });
 * ```
 */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The part of the Web Locks API (`navigator.locks`) this storage uses to make `update()` atomic across tabs.
 *
 * @example
 * ```ts
 * // A worker that shares its tab's locks, or no cross-tab lock at all:
 * createWebStorage({ locks: navigator.locks });
 * createWebStorage({ locks: null });
 * ```
 */
export interface WebLocksLike {
  request<T>(name: string, options: { mode: "exclusive" }, callback: () => Promise<T> | T): Promise<T>;
}

/**
 * Options of {@link createWebStorage}.
 *
 * @example
 * ```ts
 * const options: WebStorageOptions = { storage: sessionStorage, prefix: "my-app:model-registry:" };
 * ```
 */
export interface WebStorageOptions {
  /** Where the strings live. Default: `globalThis.localStorage`. */
  storage?: WebStorageLike | undefined;
  /** Prepended to every key, so the registry's keys never meet the host app's. Default `"model-registry:"`. */
  prefix?: string | undefined;
  /**
   * The lock manager that makes `update()` atomic across tabs. Default: `globalThis.navigator.locks` when present;
   * `null` turns cross-tab locking off (updates are then atomic within this tab only).
   */
  locks?: WebLocksLike | null | undefined;
}

/**
 * A {@link Storage} over Web Storage: what {@link createWebStorage} returns.
 *
 * @example
 * ```ts
 * const storage: WebStorage = createWebStorage();
 * if (!storage.crossTabLocks) banner.show("Open the settings in one tab at a time.");
 * ```
 */
export interface WebStorage extends Required<Storage> {
  /** The prefix every key gets. */
  readonly prefix: string;
  /** Whether `update()` holds a Web Lock, so two tabs never run an update of one key at the same time. */
  readonly crossTabLocks: boolean;
  /** The Web Storage key that holds a storage key: `prefix + key`. */
  keyOf(key: string): string;
}

const DEFAULT_PREFIX = "model-registry:";

// Checked at the entry of createWebStorage; built on its first call, so importing the package builds nothing.
const CREATE_WEB_STORAGE_OPTIONS_ARG = lazySchema(() =>
  z
    .object({
      storage: z
        .custom<WebStorageLike>(
          (v) => hasMethods(v, ["getItem", "setItem", "removeItem"]),
          "an object with getItem, setItem and removeItem (localStorage, sessionStorage)",
        )
        .optional(),
      prefix: z.string().optional(),
      locks: z
        .custom<WebLocksLike>((v) => hasMethods(v, ["request"]), "a lock manager with request() (navigator.locks)")
        .nullable()
        .optional(),
    })
    .optional(),
);

/**
 * Storage in the browser's Web Storage (`localStorage` by default), so a registry that runs in a page keeps its
 * credentials, settings and probe results across reloads.
 *
 * - Every key is stored as `prefix + key` (default prefix `"model-registry:"`), next to whatever the host app keeps.
 * - `update(key, fn)` runs one at a time per key in this tab, and never loses an update made in this tab; when `fn`
 *   returns a plain value, the read, `fn` and the write happen in one synchronous step, with nothing in between that
 *   another task could run in.
 * - Across tabs it holds the Web Lock `prefix + key` (`navigator.locks`) from the read to the write, so two tabs never
 *   run an update of one key at the same time. That is not quite atomic: browsers hand one tab's localStorage writes
 *   to the other tabs asynchronously, so a tab that takes the lock right after another tab wrote can still read the
 *   older value (Chromium, two tabs alternating 25 updates each of one key: up to 13 of 50 lost). Hosts that
 *   edit one registry from several tabs at once should own it in one place (a SharedWorker, or a server).
 *   Without the Web Locks API (insecure `http:` origins other than localhost, very old browsers), or with
 *   `locks: null`, updates from two tabs can also interleave.
 * - `set`, `get` and `delete` are single Web Storage calls.
 * - A full storage (`QuotaExceededError`) is a `RegistryError` `storage_write_failed` whose recovery says how to make
 *   room; other refusals are `storage_read_failed`, `storage_write_failed` or `storage_delete_failed`. Messages name
 *   the key, never a value. Errors thrown by `fn` pass through unchanged, and nothing is written.
 * - Web Storage is readable by every script on the origin: a stored API key is as safe as the page's scripts are.
 *
 * @example
 * ```ts
 * import { createRegistry, createWebStorage } from "model-provider-registry";
 *
 * const registry = createRegistry({ storage: createWebStorage(), fetch: globalThis.fetch.bind(globalThis) });
 * await registry.setApiKey("openrouter", passwordInput.value); // still there after a reload
 * ```
 */
export function createWebStorage(options?: WebStorageOptions): WebStorage {
  checkArgument("createWebStorage", "options", CREATE_WEB_STORAGE_OPTIONS_ARG(), options);
  const backend = options?.storage ?? defaultWebStorage();
  const prefix = options?.prefix ?? DEFAULT_PREFIX;
  const locks = options?.locks === undefined ? defaultLocks() : options.locks;
  const queues = new Map<string, Promise<unknown>>();

  const keyOf = (key: string): string => {
    if (typeof key !== "string" || key === "") {
      throw new RegistryError({
        code: "invalid_storage_key",
        message: `Expected a storage key like "models.json" or "reviews/<id>.json", found ${typeof key === "string" ? "an empty string" : typeof key}.`,
        recovery: "Use a non-empty string key.",
      });
    }
    return `${prefix}${key}`;
  };

  const call = <T>(action: () => T, code: RegistryErrorCode, target: string, what: string, size?: number): T => {
    try {
      return action();
    } catch (error) {
      throw storageError(error, code, target, what, size);
    }
  };
  const read = (target: string): string | undefined => call(() => backend.getItem(target), "storage_read_failed", target, "read") ?? undefined;
  const write = (target: string, value: string): void => {
    if (typeof value !== "string") {
      throw new RegistryError({
        code: "invalid_argument",
        message: `Expected a string value for "${target}", found ${value === null ? "null" : typeof value}; Web Storage would store its text form.`,
        recovery: "Pass the value as a string (JSON.stringify it first).",
      });
    }
    call(() => backend.setItem(target, value), "storage_write_failed", target, "write", value.length);
  };

  // The read, fn and the write in one synchronous step when fn is synchronous; an async fn is awaited in between
  // (the per-key queue and the Web Lock still keep other updates of this key out).
  const readModifyWrite = (
    target: string,
    fn: (current: string | undefined) => string | undefined | Promise<string | undefined>,
  ): string | undefined | Promise<string | undefined> => {
    const current = read(target);
    const finish = (next: string | undefined): string | undefined => {
      if (next === undefined) return current;
      if (next !== current) write(target, next);
      return next;
    };
    const next = fn(current);
    return isThenable(next) ? Promise.resolve(next).then(finish) : finish(next);
  };

  return {
    prefix,
    crossTabLocks: locks !== null,
    keyOf,
    async get(key) {
      return read(keyOf(key));
    },
    async set(key, value) {
      write(keyOf(key), value);
    },
    async delete(key) {
      const target = keyOf(key);
      call(() => backend.removeItem(target), "storage_delete_failed", target, "delete");
    },
    update(key, fn) {
      let target: string;
      try {
        target = keyOf(key);
      } catch (error) {
        return Promise.reject(error);
      }
      // One update per key at a time in this tab: with a lock manager they would only queue on the lock anyway.
      const previous = queues.get(target) ?? Promise.resolve();
      const run = previous.then(() =>
        locks === null ? readModifyWrite(target, fn) : locks.request(target, { mode: "exclusive" }, () => readModifyWrite(target, fn)),
      );
      const settled = run.catch(() => undefined);
      queues.set(target, settled);
      void settled.then(() => {
        if (queues.get(target) === settled) queues.delete(target);
      });
      return run;
    },
  };
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && names.every((n) => typeof (value as Record<string, unknown>)[n] === "function");
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** `globalThis.localStorage`, whose getter itself throws where the browser blocks site data (a sandboxed frame). */
function defaultWebStorage(): WebStorageLike {
  let found: unknown;
  try {
    found = (globalThis as { localStorage?: unknown }).localStorage;
  } catch (error) {
    throw new RegistryError({
      code: "storage_read_failed",
      message: `Expected to open this page's localStorage, found access refused (${errorName(error)}).`,
      recovery: "Allow site data for this origin in the browser settings, or use createMemoryStorage() (nothing kept after a reload).",
      cause: error,
    });
  }
  if (!hasMethods(found, ["getItem", "setItem", "removeItem"])) {
    throw new RegistryError({
      code: "invalid_option",
      message: `Expected createWebStorage() to find globalThis.localStorage, found ${found === undefined ? "none" : "an object without getItem/setItem/removeItem"} in this runtime.`,
      recovery: "Pass a Web Storage object: createWebStorage({ storage: sessionStorage }); outside a browser use createMemoryStorage(), or the file storage of model-provider-registry/node.",
    });
  }
  return found as WebStorageLike;
}

function defaultLocks(): WebLocksLike | null {
  const locks = (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks;
  return hasMethods(locks, ["request"]) ? (locks as WebLocksLike) : null;
}

/** QuotaExceededError everywhere; Firefox before 2020 said NS_ERROR_DOM_QUOTA_REACHED (legacy codes 22 and 1014). */
function isQuotaError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014;
}

function errorName(error: unknown): string {
  return error instanceof Error || (typeof error === "object" && error !== null && typeof (error as { name?: unknown }).name === "string")
    ? (error as { name: string }).name
    : typeof error;
}

function storageError(error: unknown, code: RegistryErrorCode, target: string, what: string, size?: number): RegistryError {
  if (code === "storage_write_failed" && isQuotaError(error)) {
    return new RegistryError({
      code,
      message: `Expected to write "${target}" (${size ?? 0} characters) to Web Storage, found it full (QuotaExceededError); the previous value is unchanged.`,
      recovery:
        "Make room in this origin's storage (clear site data, or remove keys the app no longer needs), or keep the registry in memory with createMemoryStorage(), or use a storage adapter with a larger quota (IndexedDB).",
      cause: error,
    });
  }
  // The error's name only: a browser's message could echo the key, never the value, but there is nothing to gain.
  return new RegistryError({
    code,
    message: `Expected to ${what} "${target}" in Web Storage, found it refused (${errorName(error)}).`,
    recovery: "Check that the browser allows site data for this origin (private mode and blocked cookies refuse it), or use createMemoryStorage().",
    cause: error,
  });
}
