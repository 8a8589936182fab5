import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createMswServer, http, HttpResponse } from "../discovery/fixture-server.js";

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse("2026-11-21T08:00:00Z");
const ZAI_KEY = "zai-coding-plan-cn-key-000000000001";
const QWEN_KEY = "sk-sp-coding-plan-key-0000000000002";

/** An OpenAI-style listing that accepts `key` and rejects anything else; records the URL and key of each request. */
function listing(url: string, key: string, ids: string[], seen: Array<{ url: string; key: string }>) {
  return http.get(url, ({ request }) => {
    const sent = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    seen.push({ url: request.url, key: sent });
    if (sent !== key) return HttpResponse.json({ error: { message: "invalid api key", code: "invalid_api_key" } }, { status: 401 });
    return HttpResponse.json({ object: "list", data: ids.map((id) => ({ id, object: "model", owned_by: "vendor" })) });
  });
}

describe("check(): a credential's setup method decides where its listing goes", () => {
  it("a Z.AI Coding Plan CN key is checked at open.bigmodel.cn/api/coding/paas/v4, never at the general endpoint", async () => {
    const seen: Array<{ url: string; key: string }> = [];
    server.use(listing("https://open.bigmodel.cn/api/coding/paas/v4/models", ZAI_KEY, ["glm-4.7", "glm-5"], seen));
    const registry = createRegistry({ storage: createMemoryStorage(), now: () => NOW, timeoutMs: 2000 });
    await registry.setApiKey("zai", ZAI_KEY, { method: "coding-plan-cn" });

    const [result] = await registry.check("zai");
    expect(result).toMatchObject({ providerId: "zai", outcome: "ok", modelCount: 2 });
    // The listing with the key, then the negative control with a deliberately invalid key: both on the coding host.
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen.map((s) => s.url))).toEqual(new Set(["https://open.bigmodel.cn/api/coding/paas/v4/models"]));
    expect(seen[0]!.key).toBe(ZAI_KEY);

    const [report] = await registry.getStatus({ providers: ["zai"] });
    expect(report).toMatchObject({ providerId: "zai", status: "healthy", baseUrl: "https://open.bigmodel.cn/api/coding/paas/v4" });
  });

  it("a Qwen Coding Plan key (here from ALIBABA_CODING_PLAN_API_KEY) is checked at the coding host", async () => {
    const seen: Array<{ url: string; key: string }> = [];
    server.use(listing("https://coding-intl.dashscope.aliyuncs.com/v1/models", QWEN_KEY, ["qwen3-coder-plus"], seen));
    const registry = createRegistry({ storage: createMemoryStorage(), env: { ALIBABA_CODING_PLAN_API_KEY: QWEN_KEY }, now: () => NOW, timeoutMs: 2000 });

    const [result] = await registry.check("qwen");
    expect(result).toMatchObject({ providerId: "qwen", outcome: "ok", modelCount: 1 });
    expect(seen[0]).toEqual({ url: "https://coding-intl.dashscope.aliyuncs.com/v1/models", key: QWEN_KEY });
    expect(seen.every((s) => s.url.startsWith("https://coding-intl.dashscope.aliyuncs.com/"))).toBe(true);
  });

  it("a key without a method is still checked at the provider's default endpoint", async () => {
    const seen: Array<{ url: string; key: string }> = [];
    server.use(listing("https://api.z.ai/api/paas/v4/models", ZAI_KEY, ["glm-4.7"], seen));
    const registry = createRegistry({ storage: createMemoryStorage(), now: () => NOW, timeoutMs: 2000 });
    await registry.setApiKey("zai", ZAI_KEY);
    const [result] = await registry.check("zai");
    expect(result).toMatchObject({ outcome: "ok" });
    expect(seen[0]?.url).toBe("https://api.z.ai/api/paas/v4/models");
  });
});
