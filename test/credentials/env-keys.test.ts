import { describe, expect, it } from "vitest";
import { envKeyNames, resolveEnvApiKeys } from "../../src/index.js";
import { envStemFor } from "../../src/credentials/index.js";

const list = (providerId: string, env: Record<string, string | undefined>, envPrefix?: string) =>
  resolveEnvApiKeys(providerId, env, envPrefix === undefined ? {} : { envPrefix }).map((k) => [k.source, k.key.reveal()]);

describe("resolveEnvApiKeys — the Mayros env rules", () => {
  it.each([
    [
      "live override alone, even when others are set",
      "openai",
      { MODEL_REGISTRY_LIVE_OPENAI_KEY: "live", OPENAI_API_KEY: "primary", OPENAI_API_KEYS: "a,b" },
      [["MODEL_REGISTRY_LIVE_OPENAI_KEY", "live"]],
    ],
    [
      "list split on comma, semicolon and whitespace, then primary, then numbered",
      "openai",
      { OPENAI_API_KEYS: "k1, k2;k3\tk4\nk5", OPENAI_API_KEY: "primary", OPENAI_API_KEY_1: "n1" },
      [
        ["OPENAI_API_KEYS", "k1"],
        ["OPENAI_API_KEYS", "k2"],
        ["OPENAI_API_KEYS", "k3"],
        ["OPENAI_API_KEYS", "k4"],
        ["OPENAI_API_KEYS", "k5"],
        ["OPENAI_API_KEY", "primary"],
        ["OPENAI_API_KEY_1", "n1"],
      ],
    ],
    [
      "numbered keys in numeric order, not env order; only numeric suffixes",
      "anthropic",
      { ANTHROPIC_API_KEY_10: "ten", ANTHROPIC_API_KEY_2: "two", ANTHROPIC_API_KEY_1: "one", ANTHROPIC_API_KEY_BACKUP: "nope", ANTHROPIC_API_KEY_1A: "nope2" },
      [
        ["ANTHROPIC_API_KEY_1", "one"],
        ["ANTHROPIC_API_KEY_2", "two"],
        ["ANTHROPIC_API_KEY_10", "ten"],
      ],
    ],
    [
      "deduplicated in priority order (first occurrence wins)",
      "openai",
      { OPENAI_API_KEYS: "same,other", OPENAI_API_KEY: "same", OPENAI_API_KEY_1: "other" },
      [
        ["OPENAI_API_KEYS", "same"],
        ["OPENAI_API_KEYS", "other"],
      ],
    ],
    [
      "trimmed, line breaks removed, 'undefined' and empty dropped",
      "openai",
      { OPENAI_API_KEYS: " ,undefined;; ", OPENAI_API_KEY: "  sk-test-123\n456  ", OPENAI_API_KEY_1: "undefined", OPENAI_API_KEY_2: "   " },
      [["OPENAI_API_KEY", "sk-test-123456"]],
    ],
    [
      "google: GEMINI stem, GOOGLE_API_KEY as the last fallback",
      "google",
      { GOOGLE_API_KEY: "g", GEMINI_API_KEY: "gem", GEMINI_API_KEY_1: "gem1", MODEL_REGISTRY_LIVE_GOOGLE_KEY: "ignored" },
      [
        ["GEMINI_API_KEY", "gem"],
        ["GEMINI_API_KEY_1", "gem1"],
        ["GOOGLE_API_KEY", "g"],
      ],
    ],
    ["google: live override uses the stem", "google", { MODEL_REGISTRY_LIVE_GEMINI_KEY: "live", GEMINI_API_KEY: "x" }, [["MODEL_REGISTRY_LIVE_GEMINI_KEY", "live"]]],
    ["google: GOOGLE_API_KEY alone", "google", { GOOGLE_API_KEY: "g" }, [["GOOGLE_API_KEY", "g"]]],
    [
      "other documented names after the rotation list (opencode zen)",
      "opencode",
      { OPENCODE_ZEN_API_KEY: "zen", OPENCODE_API_KEY: "main" },
      [
        ["OPENCODE_API_KEY", "main"],
        ["OPENCODE_ZEN_API_KEY", "zen"],
      ],
    ],
    [
      "github-copilot token names in documented order",
      "github-copilot",
      { GITHUB_TOKEN: "gh2", GH_TOKEN: "gh1", COPILOT_GITHUB_TOKEN: "cp" },
      [
        ["COPILOT_GITHUB_TOKEN", "cp"],
        ["GH_TOKEN", "gh1"],
        ["GITHUB_TOKEN", "gh2"],
      ],
    ],
    ["huggingface: HF_TOKEN", "huggingface", { HF_TOKEN: "hf" }, [["HF_TOKEN", "hf"]]],
    ["vercel gateway stem AI_GATEWAY", "vercel-ai-gateway", { AI_GATEWAY_API_KEY: "v" }, [["AI_GATEWAY_API_KEY", "v"]]],
    ["aliases normalise (z.ai → zai)", "z.ai", { ZAI_API_KEY: "z" }, [["ZAI_API_KEY", "z"]]],
    ["unknown provider: id upper-cased, - → _", "my-proxy", { MY_PROXY_API_KEY: "p", MY_PROXY_API_KEYS: "l" }, [["MY_PROXY_API_KEYS", "l"], ["MY_PROXY_API_KEY", "p"]]],
    ["nothing set", "openai", {}, []],
  ])("%s", (_name, providerId, env, expected) => {
    expect(list(providerId, env)).toEqual(expected);
  });

  it("honours a custom envPrefix (Mayros: MAYROS_LIVE_<P>_KEY)", () => {
    expect(list("openai", { MAYROS_LIVE_OPENAI_KEY: "m", MODEL_REGISTRY_LIVE_OPENAI_KEY: "x", OPENAI_API_KEY: "p" }, "MAYROS")).toEqual([
      ["MAYROS_LIVE_OPENAI_KEY", "m"],
    ]);
  });

  it("a live override that is empty or 'undefined' does not short-circuit", () => {
    expect(list("openai", { MODEL_REGISTRY_LIVE_OPENAI_KEY: "undefined", OPENAI_API_KEY: "p" })).toEqual([["OPENAI_API_KEY", "p"]]);
  });

  it("reports the documented type of each key", () => {
    const keys = resolveEnvApiKeys("anthropic", { ANTHROPIC_OAUTH_TOKEN: "tok", ANTHROPIC_API_KEY: "key" });
    expect(keys.map((k) => [k.source, k.type])).toEqual([
      ["ANTHROPIC_API_KEY", "apiKey"],
      ["ANTHROPIC_OAUTH_TOKEN", "token"],
    ]);
  });

  it("values are Secrets that do not print", () => {
    const [key] = resolveEnvApiKeys("openai", { OPENAI_API_KEY: "sk-very-secret-value-1234" });
    expect(JSON.stringify(key)).not.toContain("very-secret");
  });

  it("uses a provider definition passed in (plugins)", () => {
    const provider = { id: "acme", auth: [{ type: "apiKey" as const, env: ["ACME_TOKEN"] }], envFallbacks: ["ACME_LEGACY"], envStem: "ACME_AI" };
    expect(resolveEnvApiKeys("acme", { ACME_AI_API_KEY: "a", ACME_TOKEN: "b", ACME_LEGACY: "c" }, { provider }).map((k) => k.source)).toEqual([
      "ACME_AI_API_KEY",
      "ACME_TOKEN",
      "ACME_LEGACY",
    ]);
    expect(envStemFor("google")).toBe("GEMINI");
    expect(envKeyNames("google")).toEqual(["MODEL_REGISTRY_LIVE_GEMINI_KEY", "GEMINI_API_KEYS", "GEMINI_API_KEY", "GEMINI_API_KEY_<n>", "GOOGLE_API_KEY"]);
  });
});
