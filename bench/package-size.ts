/**
 * Package size: what `npm pack` ships and what a bundler keeps of the built core.
 *
 * - unpacked size of the tarball (`npm pack --dry-run --json`), against the unpacked size of the runtime
 *   dependencies a user installs with it (target <= 3 MB);
 * - `import { parseModelRef }` alone, bundled by esbuild with minify + tree shaking, against the whole core bundled
 *   the same way (target <= 20 KB);
 * - `import { createRegistry }` bundled for the browser, minified and gzipped, against the runtime dependencies
 *   (zod, ky, json5, jsonc-parser, eventsource-parser) bundled whole the same way (target <= 150 KB).
 *
 *   npm run build && node --import tsx bench/package-size.ts [--json] [--dist dist]
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions } from "esbuild";
import { emitRows, renderTable, row, wantsJson } from "./bench-report.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { json: { type: "boolean" }, dist: { type: "string", default: "dist" } } });
const entry = path.resolve(root, values.dist, "index.js");
if (!existsSync(entry)) {
  console.error(`No built package at ${entry}. Run \`npm run build\` first.`);
  process.exit(1);
}
const DEPS = ["zod", "ky", "json5", "jsonc-parser", "eventsource-parser"];
const KB = 1000;
const MB = 1000 * 1000;

async function bundle(contents: string, platform: "neutral" | "browser"): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    ...common(platform),
    write: false,
  });
  return result.outputFiles![0]!.contents;
}

const common = (platform: "neutral" | "browser"): BuildOptions => ({
    minify: true,
    treeShaking: true,
    format: "esm",
    platform,
    // neutral: resolve packages the way Node does for an ESM import.
    ...(platform === "neutral" ? { mainFields: ["module", "main"] } : {}),
    conditions: ["import"],
    external: ["msw", "msw/node", "vitest"],
    logLevel: "silent",
});

/**
 * What a browser app that code-splits (Vite, webpack, esbuild --splitting) downloads before createRegistry runs: the
 * entry chunk and its static imports, gzipped one by one; the dynamic imports (wire adapters, calls, refresh
 * sources, lazily loaded parsers) load when first used.
 */
async function initialLoad(contents: string): Promise<{ initial: number; lazy: number }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    splitting: true,
    outdir: path.join(root, ".tmp", "package-size"),
    entryNames: "entry",
    metafile: true,
    write: false,
    ...common("browser"),
  });
  const outputs = result.metafile!.outputs;
  const byPath = new Map(result.outputFiles!.map((f) => [path.relative(root, f.path), f.contents]));
  const entryKey = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
  const seen = new Set<string>();
  const walk = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const imp of outputs[k]!.imports) if (imp.kind === "import-statement" && !imp.external) walk(imp.path);
  };
  walk(entryKey);
  let initial = 0;
  let lazy = 0;
  for (const [k, bytes] of byPath) {
    if (!k.endsWith(".js")) continue;
    const gz = gzipSync(bytes).length;
    if (seen.has(k)) initial += gz;
    else lazy += gz;
  }
  return { initial, lazy };
}

function dirSize(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    total += s.isDirectory() ? dirSize(p) : s.size;
  }
  return total;
}

const pack = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Array<{
  unpackedSize: number;
  size: number;
  entryCount: number;
}>;
const unpacked = pack[0]!.unpackedSize;
const depsUnpacked = DEPS.reduce((sum, dep) => sum + dirSize(path.join(root, "node_modules", dep)), 0);

const entryUrl = JSON.stringify(entry);
const refAlone = (await bundle(`import { parseModelRef } from ${entryUrl}; globalThis.f = parseModelRef;`, "neutral")).length;
const wholeCore = (await bundle(`export * from ${entryUrl};`, "neutral")).length;
const coreEntry = `import { createRegistry } from ${entryUrl}; globalThis.f = createRegistry;`;
const core = gzipSync(await bundle(coreEntry, "browser")).length;
const split = await initialLoad(coreEntry);
const depsAlone = gzipSync(await bundle(DEPS.map((d, i) => `import * as d${i} from "${d}"; globalThis.d${i} = d${i};`).join("\n"), "browser")).length;

const rows = [
  row({ figure: `unpacked tarball (${pack[0]!.entryCount} files)`, unit: "MB", value: unpacked / MB, baseline: depsUnpacked / MB, baselineLabel: "runtime deps unpacked", target: "<= 3 MB", ok: unpacked <= 3 * MB }),
  row({ figure: "parseModelRef alone, minified", unit: "KB", value: refAlone / KB, baseline: wholeCore / KB, baselineLabel: "whole core minified", target: "<= 20 KB", ok: refAlone <= 20 * KB }),
  row({ figure: "createRegistry, browser, one file, min+gzip", unit: "KB", value: core / KB, baseline: depsAlone / KB, baselineLabel: "runtime deps whole, min+gzip", target: "<= 150 KB", ok: core <= 150 * KB }),
  row({ figure: `createRegistry, browser, code-split: initial load (+${(split.lazy / KB).toFixed(0)} KB lazy)`, unit: "KB", value: split.initial / KB, baseline: depsAlone / KB, baselineLabel: "runtime deps whole, min+gzip", target: "<= 150 KB", ok: split.initial <= 150 * KB }),
];
if (wantsJson()) emitRows("package-size", rows);
else console.log(renderTable([{ bench: "package-size", rows }]));
