/**
 * Regenerate the bundled model snapshot (src/catalog/snapshot-data.ts) from a models.dev `api.json`.
 *
 *   node --import tsx scripts/generate-catalog.ts [path-to-api.json] [--commit <sha>] [--date <YYYY-MM-DD>] [--repo <repo>] [--out <file>]
 *
 * The default input is the shared compact fixture (../shared/fixtures/models-dev.json), for developers of this
 * repository only; the build and the tests never run this script and never touch the network. A live api.json
 * (download it yourself, e.g. `curl -o api.json https://models.dev/api.json`) carries no stamp, so pass --commit and
 * --date. The output is a pure function of the input and flags: re-running on the same input is byte-identical.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderSnapshotModule } from "../src/catalog/render-snapshot-module.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    commit: { type: "string" },
    date: { type: "string" },
    repo: { type: "string" },
    out: { type: "string" },
  },
});
const input = resolve(positionals[0] ?? resolve(root, "../shared/fixtures/models-dev.json"));
const out = resolve(values.out ?? resolve(root, "src/catalog/snapshot-data.ts"));
const doc: unknown = JSON.parse(readFileSync(input, "utf8"));
const source = renderSnapshotModule(doc, {
  ...(values.commit === undefined ? {} : { commit: values.commit }),
  ...(values.date === undefined ? {} : { date: values.date }),
  ...(values.repo === undefined ? {} : { repo: values.repo }),
});
writeFileSync(out, source);
console.log(`Wrote ${out} (${(source.length / 1024).toFixed(0)} KiB) from ${input}.`);
