import { describe, expect, it } from "vitest";
import { BUILTIN_PROVIDERS, getBuiltinProvider } from "../../src/refs/builtin-providers.js";
import { ProviderDefinitionSchema } from "../../src/schema/provider-definition.js";
import { normalizeProviderId } from "../../src/refs/normalize-provider-id.js";

/** Every provider id the seed docs (Sero table, Mayros built-ins and custom providers, Fased order) name. */
const SEED_PROVIDER_IDS = [
  // Sero
  "anthropic", "openai", "google", "openrouter", "xai", "groq", "cerebras", "mistral", "azure-openai-responses",
  "huggingface", "vercel-ai-gateway", "zai", "opencode", "kimi-coding",
  // Mayros
  "openai-codex", "google-vertex", "google-antigravity", "google-gemini-cli", "github-copilot", "moonshot",
  "qwen-portal", "volcengine", "volcengine-plan", "byteplus", "byteplus-plan", "synthetic", "minimax", "ollama",
  "vllm", "lmstudio", "litellm",
  // Fased (beyond the above)
  "chutes", "qwen", "qianfan", "xiaomi", "together", "venice", "cloudflare-ai-gateway", "custom",
  // pi-ai built-ins and local presets
  "amazon-bedrock", "minimax-cn", "opencode-go", "sglang",
];

const FASED_ORDER = [
  "openai", "anthropic", "chutes", "ollama", "lmstudio", "vllm", "minimax", "moonshot", "google", "xai", "mistral",
  "volcengine", "byteplus", "openrouter", "qwen", "zai", "qianfan", "github-copilot", "vercel-ai-gateway", "opencode",
  "xiaomi", "synthetic", "together", "huggingface", "venice", "litellm", "cloudflare-ai-gateway", "custom",
];

describe("BUILTIN_PROVIDERS", () => {
  it("validates every entry against ProviderDefinitionSchema without changes", () => {
    for (const provider of BUILTIN_PROVIDERS) {
      const parsed = ProviderDefinitionSchema.parse(provider);
      expect(parsed).toEqual(provider);
    }
  });

  it("has unique ids and aliases that collide with no id", () => {
    const ids = BUILTIN_PROVIDERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const aliases = BUILTIN_PROVIDERS.flatMap((p) => p.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const alias of aliases) expect(ids).not.toContain(alias);
  });

  it("holds every seed provider", () => {
    for (const id of SEED_PROVIDER_IDS) expect(getBuiltinProvider(id), id).toBeDefined();
    expect(BUILTIN_PROVIDERS.length).toBeGreaterThanOrEqual(43);
  });

  it("numbers the 28 Fased providers 1–28 in the documented order", () => {
    const ordered = BUILTIN_PROVIDERS.filter((p) => p.order !== null).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    expect(ordered.map((p) => p.id)).toEqual(FASED_ORDER);
    expect(ordered.map((p) => p.order)).toEqual(FASED_ORDER.map((_, i) => i + 1));
  });

  it("copies the seed env var names exactly, in priority order", () => {
    const env = (id: string) => getBuiltinProvider(id)!.auth.flatMap((a) => ("env" in a ? a.env : []));
    expect(env("vercel-ai-gateway")).toEqual(["AI_GATEWAY_API_KEY"]);
    expect(env("huggingface")).toEqual(["HUGGINGFACE_HUB_TOKEN", "HF_TOKEN"]);
    expect(env("github-copilot")).toEqual(["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"]);
    expect(env("opencode")).toEqual(["OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"]);
    expect(env("kimi-coding")[0]).toBe("KIMI_API_KEY");
    expect(env("volcengine")).toEqual(["VOLCANO_ENGINE_API_KEY"]);
    expect(env("volcengine-plan")).toEqual(["VOLCANO_ENGINE_API_KEY"]);
    expect(env("byteplus")).toEqual(["BYTEPLUS_API_KEY"]);
    expect(env("moonshot")).toEqual(["MOONSHOT_API_KEY"]);
    expect(env("synthetic")).toEqual(["SYNTHETIC_API_KEY"]);
    expect(env("minimax")).toContain("MINIMAX_API_KEY");
    expect(env("vllm")).toEqual(["VLLM_API_KEY"]);
    expect(env("google")).toEqual(["GEMINI_API_KEY"]);
    expect(getBuiltinProvider("google")!.envStem).toBe("GEMINI");
    expect(getBuiltinProvider("google")!.envFallbacks).toEqual(["GOOGLE_API_KEY"]);
    expect(env("anthropic")).toEqual(["ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"]);
  });

  it("copies the seed base URLs and api kinds", () => {
    expect(getBuiltinProvider("ollama")).toMatchObject({ baseUrl: "http://127.0.0.1:11434", api: "ollama", local: true });
    expect(getBuiltinProvider("ollama")!.baseUrl).not.toMatch(/\/v1$/);
    expect(getBuiltinProvider("lmstudio")).toMatchObject({ baseUrl: "http://127.0.0.1:1234/v1", local: true });
    expect(getBuiltinProvider("vllm")).toMatchObject({ baseUrl: "http://127.0.0.1:8000/v1", local: true });
    expect(getBuiltinProvider("cerebras")!.baseUrl).toBe("https://api.cerebras.ai/v1");
    expect(getBuiltinProvider("moonshot")!.baseUrl).toBe("https://api.moonshot.ai/v1");
    expect(getBuiltinProvider("synthetic")).toMatchObject({
      baseUrl: "https://api.synthetic.new/anthropic",
      api: "anthropic-messages",
    });
    expect(getBuiltinProvider("kimi-coding")!.api).toBe("anthropic-messages");
  });

  it("flags the compatibility-only providers as legacy and keeps Fased providers offered", () => {
    const legacy = BUILTIN_PROVIDERS.filter((p) => p.legacy).map((p) => p.id).sort();
    expect(legacy).toEqual(["google-antigravity", "google-gemini-cli", "qwen-portal"]);
    for (const p of BUILTIN_PROVIDERS) if (p.order !== null) expect(p.legacy).toBe(false);
  });

  it("is frozen, so no caller can change what every registry in the process shares", () => {
    const openai = getBuiltinProvider("openai")!;
    expect(Object.isFrozen(BUILTIN_PROVIDERS)).toBe(true);
    expect(() => {
      (openai as { baseUrl: string | null }).baseUrl = "http://evil.example";
    }).toThrow(TypeError);
    expect(() => (openai.auth as unknown[]).push({ type: "none" })).toThrow(TypeError);
  });

  it("every provider id and alias normalises to a known provider", () => {
    for (const p of BUILTIN_PROVIDERS) {
      expect(normalizeProviderId(p.id)).toBe(p.id);
      for (const alias of p.aliases) expect(normalizeProviderId(alias)).toBe(p.id);
    }
  });
});
