import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeProvider, type FakeChatScript, type FakeProvider, type FakeProviderKind } from "../../src/testing/index.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SCRIPT: FakeChatScript = {
  thinking: "Think hard",
  thinkingSignature: "sig-1",
  text: "Hello world",
  toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }],
  usage: { input: 25, output: 12, cacheRead: 5 },
};

type Transport = "fetch" | "msw";
const TRANSPORTS: Transport[] = ["fetch", "msw"];

/** POST a JSON body through `fake.fetch` or, with the fake's msw handlers installed, through the global fetch. */
function post(fake: FakeProvider, transport: Transport, url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  if (transport === "msw") server.use(...fake.handlers);
  const f = transport === "msw" ? globalThis.fetch : fake.fetch;
  return f(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body), ...(signal ? { signal } : {}) });
}

/** SSE text → frames (`event` is null without an `event:` line). */
function sse(text: string): Array<{ event: string | null; data: string }> {
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? null;
      const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
      return { event, data };
    });
}

const ndjson = (text: string) => text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, any>);
const dataOf = (frames: Array<{ data: string }>) => frames.map((f) => JSON.parse(f.data) as Record<string, any>);

const OPENAI_CHAT = (base: string) => `${base}/chat/completions`;
const STREAM = { model: "m-1", stream: true, messages: [{ role: "user", content: "Hi" }] };

describe.each(TRANSPORTS)("wire shapes over %s", (transport) => {
  it("openai-compatible chat/completions: reasoning_content, content, tool_call fragments, finish_reason, usage, [DONE]", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", apiKey: "sk-a", chat: SCRIPT });
    const res = await post(fake, transport, OPENAI_CHAT(fake.baseUrl), { ...STREAM, stream_options: { include_usage: true } }, { authorization: "Bearer sk-a" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const frames = sse(await res.text());
    expect(frames.every((f) => f.event === null)).toBe(true);
    expect(frames.at(-1)!.data).toBe("[DONE]");
    const chunks = dataOf(frames.slice(0, -1));
    const deltas = chunks.filter((c) => c["choices"].length > 0).map((c) => c["choices"][0].delta);
    expect(deltas[0]).toEqual({ role: "assistant", content: "" });
    expect(deltas.filter((d) => d.reasoning_content).map((d) => d.reasoning_content)).toEqual(["Thin", "k ha", "rd"]);
    expect(deltas.filter((d) => d.content).map((d) => d.content)).toEqual(["Hell", "o wo", "rld"]);
    const toolFragments = deltas.filter((d) => d.tool_calls).map((d) => d.tool_calls[0]);
    expect(toolFragments[0]).toEqual({ index: 0, id: "call_fake_1_0", type: "function", function: { name: "get_weather", arguments: "" } });
    const pieces = toolFragments.slice(1).map((t) => t.function.arguments as string);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(pieces.join(""))).toEqual({ city: "Tokyo" });
    expect(chunks.map((c) => c["choices"][0]?.finish_reason ?? null).filter(Boolean)).toEqual(["tool_calls"]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42, prompt_tokens_details: { cached_tokens: 5 } } });
  });

  it("openai-compatible chat/completions without include_usage has no usage chunk", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", chat: { text: "Hi" } });
    const frames = sse(await (await post(fake, transport, OPENAI_CHAT(fake.baseUrl), STREAM)).text());
    expect(frames.map((f) => f.data).filter((d) => d.includes('"usage"'))).toEqual([]);
    expect(frames.map((f) => f.data).at(-1)).toBe("[DONE]");
  });

  it("openai-compatible responses: response.* events, reasoning summary, function call arguments, usage", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", apiKey: "sk-a", chat: SCRIPT });
    const res = await post(fake, transport, `${fake.baseUrl}/responses`, { model: "m-1", stream: true, input: "Hi" }, { authorization: "Bearer sk-a" });
    const frames = sse(await res.text());
    const events = frames.map((f) => f.event);
    expect(events).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const data = dataOf(frames);
    expect(data.map((d) => d["type"])).toEqual(events);
    expect(data.map((d) => d["sequence_number"])).toEqual(events.map((_, i) => i));
    expect(data.filter((d) => d["type"] === "response.output_text.delta").map((d) => d["delta"]).join("")).toBe("Hello world");
    expect(data.filter((d) => d["type"] === "response.reasoning_summary_text.delta").map((d) => d["delta"]).join("")).toBe("Think hard");
    const args = data.filter((d) => d["type"] === "response.function_call_arguments.delta").map((d) => d["delta"]).join("");
    expect(JSON.parse(args)).toEqual({ city: "Tokyo" });
    expect(data.find((d) => d["type"] === "response.function_call_arguments.done")).toMatchObject({ name: "get_weather", arguments: '{"city":"Tokyo"}' });
    expect(data[18]).toMatchObject({ item: { type: "function_call", call_id: "call_fake_1_0", name: "get_weather" } });
    expect(data[9]).toMatchObject({ item: { type: "reasoning", encrypted_content: "sig-1" } });
    expect(data.at(-1)).toMatchObject({
      response: { status: "completed", usage: { input_tokens: 30, input_tokens_details: { cached_tokens: 5 }, output_tokens: 12, total_tokens: 42 } },
    });
  });

  it("anthropic messages: named events, thinking + signature, text, tool_use input_json_delta, message_delta, message_stop", async () => {
    const fake = createFakeProvider({ kind: "anthropic", apiKey: "sk-ant-1", chat: { ...SCRIPT, usage: { input: 25, output: 12, cacheRead: 5, cacheWrite: 3 } } });
    const res = await post(fake, transport, `${fake.baseUrl}/v1/messages`, { ...STREAM, max_tokens: 100 }, { "x-api-key": "sk-ant-1", "anthropic-version": "2023-06-01" });
    expect(res.status).toBe(200);
    const frames = sse(await res.text());
    const data = dataOf(frames);
    expect(frames.map((f) => f.event)).toEqual(data.map((d) => d["type"]));
    const shape = data.map((d) => (d["type"] === "content_block_delta" ? `delta:${d["delta"].type}` : d["type"] === "content_block_start" ? `start:${d["content_block"].type}` : d["type"]));
    expect(shape).toEqual([
      "message_start",
      "start:thinking",
      "ping",
      "delta:thinking_delta",
      "delta:thinking_delta",
      "delta:thinking_delta",
      "delta:signature_delta",
      "content_block_stop",
      "start:text",
      "delta:text_delta",
      "delta:text_delta",
      "delta:text_delta",
      "content_block_stop",
      "start:tool_use",
      "delta:input_json_delta",
      "delta:input_json_delta",
      "delta:input_json_delta",
      "delta:input_json_delta",
      "delta:input_json_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(data[0]).toMatchObject({ message: { model: "m-1", usage: { input_tokens: 25, cache_read_input_tokens: 5, cache_creation_input_tokens: 3, output_tokens: 1 } } });
    expect(data[6]).toMatchObject({ index: 0, delta: { signature: "sig-1" } });
    expect(data[13]).toMatchObject({ index: 2, content_block: { type: "tool_use", id: "toolu_fake_1_0", name: "get_weather", input: {} } });
    const partial = data.filter((d) => d["delta"]?.type === "input_json_delta").map((d) => d["delta"].partial_json as string);
    expect(partial.filter((p) => p !== "").length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(partial.join(""))).toEqual({ city: "Tokyo" });
    expect(data.at(-2)).toEqual({ type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 12 } });
  });

  it("anthropic gives a thinking block a signature even when the script has none", async () => {
    const fake = createFakeProvider({ kind: "anthropic", chat: { thinking: "Hmm", text: "Hi" } });
    const data = dataOf(sse(await (await post(fake, transport, `${fake.baseUrl}/v1/messages`, STREAM, { "anthropic-version": "2023-06-01" })).text()));
    expect(data.find((d) => d["delta"]?.type === "signature_delta")?.["delta"].signature).toBe("fake-thinking-signature");
    expect(data.at(-2)?.["delta"].stop_reason).toBe("end_turn");
  });

  it.each([
    ["/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"],
    ["/models/gemini-2.5-flash:streamGenerateContent?alt=sse"],
  ])("google %s: thought parts, signature, text, functionCall, finishReason, usageMetadata", async (path) => {
    const fake = createFakeProvider({ kind: "google", apiKey: "g-key", chat: SCRIPT });
    const res = await post(fake, transport, `${fake.baseUrl}${path}`, { contents: [{ role: "user", parts: [{ text: "Hi" }] }] }, { "x-goog-api-key": "g-key" });
    expect(res.status).toBe(200);
    const data = dataOf(sse(await res.text()));
    const parts = data.map((d) => d["candidates"][0].content.parts[0]);
    expect(parts).toEqual([
      { text: "Thin", thought: true },
      { text: "k ha", thought: true },
      { text: "rd", thought: true },
      { text: "", thought: true, thoughtSignature: "sig-1" },
      { text: "Hell" },
      { text: "o wo" },
      { text: "rld" },
      { functionCall: { name: "get_weather", args: { city: "Tokyo" } } },
      { text: "" },
    ]);
    expect(data.map((d) => d["candidates"][0].finishReason ?? null)).toEqual([...Array(8).fill(null), "STOP"]);
    expect(data.at(-1)!["usageMetadata"]).toEqual({ promptTokenCount: 30, candidatesTokenCount: 12, totalTokenCount: 42, cachedContentTokenCount: 5 });
    expect(fake.chatRequests[0]).toMatchObject({ api: "google-generative-ai", model: "gemini-2.5-flash", keyIndex: 0 });
  });

  it("ollama /api/chat: NDJSON thinking, content, tool_calls, done:true with counts (no key needed)", async () => {
    const fake = createFakeProvider({ kind: "ollama", chat: SCRIPT });
    const res = await post(fake, transport, `${fake.baseUrl}/api/chat`, { model: "qwen3:8b", messages: [] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = ndjson(await res.text());
    expect(lines.map((l) => l["message"].thinking ?? null).filter(Boolean)).toEqual(["Thin", "k ha", "rd"]);
    expect(lines.map((l) => l["message"].content).join("")).toBe("Hello world");
    expect(lines.find((l) => l["message"].tool_calls)?.["message"].tool_calls).toEqual([{ function: { name: "get_weather", arguments: { city: "Tokyo" } } }]);
    expect(lines.map((l) => l["done"])).toEqual([...Array(lines.length - 1).fill(false), true]);
    expect(lines.at(-1)).toMatchObject({ model: "qwen3:8b", done: true, done_reason: "stop", prompt_eval_count: 25, eval_count: 12 });
    expect(fake.chatRequests[0]).toMatchObject({ api: "ollama", keyIndex: null, credentialSent: false });
  });

  it.each<[FakeProviderKind, string]>([
    ["openrouter", "/chat/completions"],
    ["lmstudio", "/chat/completions"],
    ["litellm", "/chat/completions"],
    ["litellm", "/v1/chat/completions"],
  ])("%s serves %s", async (kind, path) => {
    const fake = createFakeProvider({ kind, apiKey: "k-1" });
    const res = await post(fake, transport, `${fake.baseUrl}${path}`, STREAM, { authorization: "Bearer k-1" });
    const frames = sse(await res.text());
    expect(frames.at(-1)!.data).toBe("[DONE]");
    expect(dataOf(frames.slice(0, -1)).map((c) => c["choices"][0]?.delta.content ?? "").join("")).toBe("Hello from m-1");
  });
});

describe("scripts and requests", () => {
  it("the default reply is Hello from <model>, split in deltas of chunkSize", async () => {
    const fake = createFakeProvider({ kind: "ollama", chat: { text: "abcdefg", chunkSize: 3 } });
    const lines = ndjson(await (await post(fake, "fetch", `${fake.baseUrl}/api/chat`, { model: "x" })).text());
    expect(lines.map((l) => l["message"].content).slice(0, -1)).toEqual(["abc", "def", "g"]);
    const plain = createFakeProvider({ kind: "ollama" });
    const text = ndjson(await (await post(plain, "fetch", `${plain.baseUrl}/api/chat`, { model: "llama3" })).text());
    expect(text.map((l) => l["message"].content).join("")).toBe("Hello from llama3");
  });

  it("a chat function sees api, model, parsed body and keyIndex; chatRequests never hold the key", async () => {
    const seen: unknown[] = [];
    const fake = createFakeProvider({
      kind: "openai-compatible",
      apiKey: "sk-secret-one",
      apiKeys: ["sk-secret-two"],
      chat: (request) => {
        seen.push(request);
        return { text: `key ${request.keyIndex}` };
      },
    });
    const body = { ...STREAM, tools: [{ type: "function", function: { name: "ls" } }] };
    await (await post(fake, "fetch", OPENAI_CHAT(fake.baseUrl), body, { authorization: "Bearer sk-secret-two" })).text();
    expect(seen).toEqual([{ api: "openai-completions", model: "m-1", body, keyIndex: 1 }]);
    expect(fake.chatRequests).toEqual([{ api: "openai-completions", model: "m-1", path: "/v1/chat/completions", keyIndex: 1, credentialSent: true, body, aborted: false }]);
    expect(JSON.stringify(fake.chatRequests)).not.toContain("sk-secret");
  });

  it("apiKeys are also accepted for listing", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", apiKey: "k0", apiKeys: ["k1"], models: ["m"] });
    const res = await fake.fetch(`${fake.baseUrl}/models`, { headers: { authorization: "Bearer k1" } });
    expect(res.status).toBe(200);
    expect(fake.requests[0]).toMatchObject({ authenticated: true });
  });

  it.each<[NonNullable<FakeChatScript["stopReason"]>, string, string]>([
    ["stop", "stop", "end_turn"],
    ["length", "length", "max_tokens"],
    ["tool_use", "tool_calls", "tool_use"],
    ["content_filter", "content_filter", "refusal"],
  ])("stopReason %s → openai %s, anthropic %s", async (stopReason, openai, anthropic) => {
    const o = createFakeProvider({ kind: "openai-compatible", chat: { text: "x", stopReason } });
    const oFrames = dataOf(sse(await (await post(o, "fetch", OPENAI_CHAT(o.baseUrl), STREAM)).text()).slice(0, -1));
    expect(oFrames.at(-1)!["choices"][0].finish_reason).toBe(openai);
    const a = createFakeProvider({ kind: "anthropic", chat: { text: "x", stopReason } });
    const aFrames = dataOf(sse(await (await post(a, "fetch", `${a.baseUrl}/v1/messages`, STREAM, { "anthropic-version": "2023-06-01" })).text()));
    expect(aFrames.at(-2)!["delta"].stop_reason).toBe(anthropic);
  });

  it("a length stop is response.incomplete on the Responses API", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", chat: { text: "x", stopReason: "length" } });
    const last = dataOf(sse(await (await post(fake, "fetch", `${fake.baseUrl}/responses`, STREAM)).text())).at(-1);
    expect(last).toMatchObject({ type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } } });
  });

  it("a non-streaming request is a 400 (the fake streams only); Ollama streams when stream is absent", async () => {
    const o = createFakeProvider({ kind: "openai-compatible" });
    const res = await post(o, "fetch", OPENAI_CHAT(o.baseUrl), { model: "m", messages: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toContain("streams only");
    const g = createFakeProvider({ kind: "google" });
    expect((await post(g, "fetch", `${g.baseUrl}/v1beta/models/gem:generateContent`, { contents: [] })).status).toBe(400);
    expect((await post(g, "fetch", `${g.baseUrl}/v1beta/models/gem:streamGenerateContent`, { contents: [] })).status).toBe(400);
    const ol = createFakeProvider({ kind: "ollama" });
    expect((await post(ol, "fetch", `${ol.baseUrl}/api/chat`, { model: "m", stream: false })).status).toBe(400);
    expect((await post(ol, "fetch", `${ol.baseUrl}/api/chat`, "not json")).status).toBe(400);
  });

  it("a model the fake does not list is the backend's 404", async () => {
    const a = createFakeProvider({ kind: "anthropic", models: ["claude-a"] });
    const res = await post(a, "fetch", `${a.baseUrl}/v1/messages`, { ...STREAM, model: "claude-z" }, { "anthropic-version": "2023-06-01" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ type: "error", error: { type: "not_found_error", message: "model: claude-z" } });
    const ok = await post(a, "fetch", `${a.baseUrl}/v1/messages`, { ...STREAM, model: "claude-a" }, { "anthropic-version": "2023-06-01" });
    expect(ok.status).toBe(200);
    await ok.text();
  });

  it("anthropic without anthropic-version is a 400, as the real API answers", async () => {
    const a = createFakeProvider({ kind: "anthropic" });
    const res = await post(a, "fetch", `${a.baseUrl}/v1/messages`, STREAM);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ type: "error", error: { type: "invalid_request_error", message: "anthropic-version: header is required" } });
  });
});

describe("auth per backend", () => {
  const cases: Array<[FakeProviderKind, string, (key: string) => Record<string, string>, number, unknown]> = [
    ["openai-compatible", "/chat/completions", (k) => ({ authorization: `Bearer ${k}` }), 401, { error: { type: "invalid_request_error", code: "invalid_api_key" } }],
    ["anthropic", "/v1/messages", (k) => ({ "x-api-key": k, "anthropic-version": "2023-06-01" }), 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }],
    ["google", "/v1beta/models/gem:streamGenerateContent?alt=sse", (k) => ({ "x-goog-api-key": k }), 400, { error: { status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] } }],
    ["ollama", "/api/chat", (k) => ({ authorization: `Bearer ${k}` }), 401, { error: "unauthorized" }],
    ["openrouter", "/chat/completions", (k) => ({ authorization: `Bearer ${k}` }), 401, { error: { code: 401 } }],
    ["litellm", "/chat/completions", (k) => ({ authorization: `Bearer ${k}` }), 401, { error: { type: "auth_error", code: "401" } }],
    ["lmstudio", "/chat/completions", (k) => ({ authorization: `Bearer ${k}` }), 401, { error: { code: "invalid_api_key" } }],
  ];

  it.each(cases)("%s: right key streams, wrong key gets the real error", async (kind, path, headers, status, body) => {
    const fake = createFakeProvider({ kind, apiKey: "right-0000" });
    const good = await post(fake, "msw", `${fake.baseUrl}${path}`, STREAM, headers("right-0000"));
    expect(good.status).toBe(200);
    await good.text();
    const bad = await post(fake, "msw", `${fake.baseUrl}${path}`, STREAM, headers("wrong-0000"));
    expect(bad.status).toBe(status);
    expect(await bad.json()).toMatchObject(body as object);
    expect(fake.chatRequests.map((r) => [r.keyIndex, r.credentialSent])).toEqual([
      [0, true],
      [null, true],
    ]);
  });

  it("a missing key: OpenAI 401, Gemini 403 PERMISSION_DENIED; Anthropic also takes a Bearer token", async () => {
    const o = createFakeProvider({ kind: "openai-compatible", apiKey: "k" });
    const res = await post(o, "fetch", OPENAI_CHAT(o.baseUrl), STREAM);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.message).toContain("didn't provide an API key");
    const g = createFakeProvider({ kind: "google", apiKey: "k" });
    const gr = await post(g, "fetch", `${g.baseUrl}/v1beta/models/gem:streamGenerateContent?alt=sse`, {});
    expect(gr.status).toBe(403);
    expect(await gr.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
    const a = createFakeProvider({ kind: "anthropic", apiKey: "oauth-token" });
    const ar = await post(a, "fetch", `${a.baseUrl}/v1/messages`, STREAM, { authorization: "Bearer oauth-token", "anthropic-version": "2023-06-01" });
    expect(ar.status).toBe(200);
    await ar.text();
  });
});

describe("failures", () => {
  const anthropicHeaders = { "x-api-key": "k", "anthropic-version": "2023-06-01" };

  it("auth: a revoked key gets the backend's 401", async () => {
    const fake = createFakeProvider({ kind: "anthropic", apiKey: "k" });
    fake.failChat({ failure: "auth" });
    const res = await post(fake, "fetch", `${fake.baseUrl}/v1/messages`, STREAM, anthropicHeaders);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
  });

  it.each<[FakeProviderKind, string, Record<string, string>, unknown]>([
    ["openai-compatible", "/chat/completions", {}, { error: { code: "rate_limit_exceeded" } }],
    ["anthropic", "/v1/messages", { "anthropic-version": "2023-06-01" }, { type: "error", error: { type: "rate_limit_error" } }],
    ["google", "/v1beta/models/gem:streamGenerateContent?alt=sse", {}, { error: { code: 429, status: "RESOURCE_EXHAUSTED", details: [{ retryDelay: "7s" }] } }],
    ["ollama", "/api/chat", {}, { error: "too many requests" }],
  ])("rate_limit on %s: 429, retry-after and the real body", async (kind, path, headers, body) => {
    const fake = createFakeProvider({ kind });
    fake.failChat({ failure: { type: "rate_limit", retryAfterSeconds: 7 } });
    const res = await post(fake, "msw", `${fake.baseUrl}${path}`, STREAM, headers);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toMatchObject(body as object);
  });

  it("overloaded: 529 overloaded_error on Anthropic, 503 elsewhere", async () => {
    const a = createFakeProvider({ kind: "anthropic" });
    a.failChat({ failure: "overloaded" });
    const ar = await post(a, "fetch", `${a.baseUrl}/v1/messages`, STREAM, { "anthropic-version": "2023-06-01" });
    expect(ar.status).toBe(529);
    expect(await ar.json()).toEqual({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    const g = createFakeProvider({ kind: "google" });
    g.failChat({ failure: "overloaded" });
    const gr = await post(g, "fetch", `${g.baseUrl}/v1beta/models/gem:streamGenerateContent?alt=sse`, {});
    expect(gr.status).toBe(503);
    expect(await gr.json()).toMatchObject({ error: { status: "UNAVAILABLE" } });
    const o = createFakeProvider({ kind: "openrouter" });
    o.failChat({ failure: "overloaded" });
    expect((await post(o, "fetch", OPENAI_CHAT(o.baseUrl), STREAM)).status).toBe(503);
  });

  it("any status, body and headers", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible" });
    fake.failChat({ failure: { status: 402, body: { error: { message: "pay" } }, headers: { "x-why": "credits" } } });
    const res = await post(fake, "fetch", OPENAI_CHAT(fake.baseUrl), STREAM);
    expect([res.status, res.headers.get("x-why"), await res.json()]).toEqual([402, "credits", { error: { message: "pay" } }]);
  });

  it.each(TRANSPORTS)("hang over %s: no answer until the caller aborts; the abort is recorded", async (transport) => {
    const fake = createFakeProvider({ kind: "ollama" });
    fake.failChat({ failure: "hang" });
    const controller = new AbortController();
    const pending = post(fake, transport, `${fake.baseUrl}/api/chat`, { model: "m" }, {}, controller.signal);
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.chatRequests[0]!.aborted).toBe(true);
    expect(fake.chatAborted).toBe(1);
  });

  it.each<[FakeProviderKind, string, Record<string, string>, (text: string) => { deltas: string[]; error: unknown }]>([
    [
      "anthropic",
      "/v1/messages",
      { "anthropic-version": "2023-06-01" },
      (text) => {
        const frames = sse(text);
        return {
          deltas: dataOf(frames.filter((f) => f.event === "content_block_delta")).map((d) => d["delta"].text),
          error: frames.at(-1),
        };
      },
    ],
    [
      "openai-compatible",
      "/chat/completions",
      {},
      (text) => {
        const data = dataOf(sse(text));
        return { deltas: data.slice(0, -1).map((d) => d["choices"][0].delta.content).filter(Boolean), error: data.at(-1) };
      },
    ],
    [
      "ollama",
      "/api/chat",
      {},
      (text) => {
        const lines = ndjson(text);
        return { deltas: lines.slice(0, -1).map((l) => l["message"].content), error: lines.at(-1) };
      },
    ],
    [
      "google",
      "/v1beta/models/m-1:streamGenerateContent?alt=sse",
      {},
      (text) => {
        const data = dataOf(sse(text));
        return { deltas: data.slice(0, -1).map((d) => d["candidates"][0].content.parts[0].text), error: data.at(-1) };
      },
    ],
  ])("error_mid_stream on %s: 200, afterChunks text deltas, then the api's in-stream error", async (kind, path, headers, read) => {
    const fake = createFakeProvider({ kind, chat: { text: "abcdefghijkl" } });
    fake.failChat({ failure: { type: "error_mid_stream", afterChunks: 2 } });
    const res = await post(fake, "fetch", `${fake.baseUrl}${path}`, STREAM, headers);
    expect(res.status).toBe(200);
    const { deltas, error } = read(await res.text());
    expect(deltas).toEqual(["abcd", "efgh"]);
    const expected = {
      anthropic: { event: "error", data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' },
      "openai-compatible": { error: { type: "server_error", message: expect.stringContaining("server had an error") } },
      ollama: { error: "an error was encountered while running the model" },
      google: { error: { code: 503, status: "UNAVAILABLE" } },
    }[kind as "anthropic"];
    expect(error).toMatchObject(expected);
  });

  it("error_mid_stream on the Responses API is an error event; on OpenRouter a chunk with finish_reason error", async () => {
    const r = createFakeProvider({ kind: "openai-compatible" });
    r.failChat({ failure: { type: "error_mid_stream", afterChunks: 1 } });
    const frames = sse(await (await post(r, "fetch", `${r.baseUrl}/responses`, STREAM)).text());
    expect(frames.filter((f) => f.event === "response.output_text.delta")).toHaveLength(1);
    expect(frames.at(-1)!.event).toBe("error");
    expect(JSON.parse(frames.at(-1)!.data)).toMatchObject({ type: "error", code: "server_error" });
    const o = createFakeProvider({ kind: "openrouter" });
    o.failChat({ failure: { type: "error_mid_stream" } });
    const last = dataOf(sse(await (await post(o, "fetch", OPENAI_CHAT(o.baseUrl), STREAM)).text())).at(-1);
    expect(last).toMatchObject({ error: { code: "server_error" }, choices: [{ finish_reason: "error" }] });
  });

  it("malformed_event: a good delta, then a data line that is not JSON, then the rest", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", chat: { text: "abcdefgh" } });
    fake.failChat({ failure: "malformed_event" });
    const frames = sse(await (await post(fake, "fetch", OPENAI_CHAT(fake.baseUrl), STREAM)).text());
    expect(JSON.parse(frames[1]!.data)["choices"][0].delta.content).toBe("abcd");
    expect(() => JSON.parse(frames[2]!.data)).toThrow();
    expect(frames.at(-1)!.data).toBe("[DONE]");
    const ol = createFakeProvider({ kind: "ollama" });
    ol.failChat({ failure: "malformed_event" });
    const lines = (await (await post(ol, "fetch", `${ol.baseUrl}/api/chat`, { model: "m" })).text()).trimEnd().split("\n");
    expect(JSON.parse(lines[0]!)["message"].content).toBe("Hell");
    expect(() => JSON.parse(lines[1]!)).toThrow();
  });

  it.each<[FakeProviderKind, string, Record<string, string>, (text: string) => boolean]>([
    ["openai-compatible", "/chat/completions", {}, (t) => t.includes("[DONE]") || t.includes("finish_reason\":\"stop")],
    ["anthropic", "/v1/messages", { "anthropic-version": "2023-06-01" }, (t) => t.includes("message_stop") || t.includes("message_delta")],
    ["ollama", "/api/chat", {}, (t) => t.includes('"done":true')],
    ["google", "/v1beta/models/m-1:streamGenerateContent?alt=sse", {}, (t) => t.includes("finishReason")],
  ])("cut on %s: two deltas, then the body ends without the end marker", async (kind, path, headers, hasEnd) => {
    const fake = createFakeProvider({ kind, chat: { text: "abcdefghijkl" } });
    fake.failChat({ failure: "cut" });
    const text = await (await post(fake, "fetch", `${fake.baseUrl}${path}`, STREAM, headers)).text();
    expect(text).toContain("efgh");
    expect(text).not.toContain("ijkl");
    expect(hasEnd(text)).toBe(false);
    expect(fake.chatAborted).toBe(0);
  });
});

describe("failure rules", () => {
  const headers = (key: string) => ({ "x-api-key": key, "anthropic-version": "2023-06-01" });
  const call = (fake: FakeProvider, key: string, model = "m-1") => post(fake, "fetch", `${fake.baseUrl}/v1/messages`, { ...STREAM, model }, headers(key));

  it("per key with times: key 1 is rate limited once, key 2 is never affected", async () => {
    const fake = createFakeProvider({ kind: "anthropic", apiKey: "key-one", apiKeys: ["key-two"] });
    fake.failChat({ key: "key-one", failure: { type: "rate_limit" }, times: 1 });
    const statuses = [];
    for (const key of ["key-one", "key-two", "key-one"]) {
      const res = await call(fake, key);
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([429, 200, 200]);
    expect(fake.chatRequests.map((r) => r.keyIndex)).toEqual([0, 1, 0]);
  });

  it("per model, in order: the earliest matching rule with times left applies; clearChatFailures removes them", async () => {
    const fake = createFakeProvider({ kind: "anthropic" });
    fake.failChat({ model: "big", failure: "overloaded", times: 2 });
    fake.failChat({ model: "big", failure: { status: 500 } });
    fake.failChat({ model: "other", failure: "auth" });
    const statuses = [];
    for (const model of ["big", "small", "big", "big", "big"]) {
      const res = await call(fake, "any", model);
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([529, 200, 529, 500, 500]);
    fake.clearChatFailures();
    const res = await call(fake, "any", "big");
    expect(res.status).toBe(200);
    await res.text();
  });

  it("a rule on key and model needs both", async () => {
    const fake = createFakeProvider({ kind: "anthropic", apiKey: "a", apiKeys: ["b"] });
    fake.failChat({ key: "a", model: "x", failure: "overloaded" });
    const statuses = [];
    for (const [key, model] of [["a", "y"], ["b", "x"], ["a", "x"]] as const) {
      const res = await call(fake, key, model);
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([200, 200, 529]);
  });
});

describe("real streams: cancel and abort are observed", () => {
  it("fake.fetch: frames arrive one read at a time; cancelling the body early is recorded", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", chat: { text: "x".repeat(400) } });
    const res = await post(fake, "fetch", OPENAI_CHAT(fake.baseUrl), STREAM);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(sse(first)).toHaveLength(1);
    expect(fake.chatAborted).toBe(0);
    await reader.cancel();
    expect(fake.chatAborted).toBe(1);
    expect(fake.chatRequests[0]!.aborted).toBe(true);
  });

  it.each(TRANSPORTS)("%s: aborting the request mid-stream errors the body and is recorded", async (transport) => {
    const fake = createFakeProvider({ kind: "anthropic", chat: { text: "x".repeat(400) } });
    const controller = new AbortController();
    const res = await post(fake, transport, `${fake.baseUrl}/v1/messages`, STREAM, { "anthropic-version": "2023-06-01" }, controller.signal);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return "ended";
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.chatAborted).toBe(1);
  });

  it.each(TRANSPORTS)("%s: a stream read to its end is not aborted", async (transport) => {
    const fake = createFakeProvider({ kind: "ollama" });
    const res = await post(fake, transport, `${fake.baseUrl}/api/chat`, { model: "m" });
    await res.text();
    expect(fake.chatRequests[0]!.aborted).toBe(false);
    expect(fake.chatAborted).toBe(0);
  });

  it("latency applies to chat and an abort during it is recorded", async () => {
    const fake = createFakeProvider({ kind: "ollama", latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = post(fake, "fetch", `${fake.baseUrl}/api/chat`, { model: "m" }, {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.chatAborted).toBe(1);
  });
});
