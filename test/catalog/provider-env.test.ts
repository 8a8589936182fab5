import { describe, expect, it } from "vitest";
import { getBuiltinProvider } from "../../src/refs/builtin-providers.js";
import { findEnvCredential, providerEnvNames, providerEnvStem } from "../../src/catalog/provider-env.js";

describe("provider env names", () => {
  it("lists the live override, rotation names, documented names and fallbacks in priority order", () => {
    expect(providerEnvNames(getBuiltinProvider("google")!)).toEqual([
      "MODEL_REGISTRY_LIVE_GEMINI_KEY",
      "GEMINI_API_KEYS",
      "GEMINI_API_KEY",
      "GOOGLE_API_KEY",
    ]);
    expect(providerEnvNames(getBuiltinProvider("github-copilot")!, { envPrefix: "MAYROS" })).toEqual([
      "MAYROS_LIVE_COPILOT_GITHUB_KEY",
      "COPILOT_GITHUB_API_KEYS",
      "COPILOT_GITHUB_API_KEY",
      "COPILOT_GITHUB_TOKEN",
      "GH_TOKEN",
      "GITHUB_TOKEN",
    ]);
    expect(providerEnvNames(getBuiltinProvider("opencode")!)).toContain("OPENCODE_ZEN_API_KEY");
  });

  it("derives a stem from the id when none is declared", () => {
    expect(providerEnvStem({ id: "my-proxy.local" })).toBe("MY_PROXY_LOCAL");
    expect(providerEnvStem(getBuiltinProvider("vercel-ai-gateway")!)).toBe("AI_GATEWAY");
  });

  it("finds the first usable variable, numbered keys included, ignoring blanks and 'undefined'", () => {
    const google = getBuiltinProvider("google")!;
    expect(findEnvCredential(google, {})).toBeNull();
    expect(findEnvCredential(google, { GEMINI_API_KEY: " ", GOOGLE_API_KEY: "undefined" })).toBeNull();
    expect(findEnvCredential(google, { GEMINI_API_KEY_10: "a", GEMINI_API_KEY_2: "b" })).toBe("GEMINI_API_KEY_2");
    expect(findEnvCredential(google, { GOOGLE_API_KEY: "g", GEMINI_API_KEY: "k" })).toBe("GEMINI_API_KEY");
    expect(findEnvCredential(google, { MODEL_REGISTRY_LIVE_GEMINI_KEY: "live", GEMINI_API_KEY: "k" })).toBe(
      "MODEL_REGISTRY_LIVE_GEMINI_KEY",
    );
    expect(findEnvCredential(google, { GEMINI_API_KEY_X: "nope" })).toBeNull();
  });
});
