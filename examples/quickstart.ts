// Quick start: read a models.json and show what the registry makes of it.
// Run with `npm start` (builds first) or `node --import tsx examples/quickstart.ts`. No network is used.
import { readFile } from "node:fs/promises";
import { createMemoryStorage, createRegistry, type Diagnostic } from "../src/index.js";

const file = new URL("./sample-models.json5", import.meta.url);
const text = await readFile(file, "utf8");

// Any Storage works (files, Keyv, Redis...); here the sample is loaded into memory so the example never writes.
const registry = createRegistry({ storage: createMemoryStorage({ "models.json": text }), env: process.env });
const { config, diagnostics } = await registry.getModelsConfig();

const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);
const mark: Record<Diagnostic["severity"], string> = { error: "✗", warning: "!", info: "i" };

const loaded = Object.keys(config.providers);
const skipped = [...new Set(diagnostics.filter((d) => d.path[0] === "providers" && d.severity === "error").map((d) => String(d.path[1])))].filter(
  (id) => !loaded.includes(id),
);
console.log(bold(`${loaded.length} provider(s) loaded, ${skipped.length} skipped`) + dim(`  from examples/sample-models.json5`));
for (const [id, provider] of Object.entries(config.providers)) {
  const key = provider.apiKey;
  const credential =
    key === undefined ? "no key" : key.kind === "literal" ? `literal key ${key.key.masked}` : `key from $${key.name}${key.key ? "" : " (unset!)"}`;
  console.log(`  ✓ ${id.padEnd(10)} ${String(provider.api ?? "?").padEnd(19)} ${String(provider.baseUrl ?? "").padEnd(25)} ${credential}`);
  console.log(dim(`      models: ${provider.models.map((m) => m.id).join(", ") || "none listed"}`));
}
for (const id of skipped) console.log(`  ✗ ${id.padEnd(10)} ${dim("skipped: see the errors below")}`);

console.log(bold(`\n${diagnostics.length} diagnostic(s)`));
for (const d of diagnostics) {
  console.log(`  ${mark[d.severity]} ${d.severity.padEnd(7)} ${dim(`sample-models.json5:${d.line}:${d.column}`)}  ${d.message}`);
  if (d.hint) console.log(`            ${dim(`hint: ${d.hint}`)}`);
}
