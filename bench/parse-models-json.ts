/**
 * Benchmark: `parseModelsJson` on a 10,000-model models.json against `JSON5.parse` of the same text, in the same
 * run, alternating (so machine load hits both alike), medians. Prints time and extra heap of each and the ratios
 * against the issue-14 targets (≤ 3× JSON5.parse time, ≤ 2× its extra memory).
 *
 * Extra memory is the heap growth from a collected heap to the end of the call with its result still alive
 * (garbage made on the way included, as long as no collection ran): what a caller's process has to find room for.
 *
 * Run: `node --import tsx bench/parse-models-json.ts`
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { emitRows, row as benchRow, wantsJson } from "./bench-report.js";
import JSON5 from "json5";
import { parseModelsJson } from "../src/config/parse-models-json.js";

const MODELS = 10_000;
const RUNS = 15;

function modelsJson(count: number): string {
  const lines = ["{", "  // a large self-hosted listing", "  providers: {", "    lab: {", '      baseUrl: "http://127.0.0.1:8000/v1",', '      api: "openai-completions",', "      apiKey: \"${LAB_KEY}\",", "      models: ["];
  for (let i = 0; i < count; i++) {
    lines.push(
      `        { id: "org/model-${String(i).padStart(5, "0")}", name: 'Model ${i}', contextWindow: 32768, maxTokens: 4096, input: ["text", "image"], reasoning: ${i % 2 === 0}, cost: { input: 0.5, output: 1.5, cacheRead: 0, cacheWrite: 0 } },`,
    );
  }
  lines.push("      ],", "    },", "  },", "}", "");
  return lines.join("\n");
}

// A child of bench/run-all.ts gets no --expose-gc: turn it on here (as bench/stream.ts does).
setFlagsFromString("--expose-gc");
const gc = (globalThis as { gc?: () => void }).gc ?? (runInNewContext("gc") as () => void);
if (!gc) {
  console.error("Run with node --expose-gc (see the header).");
  process.exit(1);
}

function measure(fn: () => unknown): { ms: number; mib: number } {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  const result = fn();
  const ms = performance.now() - t;
  const mib = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  if (result === undefined) throw new Error("unreachable: keeps the result alive until measured");
  return { ms, mib };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const text = modelsJson(MODELS);
const ENV = { LAB_KEY: "sk-local" };
const check = parseModelsJson(text, { env: ENV });
if (check.diagnostics.length > 0 || check.config.providers["lab"]?.models.length !== MODELS) {
  console.error("The bench file does not parse cleanly:", check.diagnostics.slice(0, 3));
  process.exit(1);
}
for (let i = 0; i < 3; i++) {
  JSON5.parse(text);
  parseModelsJson(text, { env: ENV });
}
const base = { ms: [] as number[], mib: [] as number[] };
const ours = { ms: [] as number[], mib: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  const a = measure(() => JSON5.parse(text));
  base.ms.push(a.ms);
  base.mib.push(a.mib);
  const b = measure(() => parseModelsJson(text, { env: ENV }));
  ours.ms.push(b.ms);
  ours.mib.push(b.mib);
}
const row = (name: string, ms: number, mib: number) => (wantsJson() ? console.error : console.log)(`${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms ${mib.toFixed(1).padStart(8)} MiB`);
(wantsJson() ? console.error : console.log)(`models.json with ${MODELS.toLocaleString("en")} models, ${(text.length / 2 ** 20).toFixed(2)} MiB of text; medians of ${RUNS} alternating runs`);
row("JSON5.parse (baseline)", median(base.ms), median(base.mib));
row("parseModelsJson", median(ours.ms), median(ours.mib));
const timeRatio = median(ours.ms) / median(base.ms);
const memRatio = median(ours.mib) / median(base.mib);
emitRows("parse-models-json", [
  benchRow({ figure: `parseModelsJson time, ${MODELS} models`, unit: "ms", value: median(ours.ms), baseline: median(base.ms), baselineLabel: "JSON5.parse", target: "<= 3x", ok: timeRatio <= 3 }),
  benchRow({ figure: `parseModelsJson extra heap, ${MODELS} models`, unit: "MiB", value: median(ours.mib), baseline: median(base.mib), baselineLabel: "JSON5.parse", target: "<= 2x", ok: memRatio <= 2 }),
]);
(wantsJson() ? console.error : console.log)(`time   ${timeRatio.toFixed(2)}× JSON5.parse (target ≤ 3×)   ${timeRatio <= 3 ? "met" : "NOT met"}`);
(wantsJson() ? console.error : console.log)(`memory ${memRatio.toFixed(2)}× JSON5.parse's extra heap (target ≤ 2×)   ${memRatio <= 2 ? "met" : "NOT met"}`);
