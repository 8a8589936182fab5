import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

const FASED_ORDER = [
  "openai", "anthropic", "chutes", "ollama", "lmstudio", "vllm", "minimax", "moonshot", "google", "xai", "mistral",
  "volcengine", "byteplus", "openrouter", "qwen", "zai", "qianfan", "github-copilot", "vercel-ai-gateway", "opencode",
  "xiaomi", "synthetic", "together", "huggingface", "venice", "litellm", "cloudflare-ai-gateway", "custom",
];

describe("registry.onboardingChoices()", () => {
  it("offers the 28 Fased providers first, in Fased order, then the others by name; no legacy provider", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    const choices = await registry.onboardingChoices();
    const ids = choices.map((c) => c.providerId);
    expect(ids.slice(0, 28)).toEqual(FASED_ORDER);
    for (const legacy of ["qwen-portal", "google-gemini-cli", "google-antigravity"]) expect(ids).not.toContain(legacy);
    const rest = choices.slice(28).map((c) => c.name.toLowerCase());
    expect(rest).toEqual([...rest].sort());
    expect(choices.slice(28).every((c) => c.order === null)).toBe(true);
  });

  it("lists each provider's Fased setup methods with what they ask for and where they send calls", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    const choices = await registry.onboardingChoices();
    const by = (id: string) => choices.find((c) => c.providerId === id)!;
    expect(by("zai").methods.map((m) => [m.id, m.label, m.baseUrl])).toEqual([
      ["coding-plan-global", "Coding Plan Global", "https://api.z.ai/api/coding/paas/v4"],
      ["coding-plan-cn", "Coding Plan CN", "https://open.bigmodel.cn/api/coding/paas/v4"],
      ["global-api-key", "Global API key", "https://api.z.ai/api/paas/v4"],
      ["cn-api-key", "CN API key", "https://open.bigmodel.cn/api/paas/v4"],
    ]);
    expect(by("zai").methods[0]!.asks).toEqual([{ what: "key", optional: false }]);
    expect(by("qwen").methods.map((m) => m.label)).toEqual(["Coding Plan API key", "DashScope API key"]);
    expect(by("moonshot").methods.map((m) => [m.label, m.api])).toEqual([
      ["Kimi API key", "openai-completions"],
      ["Kimi CN API key", "openai-completions"],
      ["Kimi Code API key", "anthropic-messages"],
    ]);
    expect(by("minimax").methods.map((m) => m.label)).toEqual(["Sign in", "API key", "API key CN", "Highspeed API key"]);
    expect(by("google").methods.map((m) => [m.label, m.kind])).toEqual([["Gemini API key", "apiKey"], ["Sign in", "oauth"]]);
    expect(by("github-copilot").methods.map((m) => [m.label, m.kind])).toEqual([["GitHub sign in", "oauth"], ["Proxy sign in", "local"]]);
    expect(by("anthropic").methods.map((m) => m.asks[0]!.what)).toEqual(["sign-in", "token", "key"]);
    expect(by("custom").methods[0]!.asks).toEqual([
      { what: "url", optional: false },
      { what: "model", optional: false },
      { what: "key", optional: true },
    ]);
    expect(by("xai").methods).toEqual([{ id: "api-key", kind: "apiKey", label: "API key", asks: [{ what: "key", optional: false }], env: ["XAI_API_KEY"], baseUrl: null, api: null, note: null }]);
    // Every Fased row keeps its labels: listProviders().setupMethods (labels) and methods (choices) agree in count.
    const summaries = await registry.listProviders();
    for (const id of ["zai", "qwen", "moonshot", "minimax", "google", "github-copilot"]) {
      const s = summaries.find((p) => p.id === id)!;
      expect(s.methods.map((m) => m.label)).toEqual(s.setupMethods);
    }
  });
});
