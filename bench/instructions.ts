/**
 * The first-call phases counted in instructions instead of milliseconds: on a shared machine timings swing by a
 * third from run to run, while valgrind's instruction counts repeat to a fraction of a percent. Each phase (import;
 * createRegistry + listProviders; the first listModels over the whole catalog, with two env keys) is counted in a
 * process of its own under `valgrind --tool=callgrind node --single-threaded` (one thread, so compilation and
 * garbage collection are counted where they happen), each phase closed by a full collection, against bare node
 * counted the same way.
 *
 *   npm run build && npm run bench:instructions                       # this build
 *   npm run bench:instructions -- --base /tmp/old/dist                # and another build, phase by phase
 *
 * Needs Debian's valgrind (`apt-get install -y valgrind`); takes about two minutes. Not part of `npm run bench`.
 * Never asserts (bench, not test).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { emitRows, renderTable, row, wantsJson, type BenchRow } from "./bench-report.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { dist: { type: "string", default: "dist" }, base: { type: "string" }, json: { type: "boolean" } } });

if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.error("bench/instructions.ts needs valgrind, which is missing: apt-get install -y valgrind");
  process.exit(1);
}

const PHASES = ["import", "providers", "models"] as const;
type Phase = (typeof PHASES)[number];

// One script per run, stopping after the given phase: the differences between runs are the phases. A full
// collection closes each phase, so each pays for its own garbage: otherwise a collection falls in whichever phase
// happens to fill the heap, and moves tens of millions of instructions from one phase to another.
const work = mkdtempSync(path.join(os.tmpdir(), "mpr-instructions-"));
const script = path.join(work, "phase.mjs");
writeFileSync(
  script,
  `const [entry, upto] = process.argv.slice(2);
const m = await import(entry);
globalThis.gc();
if (upto !== "import") {
  const r = m.createRegistry({ env: { OPENAI_API_KEY: "sk-bench", ANTHROPIC_API_KEY: "sk-bench" } });
  await r.listProviders();
  globalThis.gc();
  if (upto === "models") {
    await r.listModels();
    globalThis.gc();
  }
}
`,
);

function count(args: string[]): number {
  const out = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--single-threaded", "--expose-gc", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "" },
  });
  const match = /Collected : (\d+)/.exec(out.stderr);
  if (out.status !== 0 || !match) throw new Error(`valgrind run failed (${out.status}): ${out.stderr.slice(-400)}`);
  return Number(match[1]);
}

function phasesOf(dist: string): Record<Phase, number> {
  const entry = path.resolve(root, dist, "index.js");
  if (!existsSync(entry)) {
    console.error(`No built package at ${entry}. Run \`npm run build\` (or pass --dist/--base <dir>) first.`);
    process.exit(1);
  }
  const totals = Object.fromEntries(PHASES.map((p) => [p, count([script, pathToFileURL(entry).href, p])])) as Record<Phase, number>;
  return { import: totals.import, providers: totals.providers - totals.import, models: totals.models - totals.providers };
}

const M = 1e6;
const LABELS: Record<Phase, string> = {
  import: "import of the package",
  providers: "createRegistry + first listProviders",
  models: "first listModels (whole catalog)",
};

try {
  const bare = count(["-e", "globalThis.gc()"]);
  const now = phasesOf(values.dist);
  now.import -= bare;
  const base = values.base === undefined ? null : phasesOf(values.base);
  if (base) base.import -= bare;
  const whole = (p: Record<Phase, number>) => p.import + p.providers + p.models;
  const rows: BenchRow[] = [
    ...PHASES.map((p) =>
      base
        ? row({ figure: `${LABELS[p]}, instructions`, unit: "M", value: now[p] / M, baseline: base[p] / M, baselineLabel: `--base ${values.base}`, target: "<= 1.00x", ok: now[p] <= base[p] })
        : row({ figure: `${LABELS[p]}, instructions`, unit: "M", value: now[p] / M, baseline: bare / M, baselineLabel: "bare node", target: null, ok: null }),
    ),
    base
      ? row({ figure: "whole workload over bare node, instructions", unit: "M", value: whole(now) / M, baseline: whole(base) / M, baselineLabel: `--base ${values.base}`, target: "<= 1.00x", ok: whole(now) <= whole(base) })
      : row({ figure: "whole workload over bare node, instructions", unit: "M", value: whole(now) / M, baseline: bare / M, baselineLabel: "bare node", target: null, ok: null }),
  ];
  if (wantsJson()) emitRows("instructions", rows);
  else console.log(renderTable([{ bench: "instructions", rows }]));
} finally {
  rmSync(work, { recursive: true, force: true });
}
