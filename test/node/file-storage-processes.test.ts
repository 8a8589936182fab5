import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileStorage } from "../../src/node/file-storage.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./fixtures/update-worker.ts", import.meta.url));
const spawnWorker = (dir: string, id: string, arg: string) => run(process.execPath, ["--import", "tsx", worker, dir, id, arg], { cwd: process.cwd() });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mpr-procs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("file storage across processes", () => {
  it("20 concurrent update() calls from 4 processes lose no update", { timeout: 60_000 }, async () => {
    await Promise.all(["a", "b", "c", "d"].map((id) => spawnWorker(dir, id, "5")));
    const state = JSON.parse((await createFileStorage({ dir }).get("counter.json"))!) as { n: number; ids: string[] };
    expect(state.n).toBe(20);
    expect(state.ids.sort()).toEqual(["a", "b", "c", "d"].flatMap((w) => [0, 1, 2, 3, 4].map((i) => `${w}-${i}`)).sort());
    expect((await readdir(dir)).filter((f) => f.includes(".lock") || f.includes(".tmp-"))).toEqual([]);
  });

  it("a process killed between temp write and rename leaves the old file intact and its lock recoverable", { timeout: 60_000 }, async () => {
    const original = '{ "providers": { "kept": {} } }\n';
    await writeFile(path.join(dir, "models.json"), original);
    const crashed = await spawnWorker(dir, "x", "crash").then(
      () => null,
      (error: { signal?: string }) => error,
    );
    expect(crashed?.signal).toBe("SIGKILL");
    const storage = createFileStorage({ dir, lockTimeoutMs: 3000, staleLockMs: 600_000 });
    expect(await storage.get("models.json")).toBe(original);
    // The dead process left its lock and temp file; the lock names a dead pid, so it is taken over at once.
    expect((await readdir(dir)).some((f) => f === "models.json.lock")).toBe(true);
    expect((await readdir(dir)).some((f) => f.startsWith("models.json.tmp-"))).toBe(true);
    await storage.update("models.json", (text) => text!.replace("kept", "kept-and-edited"));
    expect(await storage.get("models.json")).toBe('{ "providers": { "kept-and-edited": {} } }\n');
    // The dead writer's temp file is swept by the next good write.
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-") || f.includes(".lock"))).toEqual([]);
  });
});
