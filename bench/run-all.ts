/**
 * `npm run bench`: run every bench script with `--json`, one after the other (never in parallel: they time things),
 * and print ONE table of all their figures, each a ratio against a baseline measured in the same run.
 *
 * A bench is any bench/*.ts except the helpers below; it plugs in by printing the `--json` line described in
 * bench/README.md. Its own human output goes to stderr here, so stdout holds only the table.
 *
 *   npm run build && node --import tsx bench/run-all.ts [--only cold-start,stream] [--write]
 *
 * `--write` also puts the table and the machine into BENCHMARKS.md (section "bench").
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { machine, renderTable, writeSection, type BenchReport } from "./bench-report.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// peers.ts installs pi-ai from npm; instructions.ts needs valgrind and two minutes: both are run on their own.
const NOT_BENCHES = new Set(["bench-report.ts", "run-all.ts", "peers.ts", "instructions.ts"]);
const { values } = parseArgs({ options: { only: { type: "string" }, write: { type: "boolean" } } });
const only = values.only?.split(",").map((s) => s.trim());
const scripts = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && !NOT_BENCHES.has(f))
  .filter((f) => !only || only.includes(f.replace(/\.ts$/, "")))
  .sort();

function runOne(file: string): Promise<BenchReport> {
  const name = file.replace(/\.ts$/, "");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", file), "--json"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    const reports: BenchReport[] = [];
    const take = (line: string): void => {
      if (line.startsWith('{"bench"')) reports.push(JSON.parse(line) as BenchReport);
      else process.stderr.write(`${line}\n`);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) take(line);
    });
    child.on("close", (code) => {
      if (buffered) take(buffered);
      const rows = reports.flatMap((r) => r.rows);
      if (code !== 0 || rows.length === 0) {
        const why = code !== 0 ? `exited with ${code}` : "printed no --json line";
        rows.push({ figure: `(bench ${why})`, unit: "", value: Number.NaN, baseline: null, baselineLabel: null, ratio: null, target: null, ok: false });
      }
      resolve({ bench: reports[0]?.bench ?? name, rows });
    });
  });
}

const reports: BenchReport[] = [];
for (const file of scripts) {
  process.stderr.write(`\n== bench/${file}\n`);
  reports.push(await runOne(file));
}
const table = renderTable(reports);
const missed = reports.flatMap((r) => r.rows.filter((x) => x.ok === false).map((x) => `${r.bench}: ${x.figure}`));
const when = new Date().toISOString().slice(0, 16).replace("T", " ");
const summary = missed.length === 0 ? "Every target met." : `Targets missed (${missed.length}): ${missed.join("; ")}.`;
console.log(`\nnpm run bench, ${when} UTC, ${machine()}\n\n${table}\n\n${summary}`);
if (values.write) {
  writeSection(path.join(root, "BENCHMARKS.md"), "bench", `## npm run bench\n\nLast run ${when} UTC on ${machine()}.\n\n${table}\n\n${summary}`);
  process.stderr.write("wrote BENCHMARKS.md (section bench)\n");
}
