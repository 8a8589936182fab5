// `npm run test:stress`: the load the issue-9 review put on the package, as a repeatable run (not part of `npm test`).
// Prints one line per scenario with its counts and exits non-zero if any scenario broke a promise:
//   1. fuzzed inputs across the parsers and classifiers (fuzz-parsers.ts);
//   2. 8 processes x 100 update()s of one file storage key: none lost;
//   3. 200 SIGKILLs of writers mid-write, including between opening the lock and writing its owner: the file is never
//      torn, backups are complete, no acknowledged update is lost, and writes resume at once (stalls counted).
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFileStorage } from "../../src/node/file-storage.js";
import { runFuzz } from "./fuzz-parsers.js";
import { nextDoc, readDoc } from "./storage-worker.js";

const here = path.dirname(fileURLToPath(import.meta.url));
let failed = false;
const report = (ok: boolean, line: string) => {
  if (!ok) failed = true;
  process.stdout.write(`${ok ? "ok  " : "FAIL"} ${line}\n`);
};

/** The worker as one plain-JS file: 250 child processes start in a fraction of the time tsx needs for each. */
async function workerCommand(scratch: string): Promise<string[]> {
  try {
    const { build } = await import("tsup");
    await build({
      entry: { "storage-worker": path.join(here, "storage-worker.ts") },
      outDir: path.join(scratch, "bin"),
      format: ["esm"],
      platform: "node",
      target: "node20",
      noExternal: [/.*/],
      silent: true,
      config: false,
      dts: false,
      sourcemap: false,
      splitting: false,
      clean: false,
      outExtension: () => ({ js: ".mjs" }),
    });
    return [path.join(scratch, "bin", "storage-worker.mjs")];
  } catch {
    return ["--import", "tsx", path.join(here, "storage-worker.ts")];
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The worker outlived WORKER_DEADLINE_MS and was killed by the runner: a hang, counted as a failure. */
  timedOut: boolean;
}

/** No worker may run longer than this: the run always ends by itself, and a hang is reported, not waited out. */
const WORKER_DEADLINE_MS = 60_000;

function start(worker: string[], args: string[], onReady?: (kill: () => void) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...worker, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, WORKER_DEADLINE_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (onReady && stdout.includes("ready\n")) {
        const callback = onReady;
        onReady = undefined;
        callback(() => child.kill("SIGKILL"));
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function fuzzScenario(): void {
  let total = 0;
  let broken = 0;
  for (const r of runFuzz()) {
    total += r.inputs;
    const bad = r.crashes + r.internal + r.polluted + r.console;
    broken += bad;
    report(
      bad === 0,
      `fuzz ${r.name}: ${r.inputs} inputs, ${r.crashes} crashes, ${r.internal} internal errors, ${r.polluted} prototype pollutions, ${r.console} console writes${r.samples.length ? `; e.g. ${r.samples.join(" | ")}` : ""}`,
    );
  }
  report(total >= 100_000 && broken === 0, `fuzz total: ${total} inputs, ${broken} broken promises`);
}

async function concurrentUpdates(worker: string[], scratch: string): Promise<void> {
  const dir = await mkdtemp(path.join(scratch, "updates-"));
  const processes = 8;
  const each = 100;
  const exits = await Promise.all(Array.from({ length: processes }, (_, p) => start(worker, ["updates", dir, `p${p}`, String(each)])));
  const crashed = exits.filter((e) => e.code !== 0).length;
  const locked = exits.reduce((n, e) => n + ((JSON.parse(e.stdout.trim().split("\n").pop() || "{}") as { locked?: number }).locked ?? 0), 0);
  const state = JSON.parse((await readFile(path.join(dir, "counter.json"), "utf8").catch(() => "{}")) || "{}") as { n?: number; ids?: string[] };
  const expected = new Set(Array.from({ length: processes * each }, (_, i) => `p${Math.floor(i / each)}-${i % each}`));
  const kept = (state.ids ?? []).filter((id) => expected.has(id));
  const unique = new Set(kept).size;
  const lost = expected.size - unique;
  const leftovers = (await readdir(dir)).filter((f) => f.includes(".lock") || f.includes(".tmp-")).length;
  report(
    crashed === 0 && lost === 0 && locked === 0 && state.n === expected.size && unique === kept.length && leftovers === 0,
    `storage ${processes} processes x ${each} update(): ${unique}/${expected.size} updates kept, ${lost} lost, n=${state.n ?? "?"}, ${locked} storage_locked, ${crashed} worker failures, ${leftovers} leftover lock/temp files`,
  );
  if (crashed) for (const e of exits.filter((x) => x.code !== 0)) process.stdout.write(`     worker: ${e.stderr.slice(0, 400)}\n`);
  await rm(dir, { recursive: true, force: true });
}

async function killWriters(worker: string[], scratch: string): Promise<void> {
  const dir = await mkdtemp(path.join(scratch, "kills-"));
  const points = ["lock-open", "legacy-empty-lock", "in-update", "before-rename", "random"] as const;
  const kills: Record<string, number> = Object.fromEntries(points.map((p) => [p, 0]));
  const victimsPerRound = 4;
  const rounds = 50;
  let notKilled = 0;
  let tornFiles = 0;
  let tornBackups = 0;
  let tornReads = 0;
  let stalls = 0;
  let lost = 0;
  let acknowledged = 0;
  let workerFailures = 0;
  const acknowledgedIds: string[] = [];
  const samples: string[] = [];
  // Writes after the kills must not wait for any lock to age: staleLockMs is 10 minutes, lockTimeoutMs 2 s.
  const resume = createFileStorage({ dir, lockTimeoutMs: 2_000, staleLockMs: 600_000 });
  await resume.set("doc.json", nextDoc(undefined, "runner"));
  for (let round = 0; round < rounds; round++) {
    const victims = Array.from({ length: victimsPerRound }, (_, v) => {
      const point = points[(round * victimsPerRound + v) % points.length]!;
      const k = 1 + Math.floor(Math.random() * 3);
      const onReady = point === "random" ? (kill: () => void) => void setTimeout(kill, Math.random() * 150) : undefined;
      return start(worker, ["victim", dir, `v${round}-${v}`, point, String(k)], onReady).then((exit) => ({ point, exit }));
    });
    const survivor = start(worker, ["survivor", dir, `s${round}`, "3"]);
    for (const { point, exit } of await Promise.all(victims)) {
      if (exit.signal === "SIGKILL" && !exit.timedOut) kills[point]! += 1;
      else {
        notKilled += 1;
        if (samples.length < 3) samples.push(`${point} victim ${exit.timedOut ? "hung" : `exited ${exit.code}`}: ${exit.stderr.slice(0, 200)}`);
      }
    }
    const s = await survivor;
    if (s.code !== 0) {
      workerFailures += 1;
      if (samples.length < 3) samples.push(`survivor exited ${s.code}: ${s.stderr.slice(0, 200)}`);
    } else {
      const out = JSON.parse(s.stdout.trim().split("\n").pop()!) as { stalls: number; torn: number; written: string[] };
      stalls += out.stalls;
      tornReads += out.torn;
      acknowledgedIds.push(...out.written);
    }
    const text = await readFile(path.join(dir, "doc.json"), "utf8").catch(() => undefined);
    if (readDoc(text) === undefined) tornFiles += 1;
    for (let b = 1; b <= 3; b++) {
      const backup = await readFile(path.join(dir, `doc.json.bak.${b}`), "utf8").catch(() => undefined);
      if (backup !== undefined && readDoc(backup) === undefined) tornBackups += 1;
    }
    // A write right after the kills: a lock left empty or by a dead owner must not make it wait.
    try {
      await resume.update("doc.json", (current) => {
        if (current !== undefined && readDoc(current) === undefined) tornReads += 1;
        return nextDoc(readDoc(current), "runner", `r${round}`);
      });
      acknowledgedIds.push(`r${round}`);
    } catch (error) {
      if ((error as { code?: string }).code !== "storage_locked") throw error;
      stalls += 1;
    }
  }
  const final = readDoc(await readFile(path.join(dir, "doc.json"), "utf8"));
  const present = new Set(final?.ids ?? []);
  acknowledged = acknowledgedIds.length;
  lost = acknowledgedIds.filter((id) => !present.has(id)).length;
  const leftovers = (await readdir(dir)).filter((f) => /\.lock|\.tmp-/.test(f));
  const killed = Object.values(kills).reduce((a, b) => a + b, 0);
  report(
    killed >= 200 && notKilled === 0 && tornFiles === 0 && tornBackups === 0 && tornReads === 0 && lost === 0 && stalls === 0 && workerFailures === 0 && leftovers.length === 0,
    `storage ${killed} SIGKILLs mid-write (${points.map((p) => `${p} ${kills[p]}`).join(", ")}): ${tornFiles} torn files, ${tornBackups} torn backups, ${tornReads} torn reads, ${acknowledged} acknowledged updates ${lost} lost, ${stalls} stalls, ${notKilled} victims not killed, ${workerFailures} survivor failures, ${leftovers.length} leftover lock/temp files${samples.length ? `; e.g. ${samples.join(" | ")}` : ""}`,
  );
  await rm(dir, { recursive: true, force: true });
}

const scratch = await mkdtemp(path.join(os.tmpdir(), "mpr-stress-"));
try {
  const started = Date.now();
  // `-- fuzz` or `-- storage` runs one part only (for working on it); the default is everything.
  const only = process.argv[2];
  if (only !== "storage") fuzzScenario();
  if (only !== "fuzz") {
    const worker = await workerCommand(scratch);
    await concurrentUpdates(worker, scratch);
    await killWriters(worker, scratch);
  }
  process.stdout.write(`${failed ? "FAILED" : "passed"} in ${Math.round((Date.now() - started) / 1000)} s\n`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
