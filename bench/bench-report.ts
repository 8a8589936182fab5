/**
 * The shared shape of a bench result, so `bench/run-all.ts` can print every bench in one table.
 *
 * A bench script run with `--json` prints, as its LAST stdout line, one JSON object:
 *   {"bench": "cold-start", "rows": [{ "figure", "unit", "value", "baseline", "baselineLabel", "ratio", "target", "ok" }]}
 * Without `--json` it prints whatever human table it likes. See bench/README.md.
 *
 * @example
 * emitRows("package-size", [row({ figure: "unpacked", unit: "MB", value: 2.1, baseline: 1.4, baselineLabel: "deps", target: "<= 3 MB", ok: true })]);
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";

/** One figure: `ratio` is value / baseline (both measured in the same run); `ok` is null when there is no target. */
export interface BenchRow {
  figure: string;
  unit: string;
  value: number;
  baseline: number | null;
  baselineLabel: string | null;
  ratio: number | null;
  target: string | null;
  ok: boolean | null;
}

/** What one bench script prints with `--json`. */
export interface BenchReport {
  bench: string;
  rows: BenchRow[];
}

/**
 * Fill in `ratio` from value and baseline, so every bench computes it the same way.
 *
 * @example
 * row({ figure: "listModels warm", unit: "ms", value: 0.1, baseline: 0.01, baselineLabel: "Array.map", target: "<= 0.15 ms", ok: true });
 */
export function row(r: Omit<BenchRow, "ratio"> & { ratio?: number | null }): BenchRow {
  const ratio = r.ratio ?? (r.baseline != null && r.baseline !== 0 ? r.value / r.baseline : null);
  return { ...r, ratio };
}

/** True when the script was started with `--json` (run-all passes it). */
export const wantsJson = (): boolean => process.argv.includes("--json");

/**
 * Print the machine-readable line (only with `--json`; it must be the last line of stdout).
 *
 * @example
 * emitRows("stream", rows);
 */
export function emitRows(bench: string, rows: BenchRow[]): void {
  if (wantsJson()) console.log(JSON.stringify({ bench, rows } satisfies BenchReport));
}

/** The human form of a number: 3 significant digits, no exponent for the sizes we print. */
export function fmt(n: number | null): string {
  if (n == null || !Number.isFinite(n)) return "-";
  const a = Math.abs(n);
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

/**
 * Render rows as one markdown table (used by run-all and by single benches without --json).
 *
 * @example
 * console.log(renderTable([{ bench: "stream", rows }]));
 */
export function renderTable(reports: BenchReport[]): string {
  const lines = [
    "| bench | figure | value | baseline | ratio | target | ok |",
    "|---|---|---:|---|---:|---|---|",
  ];
  for (const rep of reports) {
    for (const r of rep.rows) {
      const base = r.baseline == null ? "-" : `${fmt(r.baseline)} ${r.unit} (${r.baselineLabel ?? "baseline"})`;
      const ok = r.ok == null ? "" : r.ok ? "ok" : "**MISSED**";
      lines.push(`| ${rep.bench} | ${r.figure} | ${fmt(r.value)} ${r.unit} | ${base} | ${r.ratio == null ? "-" : `${fmt(r.ratio)}x`} | ${r.target ?? ""} | ${ok} |`);
    }
  }
  return lines.join("\n");
}

/**
 * The machine a run happened on, for BENCHMARKS.md: Node version, CPU model (from /proc/cpuinfo where there is one)
 * and core count.
 *
 * @example
 * console.log(`Machine: ${machine()}`);
 */
export function machine(): string {
  let model = cpus()[0]?.model ?? "unknown CPU";
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? model;
  } catch {
    // Not Linux: os.cpus() named it.
  }
  return `node ${process.version}, ${model}, ${cpus().length} cores, ${process.platform}/${process.arch}`;
}

/**
 * Replace the text between `<!-- name:start -->` and `<!-- name:end -->` in a markdown file (appending the
 * section when the markers are missing), so `bench/run-all.ts` and `bench/peers.ts` each keep their own part of
 * BENCHMARKS.md up to date.
 *
 * @example
 * writeSection("BENCHMARKS.md", "bench", "## npm run bench\n\n" + renderTable(reports));
 */
export function writeSection(file: string, name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  const next = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
