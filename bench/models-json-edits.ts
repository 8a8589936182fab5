/**
 * Benchmark: large models.json edits (what `local.fetchModels()` writes for a listing at the 5,000-model cap).
 *
 * 1. `editModelsJson()` appending 50 and 5,000 models to a commented file, and the same models each gaining two
 *    fields (100 and 10,000 edits). The editor must scale linearly: the time per edit at 5,000 stays within a small
 *    factor of the time per edit at 50 (one jsonc-parser edit per model used to re-parse the whole text: quadratic,
 *    minutes at 5,000). Each time is also shown against a baseline measured in the same run on the same text:
 *    jsonc-parser's `parse` + `JSON.stringify` of the resulting file.
 * 2. `local.fetchModels()` end to end against a loopback OpenAI-compatible server listing 5,000 models.
 *
 * Run: `node --import tsx bench/models-json-edits.ts`
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parse } from "jsonc-parser";
import { editModelsJson } from "../src/config/edit-models-json.js";
import { createRegistry } from "../src/index.js";
import { createMemoryStorage } from "../src/storage/memory-storage.js";
import { emitRows, row, type BenchRow } from "./bench-report.js";

const BASE = [
  "{",
  "  // the GPU box",
  '  "providers": {',
  '    "lm": {',
  '      "baseUrl": "http://127.0.0.1:1234/v1", // LM Studio',
  '      "api": "openai-completions",',
  '      "models": [',
  '        { "id": "mine", "x-pin": true } // curated',
  "      ]",
  "    }",
  "  }",
  "}",
  "",
].join("\n");

const id = (i: number) => `org/model-${String(i).padStart(5, "0")}`;

function appends(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    path: ["providers", "lm", "models", i + 1],
    value: { id: id(i), name: `Model ${i}`, contextWindow: 32768, maxTokens: 4096, input: ["text"], tools: true },
  }));
}

function fieldEdits(n: number) {
  return Array.from({ length: n }, (_, i) => [
    { path: ["providers", "lm", "models", i + 1, "reasoning"], value: true },
    { path: ["providers", "lm", "models", i + 1, "json"], value: false },
  ]).flat();
}

function time<T>(runs: number, fn: () => T): { ms: number; result: T } {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result };
}

function baseline(text: string): number {
  time(5, () => JSON.stringify(parse(text), null, 2)); // warm-up: the first calls run unoptimised
  return time(21, () => JSON.stringify(parse(text), null, 2)).ms;
}

async function fetchModelsEndToEnd(count: number): Promise<{ ms: number; added: number; bytes: number }> {
  const body = JSON.stringify({ object: "list", data: Array.from({ length: count }, (_, i) => ({ id: id(i), object: "model", owned_by: "bench", max_model_len: 32768 })) });
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/v1/models" ? 200 : 404, { "content-type": "application/json" });
    res.end(req.url === "/v1/models" ? body : "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const storage = createMemoryStorage({ "models.json": BASE.replace("http://127.0.0.1:1234/v1", `${origin}/v1`).replace('"api": "openai-completions",', '"api": "openai-completions",\n      "discovery": "vllm",') });
  const registry = createRegistry({ storage, env: {}, timeoutMs: 30_000 });
  const t = performance.now();
  const result = await registry.local.fetchModels("lm");
  const ms = performance.now() - t;
  server.closeAllConnections();
  server.close();
  return { ms, added: result.added.length, bytes: ((await storage.get("models.json")) ?? "").length };
}

async function main(): Promise<void> {
  const rows: Array<[string, string, string, string]> = [];
  const perEdit: Record<string, Record<number, number>> = { append: {}, fields: {} };
  const report: BenchRow[] = [];
  const parseBaseline: Record<number, number> = {};
  for (const n of [50, 5000]) {
    const runs = n <= 50 ? 11 : 1;
    const added = time(runs, () => editModelsJson(BASE, appends(n)));
    if (added.result.strategy !== "in-place") throw new Error(`expected an in-place edit, got ${added.result.strategy}`);
    const b1 = baseline(added.result.text);
    perEdit["append"]![n] = added.ms / n;
    rows.push([`append ${n} models (${(added.result.text.length / 1024).toFixed(0)} KB)`, `${added.ms.toFixed(1)} ms`, `${(added.ms / b1).toFixed(1)} × baseline`, `${((added.ms / n) * 1000).toFixed(0)} µs/edit`]);

    const filled = time(runs, () => editModelsJson(added.result.text, fieldEdits(n)));
    if (filled.result.strategy !== "in-place") throw new Error(`expected an in-place edit, got ${filled.result.strategy}`);
    const b2 = baseline(filled.result.text);
    perEdit["fields"]![n] = filled.ms / (2 * n);
    rows.push([`${n} models gain 2 fields (${2 * n} edits)`, `${filled.ms.toFixed(1)} ms`, `${(filled.ms / b2).toFixed(1)} × baseline`, `${((filled.ms / (2 * n)) * 1000).toFixed(0)} µs/edit`]);
    parseBaseline[n] = b1;
    report.push(row({ figure: `editModelsJson: append ${n} models`, unit: "ms", value: added.ms, baseline: b1, baselineLabel: `jsonc parse + stringify, ${n} models`, target: null, ok: null }));
    report.push(row({ figure: `editModelsJson: ${n} models gain 2 fields`, unit: "ms", value: filled.ms, baseline: b2, baselineLabel: `jsonc parse + stringify, ${n} models`, target: null, ok: null }));
    rows.push([`baseline: jsonc parse + stringify, ${n} models`, `${b1.toFixed(2)} ms`, "1.0", ""]);
  }
  for (const kind of ["append", "fields"] as const) {
    const ratio = perEdit[kind]![5000]! / perEdit[kind]![50]!;
    report.push(row({ figure: `time per edit at 5,000 models (${kind})`, unit: "µs", value: perEdit[kind]![5000]! * 1000, baseline: perEdit[kind]![50]! * 1000, baselineLabel: "per edit at 50", target: "< 5x (linear)", ok: ratio < 5 }));
    rows.push([`time per edit, 5,000 vs 50 (${kind})`, `${ratio.toFixed(2)} ×`, "linear ⇒ ≈ 1 (quadratic ⇒ ≈ 100)", ratio < 5 ? "PASS (< 5)" : "FAIL (≥ 5)"]);
  }
  const e2e = await fetchModelsEndToEnd(5000);
  report.push(row({ figure: `local.fetchModels(), ${e2e.added} models added`, unit: "ms", value: e2e.ms, baseline: parseBaseline[5000]!, baselineLabel: "jsonc parse + stringify, 5000 models", target: "< 10 s", ok: e2e.ms < 10_000 }));
  rows.push([`local.fetchModels(), ${e2e.added} models added (${(e2e.bytes / 1024).toFixed(0)} KB)`, `${e2e.ms.toFixed(0)} ms`, "", e2e.ms < 10_000 ? "PASS (< 10 s)" : "FAIL (≥ 10 s)"]);

  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["case", "time", "ratio", "verdict"][i]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(["case", "time", "ratio", "verdict"]));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log(`\nNode ${process.version}`);
  emitRows("models-json-edits", report);
}

await main();
