/**
 * Cold-start benchmark of the catalog: in a fresh Node process, import the built package, createRegistry(),
 * listProviders() and listModels() over the whole bundled snapshot — against bare `node -e 0` measured in the same
 * run, interleaved, so machine load affects both alike.
 *
 *   npm run build   # or: npx tsup --out-dir /tmp/mpr-dist
 *   node --import tsx bench/cold-start.ts [--runs 15] [--dist dist]
 *
 * Targets: under 60 ms above bare node, under 15 MiB extra peak RSS. Reports medians; never asserts (bench, not test).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { emitRows, row as benchRow } from "./bench-report.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { runs: { type: "string", default: "15" }, dist: { type: "string", default: "dist" }, json: { type: "boolean" } },
});
const runs = Math.max(3, Number.parseInt(values.runs, 10) || 15);
const entry = path.resolve(root, values.dist, "index.js");
if (!existsSync(entry)) {
  console.error(`No built package at ${entry}. Run \`npm run build\` (or pass --dist <dir>) first.`);
  process.exit(1);
}

const BASELINE = "process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS }))";
const WORKLOAD = `
const t0 = performance.now();
const m = await import(${JSON.stringify(pathToFileURL(entry).href)});
const t1 = performance.now();
const registry = m.createRegistry();
const providers = await registry.listProviders();
const t2 = performance.now();
const models = await registry.listModels();
const t3 = performance.now();
if (providers.length < 40 || models.length < 1500) { console.error("unexpected counts", providers.length, models.length); process.exit(2); }
process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS, providers: providers.length, models: models.length,
  importMs: t1 - t0, createAndProvidersMs: t2 - t1, listModelsMs: t3 - t2 }));`;

interface Sample {
  ms: number;
  rss: number;
  extra: Record<string, number>;
}

function run(args: string[]): Sample {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  const out = JSON.parse(child.stdout) as Record<string, number>;
  const { rss, ...extra } = out;
  return { ms, rss: rss! / 1024, extra };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const DEPS = `
for (const dep of ["zod", "ky", "json5", "jsonc-parser", "eventsource-parser"]) await import(dep);
process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS }));`;

const variants = {
  baseline: ["-e", BASELINE],
  esmBaseline: ["--input-type=module", "-e", BASELINE],
  deps: ["--input-type=module", "-e", DEPS],
  workload: ["--input-type=module", "-e", WORKLOAD],
} as const;
type Variant = keyof typeof variants;
const samples: Record<Variant, Sample[]> = { baseline: [], esmBaseline: [], deps: [], workload: [] };
for (const v of Object.keys(variants) as Variant[]) run([...variants[v]]); // warm the OS file cache
for (let i = 0; i < runs; i++) for (const v of Object.keys(variants) as Variant[]) samples[v].push(run([...variants[v]]));

const med = (v: Variant) => ({ ms: median(samples[v].map((s) => s.ms)), rss: median(samples[v].map((s) => s.rss)) });
const b = med("baseline");
const w = med("workload");
const extraMs = w.ms - b.ms;
const extraMiB = w.rss - b.rss;
const phase = (k: string): string => median(samples.workload.map((s) => s.extra[k] ?? 0)).toFixed(1);
const row = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(40) : c.padStart(12))).join(" | ")} |`;
const line = (label: string, v: Variant): string => {
  const m = med(v);
  return row([label, m.ms.toFixed(1), m.rss.toFixed(1), `+${(m.ms - b.ms).toFixed(1)}`, `+${(m.rss - b.rss).toFixed(1)}`]);
};

console.log(`Cold start, ${runs} interleaved runs each, medians (node ${process.version}, ${entry})`);
console.log(row(["", "wall ms", "peak RSS MiB", "vs bare ms", "vs bare MiB"]));
console.log(row(["-".repeat(40), "-".repeat(12), "-".repeat(12), "-".repeat(12), "-".repeat(12)]));
console.log(line("bare node -e 0 (baseline)", "baseline"));
console.log(line("bare ESM node --input-type=module -e", "esmBaseline"));
console.log(line("runtime deps only (zod, ky, json5, ...)", "deps"));
console.log(line(`import + create + list (${samples.workload[0]!.extra["models"]} models)`, "workload"));
console.log(row(["ratio workload / baseline", `${(w.ms / b.ms).toFixed(2)}x`, `${(w.rss / b.rss).toFixed(2)}x`, "", ""]));
console.log(row(["target (extra over baseline)", "", "", "< 60", "< 15"]));
console.log(row(["verdict", "", "", extraMs < 60 ? "ok" : "OVER", extraMiB < 15 ? "ok" : "OVER"]));
console.log(`In-process phases of the workload (median ms): import ${phase("importMs")}, createRegistry + listProviders ${phase("createAndProvidersMs")}, listModels ${phase("listModelsMs")}.`);
// V8 keeps a module's source text for its lifetime, as UTF-16 when any character is non-ASCII (esbuild keeps comments
// inside object literals and class bodies verbatim): one such comment doubles the memory held for a 700 KB chunk.
const distDir = path.dirname(entry);
const nonAscii = readdirSync(distDir).filter((f) => f.endsWith(".js") && /[^\x00-\x7f]/.test(readFileSync(path.join(distDir, f), "utf8")));
if (nonAscii.length > 0) console.log(`Note: non-ASCII characters in ${nonAscii.join(", ")}: V8 holds these sources as UTF-16 (twice the memory). Keep comments in object literals and class bodies ASCII.`);
const deps = med("deps");
const phaseN = (k: string): number => median(samples.workload.map((s) => s.extra[k] ?? 0));
emitRows("cold-start", [
  benchRow({ figure: `cold start: import + create + list ${samples.workload[0]!.extra["models"]} models, wall`, unit: "ms", value: w.ms, baseline: b.ms, baselineLabel: "bare node -e 0", target: "<= bare + 60 ms", ok: extraMs <= 60 }),
  benchRow({ figure: "cold start, peak RSS", unit: "MiB", value: w.rss, baseline: b.rss, baselineLabel: "bare node -e 0", target: "<= bare + 15 MiB", ok: extraMiB <= 15 }),
  benchRow({ figure: "runtime deps only (zod, ky, json5, ...), wall", unit: "ms", value: deps.ms, baseline: b.ms, baselineLabel: "bare node -e 0", target: null, ok: null }),
  benchRow({ figure: "in-process: import of the package", unit: "ms", value: phaseN("importMs"), baseline: null, baselineLabel: null, target: null, ok: null }),
  benchRow({ figure: "in-process: first listModels()", unit: "ms", value: phaseN("listModelsMs"), baseline: null, baselineLabel: null, target: null, ok: null }),
]);
