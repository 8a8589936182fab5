/**
 * Benchmark: status over many providers.
 *
 * 1. `getStatus({ check: true })` over 10 and 40 configured providers served by real loopback HTTP servers, one of
 *    which never answers: wall time must stay within `timeoutMs` + 10 %, independent of the provider count.
 * 2. `getStatus()` from cache (no network) for 40 configured providers: target under 5 ms.
 *
 * Run: `node --import tsx bench/status.ts`
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { createRegistry } from "../src/index.js";
import { createMemoryStorage } from "../src/storage/memory-storage.js";
import { emitRows, row, type BenchRow } from "./bench-report.js";

const TIMEOUT_MS = 1000;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function modelsJson(count: number, okUrl: string, hungUrl: string): string {
  const providers: Record<string, unknown> = {};
  for (let i = 0; i < count; i += 1) {
    const hung = i === count - 1;
    providers[`bench-${String(i).padStart(2, "0")}`] = {
      baseUrl: hung ? `${hungUrl}/v1` : `${okUrl}/p${i}/v1`,
      api: "openai-completions",
      discovery: "openai-compatible",
      models: [],
    };
  }
  return JSON.stringify({ providers }, null, 2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const ok = await listen((req, res) => {
    const id = req.url?.split("/")[1] ?? "p";
    const body = JSON.stringify({ object: "list", data: [{ id: `${id}-model-a`, object: "model", owned_by: "bench", max_model_len: 32768 }, { id: `${id}-model-b`, object: "model", owned_by: "bench" }] });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  const hung = await listen(() => {
    // Never answers.
  });

  const rows: Array<[string, string, string, string]> = [];
  const report: BenchRow[] = [];
  const checkWall: Record<number, number> = {};
  for (const count of [10, 40]) {
    const storage = createMemoryStorage({ "models.json": modelsJson(count, ok.url, hung.url) });
    const registry = createRegistry({ storage, timeoutMs: TIMEOUT_MS });
    const ids = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(2, "0")}`);
    // Hosts render the cached list first, then check; that first read builds the per-registry caches.
    const cold = performance.now();
    await registry.getStatus({ providers: ids });
    const coldMs = performance.now() - cold;
    const started = performance.now();
    const reports = await registry.getStatus({ check: true, providers: ids });
    const wall = performance.now() - started;
    checkWall[count] = wall;
    const healthy = reports.filter((r) => r.status === "healthy").length;
    const timedOut = reports.filter((r) => r.lastCheck?.errorKind === "timeout").length;
    const within = wall <= TIMEOUT_MS * 1.1;
    rows.push([`first getStatus() (cache build) × ${count}`, `${coldMs.toFixed(0)} ms`, "", ""]);
    report.push(row({ figure: `getStatus({ check: true }), ${count} providers, 1 hung`, unit: "ms", value: wall, baseline: TIMEOUT_MS, baselineLabel: "timeoutMs", target: "<= 1.10x", ok: within }));
    rows.push([`getStatus({ check: true }) × ${count} providers (1 hung)`, `${wall.toFixed(0)} ms`, `${(wall / TIMEOUT_MS).toFixed(3)} × timeoutMs`, `${within ? "PASS" : "FAIL"} (≤ 1.10; ${healthy} healthy, ${timedOut} timeout)`]);

    if (count === 40) {
      // Cached reads: the first call builds the caches; then measure steady state.
      await registry.getStatus();
      const full: number[] = [];
      const filtered: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        let t = performance.now();
        await registry.getStatus();
        full.push(performance.now() - t);
        t = performance.now();
        await registry.getStatus({ providers: ids });
        filtered.push(performance.now() - t);
      }
      const all = (await registry.getStatus()).length;
      const baseline: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const t = performance.now();
        JSON.parse((await storage.get("state.json")) ?? "{}");
        baseline.push(performance.now() - t);
      }
      const b = median(baseline);
      rows.push([`getStatus() from cache, ${ids.length} configured (filter)`, `${median(filtered).toFixed(2)} ms`, `${(median(filtered) / b).toFixed(1)} × JSON.parse(state.json)`, median(filtered) < 5 ? "PASS (< 5 ms)" : "FAIL (≥ 5 ms)"]);
      rows.push([`getStatus() from cache, all ${all} providers`, `${median(full).toFixed(2)} ms`, `${(median(full) / b).toFixed(1)} × JSON.parse(state.json)`, median(full) < 5 ? "PASS (< 5 ms)" : "FAIL (≥ 5 ms)"]);
      report.push(row({ figure: `getStatus() from cache, ${ids.length} configured (filter)`, unit: "ms", value: median(filtered), baseline: b, baselineLabel: "JSON.parse(state.json)", target: "< 5 ms", ok: median(filtered) < 5 }));
      report.push(row({ figure: `getStatus() from cache, all ${all} providers`, unit: "ms", value: median(full), baseline: b, baselineLabel: "JSON.parse(state.json)", target: "< 5 ms", ok: median(full) < 5 }));
      rows.push(["baseline: JSON.parse(state.json)", `${b.toFixed(3)} ms`, "1.0", ""]);
    }
  }
  rows.push(["check wall, 40 vs 10 providers", `${(checkWall[40]! / checkWall[10]!).toFixed(3)} ×`, "independent of count ⇒ ≈ 1", ""]);

  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["case", "time", "ratio", "verdict"][i]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(["case", "time", "ratio", "verdict"]));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log(`\ntimeoutMs = ${TIMEOUT_MS}; Node ${process.version}`);
  emitRows("status", report);

  ok.server.closeAllConnections();
  hung.server.closeAllConnections();
  ok.server.close();
  hung.server.close();
}

await main();
