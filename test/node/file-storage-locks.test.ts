import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileStorage } from "../../src/node/file-storage.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mpr-locks-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (file: string) => (await stat(file)).mode & 0o777;
/** A pid that certainly belonged to a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid!;
const lockOf = (key: string) => path.join(dir, `${key}.lock`);
const owner = (pid: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ pid, hostname: os.hostname(), createdAt: new Date().toISOString(), token: `t-${pid}`, ...extra });
/**
 * lockTimeoutMs: 0 means a write gets exactly one look at an existing lock: it either breaks it at once or fails with
 * storage_locked. staleLockMs is far away, so nothing here can succeed by waiting for a lock to age.
 */
const impatient = () => createFileStorage({ dir, lockTimeoutMs: 0, staleLockMs: 600_000 });

describe("file storage backups of private keys", () => {
  it("a pre-existing 0644 auth.json (and 0644 backups of an older version) leave only 0600 files after a write", async () => {
    const previous = process.umask(0o022);
    try {
      await writeFile(path.join(dir, "auth.json"), '{"v":1}', { mode: 0o644 });
      await writeFile(path.join(dir, "auth.json.bak.1"), '{"v":0}', { mode: 0o644 });
      await chmod(path.join(dir, "auth.json"), 0o644);
      const storage = createFileStorage({ dir });
      await storage.update("auth.json", () => '{"v":2}');
      expect(await mode(path.join(dir, "auth.json"))).toBe(0o600);
      expect(await mode(path.join(dir, "auth.json.bak.1"))).toBe(0o600);
      expect(await mode(path.join(dir, "auth.json.bak.2"))).toBe(0o600);
      expect(await readFile(path.join(dir, "auth.json.bak.1"), "utf8")).toBe('{"v":1}');
      await chmod(path.join(dir, "auth.json"), 0o644);
      await storage.delete("auth.json");
      for (const name of await readdir(dir)) expect(await mode(path.join(dir, name)), name).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});

describe("file storage locks", () => {
  it("publishes a lock only with its owner inside: no lock file exists while the owner info is being written", async () => {
    const seen: Array<{ lockExists: boolean }> = [];
    let held: unknown;
    const storage = createFileStorage({
      dir,
      testHooks: {
        afterLockOpen: async ({ lockPath }) => {
          seen.push({ lockExists: await stat(lockPath).then(() => true, () => false) });
        },
        beforeRename: async () => {
          held = JSON.parse(await readFile(lockOf("models.json"), "utf8"));
        },
      },
    });
    await storage.set("models.json", "{}");
    expect(seen).toEqual([{ lockExists: false }]);
    expect(held).toEqual({ pid: process.pid, hostname: os.hostname(), createdAt: expect.any(String), token: expect.any(String) });
    expect(await readdir(dir)).toEqual(["models.json"]);
  });

  it("breaks an empty lock (a writer killed between opening and writing it) at once instead of waiting for it to go stale", async () => {
    await writeFile(lockOf("models.json"), "");
    await impatient().set("models.json", "after empty lock");
    expect(await readFile(path.join(dir, "models.json"), "utf8")).toBe("after empty lock");
    expect(await readdir(dir)).toEqual(["models.json"]);
  });

  it("breaks a lock whose owner is a dead process on this host at once, in this version's and the older format", async () => {
    await writeFile(lockOf("a.json"), owner(deadPid()));
    await writeFile(lockOf("b.json"), JSON.stringify({ pid: deadPid(), host: os.hostname(), nonce: "old" }));
    const storage = impatient();
    await storage.set("a.json", "1");
    await storage.update("b.json", () => "2");
    expect((await readdir(dir)).sort()).toEqual(["a.json", "b.json"]);
  });

  it("respects a live owner's lock (same host, live pid) and a fresh lock from another host", async () => {
    const live = owner(process.ppid);
    await writeFile(lockOf("a.json"), live);
    await writeFile(lockOf("b.json"), owner(deadPid(), { hostname: "another-machine" }));
    const storage = createFileStorage({ dir, lockTimeoutMs: 50, staleLockMs: 600_000 });
    await expect(storage.set("a.json", "x")).rejects.toMatchObject({ code: "storage_locked" });
    await expect(storage.set("b.json", "x")).rejects.toMatchObject({ code: "storage_locked" });
    expect(await readFile(lockOf("a.json"), "utf8")).toBe(live);
    expect((await readdir(dir)).sort()).toEqual(["a.json.lock", "b.json.lock"]);
  });

  it("leaves breaking to a live process already breaking the same dead lock, and takes over from a dead breaker", async () => {
    const dead = owner(deadPid());
    const marker = (generation: number) =>
      `${lockOf("models.json")}.break-${createHash("sha256").update(`token:${JSON.parse(dead).token}`).digest("hex").slice(0, 16)}.${generation}`;
    await writeFile(lockOf("models.json"), dead);
    // Another live process holds the marker for this lock: it is the one removing it, so this writer must not.
    await writeFile(marker(1), owner(process.ppid));
    await expect(impatient().set("models.json", "x")).rejects.toMatchObject({ code: "storage_locked" });
    expect(await readFile(lockOf("models.json"), "utf8")).toBe(dead);
    // That breaker died before finishing: the next generation's marker is taken and the lock broken at once.
    await writeFile(marker(1), owner(deadPid()));
    await impatient().set("models.json", "after dead breaker");
    expect(await readFile(path.join(dir, "models.json"), "utf8")).toBe("after dead breaker");
    expect(await readdir(dir)).toEqual(["models.json"]);
  });

  it("a lock from another host is taken over only once it was not refreshed for staleLockMs", async () => {
    await writeFile(lockOf("models.json"), owner(1, { hostname: "another-machine" }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lockOf("models.json"), old, old);
    await createFileStorage({ dir, lockTimeoutMs: 0, staleLockMs: 30_000 }).set("models.json", "after stale lock");
    expect(await readdir(dir)).toEqual(["models.json"]);
  });
});
