import { describe, expect, it } from "vitest";
import { createRegistry, isRegistryError, type ChatRequest, type RunAttemptContext, type StreamEvent } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createFakeProvider } from "../../src/testing/index.js";

const ZAI_KEY = "zai-coding-plan-cn-key-000000000001";
const QWEN_KEY = "sk-sp-coding-plan-key-0000000000002";
const KIMI_KEY = "sk-kimi-code-key-00000000000000003";

const where = (ctx: RunAttemptContext) => ({ baseUrl: ctx.baseUrl, api: ctx.api, method: ctx.method });

describe("setApiKey(provider, key, { method }): the method decides where calls go", () => {
  it("a Z.AI Coding Plan CN key runs against the CN coding endpoint, recorded in auth.json", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage });
    const summary = await registry.setApiKey("z.ai", ZAI_KEY, { method: "coding-plan-cn" });
    expect(summary).toMatchObject({ id: "zai:default", providerId: "zai" });
    expect(await registry.run("zai/glm-4.7", async (ctx) => where(ctx))).toEqual({
      baseUrl: "https://open.bigmodel.cn/api/coding/paas/v4",
      api: "openai-completions",
      method: "coding-plan-cn",
    });
    const auth = JSON.parse((await storage.get("auth.json"))!) as { credentials: Array<Record<string, unknown>> };
    expect(auth.credentials[0]).toMatchObject({ id: "zai:default", method: "coding-plan-cn" });

    // Replacing the key under the same label keeps its method; { method: null } goes back to the provider default.
    await registry.setApiKey("zai", ZAI_KEY);
    expect((await registry.run("zai/glm-4.7", async (ctx) => where(ctx))).baseUrl).toBe("https://open.bigmodel.cn/api/coding/paas/v4");
    await registry.setApiKey("zai", ZAI_KEY, { method: null });
    expect(await registry.run("zai/glm-4.7", async (ctx) => where(ctx))).toEqual({ baseUrl: "https://api.z.ai/api/paas/v4", api: null, method: null });
  });

  it("a Qwen Coding Plan key goes to the coding host, a DashScope key to DashScope; each credential to its own", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.setApiKey("qwen", QWEN_KEY, { method: "coding-plan-api-key", label: "plan", order: 1 });
    await registry.setApiKey("qwen", "sk-dashscope-general-key-00000004", { method: "dashscope-api-key", label: "general", order: 2 });
    const seen: Array<string | null> = [];
    await registry.run("qwen/qwen3-coder-plus", async (ctx) => {
      seen.push(ctx.baseUrl);
      // A rate limit on the first credential moves the run to the second: its own endpoint, not the first one's.
      if (seen.length === 1) throw Object.assign(new Error("429"), { status: 429 });
      return "ok";
    });
    expect(seen).toEqual(["https://coding-intl.dashscope.aliyuncs.com/v1", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"]);
  });

  it("a documented env var implies its method (ALIBABA_CODING_PLAN_API_KEY → the coding host)", async () => {
    const registry = createRegistry({ env: { ALIBABA_CODING_PLAN_API_KEY: QWEN_KEY } });
    expect(await registry.run("qwen/qwen3-coder-plus", async (ctx) => where(ctx))).toEqual({
      baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1",
      api: "openai-completions",
      method: "coding-plan-api-key",
    });
  });

  it("models.json's baseUrl still wins over the method's endpoint (a proxy the user configured)", async () => {
    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { zai: { baseUrl: "https://proxy.example/zai/v4" } } }) });
    const registry = createRegistry({ storage });
    await registry.setApiKey("zai", ZAI_KEY, { method: "coding-plan-cn" });
    expect(await registry.run("zai/glm-4.7", async (ctx) => where(ctx))).toEqual({ baseUrl: "https://proxy.example/zai/v4", api: null, method: "coding-plan-cn" });
  });

  it("an unknown method is refused with the provider's methods listed, and nothing is stored", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage });
    const error = await registry.setApiKey("zai", ZAI_KEY, { method: "coding-plan-eu" }).catch((e: unknown) => e);
    expect(isRegistryError(error) && error.code).toBe("unknown_setup_method");
    expect((error as Error).message).toContain("coding-plan-global (Coding Plan Global), coding-plan-cn (Coding Plan CN), global-api-key (Global API key), cn-api-key (CN API key)");
    expect((error as Error).message).not.toContain(ZAI_KEY);
    expect(await storage.get("auth.json")).toBeUndefined();

    // A sign-in method cannot label a pasted key (and an API-key method cannot label a sign-in).
    const wrongKind = await registry.setApiKey("google", "AIza-test-key-000000000000005", { method: "sign-in" }).catch((e: unknown) => e);
    expect(isRegistryError(wrongKind) && wrongKind.code).toBe("invalid_option");
    const wrongOAuth = await registry
      .setOAuthCredential("google", { access: "ya29.token-000000000000006", expiresAt: Date.now() + 3_600_000 }, { method: "gemini-api-key" })
      .catch((e: unknown) => e);
    expect(isRegistryError(wrongOAuth) && wrongOAuth.code).toBe("invalid_option");
  });
});

describe("stream(): a method with its own wire", () => {
  it("a Kimi Code key streams over anthropic-messages to api.kimi.com/coding, and start reports that wire", async () => {
    const kimi = createFakeProvider({ kind: "anthropic", baseUrl: "https://api.kimi.com/coding", models: ["kimi-k2.5"], apiKey: KIMI_KEY, chat: () => ({ text: "hello from kimi code" }) });
    const registry = createRegistry({ fetch: kimi.fetch });
    await registry.setApiKey("moonshot", KIMI_KEY, { method: "kimi-code-api-key" });
    const request: ChatRequest = { messages: [{ role: "user", content: "Hi" }], maxTokens: 64 };
    const events: StreamEvent[] = [];
    for await (const event of registry.stream("moonshot/kimi-k2.5", request)) events.push(event);
    expect(events.find((e) => e.type === "start")).toMatchObject({ provider: "moonshot", api: "anthropic-messages" });
    expect(events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join("")).toBe("hello from kimi code");
    expect(events.at(-1)?.type).toBe("done");
  });
});
