/**
 * Benchmark: warm `listModels()` over the whole catalog and warm `resolveModel()`, medians of many calls, against the
 * issue-14 targets (≤ 0.15 ms and ≤ 5 µs). pi-ai is not installed here, so there is no same-run baseline: the
 * figures are absolute (the issue measured pi-ai's `getModels` at 0.012 ms on the same kind of machine). The cold
 * first call and an uncached resolution (what every call cost before the cache) are printed for scale.
 *
 * Run: `node --import tsx bench/list-models.ts`
 */
import { performance } from "node:perf_hooks";
import { createRegistry } from "../src/index.js";
import { createMemoryStorage } from "../src/storage/memory-storage.js";
import { emitRows, row as benchRow, wantsJson } from "./bench-report.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median per-call time of `batch` sequential calls, over `rounds` rounds (a batch hides the timer's resolution). */
async function perCall(rounds: number, batch: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    times.push((performance.now() - t) / batch);
  }
  return median(times);
}

const registry = createRegistry({ storage: createMemoryStorage(), env: { OPENAI_API_KEY: "sk-bench", ANTHROPIC_API_KEY: "sk-bench" } });
let t = performance.now();
const all = await registry.listModels();
const coldMs = performance.now() - t;
t = performance.now();
await registry.resolveModel("openai/gpt-5");
const coldResolveMs = performance.now() - t;

const listMs = await perCall(31, 50, () => registry.listModels());
const resolveMs = await perCall(31, 2000, () => registry.resolveModel("openai/gpt-5"));
const usableMs = await perCall(31, 50, () => registry.listModels({ usableOnly: true }));

// An uncached resolution: every call re-resolves because the credential fingerprint changes (a fresh registry per
// env would also rebuild the catalog); explain() still resolves per call and shows the pre-cache cost of one model.
const explainMs = await perCall(11, 200, () => registry.explain("openai/gpt-5"));

const out = wantsJson() ? console.error : console.log;
emitRows("list-models", [
  benchRow({ figure: "listModels() warm, whole catalog", unit: "ms", value: listMs, baseline: 0.15, baselineLabel: "target", target: "<= 0.15 ms", ok: listMs <= 0.15 }),
  benchRow({ figure: "resolveModel() warm", unit: "µs", value: resolveMs * 1000, baseline: 5, baselineLabel: "target", target: "<= 5 µs", ok: resolveMs * 1000 <= 5 }),
  benchRow({ figure: "listModels() first call", unit: "ms", value: coldMs, baseline: null, baselineLabel: null, target: null, ok: null }),
]);
const row = (name: string, value: string, target = "") => out(`${name.padEnd(42)} ${value.padStart(12)}  ${target}`);
out(`catalog: ${all.length} models (memory storage, two env keys); medians`);
row("listModels() first call (cold)", `${coldMs.toFixed(1)} ms`);
row("resolveModel() first call", `${coldResolveMs.toFixed(2)} ms`);
row("listModels() warm, whole catalog", `${listMs.toFixed(4)} ms`, `target ≤ 0.15 ms  ${listMs <= 0.15 ? "met" : "NOT met"}`);
row("listModels({ usableOnly: true }) warm", `${usableMs.toFixed(4)} ms`);
row("resolveModel() warm", `${(resolveMs * 1000).toFixed(2)} µs`, `target ≤ 5 µs  ${resolveMs * 1000 <= 5 ? "met" : "NOT met"}`);
row("explain() (uncached, for scale)", `${(explainMs * 1000).toFixed(1)} µs`);
out("no pi-ai in this environment: absolute figures only (issue 14: pi-ai getModels 0.012 ms)");
