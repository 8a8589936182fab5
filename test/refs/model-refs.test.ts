import { describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { formatModelRef } from "../../src/refs/format-model-ref.js";
import { normalizeProviderId } from "../../src/refs/normalize-provider-id.js";
import { parseModelRef } from "../../src/refs/parse-model-ref.js";
import { splitAuthProfile } from "../../src/refs/split-auth-profile.js";
import { isAllowlisted } from "../../src/refs/allowlist.js";
import { buildCatalog } from "../../src/catalog/build-catalog.js";

describe("parseModelRef", () => {
  it.each([
    ["openai/gpt-5", "openai", "gpt-5"],
    // split on the first "/" only; the wire id is kept verbatim
    ["openrouter/anthropic/claude-sonnet-4-5", "openrouter", "anthropic/claude-sonnet-4-5"],
    ["vercel-ai-gateway/anthropic/claude-opus-4.6", "vercel-ai-gateway", "anthropic/claude-opus-4.6"],
    ["huggingface/deepseek-ai/DeepSeek-R1", "huggingface", "deepseek-ai/DeepSeek-R1"],
    // ":" inside ids
    ["ollama/qwen3:8b", "ollama", "qwen3:8b"],
    ["synthetic/hf:MiniMaxAI/MiniMax-M2.1", "synthetic", "hf:MiniMaxAI/MiniMax-M2.1"],
    ["amazon-bedrock/amazon.nova-lite-v1:0", "amazon-bedrock", "amazon.nova-lite-v1:0"],
    ["openrouter/qwen/qwen3-coder:exacto", "openrouter", "qwen/qwen3-coder:exacto"],
    // "@" inside ids is not a profile split
    ["cloudflare-ai-gateway/workers-ai/@cf/meta/llama-3.1-8b", "cloudflare-ai-gateway", "workers-ai/@cf/meta/llama-3.1-8b"],
    ["google-vertex/claude-3-5-sonnet@20240620", "google-vertex", "claude-3-5-sonnet@20240620"],
    // provider aliases
    ["z.ai/glm-4.7", "zai", "glm-4.7"],
    ["z-ai/glm-4.7", "zai", "glm-4.7"],
    ["Z.AI/GLM-4.7", "zai", "GLM-4.7"],
    ["opencode-zen/claude-opus-4-6", "opencode", "claude-opus-4-6"],
    ["kimi-code/k2p5", "kimi-coding", "k2p5"],
    ["bedrock/anthropic.claude-3", "amazon-bedrock", "anthropic.claude-3"],
    ["doubao/doubao-seed-1-8-251228", "volcengine", "doubao-seed-1-8-251228"],
    ["moonshotai/kimi-k2.5", "moonshot", "kimi-k2.5"],
    ["togetherai/MiniMaxAI/MiniMax-M2.5", "together", "MiniMaxAI/MiniMax-M2.5"],
    ["vercel/openai/gpt-5", "vercel-ai-gateway", "openai/gpt-5"],
    ["azure/gpt-5", "azure-openai-responses", "gpt-5"],
    // no fuzzy collapsing: unknown ids are kept (lower-cased)
    ["My-Proxy/model", "my-proxy", "model"],
    ["qwen/qwen3-max", "qwen", "qwen3-max"],
    ["  openai/gpt-5  ", "openai", "gpt-5"],
  ])("%s → %s + %s", (ref, provider, model) => {
    expect(parseModelRef(ref)).toEqual({ provider, model });
  });

  it.each(["", "   ", "/", "anthropic/", "/model", "gpt-5", " / ", "openai/  "])(
    "rejects %j with a typed RegistryError",
    (ref) => {
      let caught: unknown;
      try {
        parseModelRef(ref);
      } catch (error) {
        caught = error;
      }
      expect(isRegistryError(caught)).toBe(true);
      expect(caught).toMatchObject({ code: "invalid_model_ref" });
      expect((caught as { recovery: string }).recovery).toContain("provider/model");
    },
  );

  it("rejects non-strings with a typed error rather than a TypeError", () => {
    expect(() => parseModelRef(undefined as unknown as string)).toThrow(expect.objectContaining({ code: "invalid_model_ref" }));
  });

  it("applies extra aliases (e.g. from plugins) after the built-in table", () => {
    expect(parseModelRef("acme/claude", { aliases: new Map([["acme", "acme-gateway"]]) })).toEqual({
      provider: "acme-gateway",
      model: "claude",
    });
  });
});

describe("formatModelRef / normalizeProviderId", () => {
  it("formats with the canonical provider id and the verbatim model", () => {
    expect(formatModelRef({ provider: "z-ai", model: "glm-4.7" })).toBe("zai/glm-4.7");
    expect(formatModelRef({ provider: "openrouter", model: "anthropic/claude-sonnet-4-5" })).toBe(
      "openrouter/anthropic/claude-sonnet-4-5",
    );
  });

  it.each([
    { provider: "", model: "x" },
    { provider: "openai", model: "" },
    { provider: "  ", model: "  " },
  ])("rejects empty parts %j", (ref) => {
    expect(() => formatModelRef(ref)).toThrow(expect.objectContaining({ code: "invalid_model_ref" }));
  });

  it("rejects an empty provider id", () => {
    expect(() => normalizeProviderId("  ")).toThrow(expect.objectContaining({ code: "invalid_provider_id" }));
  });

  it("round-trips every model id of the catalog through format and parse", () => {
    const catalog = buildCatalog({ plugins: [], discovered: {}, modelsConfig: null, overrides: {} });
    const entries = catalog.entries();
    expect(entries.length).toBeGreaterThan(1500);
    for (const entry of entries) {
      const text = formatModelRef({ provider: entry.provider, model: entry.id });
      expect(text).toBe(`${entry.provider}/${entry.id}`);
      expect(parseModelRef(text)).toEqual({ provider: entry.provider, model: entry.id });
    }
  });
});

describe("splitAuthProfile", () => {
  it.each([
    ["claude-opus-4-6@work", "claude-opus-4-6", "work"],
    ["claude-3-5-sonnet@20240620", "claude-3-5-sonnet@20240620", null],
    ["claude-3-5-sonnet@20240620@work", "claude-3-5-sonnet@20240620", "work"],
    ["model@v1.2.3", "model@v1.2.3", null],
    ["@cf/meta/llama-3.1-8b", "@cf/meta/llama-3.1-8b", null],
    ["@preset/x", "@preset/x", null],
    ["workers-ai/@cf/meta/llama@team", "workers-ai/@cf/meta/llama", "team"],
    ["plain", "plain", null],
    // Version, quantisation and precision tags stay in the id (issue 9 item 16); a profile after them still splits.
    ["model@1.0.0-beta.1", "model@1.0.0-beta.1", null],
    ["qwen3.6-27b@iq3_xxs", "qwen3.6-27b@iq3_xxs", null],
    ["llama3.3@q4_k_m", "llama3.3@q4_k_m", null],
    ["ollama/qwen3@Q8_0", "ollama/qwen3@Q8_0", null],
    ["mlx-community/qwen3@4bit", "mlx-community/qwen3@4bit", null],
    ["gemma-3@bf16", "gemma-3@bf16", null],
    ["gpt-oss@mxfp4", "gpt-oss@mxfp4", null],
    ["qwen3@q4_k_m@work", "qwen3@q4_k_m", "work"],
    ["model@1.0.0-beta.1@team", "model@1.0.0-beta.1", "team"],
    ["claude-opus-4-6@me@example.com", "claude-opus-4-6", "me@example.com"],
    ["claude-opus-4-6@quality", "claude-opus-4-6", "quality"],
  ])("%s → %s, %s", (input, model, profile) => {
    expect(splitAuthProfile(input)).toEqual({ model, profile });
  });
});

describe("isAllowlisted", () => {
  it("allows everything when empty, whole providers with provider/*, and normalises aliases", () => {
    expect(isAllowlisted("openai/gpt-5", [])).toBe(true);
    expect(isAllowlisted("ollama/llama3.3", ["ollama/*"])).toBe(true);
    expect(isAllowlisted("z.ai/glm-4.7", ["zai/glm-4.7"])).toBe(true);
    expect(isAllowlisted("zai/glm-4.7", ["z-ai/glm-4.7"])).toBe(true);
    expect(isAllowlisted("openai/gpt-5", ["openai/gpt-4o"])).toBe(false);
    expect(isAllowlisted("openai/gpt-5", ["not a ref"])).toBe(false);
    expect(isAllowlisted("broken", ["openai/*"])).toBe(false);
  });
});
