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

// ---------------------------------------------------------------------------------------------------------------
// The rest of the registry over the same storage. A demo env stands in for process.env so the output is the same
// on every machine; a host passes process.env. Nothing below touches the network (no check: true).
const demo = createRegistry({
  storage: createMemoryStorage({ "models.json": text }),
  env: { ANTHROPIC_API_KEY: "sk-ant-demo-quickstart-0000", LMSTUDIO_API_KEY: "lm-demo" },
});
await demo.setApiKey("groq", "gsk_demo_quickstart_stored_0000", { label: "work" });

console.log(bold("\nProvider status") + dim("  (configured providers; the other built-ins are `missing`)"));
for (const report of await demo.getStatus()) {
  if (report.status === "missing") continue;
  console.log(`  ${report.providerId.padEnd(10)} ${report.status.padEnd(9)} ${dim(`credential: ${report.credentialSource}, ${report.modelCount} model(s)`)}`);
  for (const p of report.problems) console.log(dim(`      ${p.code}: ${p.message}\n        → ${p.recovery}`));
}

const ref = "anthropic/claude-sonnet-4-5";
const model = await demo.resolveModel(ref);
console.log(bold(`\n${ref}`));
console.log(`  context ${model.limits.contextWindow} (${model.provenance.contextWindow}), max output ${model.limits.maxOutputTokens}, tools ${model.capabilities.tools}, api ${model.api}`);
const levels = await demo.thinkingLevels(ref);
console.log(`  thinking: ${levels.levels.join(" / ")} ${dim(`(default ${levels.default}, ${levels.kind})`)}`);

const local = await demo.explain("ollama/llama3.3");
console.log(bold("\nexplain ollama/llama3.3"));
for (const [field, f] of Object.entries(local.fields)) if (f.value !== null) console.log(`  ${field.padEnd(16)} ${JSON.stringify(f.value).padEnd(12)} ${dim(`from ${f.source}`)}`);
console.log(dim(`  unknown (null): ${Object.entries(local.fields).filter(([, f]) => f.value === null).map(([k]) => k).join(", ")}`));

console.log(bold("\nTiers"));
for (const tier of ["LOW", "MED", "HIGH"] as const) {
  const t = await demo.resolveTier(tier);
  console.log(`  ${tier.padEnd(4)} ${String(t.model).padEnd(34)} thinking ${t.thinking.effective} ${dim(`(${t.source})`)}`);
  for (const w of t.warnings) console.log(dim(`       ${w.code}: ${w.message}`));
}
