import type { ProviderTierDefaults } from "./tiers.js";

/**
 * Good tier defaults per provider, used when a tier is unset: a cheap fast model for LOW, a balanced one for MED,
 * the strongest for HIGH, each with a thinking level the model supports (a test checks every row against the bundled
 * catalog and the reasoning rules). Model ids are relative to the provider. The registry picks the first provider,
 * in provider order, that has usable credentials and a row here (or default tiers in its plugin manifest).
 *
 * @example
 * ```ts
 * TIER_DEFAULTS.openai?.HIGH; // { model: "gpt-5.5", thinking: "high" }
 * ```
 */
export const TIER_DEFAULTS: Readonly<Record<string, ProviderTierDefaults>> = {
  openai: {
    LOW: { model: "gpt-5.4-mini", thinking: "low" },
    MED: { model: "gpt-5.4", thinking: "medium" },
    HIGH: { model: "gpt-5.5", thinking: "high" },
  },
  anthropic: {
    LOW: { model: "claude-haiku-4-5", thinking: "off" },
    MED: { model: "claude-sonnet-4-6", thinking: "medium" },
    HIGH: { model: "claude-opus-4-8", thinking: "high" },
  },
  google: {
    LOW: { model: "gemini-3.1-flash-lite", thinking: "low" },
    MED: { model: "gemini-3.5-flash", thinking: "medium" },
    HIGH: { model: "gemini-3.1-pro-preview", thinking: "high" },
  },
  xai: {
    LOW: { model: "grok-4.3", thinking: "low" },
    MED: { model: "grok-4.3", thinking: "medium" },
    HIGH: { model: "grok-4.3", thinking: "high" },
  },
  zai: {
    LOW: { model: "glm-4.7-flash", thinking: "off" },
    MED: { model: "glm-5.1", thinking: "medium" },
    HIGH: { model: "glm-5.2", thinking: "high" },
  },
  mistral: {
    LOW: { model: "mistral-small-latest", thinking: "off" },
    MED: { model: "mistral-medium-2604", thinking: "off" },
    HIGH: { model: "mistral-medium-2604", thinking: "high" },
  },
  qwen: {
    LOW: { model: "qwen-flash", thinking: "off" },
    MED: { model: "qwen3.6-plus", thinking: "medium" },
    HIGH: { model: "qwen3.7-max", thinking: "high" },
  },
  moonshot: {
    LOW: { model: "kimi-k2.6", thinking: "off" },
    MED: { model: "kimi-k2.6", thinking: "medium" },
    HIGH: { model: "kimi-k2-thinking", thinking: "medium" },
  },
  openrouter: {
    LOW: { model: "openai/gpt-5.4-mini", thinking: "low" },
    MED: { model: "anthropic/claude-sonnet-4.6", thinking: "medium" },
    HIGH: { model: "anthropic/claude-opus-4.8", thinking: "high" },
  },
  groq: {
    LOW: { model: "llama-3.1-8b-instant", thinking: "off" },
    MED: { model: "openai/gpt-oss-20b", thinking: "medium" },
    HIGH: { model: "openai/gpt-oss-120b", thinking: "high" },
  },
};
