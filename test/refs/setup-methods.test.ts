import { describe, expect, it } from "vitest";
import { BUILTIN_PROVIDERS, getBuiltinProvider } from "../../src/refs/builtin-providers.js";
import { methodForEnv, setupMethodsOf } from "../../src/refs/setup-methods.js";
import { SetupMethodSchema } from "../../src/schema/setup-method.js";

describe("setupMethodsOf", () => {
  it("gives every built-in provider schema-valid methods with unique ids; every endpoint names its source", () => {
    for (const provider of BUILTIN_PROVIDERS) {
      const methods = setupMethodsOf(provider);
      const ids = methods.map((m) => m.id);
      expect(new Set(ids).size, provider.id).toBe(ids.length);
      for (const m of methods) {
        expect(SetupMethodSchema.safeParse(m).success, `${provider.id}/${m.id}`).toBe(true);
        if (m.baseUrl !== undefined) expect(m.source, `${provider.id}/${m.id} source`).toBeTruthy();
        // A method's env var must be one the provider reads, or the credential would never be found.
        for (const v of m.env ?? []) expect(provider.auth.some((a) => (a.type === "apiKey" || a.type === "token") && a.env.includes(v)) || provider.envFallbacks.includes(v), `${provider.id}/${v}`).toBe(true);
      }
    }
  });

  it("keeps the Fased labels of the 28 providers, as choices", () => {
    for (const provider of BUILTIN_PROVIDERS.filter((p) => p.order !== null && !["lmstudio", "vllm", "ollama", "litellm", "cloudflare-ai-gateway", "custom"].includes(p.id))) {
      expect(setupMethodsOf(provider).map((m) => m.label), provider.id).toEqual(provider.setupMethods);
    }
  });

  it("derives methods for providers outside the table and caches them per definition", () => {
    const groq = getBuiltinProvider("groq")!;
    expect(setupMethodsOf(groq)).toEqual([{ id: "api-key", kind: "apiKey", label: "API key", env: ["GROQ_API_KEY"] }]);
    expect(setupMethodsOf(groq)).toBe(setupMethodsOf(groq));
    expect(Object.isFrozen(setupMethodsOf(groq)[0])).toBe(true);
  });

  it("maps a documented env var to its method only when exactly one method names it", () => {
    const qwen = setupMethodsOf(getBuiltinProvider("qwen")!);
    expect(methodForEnv(qwen, "ALIBABA_CODING_PLAN_API_KEY")?.id).toBe("coding-plan-api-key");
    expect(methodForEnv(qwen, "DASHSCOPE_API_KEY")?.id).toBe("dashscope-api-key");
    expect(methodForEnv(qwen, "DASHSCOPE_API_KEYS")).toBeNull();
  });
});
