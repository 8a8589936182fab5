import { AUTH_JSON_KEY } from "../storage/storage-keys.js";
import { createHash, randomUUID } from "node:crypto";
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
  /**
   * A lock not refreshed for this long is taken over (its owner is presumed dead; the only test for an owner on another
   * host). Empty locks and locks of dead processes on this host are taken over at once. Default 30 000 ms.
   */
  staleLockMs?: number;
  /**
   * @internal Test seams, not part of the stable API: `beforeRename` runs after the temporary file is written and
   * synced, just before it replaces the old one — throwing (or exiting) there is how tests simulate a crash.
   */
  testHooks?: {
    beforeRename?: (info: { key: string; path: string; tempPath: string }) => void | Promise<void>;
    /** Runs after the lock's temporary owner file is opened and before anything is written to it. */
    afterLockOpen?: (info: { lockPath: string; tempPath: string }) => void | Promise<void>;
  };
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
 * - `set`, `delete` and `update` hold a lock file (`<key>.lock`) across the read and the write, so concurrent
 *   `update()` calls from several processes never lose a write. The lock is published with its owner already inside
 *   (a hard link to a written temporary file), so it is never empty. An empty lock (an older version's writer killed
 *   mid-way) or one whose owner process on this host is gone is taken over at once; any lock not refreshed for
 *   `staleLockMs` too. Only one waiting process takes over a given lock.
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
  const privateKeys = new Set(options.privateKeys ?? [AUTH_JSON_KEY]);
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
    // A private file that an older version or the user left 0644 is narrowed before it becomes a backup: the backup
    // is a hard link to the same inode (or a copy of it), so it gets the mode the file has at this moment.
    if (isPrivate) await chmod(file, 0o600);
    for (let i = backups; i >= 2; i--) await ignoreMissing(rename(`${file}.bak.${i - 1}`, `${file}.bak.${i}`));
    const newest = `${file}.bak.1`;
    await ignoreMissing(unlink(newest));
    try {
      await link(file, newest);
    } catch {
      await copyFile(file, newest);
    }
    // Backups written by older versions may still be 0644.
    if (isPrivate) for (let i = 1; i <= backups; i++) await ignoreMissing(chmod(`${file}.bak.${i}`, 0o600));
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
    await sweepOrphans(file, staleLockMs);
  };

  const withLock = <T>(file: string, fn: () => Promise<T>): Promise<T> => {
    const previous = queues.get(file) ?? Promise.resolve();
    const run = previous.then(async () => {
      const release = await fsStep(`${file}.lock`, "lock", () =>
        acquireLock(file, { lockTimeoutMs, staleLockMs, afterLockOpen: hooks.afterLockOpen }),
      );
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

const RESERVED = /(\.lock|\.lock\.(?:stale|break)-[^/]*|\.bak\.\d+|\.tmp-[^/]*)$/;

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

/**
 * What a lock file holds. It is written to a temporary file first and hard-linked into place, so a lock file is never
 * seen empty or half-written: an empty or unreadable lock can only be debris (or an older version's), never a live
 * owner mid-write.
 */
interface LockOwner {
  pid: number;
  hostname: string;
  createdAt: string;
  token: string;
}

/** A lock (or break marker) as seen at one moment, read through one handle so content and stat agree. */
interface LockSighting {
  owner: LockOwner | undefined;
  mtimeMs: number;
  /** Stable for one lock file and different for every other: its token, or for an ownerless file its inode + content. */
  identity: string;
}

async function acquireLock(
  file: string,
  options: {
    lockTimeoutMs: number;
    staleLockMs: number;
    afterLockOpen?: ((info: { lockPath: string; tempPath: string }) => void | Promise<void>) | undefined;
  },
): Promise<() => Promise<void>> {
  const lockPath = `${file}.lock`;
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), createdAt: new Date().toISOString(), token: randomUUID() };
  const content = JSON.stringify(owner);
  // Named like a write's temp file, so the orphan sweep removes it if this process dies before unlinking it.
  const tempPath = `${file}.tmp-${process.pid}-lock-${randomUUID().slice(0, 8)}`;
  await mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const handle = await open(tempPath, "wx", 0o600);
  try {
    try {
      await options.afterLockOpen?.({ lockPath, tempPath });
      await handle.writeFile(content, "utf8");
    } finally {
      await handle.close();
    }
    const deadline = Date.now() + options.lockTimeoutMs;
    let delay = 5;
    for (;;) {
      try {
        // link() fails with EEXIST when a lock exists, and publishes the complete owner file in one step otherwise.
        await link(tempPath, lockPath);
        break;
      } catch (error) {
        if (codeOf(error) !== "EEXIST") throw error;
        if (await breakLock(lockPath, tempPath, options.staleLockMs)) continue;
        if (Date.now() > deadline) {
          throw new RegistryError({
            code: "storage_locked",
            message: `Expected to lock ${lockPath} within ${options.lockTimeoutMs} ms, found it held by another process.`,
            recovery: `Wait for the other process to finish; if none is running, delete ${lockPath}.`,
            cause: error,
          });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
  } finally {
    await ignoreMissing(unlink(tempPath));
  }
  // Refresh the lock's mtime while held, so a slow holder on another host is never mistaken for a dead one.
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

/**
 * Remove the lock if nobody can be holding it: it has no readable owner (empty: its writer died between creating and
 * writing it), its owner is a dead process on this host, or it was not refreshed for `staleLockMs` (the only test
 * possible for an owner on another host). True when the lock is gone, so acquiring should be retried at once.
 *
 * Breakers are serialised per lock: each must first create a break marker `<lock>.break-<id>.<generation>` (linked
 * from its own owner file, so markers are never empty either) for the exact lock it judged breakable, and re-check
 * under the marker that this same lock is still in place. Only a marker holder removes a lock, and a second marker
 * generation is tried only when the holder of every earlier one is dead, so two waiting processes never both remove
 * a lock (and never remove the new owner's lock in place of the dead one's).
 */
async function breakLock(lockPath: string, ownerFile: string, staleLockMs: number): Promise<boolean> {
  const seen = await sightLock(lockPath);
  if (seen === "gone") return true;
  if (seen === "unreadable" || !isBreakable(seen, staleLockMs)) return false;
  const base = `${lockPath}.break-${createHash("sha256").update(seen.identity).digest("hex").slice(0, 16)}`;
  // Ends at the first free generation or at a live holder: every generation passed is an existing dead marker.
  let generation = 0;
  for (;;) {
    generation += 1;
    try {
      await link(ownerFile, `${base}.${generation}`);
      break;
    } catch (error) {
      if (codeOf(error) !== "EEXIST") return false;
    }
    const holder = await sightLock(`${base}.${generation}`);
    // A marker that just vanished was finished by its holder: the lock is likely gone, look again.
    if (holder === "gone") return true;
    if (holder === "unreadable" || !isBreakable(holder, staleLockMs)) return false;
  }
  try {
    const now = await sightLock(lockPath);
    if (now === "unreadable") return false;
    if (now === "gone" || now.identity !== seen.identity) return true;
    const grave = `${lockPath}.stale-${randomUUID().slice(0, 8)}`;
    await rename(lockPath, grave);
    const moved = await sightLock(grave);
    // Only possible when an owner on another host, judged stale by age, was alive after all and let go meanwhile.
    if (moved !== "gone" && moved !== "unreadable" && moved.identity !== seen.identity) await link(grave, lockPath).catch(() => undefined);
    await ignoreMissing(unlink(grave));
    return true;
  } catch {
    return false;
  } finally {
    // The judged lock is gone (or we failed and hold nothing): the markers for it, ours and dead ones, can go.
    for (let g = 1; g <= generation; g++) await unlink(`${base}.${g}`).catch(() => undefined);
  }
}

function isBreakable(sighting: LockSighting, staleLockMs: number): boolean {
  const { owner } = sighting;
  if (owner === undefined) return true;
  if (owner.hostname === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid)) return true;
  return Date.now() - sighting.mtimeMs > staleLockMs;
}

async function sightLock(file: string): Promise<LockSighting | "gone" | "unreadable"> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    return codeOf(error) === "ENOENT" ? "gone" : "unreadable";
  }
  try {
    const stats = await handle.stat();
    const text = await handle.readFile("utf8");
    const owner = parseLockOwner(text);
    const identity = owner ? `token:${owner.token}` : `inode:${stats.dev}:${stats.ino}:${text}`;
    return { owner, mtimeMs: stats.mtimeMs, identity };
  } catch {
    return "unreadable";
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads this version's owner info and the `{ pid, host, nonce }` of earlier versions. */
function parseLockOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown> | null;
    if (typeof value !== "object" || value === null || typeof value.pid !== "number") return undefined;
    const hostname = typeof value.hostname === "string" ? value.hostname : value.host;
    const token = typeof value.token === "string" ? value.token : value.nonce;
    if (typeof hostname !== "string" || typeof token !== "string") return undefined;
    return { pid: value.pid, hostname, token, createdAt: typeof value.createdAt === "string" ? value.createdAt : "" };
  } catch {
    return undefined;
  }
}

/**
 * After a good write (the lock is held): temp files of writers that died before their rename (pid no longer alive),
 * and break markers and moved-aside locks left by processes killed while breaking a lock, are removed.
 */
async function sweepOrphans(file: string, staleLockMs: number): Promise<void> {
  const base = path.basename(file);
  const dir = path.dirname(file);
  try {
    for (const name of await readdir(dir)) {
      if (name.startsWith(`${base}.tmp-`)) {
        const pid = Number(name.slice(base.length + 5).split("-")[0]);
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) await ignoreMissing(unlink(path.join(dir, name)));
      } else if (name.startsWith(`${base}.lock.break-`) || name.startsWith(`${base}.lock.stale-`)) {
        const sighting = await sightLock(path.join(dir, name));
        if (sighting !== "gone" && sighting !== "unreadable" && isBreakable(sighting, staleLockMs)) {
          await ignoreMissing(unlink(path.join(dir, name)));
        }
      }
    }
  } catch {
    // Best effort: an orphan left behind costs disk space, never correctness.
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
