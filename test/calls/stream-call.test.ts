import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRegistry, type ChatRequest, type StreamEvent } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createFakeProvider, createFixedClock, type FakeProvider } from "../../src/testing/index.js";

const KEY1 = "sk-ant-canary-key-one-0000000000000001";
const KEY2 = "sk-ant-canary-key-two-0000000000000002";
const OPENAI_KEY = "sk-proj-canary-openai-000000000000003";
const hi: ChatRequest = { messages: [{ role: "user", content: "Hi" }], maxTokens: 256 };

/** One fetch over several fakes, routed by base URL. */
function fetchOver(...fakes: FakeProvider[]): typeof fetch {
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const fake = fakes.find((f) => url.startsWith(f.baseUrl));
    return fake ? fake.fetch(input, init) : Promise.resolve(new Response("no fake for this URL", { status: 404 }));
  };
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const all: StreamEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

const types = (events: StreamEvent[]) => events.map((e) => e.type);
const textOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join("");

function anthropicFake(chat?: Parameters<typeof createFakeProvider>[0]["chat"]): FakeProvider {
  return createFakeProvider({ kind: "anthropic", baseUrl: "https://api.anthropic.com", models: ["claude-sonnet-4-5"], apiKeys: [KEY1, KEY2], ...(chat ? { chat } : {}) });
}
function openaiFake(chat?: Parameters<typeof createFakeProvider>[0]["chat"]): FakeProvider {
  return createFakeProvider({ kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", models: ["gpt-5"], apiKey: OPENAI_KEY, ...(chat ? { chat } : {}) });
}
const env = { ANTHROPIC_API_KEYS: `${KEY1},${KEY2}`, OPENAI_API_KEY: OPENAI_KEY };

function expectNoSecret(value: unknown): void {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Error) return { ...v, message: v.message, stack: v.stack, cause: v.cause };
    if (typeof v === "object" && v !== null) {
      if (seen.has(v)) return "[seen]";
      seen.add(v);
    }
    return v;
  });
  for (const key of [KEY1, KEY2, OPENAI_KEY]) expect(text).not.toContain(key);
}

describe("stream(): keys, failover and errors", () => {
  it("a 429 on key 1 streams from key 2, without a model failover", async () => {
    const anthropic = anthropicFake(() => ({ text: "Hello from key two", usage: { input: 10, output: 4 } }));
    anthropic.failChat({ key: KEY1, failure: { type: "rate_limit", retryAfterSeconds: 20 } });
    const registry = createRegistry({ fetch: anthropic.fetch, env });
    const events = await collect(registry.stream("anthropic/claude-sonnet-4-5", hi));
    expect(types(events)).not.toContain("failover");
    expect(types(events)[0]).toBe("start");
    expect(types(events).at(-1)).toBe("done");
    expect(textOf(events)).toBe("Hello from key two");
    expect(anthropic.chatRequests.map((r) => r.keyIndex)).toEqual([0, 1]);
    const start = events[0] as Extract<StreamEvent, { type: "start" }>;
    expect(start).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5", api: "anthropic-messages" });
    expect(start.credential).not.toBeNull();
    expectNoSecret(events);
  });

  it("a 529 before the first token fails over to the tier's fallback with a failover event", async () => {
    const anthropic = anthropicFake();
    anthropic.failChat({ model: "claude-sonnet-4-5", failure: "overloaded" });
    const openai = openaiFake(() => ({ text: "fallback answer", usage: { input: 8, output: 2 } }));
    const registry = createRegistry({ fetch: fetchOver(anthropic, openai), env });
    await registry.setTier("HIGH", { model: "anthropic/claude-sonnet-4-5", thinking: "off", fallbacks: ["openai/gpt-5"] });
    const result = await registry.complete("HIGH", hi);
    expect(result.text).toBe("fallback answer");
    expect(result.provider).toBe("openai");
    expect(result.attempts.map((a) => [a.provider, a.error?.kind ?? "ok"])).toEqual([
      ["anthropic", "overloaded"],
      ["anthropic", "overloaded"],
      ["openai", "ok"],
    ]);
    const events = await collect(registry.stream("HIGH", hi));
    const failover = events.find((e) => e.type === "failover");
    expect(failover).toMatchObject({ type: "failover", from: "anthropic/claude-sonnet-4-5", to: "openai/gpt-5", kind: "overloaded" });
    expect(types(events).indexOf("failover")).toBeLessThan(types(events).indexOf("start"));
    expectNoSecret(events);
  });

  it("an error after the first token ends the stream with error and is never retried", async () => {
    const anthropic = anthropicFake(() => ({ text: "partial answer that goes on", usage: { input: 3, output: 3 } }));
    anthropic.failChat({ failure: { type: "error_mid_stream", afterChunks: 2 } });
    const openai = openaiFake();
    const registry = createRegistry({ fetch: fetchOver(anthropic, openai), env });
    const events = await collect(registry.stream({ model: "anthropic/claude-sonnet-4-5", fallbacks: ["openai/gpt-5"] }, hi));
    expect(types(events)[0]).toBe("start");
    expect(types(events)).toContain("text");
    expect(types(events).at(-1)).toBe("error");
    expect(types(events)).not.toContain("failover");
    expect(types(events)).not.toContain("done");
    expect(anthropic.chatRequests).toHaveLength(1);
    expect(openai.chatRequests).toHaveLength(0);
    await expect(registry.complete("anthropic/claude-sonnet-4-5", hi)).rejects.toMatchObject({ name: "ProviderCallError" });
    expectNoSecret(events);
  });

  it("a stream cut before its end marker is an error (stream_truncated), never done", async () => {
    const anthropic = anthropicFake(() => ({ text: "cut short here" }));
    anthropic.failChat({ failure: "cut" });
    const registry = createRegistry({ fetch: anthropic.fetch, env });
    const events = await collect(registry.stream("anthropic/claude-sonnet-4-5", hi));
    const last = events.at(-1);
    expect(last?.type).toBe("error");
    expect(last?.type === "error" && last.error.code).toBe("stream_truncated");
  });

  it("auth failures on every key move to the next model; bad_request never fails over", async () => {
    const anthropic = anthropicFake();
    anthropic.failChat({ failure: "auth" });
    const openai = openaiFake(() => ({ text: "ok" }));
    const registry = createRegistry({ fetch: fetchOver(anthropic, openai), env });
    const moved = await registry.complete({ model: "anthropic/claude-sonnet-4-5", fallbacks: ["openai/gpt-5"] }, hi);
    expect(moved.provider).toBe("openai");

    const anthropic2 = anthropicFake();
    anthropic2.failChat({ failure: { status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "messages: text content blocks must be non-empty" } } } });
    const openai2 = openaiFake(() => ({ text: "should not be reached" }));
    const registry2 = createRegistry({ fetch: fetchOver(anthropic2, openai2), env });
    const events = await collect(registry2.stream({ model: "anthropic/claude-sonnet-4-5", fallbacks: ["openai/gpt-5"] }, hi));
    expect(events.at(-1)).toMatchObject({ type: "error", error: { kind: "bad_request" } });
    expect(openai2.chatRequests).toHaveLength(0);
  });

  it("refuses an image for a text-only model before sending, and skips such a candidate with a reason", async () => {
    const storage = createMemoryStorage({
      "models.json": JSON.stringify({
        providers: {
          textonly: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "llama3:8b", input: ["text"] }] },
        },
      }),
    });
    const ollama = createFakeProvider({ kind: "ollama", baseUrl: "http://127.0.0.1:11434", models: ["llama3:8b"] });
    const openai = openaiFake(() => ({ text: "I see a cat" }));
    const registry = createRegistry({ storage, fetch: fetchOver(ollama, openai), env });
    const withImage: ChatRequest = { messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" }] }] };
    const refused = await collect(registry.stream("textonly/llama3:8b", withImage));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ type: "error", error: { code: "input_not_supported" } });
    expect(ollama.chatRequests).toHaveLength(0);

    const events = await collect(registry.stream({ model: "textonly/llama3:8b", fallbacks: ["openai/gpt-5"] }, withImage));
    expect(events[0]).toMatchObject({ type: "failover", from: "textonly/llama3:8b", to: "openai/gpt-5", kind: "skipped" });
    expect(textOf(events)).toBe("I see a cat");
  });

  it("waits out a stated Retry-After once on the last candidate, through the registry clock", async () => {
    const clock = createFixedClock(Date.parse("2026-12-01T00:00:00Z"));
    const openai = openaiFake(() => ({ text: "after the wait" }));
    openai.failChat({ failure: { type: "rate_limit", retryAfterSeconds: 7 }, times: 1 });
    const registry = createRegistry({ fetch: openai.fetch, env: { OPENAI_API_KEY: OPENAI_KEY }, now: clock.now, sleep: clock.sleep });
    const before = clock.now();
    const result = await registry.complete("openai/gpt-5", hi);
    expect(result.text).toBe("after the wait");
    expect(clock.now() - before).toBeGreaterThanOrEqual(7_000);
    expect(openai.chatRequests).toHaveLength(2);
  });

  it("an abort during the Retry-After wait ends the call at once with aborted", async () => {
    const openai = openaiFake(() => ({ text: "never" }));
    openai.failChat({ failure: { type: "rate_limit", retryAfterSeconds: 25 } });
    const registry = createRegistry({ fetch: openai.fetch, env: { OPENAI_API_KEY: OPENAI_KEY } });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    const pending = collect(registry.stream("openai/gpt-5", { ...hi, signal: controller.signal })).then((all) => events.push(...all));
    // The call is now waiting out the 25 s Retry-After (real timers): the abort must end it, not the wait.
    while (openai.chatRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await pending;
    expect(events.at(-1)).toMatchObject({ type: "error", error: { kind: "aborted" } });
    expect(openai.chatRequests).toHaveLength(1);
  });

  it("reports usage with cost from the catalog's prices, and null cost when prices are unknown", async () => {
    const anthropic = anthropicFake(() => ({ text: "x", usage: { input: 1_000_000, output: 1_000_000, cacheRead: 0, cacheWrite: 0 } }));
    const registry = createRegistry({ fetch: anthropic.fetch, env });
    const model = await registry.resolveModel("anthropic/claude-sonnet-4-5");
    const result = await registry.complete("anthropic/claude-sonnet-4-5", hi);
    expect(result.usage).toMatchObject({ input: 1_000_000, output: 1_000_000 });
    expect(result.usage?.cost).toBeCloseTo((model.cost?.input ?? Number.NaN) + (model.cost?.output ?? Number.NaN), 6);

    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { lab: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "qwen3:8b" }] } } }) });
    const ollama = createFakeProvider({ kind: "ollama", baseUrl: "http://127.0.0.1:11434", models: ["qwen3:8b"], chat: () => ({ text: "hi", usage: { input: 5, output: 1 } }) });
    const local = await createRegistry({ storage, fetch: ollama.fetch }).complete("lab/qwen3:8b", { messages: [{ role: "user", content: "hi" }] });
    expect(local.usage).toEqual({ input: 5, output: 1, cacheRead: 0, cacheWrite: 0, cost: null });
  });

  it("a role target uses the role's model, then the fallback role", async () => {
    const anthropic = anthropicFake();
    anthropic.failChat({ failure: "auth" });
    const openai = openaiFake(() => ({ text: "from the fallback role" }));
    const registry = createRegistry({ fetch: fetchOver(anthropic, openai), env });
    await registry.setRole("primary", "anthropic/claude-sonnet-4-5");
    await registry.setRole("fallback", "openai/gpt-5");
    expect(await registry.getRoles()).toEqual({ primary: "anthropic/claude-sonnet-4-5", fallback: "openai/gpt-5", task: null });
    const result = await registry.complete("primary", hi);
    expect(result.provider).toBe("openai");
    await expect(registry.setRole("boss", "openai/gpt-5")).rejects.toMatchObject({ code: "invalid_role" });
  });

  it("run() takes a tier: it runs on the tier's model, not on a provider named HIGH", async () => {
    const registry = createRegistry({ env });
    await registry.setTier("HIGH", { model: "anthropic/claude-sonnet-4-5", thinking: "off", fallbacks: ["openai/gpt-5"] });
    const seen: string[] = [];
    const out = await registry.run("HIGH", async ({ providerId, model }) => {
      seen.push(`${providerId}/${model}`);
      if (providerId === "anthropic") throw Object.assign(new Error("overloaded"), { status: 529 });
      return "ok";
    });
    expect(out).toBe("ok");
    // run()'s own policy: an overload is not a reason to try the second key, but it is one to try the fallback model.
    expect(seen).toEqual(["anthropic/claude-sonnet-4-5", "openai/gpt-5"]);
  });

  it("applies the tier's thinking level and reports it on start", async () => {
    const anthropic = anthropicFake(() => ({ thinking: "hmm", thinkingSignature: "sig", text: "answer" }));
    const registry = createRegistry({ fetch: anthropic.fetch, env });
    await registry.setTier("MED", { model: "anthropic/claude-sonnet-4-5", thinking: "medium" });
    const events = await collect(registry.stream("MED", { messages: [{ role: "user", content: "think" }], maxTokens: 4000 }));
    expect(events[0]).toMatchObject({ type: "start", thinking: { requested: "medium", effective: "medium", clamped: false } });
    const body = anthropic.chatRequests[0]!.body as { thinking?: { type: string; budget_tokens: number }; max_tokens: number };
    expect(body.thinking?.type).toBe("enabled");
    expect(body.thinking!.budget_tokens).toBeLessThan(body.max_tokens);
    const done = events.at(-1);
    expect(done?.type === "done" && done.message.content[0]).toEqual({ type: "thinking", text: "hmm", signature: "sig" });
  });

  it("start reports the max tokens actually sent when the thinking budget forced it up", async () => {
    const anthropic = anthropicFake(() => ({ text: "ok" }));
    const registry = createRegistry({ fetch: anthropic.fetch, env });
    const events = await collect(registry.stream("anthropic/claude-sonnet-4-5", { messages: [{ role: "user", content: "x" }], thinking: "medium", maxTokens: 600 }));
    const body = anthropic.chatRequests[0]!.body as { thinking: { budget_tokens: number }; max_tokens: number };
    expect(body.thinking.budget_tokens).toBeLessThan(body.max_tokens);
    expect(body.max_tokens).toBeGreaterThan(600);
    expect(events[0]).toMatchObject({ type: "start", maxTokens: { value: body.max_tokens, assumed: false } });
  });

  it("rejects a malformed request with invalid_argument", async () => {
    const registry = createRegistry({ env });
    await expect(registry.complete("openai/gpt-5", { messages: "hi" } as unknown as ChatRequest)).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(collect(registry.stream("openai/gpt-5", { messages: [{ role: "robot", content: "x" }] } as unknown as ChatRequest))).rejects.toMatchObject({ code: "invalid_argument" });
  });
});

describe("stream(): aborting closes the connection (real loopback server)", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  async function slowServer(): Promise<{ url: string; closed: Promise<void> }> {
    let onClose!: () => void;
    const closed = new Promise<void>((resolve) => (onClose = resolve));
    server = createServer((req: IncomingMessage, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      let n = 0;
      const timer = setInterval(() => {
        res.write(`${JSON.stringify({ model: "m", created_at: "2026-12-01T00:00:00Z", message: { role: "assistant", content: `tok${n++} ` }, done: false })}\n`);
      }, 5);
      res.on("close", () => {
        clearInterval(timer);
        onClose();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed };
  }

  function localRegistry(url: string) {
    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { lab: { baseUrl: url, api: "ollama", models: [{ id: "m" }] } } }) });
    return createRegistry({ storage });
  }

  it("breaking out of the loop closes the socket", async () => {
    const { url, closed } = await slowServer();
    const registry = localRegistry(url);
    let texts = 0;
    for await (const event of registry.stream("lab/m", hi)) {
      if (event.type === "text" && ++texts === 3) break;
    }
    await closed;
    expect(texts).toBe(3);
  });

  it("aborting the signal mid-stream ends with an aborted error and closes the socket", async () => {
    const { url, closed } = await slowServer();
    const registry = localRegistry(url);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of registry.stream("lab/m", { ...hi, signal: controller.signal })) {
      events.push(event);
      if (event.type === "text" && events.filter((e) => e.type === "text").length === 2) controller.abort();
    }
    await closed;
    expect(events.at(-1)).toMatchObject({ type: "error", error: { kind: "aborted" } });
  });
});

describe("stream(): when nothing can take the request", () => {
  it("every candidate skipped → no_call_candidates naming each reason, and nothing sent", async () => {
    const storage = createMemoryStorage({
      "models.json": JSON.stringify({
        providers: {
          small: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "tiny", contextWindow: 50 }] },
          text: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "plain", input: ["text"] }] },
        },
      }),
    });
    const ollama = createFakeProvider({ kind: "ollama", baseUrl: "http://127.0.0.1:11434", models: ["tiny", "plain"] });
    const registry = createRegistry({ storage, fetch: ollama.fetch });
    const long = "word ".repeat(400);
    const request: ChatRequest = { messages: [{ role: "user", content: [{ type: "text", text: long }, { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" }] }] };
    const events = await collect(registry.stream({ model: "small/tiny", fallbacks: ["text/plain"] }, request));
    expect(events.map((e) => e.type)).toEqual(["failover", "error"]);
    const last = events.at(-1);
    expect(last?.type === "error" && last.error.code).toBe("no_call_candidates");
    expect(last?.type === "error" && last.error.message).toMatch(/small\/tiny: .*context window.*text\/plain: .*image/);
    expect(ollama.chatRequests).toHaveLength(0);
  });
});

describe("stream(): providers gated by a disabled plugin", () => {
  it("refuses a disabled plugin's provider before sending anything, naming how to enable it", async () => {
    let requests = 0;
    const registry = createRegistry({ fetch: async () => (requests++, new Response("{}")) });
    const events = await collect(registry.stream("qwen-portal/coder-model", hi));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "error", error: { code: "plugin_disabled" } });
    expect(events[0]?.type === "error" && events[0].error.recovery).toContain('plugins.enable("qwen-portal-auth")');
    expect(requests).toBe(0);
  });
});
