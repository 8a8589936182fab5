import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileStorage } from "../../src/node/file-storage.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mpr-fs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe("createFileStorage", () => {
  it("stores one file per key, creating the directory 0700 and subdirectories for keys with '/'", async () => {
    const root = path.join(dir, "home", ".model-registry");
    const storage = createFileStorage({ dir: root });
    expect(await storage.get("models.json")).toBeUndefined();
    await storage.set("models.json", "{}\n");
    await storage.set("reviews/2026-01-01.json", '{"newModels":[]}');
    expect(await readFile(path.join(root, "models.json"), "utf8")).toBe("{}\n");
    expect(await storage.get("reviews/2026-01-01.json")).toBe('{"newModels":[]}');
    expect(await mode(root)).toBe(0o700);
    expect(await mode(path.join(root, "reviews"))).toBe(0o700);
    expect(storage.pathOf("reviews/x.json")).toBe(path.join(root, "reviews", "x.json"));
    await storage.delete("models.json");
    await storage.delete("never-existed.json");
    expect(await storage.get("models.json")).toBeUndefined();
  });

  it("rejects keys that would escape the directory or collide with locks, backups and temp files", async () => {
    const storage = createFileStorage({ dir });
    for (const key of ["", "../x", "a/../../b", "/etc/passwd", "a//b", "./a", "a\\..\\b", "C:/x", "models.json.lock", "auth.json.bak.2", "x.tmp-1", "nul\0"]) {
      await expect(storage.set(key, "x"), key).rejects.toMatchObject({ name: "RegistryError", code: "invalid_storage_key" });
      await expect(storage.get(key), key).rejects.toMatchObject({ code: "invalid_storage_key" });
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it("expands ~ to the home directory", () => {
    expect(createFileStorage({ dir: "~/.some-app" }).dir).toBe(path.join(os.homedir(), ".some-app"));
  });

  it("writes auth.json 0600 whatever the umask and the old file's mode, backups included", async () => {
    const storage = createFileStorage({ dir });
    const previous = process.umask(0);
    try {
      await storage.set("auth.json", '{"v":1}');
      expect(await mode(path.join(dir, "auth.json"))).toBe(0o600);
      await chmod(path.join(dir, "auth.json"), 0o644);
      await storage.update("auth.json", () => '{"v":2}');
      expect(await mode(path.join(dir, "auth.json"))).toBe(0o600);
      expect(await mode(path.join(dir, "auth.json.bak.1"))).toBe(0o600);
      await storage.set("auth.json", '{"v":3}');
      expect(await mode(path.join(dir, "auth.json.bak.1"))).toBe(0o600);
      await storage.set("settings.json", "{}");
      expect(await mode(path.join(dir, "settings.json"))).toBe(0o666);
    } finally {
      process.umask(previous);
    }
  });

  it("keeps the last 3 versions as <key>.bak.1 (newest) to .bak.3", async () => {
    const storage = createFileStorage({ dir });
    for (let v = 1; v <= 6; v++) await storage.set("models.json", `v${v}`);
    expect(await storage.get("models.json")).toBe("v6");
    const read = (n: number) => readFile(path.join(dir, `models.json.bak.${n}`), "utf8");
    expect([await read(1), await read(2), await read(3)]).toEqual(["v5", "v4", "v3"]);
    expect((await readdir(dir)).sort()).toEqual(["models.json", "models.json.bak.1", "models.json.bak.2", "models.json.bak.3"]);
    // Writing the same text is not a new version; deleting is, so a deleted file can be restored.
    await storage.set("models.json", "v6");
    expect(await read(1)).toBe("v5");
    await storage.delete("models.json");
    expect([await read(1), await read(2), await read(3)]).toEqual(["v6", "v5", "v4"]);
  });

  it("honours backups: 0", async () => {
    const storage = createFileStorage({ dir, backups: 0 });
    await storage.set("state.json", "1");
    await storage.set("state.json", "2");
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("a crash between the temp write and the rename leaves the old file intact", async () => {
    let crash = true;
    const storage = createFileStorage({
      dir,
      testHooks: {
        beforeRename: ({ tempPath }) => {
          if (!crash) return;
          throw Object.assign(new Error(`simulated crash with ${path.basename(tempPath)} written`), { code: "ESIMULATED" });
        },
      },
    });
    crash = false;
    await storage.set("models.json", "old content");
    crash = true;
    await expect(storage.set("models.json", "new content")).rejects.toMatchObject({ code: "storage_write_failed", cause: { code: "ESIMULATED" } });
    await expect(storage.update("models.json", () => "newer content")).rejects.toMatchObject({ code: "storage_write_failed", cause: { code: "ESIMULATED" } });
    expect(await storage.get("models.json")).toBe("old content");
    expect(await readFile(path.join(dir, "models.json"), "utf8")).toBe("old content");
    // No temp file or lock is left behind, and the next write goes through.
    expect((await readdir(dir)).sort()).toEqual(["models.json"]);
    crash = false;
    await storage.set("models.json", "new content");
    expect(await storage.get("models.json")).toBe("new content");
  });

  it("reports file-system failures as RegistryErrors naming the file, and lets the caller's own errors through", async () => {
    const notADir = path.join(dir, "plain-file");
    await writeFile(notADir, "I am a file");
    const broken = createFileStorage({ dir: notADir });
    const error = await broken.set("models.json", "v1").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "RegistryError", code: "storage_lock_failed", cause: { code: expect.stringMatching(/^E(EXIST|NOTDIR)$/) } });
    expect((error as Error).message).toContain(path.join(notADir, "models.json.lock"));
    const storage = createFileStorage({ dir });
    await storage.set("models.json", "v1");
    const mine = new Error("from fn");
    await expect(storage.update("models.json", () => Promise.reject(mine))).rejects.toBe(mine);
    expect(await storage.get("models.json")).toBe("v1");
  });

  it("update() leaves the key alone when fn returns undefined, and returns the current value", async () => {
    const storage = createFileStorage({ dir });
    await storage.set("state.json", "a");
    expect(await storage.update("state.json", () => undefined)).toBe("a");
    expect(await storage.update("absent.json", () => undefined)).toBeUndefined();
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("serialises 20 concurrent update() calls in one process without losing any", async () => {
    const storage = createFileStorage({ dir });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        storage.update("counter.json", async (text) => {
          const ids = JSON.parse(text ?? "[]") as number[];
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          return JSON.stringify([...ids, i]);
        }),
      ),
    );
    expect((JSON.parse((await storage.get("counter.json"))!) as number[]).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("takes over a lock not refreshed for staleLockMs", async () => {
    const storage = createFileStorage({ dir, staleLockMs: 1000, lockTimeoutMs: 5000 });
    const lock = path.join(dir, "models.json.lock");
    await writeFile(lock, JSON.stringify({ pid: 1, host: "another-machine", nonce: "x" }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await storage.set("models.json", "after stale lock");
    expect(await storage.get("models.json")).toBe("after stale lock");
    expect(await readdir(dir)).toEqual(["models.json"]);
  });

  it("fails with storage_locked (and writes nothing) while another live holder keeps the lock", async () => {
    const storage = createFileStorage({ dir, lockTimeoutMs: 200 });
    await writeFile(path.join(dir, "models.json.lock"), JSON.stringify({ pid: 1, host: "another-machine", nonce: "x" }));
    await expect(storage.set("models.json", "x")).rejects.toMatchObject({ code: "storage_locked", recovery: expect.stringContaining("models.json.lock") });
    expect(await storage.get("models.json")).toBeUndefined();
  });
});
