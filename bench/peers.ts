/**
 * `npm run bench:peers` (not in CI: it installs from the npm registry): this package next to pi-ai
 * (`@mariozechner/pi-ai`), each installed from the registry into its own temporary folder the way a user would
 * (this package from `npm pack` of the current build), then measured side by side in fresh Node processes,
 * interleaved with bare `node` so machine load hits all alike:
 * - cold start: import + list every model of the bundled catalog (pi-ai: getProviders() / getModels(p); here:
 *   createRegistry().listModels()), wall time and peak RSS (medians);
 * - install size: bytes of node_modules after `npm install`.
 *
 *   npm run build && node --import tsx bench/peers.ts [--runs 11] [--json] [--write] [--keep]
 *
 * `--write` puts the result and the machine into BENCHMARKS.md (section "peers"); `--keep` leaves the folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, lstatSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { emitRows, machine, renderTable, row, wantsJson, writeSection } from "./bench-report.js";

const PEER = "@mariozechner/pi-ai";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { runs: { type: "string", default: "11" }, json: { type: "boolean" }, write: { type: "boolean" }, keep: { type: "boolean" } },
});
const runs = Math.max(3, Number.parseInt(values.runs, 10) || 11);
const log = (text: string): void => void process.stderr.write(`${text}\n`);

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" } });

function treeSize(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = lstatSync(p);
    total += s.isDirectory() ? treeSize(p) : s.size;
  }
  return total;
}

const work = mkdtempSync(path.join(tmpdir(), "mpr-peers-"));
const peerVersion = npm(["view", PEER, "version"], work).trim();
const ourName = "model-provider-registry";
try {
  log(`Installing ${PEER}@${peerVersion} and ${ourName} (npm pack of ./dist) into ${work} ...`);
  const tarball = path.join(work, npm(["pack", "--pack-destination", work, "--ignore-scripts"], root).trim().split("\n").pop()!);
  const dirs = { peer: path.join(work, "peer"), ours: path.join(work, "ours") };
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench", private: true, type: "module" }));
  }
  npm(["install", "--ignore-scripts", `${PEER}@${peerVersion}`], dirs.peer);
  npm(["install", "--ignore-scripts", tarball], dirs.ours);

  const OUT = "process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS, models: n }));";
  const variants = {
    bare: { cwd: dirs.ours, code: `const n = 0; ${OUT}` },
    peer: { cwd: dirs.peer, code: `const m = await import(${JSON.stringify(PEER)}); let n = 0; for (const p of m.getProviders()) n += m.getModels(p).length; ${OUT}` },
    ours: { cwd: dirs.ours, code: `const m = await import(${JSON.stringify(ourName)}); const n = (await m.createRegistry().listModels()).length; ${OUT}` },
  } as const;
  type Variant = keyof typeof variants;
  const samples: Record<Variant, Array<{ ms: number; rss: number; models: number }>> = { bare: [], peer: [], ours: [] };
  const runOnce = (v: Variant) => {
    const t = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", variants[v].code], { cwd: variants[v].cwd, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (child.status !== 0) throw new Error(`${v} failed (${child.status}): ${child.stderr}`);
    const out = JSON.parse(child.stdout) as { rss: number; models: number };
    return { ms, rss: out.rss / 1024, models: out.models };
  };
  const order = Object.keys(variants) as Variant[];
  for (const v of order) runOnce(v); // warm the OS file cache
  for (let i = 0; i < runs; i++) for (const v of order) samples[v].push(runOnce(v));
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  };
  const med = (v: Variant) => ({ ms: median(samples[v].map((s) => s.ms)), rss: median(samples[v].map((s) => s.rss)), models: samples[v][0]!.models });
  const [bare, peer, ours] = [med("bare"), med("peer"), med("ours")];
  const size = { peer: treeSize(path.join(dirs.peer, "node_modules")), ours: treeSize(path.join(dirs.ours, "node_modules")) };
  const MB = 1000 * 1000;

  const rows = [
    row({ figure: `cold start, import + list ${ours.models} models (pi-ai: ${peer.models}), wall`, unit: "ms", value: ours.ms, baseline: peer.ms, baselineLabel: `pi-ai ${peerVersion}`, target: "<= 0.4x", ok: ours.ms <= 0.4 * peer.ms }),
    row({ figure: "cold start, wall over bare node", unit: "ms", value: ours.ms - bare.ms, baseline: peer.ms - bare.ms, baselineLabel: `pi-ai ${peerVersion}`, target: null, ok: null }),
    row({ figure: "cold start, peak RSS", unit: "MiB", value: ours.rss, baseline: peer.rss, baselineLabel: `pi-ai ${peerVersion}`, target: null, ok: null }),
    row({ figure: "cold start, peak RSS over bare node", unit: "MiB", value: ours.rss - bare.rss, baseline: peer.rss - bare.rss, baselineLabel: `pi-ai ${peerVersion}`, target: null, ok: null }),
    row({ figure: "install size (node_modules)", unit: "MB", value: size.ours / MB, baseline: size.peer / MB, baselineLabel: `pi-ai ${peerVersion}`, target: null, ok: null }),
  ];
  const side = [
    "| | bare node | pi-ai " + peerVersion + " | " + ourName + " |",
    "|---|---:|---:|---:|",
    `| cold start wall, ms (median of ${runs}) | ${bare.ms.toFixed(0)} | ${peer.ms.toFixed(0)} | ${ours.ms.toFixed(0)} |`,
    `| peak RSS, MiB | ${bare.rss.toFixed(1)} | ${peer.rss.toFixed(1)} | ${ours.rss.toFixed(1)} |`,
    `| models listed | - | ${peer.models} | ${ours.models} |`,
    `| install size, MB (node_modules) | - | ${(size.peer / MB).toFixed(1)} | ${(size.ours / MB).toFixed(1)} |`,
  ].join("\n");
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  if (wantsJson()) emitRows("peers", rows);
  else console.log(`\nnpm run bench:peers, ${when} UTC, ${machine()}\n\n${side}\n\n${renderTable([{ bench: "peers", rows }])}`);
  if (values.write) {
    writeSection(
      path.join(root, "BENCHMARKS.md"),
      "peers",
      `## npm run bench:peers\n\nLast run ${when} UTC on ${machine()}; both packages installed from the npm registry into a temporary folder (this one from \`npm pack\` of the build).\n\n${side}\n\n${renderTable([{ bench: "peers", rows }])}`,
    );
    log("wrote BENCHMARKS.md (section peers)");
  }
} finally {
  if (values.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
