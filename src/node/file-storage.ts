import { randomUUID } from "node:crypto";
import { chmod, copyFile, link, mkdir, open, readdir, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isRegistryError, RegistryError } from "../errors/registry-error.js";
import type { Storage } from "../ports.js";

/**
 * Options of {@link createFileStorage}.
 *
 * @example
 * ```ts
 * const options: FileStorageOptions = { dir: "~/.myapp/agent", backups: 3 };
 * ```
 */
export interface FileStorageOptions {
  /** Directory holding one file per key (`~` expands to the home directory). Created 0700 on first write. */
  dir: string;
  /** Previous versions kept per key as `<key>.bak.1` (newest) … `<key>.bak.N`. Default 3; 0 keeps none. */
  backups?: number;
  /** Keys written with mode 0600 (their backups too), whatever the umask. Default `["auth.json"]`. */
  privateKeys?: readonly string[];
  /** How long a write waits for another process's lock before failing. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /** A lock not refreshed for this long is taken over (its owner is presumed dead). Default 30 000 ms. */
  staleLockMs?: number;
  /**
   * @internal Test seams, not part of the stable API: `beforeRename` runs after the temporary file is written and
   * synced, just before it replaces the old one — throwing (or exiting) there is how tests simulate a crash.
   */
  testHooks?: { beforeRename?: (info: { key: string; path: string; tempPath: string }) => void | Promise<void> };
}

/**
 * A {@link Storage} over files, with the extras a CLI or a desktop app needs to find the files.
 *
 * @example
 * ```ts
 * const storage: FileStorage = createFileStorage({ dir: "/tmp/registry" });
 * storage.pathOf("models.json"); // "/tmp/registry/models.json"
 * ```
 */
export interface FileStorage extends Required<Storage> {
  /** The absolute directory. */
  readonly dir: string;
  /** The absolute file path of a key (throws a RegistryError for keys that would leave `dir`). */
  pathOf(key: string): string;
}

/** Per-file queues, shared by every FileStorage in this process, so one process never waits on its own lock. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Storage as one file per key under `dir` (`reviews/<id>.json` lives in `dir/reviews/`).
 *
 * - Writes are atomic: a temporary file in the same directory is written, synced, then renamed over the old one;
 *   a crash at any point leaves either the old or the new content, never a mix.
 * - The last `backups` (default 3) versions of each key are kept as `<key>.bak.1..N`.
 * - `auth.json` (and other `privateKeys`) is written with mode 0600, also on every update; the directory is
 *   created 0700.
 * - `set`, `delete` and `update` hold a lock file (`<key>.lock`, created with O_EXCL) across the read and the write,
 *   so concurrent `update()` calls from several processes never lose a write. A lock whose owner process is gone,
 *   or that was not refreshed for `staleLockMs`, is taken over.
 * - Nothing is read or written until a method is called.
 *
 * @example
 * ```ts
 * import { createFileStorage } from "model-provider-registry/node";
 * const storage = createFileStorage({ dir: "~/.myapp/agent" });
 * await storage.update("state.json", (text) => JSON.stringify({ ...JSON.parse(text ?? "{}"), seen: true }));
 * ```
 */
export function createFileStorage(options: FileStorageOptions): FileStorage {
  const dir = path.resolve(options.dir.replace(/^~(?=$|[\\/])/, os.homedir()));
  const backups = Math.max(0, Math.floor(options.backups ?? 3));
  const privateKeys = new Set(options.privateKeys ?? ["auth.json"]);
  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  const staleLockMs = options.staleLockMs ?? 30_000;
  const hooks = options.testHooks ?? {};

  const pathOf = (key: string): string => resolveKey(dir, key);

  const readCurrent = async (file: string): Promise<string | undefined> => {
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      if (codeOf(error) === "ENOENT") return undefined;
      throw new RegistryError({
        code: "storage_read_failed",
        message: `Expected to read ${file}, found ${codeOf(error) ?? "an error"}.`,
        recovery: "Check that the file is a readable regular file and the directory permissions allow access.",
        cause: error,
      });
    }
  };

  const rotateBackups = async (file: string, isPrivate: boolean): Promise<void> => {
    if (backups === 0 || !(await stat(file).then(() => true, () => false))) return;
    for (let i = backups; i >= 2; i--) await ignoreMissing(rename(`${file}.bak.${i - 1}`, `${file}.bak.${i}`));
    const newest = `${file}.bak.1`;
    await ignoreMissing(unlink(newest));
    try {
      // A hard link keeps the old inode (and its 0600 mode) under the backup name at no copying cost.
      await link(file, newest);
    } catch {
      await copyFile(file, newest);
      if (isPrivate) await chmod(newest, 0o600);
    }
  };

  const writeAtomic = async (key: string, file: string, value: string): Promise<void> => {
    const isPrivate = privateKeys.has(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const existingMode = await stat(file).then(
      (s) => s.mode & 0o777,
      () => undefined,
    );
    const mode = isPrivate ? 0o600 : (existingMode ?? 0o666);
    const tempPath = `${file}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
    const handle = await open(tempPath, "wx", mode);
    try {
      await handle.writeFile(value, "utf8");
      if (isPrivate || existingMode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await hooks.beforeRename?.({ key, path: file, tempPath });
      await rotateBackups(file, isPrivate);
      await rename(tempPath, file);
    } catch (error) {
      await ignoreMissing(unlink(tempPath));
      throw error;
    }
    await syncDir(path.dirname(file));
    await sweepOrphans(file);
  };

  const withLock = <T>(file: string, fn: () => Promise<T>): Promise<T> => {
    const previous = queues.get(file) ?? Promise.resolve();
    const run = previous.then(async () => {
      const release = await fsStep(`${file}.lock`, "lock", () => acquireLock(`${file}.lock`, { lockTimeoutMs, staleLockMs }));
      try {
        return await fn();
      } finally {
        await release();
      }
    });
    const settled = run.catch(() => undefined);
    queues.set(file, settled);
    void settled.then(() => {
      if (queues.get(file) === settled) queues.delete(file);
    });
    return run;
  };

  return {
    dir,
    pathOf,
    async get(key) {
      return readCurrent(pathOf(key));
    },
    async set(key, value) {
      const file = pathOf(key);
      await withLock(file, async () => {
        if ((await readCurrent(file)) !== value) await fsStep(file, "write", () => writeAtomic(key, file, value));
      });
    },
    async delete(key) {
      const file = pathOf(key);
      await withLock(file, async () => {
        if ((await readCurrent(file)) === undefined) return;
        await fsStep(file, "delete", async () => {
          await rotateBackups(file, privateKeys.has(key));
          await ignoreMissing(unlink(file));
          await syncDir(path.dirname(file));
        });
      });
    },
    async update(key, fn) {
      const file = pathOf(key);
      return withLock(file, async () => {
        const current = await readCurrent(file);
        const next = await fn(current);
        if (next !== undefined && next !== current) await fsStep(file, "write", () => writeAtomic(key, file, next));
        return next ?? current;
      });
    },
  };
}

const RESERVED = /(\.lock|\.lock\.stale-[^/]*|\.bak\.\d+|\.tmp-[^/]*)$/;

function resolveKey(dir: string, key: string): string {
  const invalid = (why: string): never => {
    throw new RegistryError({
      code: "invalid_storage_key",
      message: `Expected a storage key like "models.json" or "reviews/<id>.json", found ${JSON.stringify(key)} (${why}).`,
      recovery: "Use a relative key of plain names separated by '/'.",
    });
  };
  if (typeof key !== "string" || key === "") return invalid("empty");
  if (key.includes("\0") || key.includes("\\")) invalid("it contains a NUL or a backslash");
  if (key.startsWith("/") || /^[A-Za-z]:/.test(key)) invalid("it is absolute");
  const segments = key.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) invalid("it has an empty, '.' or '..' segment");
  if (RESERVED.test(key)) invalid("the suffix is reserved for locks, backups and temporary files");
  const file = path.resolve(dir, ...segments);
  if (!file.startsWith(dir + path.sep)) invalid("it resolves outside the storage directory");
  return file;
}

interface LockInfo {
  pid: number;
  host: string;
  nonce: string;
}

async function acquireLock(
  lockPath: string,
  options: { lockTimeoutMs: number; staleLockMs: number },
): Promise<() => Promise<void>> {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), nonce: randomUUID() };
  const content = JSON.stringify(info);
  const deadline = Date.now() + options.lockTimeoutMs;
  let delay = 5;
  await mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      try {
        await handle.writeFile(content, "utf8");
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if (codeOf(error) !== "EEXIST") throw error;
      if (await breakStaleLock(lockPath, options.staleLockMs)) continue;
      if (Date.now() > deadline) {
        throw new RegistryError({
          code: "storage_locked",
          message: `Expected to lock ${lockPath} within ${options.lockTimeoutMs} ms, found it held by another process.`,
          recovery: `Wait for the other process to finish; if none is running, delete ${lockPath}.`,
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
  }
  // Refresh the lock's mtime while held, so a slow holder is never mistaken for a dead one.
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch(() => undefined);
  }, Math.max(50, Math.floor(options.staleLockMs / 3)));
  heartbeat.unref?.();
  return async () => {
    clearInterval(heartbeat);
    const current = await readFile(lockPath, "utf8").catch(() => undefined);
    if (current === content) await ignoreMissing(unlink(lockPath));
  };
}

/** True when the lock was stale and is gone (or vanished meanwhile), so acquiring should be retried at once. */
async function breakStaleLock(lockPath: string, staleLockMs: number): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    text = await readFile(lockPath, "utf8");
    mtimeMs = (await stat(lockPath)).mtimeMs;
  } catch (error) {
    return codeOf(error) === "ENOENT";
  }
  const owner = parseLockInfo(text);
  const ownerDead = owner !== undefined && owner.host === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid);
  if (!ownerDead && Date.now() - mtimeMs <= staleLockMs) return false;
  // Move it aside atomically; if what we moved is not what we judged stale (a new owner raced in), put it back.
  const grave = `${lockPath}.stale-${randomUUID().slice(0, 8)}`;
  try {
    await rename(lockPath, grave);
  } catch {
    return true;
  }
  const moved = await readFile(grave, "utf8").catch(() => text);
  if (moved !== text) await link(grave, lockPath).catch(() => undefined);
  await ignoreMissing(unlink(grave));
  return true;
}

/** Temp files of writers that died before their rename (pid no longer alive) are removed after a good write. */
async function sweepOrphans(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.tmp-`;
  try {
    for (const name of await readdir(path.dirname(file))) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length).split("-")[0]);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
        await ignoreMissing(unlink(path.join(path.dirname(file), name)));
      }
    }
  } catch {
    // Best effort: an orphan left behind costs disk space, never correctness.
  }
}

function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockInfo>;
    return typeof value.pid === "number" && typeof value.host === "string" && typeof value.nonce === "string"
      ? (value as LockInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the rename is still atomic there.
  }
}

async function ignoreMissing(operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if (codeOf(error) !== "ENOENT") throw error;
  }
}

/**
 * Run a file-system step, turning what Node throws (EACCES, ENOSPC, EROFS, ...) into a RegistryError that says which
 * file and what to do; the original error stays as `cause`. RegistryErrors (e.g. storage_locked) pass through.
 */
async function fsStep<T>(file: string, action: "lock" | "write" | "delete", step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isRegistryError(error)) throw error;
    const code = codeOf(error);
    throw new RegistryError({
      code: `storage_${action}_failed`,
      message: `Expected to ${action} ${file}, found ${code ?? (error instanceof Error ? error.message : "an error")}. The previous content is unchanged.`,
      recovery:
        code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? `Give this process write access to ${path.dirname(file)}, or point the storage at another directory.`
          : code === "ENOSPC"
            ? "Free some disk space and retry."
            : "Retry; if it keeps failing, check the directory and the file system.",
      cause: error,
    });
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string"
    ? (error as { code: string }).code
    : undefined;
}
