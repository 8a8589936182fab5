import { describe, expect, it } from "vitest";
import { createRegistry, type ChatMessage, type ToolDefinition } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createFakeProvider, type FakeProviderKind } from "../../src/testing/index.js";
import { renderAll } from "../security/capture.js";

// The fake's encoders (src/testing) and the adapters' decoders (src/calls/adapters) were written separately from
// the public wire docs: an agent loop over each api kind, through the whole registry, checks that they agree.
const CANARY = "sk-canary-0b7e1c9d4f2a6e8b3c5d7f9a1b2c4d6e";

interface Case {
  api: string;
  ref: string;
  kind: FakeProviderKind;
  baseUrl: string;
  env: Record<string, string>;
  storage?: Record<string, string>;
  /** Where the tool result shows up in the follow-up request body. */
  toolResultIn: (body: Record<string, unknown>) => unknown;
}

const CASES: Case[] = [
  {
    api: "openai-completions",
    ref: "groq/llama-3.3-70b-versatile",
    kind: "openai-compatible",
    baseUrl: "https://api.groq.com/openai/v1",
    env: { GROQ_API_KEY: CANARY },
    toolResultIn: (b) => (b["messages"] as Array<Record<string, unknown>>).find((m) => m["role"] === "tool"),
  },
  {
    api: "openai-responses",
    ref: "openai/gpt-5",
    kind: "openai-compatible",
    baseUrl: "https://api.openai.com/v1",
    env: { OPENAI_API_KEY: CANARY },
    toolResultIn: (b) => (b["input"] as Array<Record<string, unknown>>).find((i) => i["type"] === "function_call_output"),
  },
  {
    api: "anthropic-messages",
    ref: "anthropic/claude-sonnet-4-5",
    kind: "anthropic",
    baseUrl: "https://api.anthropic.com",
    env: { ANTHROPIC_API_KEY: CANARY },
    toolResultIn: (b) => (b["messages"] as Array<{ content: unknown }>).flatMap((m) => (Array.isArray(m.content) ? m.content : [])).find((p: { type?: string }) => p.type === "tool_result"),
  },
  {
    api: "google-generative-ai",
    ref: "google/gemini-2.5-flash",
    kind: "google",
    baseUrl: "https://generativelanguage.googleapis.com/v1beta",
    env: { GEMINI_API_KEY: CANARY },
    toolResultIn: (b) => (b["contents"] as Array<{ parts: Array<Record<string, unknown>> }>).flatMap((c) => c.parts).find((p) => "functionResponse" in p),
  },
  {
    api: "ollama",
    ref: "lab/qwen3:8b",
    kind: "ollama",
    baseUrl: "http://127.0.0.1:11434",
    env: {},
    storage: { "models.json": JSON.stringify({ providers: { lab: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "qwen3:8b", input: ["text"], reasoning: true }] } } }) },
    toolResultIn: (b) => (b["messages"] as Array<Record<string, unknown>>).find((m) => m["role"] === "tool"),
  },
];

const tools: ToolDefinition[] = [{ name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];

describe.each(CASES)("$api: a tool loop through stream()/complete()", (c) => {
  it("calls the tool, sends the result back in the api's wire shape, and gets the answer", async () => {
    const model = c.ref.split("/").slice(1).join("/");
    const fake = createFakeProvider({
      kind: c.kind,
      baseUrl: c.baseUrl,
      models: [model],
      ...(c.kind === "ollama" ? {} : { apiKey: CANARY }),
      chat: ({ body }) =>
        JSON.stringify(body).includes("18 C, sunny")
          ? { text: "It is sunny in Paris.", usage: { input: 40, output: 6 } }
          : { text: "Checking.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }], usage: { input: 20, output: 9 } },
    });
    const registry = createRegistry({ fetch: fake.fetch, env: c.env, ...(c.storage ? { storage: createMemoryStorage(c.storage) } : {}) });

    const messages: ChatMessage[] = [{ role: "user", content: "Weather in Paris?" }];
    const seen: unknown[] = [];
    const first = await registry.complete(c.ref, { messages, tools });
    seen.push(first);
    expect(first.stopReason).toBe("tool_use");
    expect(first.toolCalls).toHaveLength(1);
    expect(first.toolCalls[0]).toMatchObject({ type: "tool_call", name: "get_weather", arguments: { city: "Paris" } });
    expect(first.toolCalls[0]!.id).toMatch(/\S/);
    expect(first.text).toBe("Checking.");
    expect(first.usage).toMatchObject({ input: expect.any(Number), output: expect.any(Number) });

    messages.push(first.message, { role: "tool", content: [{ type: "tool_result", toolCallId: first.toolCalls[0]!.id, content: "18 C, sunny" }] });
    const events: unknown[] = [];
    let answer = "";
    for await (const event of registry.stream(c.ref, { messages, tools })) {
      events.push(event);
      if (event.type === "text") answer += event.delta;
    }
    expect(answer).toBe("It is sunny in Paris.");
    expect(events.at(-1)).toMatchObject({ type: "done", stopReason: "stop" });

    const followUp = fake.chatRequests.at(-1)!.body as Record<string, unknown>;
    const result = c.toolResultIn(followUp);
    expect(result, `tool result in the ${c.api} follow-up body`).toBeDefined();
    expect(JSON.stringify(result)).toContain("18 C, sunny");
    // Gemini and Ollama answer by name: the synthesized id mapped back to get_weather.
    if (c.api === "google-generative-ai") expect(result).toMatchObject({ functionResponse: { name: "get_weather" } });
    if (c.api === "ollama") expect(result).toMatchObject({ tool_name: "get_weather" });

    for (const text of renderAll([seen, events])) expect(text).not.toContain(CANARY);
  });

  it("never shows the key in events or errors, whatever fails", async () => {
    const model = c.ref.split("/").slice(1).join("/");
    for (const failure of ["auth", { type: "rate_limit", retryAfterSeconds: 1 }, "overloaded", { type: "error_mid_stream", afterChunks: 1 }, "malformed_event", "cut"] as const) {
      const fake = createFakeProvider({ kind: c.kind, baseUrl: c.baseUrl, models: [model], ...(c.kind === "ollama" ? {} : { apiKey: CANARY }), chat: () => ({ text: `echo ${CANARY} back` }) });
      fake.failChat({ failure });
      const registry = createRegistry({ fetch: fake.fetch, env: c.env, ...(c.storage ? { storage: createMemoryStorage(c.storage) } : {}), sleep: async () => undefined });
      const events: unknown[] = [];
      for await (const event of registry.stream(c.ref, { messages: [{ role: "user", content: "hi" }] })) events.push(event);
      expect(events.at(-1), JSON.stringify(failure)).toMatchObject({ type: "error" });
      // The model's own output may contain anything; only errors and metadata must never carry the key.
      const errors = events.filter((e) => (e as { type: string }).type === "error");
      for (const text of renderAll(errors)) expect(text).not.toContain(CANARY);
    }
  });
});
