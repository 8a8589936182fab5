/**
 * The provider catalog, model refs and explain(): runs offline with in-memory storage.
 *
 *   node --import tsx examples/catalog.ts
 */
import { createMemoryStorage, createRegistry, formatModelRef, parseModelRef, parsePluginManifest } from "../src/index.js";

// A plugin package.json as a host would find it (scanPluginDirs() reads these from disk in Node).
const alibabaPlugin = {
  name: "sero-alibaba-plugin",
  sero: {
    providers: [
      {
        id: "alibaba-coding-plan",
        name: "Alibaba Coding Plan",
        baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1",
        auth: { type: "apiKey", env: "ALIBABA_CODING_PLAN_KEY" },
        models: [{ id: "qwen3-coder-plus", name: "Qwen3 Coder Plus", contextWindow: 1000000 }],
        tiers: { MED: { model: "qwen3-coder-plus", thinking: "medium" } },
      },
    ],
  },
};

// models.json (JSON5) narrowing one OpenAI model and adding a local Ollama model.
const modelsJson = `{
  providers: {
    openai: { baseUrl: "https://api.openai.com/v1", apiKey: "\${OPENAI_API_KEY}", models: [{ id: "gpt-5", contextWindow: 272000 }] },
    ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "qwen3:8b", contextWindow: 32768 }] },
  },
}`;

async function main(): Promise<void> {
  const registry = createRegistry({
    storage: createMemoryStorage({ "models.json": modelsJson }),
    env: { OPENAI_API_KEY: "sk-example-not-real" },
    plugins: [alibabaPlugin],
    manifestKey: "sero",
  });

  console.log("Model refs:");
  for (const ref of ["openrouter/anthropic/claude-sonnet-4-5", "z.ai/glm-4.7", "ollama/qwen3:8b"]) {
    const parsed = parseModelRef(ref);
    console.log(`  ${ref.padEnd(40)} → provider ${parsed.provider}, model ${parsed.model} → ${formatModelRef(parsed)}`);
  }
  try {
    parseModelRef("anthropic/");
  } catch (error) {
    console.log(`  "anthropic/" → ${(error as Error).message}`);
  }

  console.log("\nProviders (default order, first 8 and the plugin):");
  const providers = await registry.listProviders();
  for (const p of [...providers.slice(0, 8), ...providers.filter((x) => x.source !== "builtin")]) {
    console.log(`  ${String(p.order ?? "-").padStart(2)} ${p.id.padEnd(22)} ${p.setupMethods.join(", ").padEnd(42)} [${p.source}]`);
  }

  const all = await registry.listModels();
  const usable = await registry.listModels({ usableOnly: true });
  console.log(`\nModels: ${all.length} listed, ${usable.length} usable with these credentials:`);
  console.log(`  providers with usable models: ${[...new Set(usable.map((m) => m.provider))].join(", ")}`);

  await registry.setModelOverride("openai/gpt-5", { maxOutputTokens: 64000 });
  await registry.setModelAlias("work", "openai/gpt-5");
  const explained = await registry.explain("work");
  console.log(`\nexplain("work") → ${explained.ref} (alias of ${explained.aliasOf}), offered: ${explained.offered}`);
  for (const field of ["name", "contextWindow", "maxOutputTokens", "tools", "manualSetup"] as const) {
    const f = explained.fields[field];
    const history = f.overridden.map((o) => `${JSON.stringify(o.value)} from ${o.layer}`).join(", ");
    console.log(`  ${field.padEnd(16)} ${JSON.stringify(f.value).padEnd(10)} source ${String(f.source).padEnd(10)} layer ${String(f.layer).padEnd(11)}${history ? ` (overrode ${history})` : ""}`);
  }

  const hidden = await registry.explain("anthropic/claude-sonnet-4-5");
  console.log(`\nexplain("anthropic/claude-sonnet-4-5").reasons:`);
  for (const r of hidden.reasons) console.log(`  ${r.code}: ${r.message}\n    → ${r.recovery}`);

  const unknown = await registry.resolveModel("openai/gpt-99");
  console.log(`\nresolveModel("openai/gpt-99"): known=${unknown.known}, contextWindow=${unknown.limits.contextWindow}, problems=${unknown.problems.map((p) => p.code).join(", ")}`);

  const { defaultTiers } = parsePluginManifest(alibabaPlugin, { manifestKey: "sero" });
  console.log(`\nPlugin default tiers: ${defaultTiers.map((t) => `${t.tier} → ${t.model} (${t.thinking ?? "default"})`).join("; ")}`);
}

await main();
