// Child process of `npm run test:stress` (run-stress.ts bundles it and runs it with plain node). Not a vitest file.
//   updates  <dir> <id> <n>          n sequential update()s of counter.json, each adding "<id>-<i>"
//   victim   <dir> <id> <point> <k>  rewrites doc.json in a loop and SIGKILLs itself the k-th time it reaches <point>:
//            lock-open (lock owner file opened, nothing written), in-update (lock held), before-rename (new content
//            written and synced, not yet renamed), legacy-empty-lock (creates an empty <key>.lock the way a writer of
//            an older version did, then dies), random (the parent kills it at a random moment)
//   survivor <dir> <id> <n>          n update()s of doc.json adding "<id>-<i>", checking every value it reads
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import path from "node:path";
import { createFileStorage } from "../../src/node/file-storage.js";

export interface Doc {
  writer: string;
  seq: number;
  ids: string[];
  payload: string;
  digest: string;
}

const digestOf = (d: Omit<Doc, "digest">) => createHash("sha256").update(JSON.stringify([d.writer, d.seq, d.ids, d.payload])).digest("hex");

/** A complete document, or undefined for anything torn, truncated or mixed. */
export function readDoc(text: string | undefined): Doc | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as Doc;
    return Array.isArray(doc.ids) && typeof doc.payload === "string" && digestOf(doc) === doc.digest ? doc : undefined;
  } catch {
    return undefined;
  }
}

function nextDoc(previous: Doc | undefined, writer: string, add?: string): string {
  const base = { writer, seq: (previous?.seq ?? 0) + 1, ids: [...(previous?.ids ?? []), ...(add ? [add] : [])] };
  // 64 KB, so a kill often lands while the temp file is being written.
  const payload = `${writer}:${base.seq}:`.padEnd(64 * 1024, String.fromCharCode(97 + (base.seq % 26)));
  return JSON.stringify({ ...base, payload, digest: digestOf({ ...base, payload }) });
}

const die = (): never => {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};

const isMain = process.argv[1] !== undefined && /storage-worker\.(ts|mjs|js)$/.test(process.argv[1]);
if (isMain) {
  const [mode, dir, id, arg, arg2] = process.argv.slice(2) as [string, string, string, string, string?];
  if (mode === "updates") {
    const storage = createFileStorage({ dir, lockTimeoutMs: 60_000 });
    let locked = 0;
    for (let i = 0; i < Number(arg); i++) {
      await storage
        .update("counter.json", (text) => {
          const state = JSON.parse(text ?? '{ "n": 0, "ids": [] }') as { n: number; ids: string[] };
          return JSON.stringify({ n: state.n + 1, ids: [...state.ids, `${id}-${i}`] });
        })
        .catch((error: { code?: string }) => {
          if (error.code !== "storage_locked") throw error;
          locked += 1;
        });
    }
    process.stdout.write(`${JSON.stringify({ locked })}\n`);
  } else if (mode === "victim") {
    const point = arg;
    let left = Number(arg2 ?? 1);
    const hit = (at: string) => {
      if (at === point && --left <= 0) die();
    };
    const storage = createFileStorage({
      dir,
      lockTimeoutMs: 60_000,
      staleLockMs: 600_000,
      testHooks: { afterLockOpen: () => hit("lock-open"), beforeRename: () => hit("before-rename") },
    });
    if (point === "legacy-empty-lock") {
      // Bounded: a lock left by a writer killed in an earlier round stays until some writer breaks it, so when one is
      // there this victim takes and releases the lock once (an update that writes nothing), which breaks a dead one.
      for (let tries = 0; tries < 400; tries++) {
        try {
          await open(path.join(dir, "doc.json.lock"), "wx", 0o600);
          die();
        } catch (error) {
          if ((error as { code?: string }).code !== "EEXIST") throw error;
          await storage.update("doc.json", () => undefined);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      throw new Error("legacy-empty-lock victim: doc.json.lock never became free");
    }
    for (let i = 0; i < 300; i++) {
      await storage.update("doc.json", (text) => {
        hit("in-update");
        return nextDoc(readDoc(text), id);
      });
      if (i === 0) process.stdout.write("ready\n");
    }
  } else if (mode === "survivor") {
    const storage = createFileStorage({ dir, lockTimeoutMs: 5_000, staleLockMs: 600_000 });
    let stalls = 0;
    let torn = 0;
    const written: string[] = [];
    for (let i = 0; i < Number(arg); i++) {
      try {
        await storage.update("doc.json", (text) => {
          if (text !== undefined && readDoc(text) === undefined) torn += 1;
          return nextDoc(readDoc(text), id, `${id}-${i}`);
        });
        written.push(`${id}-${i}`);
      } catch (error) {
        if ((error as { code?: string }).code !== "storage_locked") throw error;
        stalls += 1;
      }
    }
    process.stdout.write(`${JSON.stringify({ stalls, torn, written })}\n`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

export { nextDoc };
