// Thinking levels and tiers, end to end, without network.
// Run: node --import tsx examples/tiers.ts
import {
  createMemoryStorage,
  createRegistry,
  isRegistryError,
  reasoningDescriptor,
  resolveThinkingLevel,
  thinkingParams,
} from "../src/index.js";

// 1. What a model supports, from one descriptor (pure, no registry needed).
for (const model of [
  { provider: "openai", id: "gpt-5" },
  { provider: "anthropic", id: "claude-opus-4-6" },
  { provider: "zai", id: "glm-4.7" },
  { provider: "deepseek", id: "deepseek-reasoner" },
  { provider: "my-proxy", id: "mystery-model" },
]) {
  const d = reasoningDescriptor(model);
  console.log(`${model.provider}/${model.id}: ${d.kind} ${JSON.stringify(d.levels)} default=${d.default} (${d.source}: ${d.rule})`);
}

// 2. Clamping: nearest supported level, ties to the lower one, never silently the default.
console.log(resolveThinkingLevel({ provider: "openai", id: "gpt-5" }, "x-high"));
console.log(resolveThinkingLevel({ provider: "google", id: "gemini-3-pro-preview" }, "medium"));
console.log(resolveThinkingLevel({ provider: "deepseek", id: "deepseek-reasoner" }, "off"));

// 3. Wire fields per api kind — and nothing for an unknown custom endpoint.
console.log(thinkingParams({ provider: "openai", id: "gpt-5.2" }, "off", "openai-responses"));
console.log(thinkingParams({ provider: "anthropic", id: "claude-sonnet-4-5" }, "medium", "anthropic-messages"));
console.log(thinkingParams({ provider: "google", id: "gemini-2.5-flash" }, "off", "google-generative-ai"));
console.log(thinkingParams({ provider: "ollama", id: "gpt-oss:20b", api: "ollama", reasoning: true }, "high", "ollama"));
console.log(thinkingParams({ provider: "my-vllm", id: "qwen3-8b", reasoning: true, endpoint: "custom" }, "high", "openai-completions"));

// 4. Tiers. Defaults come from the first provider (in provider order) that has credentials.
const storage = createMemoryStorage();
const registry = createRegistry({ storage, env: { ANTHROPIC_API_KEY: "sk-ant-example" } });
console.log("defaults:", await registry.getTiers());

// An unsupported level is rejected with the supported list.
try {
  await registry.setTier("HIGH", { model: "anthropic/claude-opus-4-6", thinking: "xhigh" });
} catch (error) {
  if (isRegistryError(error)) console.log(`${error.code}: ${error.message}\n  → ${error.recovery}`);
}
const saved = await registry.setTier("HIGH", { model: "anthropic/claude-opus-4-6", thinking: "max" });
console.log("saved:", saved.saved, saved.warnings);

// A one-off session override: effective level reported, clamp warned.
const session = await registry.resolveTier("HIGH", { override: { model: "anthropic/claude-sonnet-4-5", thinking: "max" } });
console.log("override:", session.model, session.thinking, session.warnings.map((w) => w.code));

// The same storage without the key: the saved choice is still reported, with a warning and what to do.
const later = createRegistry({ storage, env: {} });
const high = await later.resolveTier("HIGH");
console.log("after losing the key:", high.model, high.usable, high.warnings);

// A picker asks for the levels to offer.
console.log(await later.thinkingLevels("zai/glm-4.7"));
