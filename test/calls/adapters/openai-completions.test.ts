import { describe, expect, it } from "vitest";
import { openaiCompletionsAdapter } from "../../../src/calls/adapters/openai-completions.js";
import type { ChatMessage } from "../../../src/calls/chat-request.js";
import type { WireFrame } from "../../../src/calls/wire-adapter.js";
import { asCallError, assemble, decodeAll, decodeUntilError, frameOf, joined, readCallsFixture, requestBuilders, sseFrames } from "./replay.js";

const KEY = "sk-proj-CANARYc0mpl3t10nsK3y0000000000000000000000";
const WEATHER_TOOL = {
  name: "get_weather",
  description: "Current weather for a city.",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

const { input } = requestBuilders(openaiCompletionsAdapter, {
  model: { id: "gpt-4o-mini", provider: "openai", api: "openai-completions", baseUrl: "https://api.openai.com/v1" },
  maxTokens: 1024,
  apiKey: KEY,
});

/** A frame whose data is sent as is: the `[DONE]` sentinel, or a cut chunk. */
const frame = (data: string): WireFrame => ({ event: undefined, data });
const delta = (d: Record<string, unknown>, finish: string | null = null): WireFrame =>
  frameOf({ id: "chatcmpl-x", object: "chat.completion.chunk", choices: [{ index: 0, delta: d, finish_reason: finish }] });
const decoder = () => openaiCompletionsAdapter.createDecoder();

describe("openai-completions decoder: recorded transcripts", () => {
  it("replays a text answer: deltas, the usage of the last chunk, then stop at [DONE]", () => {
    const frames = sseFrames(readCallsFixture("openai-chat-stream.txt"));
    expect(frames).toHaveLength(6);
    const events = decodeAll(decoder(), frames);
    expect(events).toEqual([
      { type: "text", delta: "Hello" },
      { type: "text", delta: "!" },
      { type: "usage", input: 9, output: 2, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
    expect(joined(events, "text")).toBe("Hello!");
  });

  it("replays streamed tool_calls: fragments as tool_call_delta, the parsed call at finish_reason, tool_use", () => {
    const events = decodeAll(decoder(), sseFrames(readCallsFixture("openai-chat-stream-tools.txt")));
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id: "call_Xk2Pq9Lm4Rt7", name: "get_weather", argumentsDelta: "" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '{"city":' },
      { type: "tool_call_delta", index: 0, argumentsDelta: '"Tokyo"}' },
      { type: "tool_call", id: "call_Xk2Pq9Lm4Rt7", name: "get_weather", arguments: { city: "Tokyo" } },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("emits the tool call when its finish_reason arrives, before [DONE]", () => {
    const frames = sseFrames(readCallsFixture("openai-chat-stream-tools.txt"));
    const d = decoder();
    for (const f of frames.slice(0, 3)) d.push(f);
    expect(d.push(frames[3]!)).toEqual([{ type: "tool_call", id: "call_Xk2Pq9Lm4Rt7", name: "get_weather", arguments: { city: "Tokyo" } }]);
    expect(d.push(frames[4]!)).toEqual([{ type: "stop", reason: "tool_use" }]);
    expect(d.end()).toEqual([]);
  });
});

describe("openai-completions decoder: compatible servers and edge cases", () => {
  it("reads reasoning_content (DeepSeek), its cache-hit usage, and stop", () => {
    const events = decodeAll(decoder(), [
      delta({ role: "assistant", content: null, reasoning_content: "" }),
      delta({ content: null, reasoning_content: "Two plus two" }),
      delta({ content: null, reasoning_content: " is four." }),
      delta({ content: "4", reasoning_content: null }),
      delta({ content: "" }, "stop"),
      frameOf({
        id: "x",
        choices: [],
        usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 56 },
      }),
      frame("[DONE]"),
    ]);
    expect(events).toEqual([
      { type: "thinking", delta: "Two plus two" },
      { type: "thinking", delta: " is four." },
      { type: "text", delta: "4" },
      { type: "usage", input: 56, output: 30, cacheRead: 64, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
  });

  it("reads `reasoning` (vLLM, OpenRouter) and takes only one of two duplicate reasoning fields", () => {
    const events = decodeAll(decoder(), [
      delta({ reasoning: "Think" }),
      delta({ reasoning_content: "ing.", reasoning: "ing." }),
      delta({ content: "Done." }, "stop"),
      frame("[DONE]"),
    ]);
    expect(events).toEqual([
      { type: "thinking", delta: "Think" },
      { type: "thinking", delta: "ing." },
      { type: "text", delta: "Done." },
      { type: "stop", reason: "stop" },
    ]);
  });

  it("reads cached tokens from prompt_tokens_details and subtracts them from input", () => {
    const events = decodeAll(decoder(), [
      delta({ content: "Hi" }, "stop"),
      frameOf({ choices: [], usage: { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } } }),
      frame("[DONE]"),
    ]);
    expect(events.slice(1)).toEqual([
      { type: "usage", input: 86, output: 300, cacheRead: 1920, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
  });

  it("keeps parallel calls apart by index; empty arguments parse to {}; slots follow first appearance", () => {
    const events = decodeAll(decoder(), [
      delta({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_time", arguments: "" } }] }),
      delta({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_weather", arguments: '{"ci' } }] }),
      delta({ tool_calls: [{ index: 1, function: { arguments: 'ty":"Oslo"}' } }] }),
      delta({}, "tool_calls"),
      frame("[DONE]"),
    ]);
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id: "call_a", name: "get_time", argumentsDelta: "" },
      { type: "tool_call_delta", index: 1, id: "call_b", name: "get_weather", argumentsDelta: '{"ci' },
      { type: "tool_call_delta", index: 1, argumentsDelta: 'ty":"Oslo"}' },
      { type: "tool_call", id: "call_a", name: "get_time", arguments: {} },
      { type: "tool_call", id: "call_b", name: "get_weather", arguments: { city: "Oslo" } },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("emits calls at [DONE] when no finish_reason came, and gives id-less calls stable ids", () => {
    const events = decodeAll(decoder(), [
      delta({ tool_calls: [{ function: { name: "ping", arguments: "{}" } }] }),
      frame("[DONE]"),
    ]);
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, name: "ping", argumentsDelta: "{}" },
      { type: "tool_call", id: "call_0", name: "ping", arguments: {} },
      { type: "stop", reason: null },
    ]);
  });

  it("maps finish reasons: length, content_filter, function_call, and unknown ones to null", () => {
    const stopOf = (finish: string) => decodeAll(decoder(), [delta({ content: "x" }, finish), frame("[DONE]")]).at(-1);
    expect(stopOf("length")).toEqual({ type: "stop", reason: "length" });
    expect(stopOf("content_filter")).toEqual({ type: "stop", reason: "content_filter" });
    expect(stopOf("function_call")).toEqual({ type: "stop", reason: "tool_use" });
    expect(stopOf("eos")).toEqual({ type: "stop", reason: null });
  });

  it("drops a call whose arguments were cut by the output limit instead of failing a length stop", () => {
    const events = decodeAll(decoder(), [
      delta({ tool_calls: [{ index: 0, id: "call_a", function: { name: "write_file", arguments: '{"path":"a.txt","content":"Lorem ip' } }] }),
      delta({}, "length"),
      frame("[DONE]"),
    ]);
    expect(events.map((e) => e.type)).toEqual(["tool_call_delta", "stop"]);
    expect(events.at(-1)).toEqual({ type: "stop", reason: "length" });
  });

  it("rejects unparsable tool arguments outside a length stop as stream_malformed", () => {
    const d = decoder();
    d.push(delta({ tool_calls: [{ index: 0, id: "call_a", function: { name: "f", arguments: "{not json" } }] }));
    const error = asCallError(decodeUntilError(d, [delta({}, "tool_calls")]).error);
    expect(error.code).toBe("stream_malformed");
    expect(error.kind).toBe("server_error");
  });

  it("rejects a data line that is not JSON as stream_malformed", () => {
    const { events, error } = decodeUntilError(decoder(), [delta({ content: "Hi" }), frame('{"id":"chatcmpl-x","choi')]);
    expect(events).toEqual([{ type: "text", delta: "Hi" }]);
    expect(asCallError(error).code).toBe("stream_malformed");
  });
});

describe("openai-completions decoder: failures inside the stream", () => {
  it("a stream cut before [DONE] is stream_truncated (network), even after finish_reason and usage", () => {
    const frames = sseFrames(readCallsFixture("openai-chat-stream.txt"));
    const { events, error } = decodeUntilError(decoder(), frames.slice(0, -1));
    expect(events).toEqual([
      { type: "text", delta: "Hello" },
      { type: "text", delta: "!" },
    ]);
    const e = asCallError(error);
    expect(e.code).toBe("stream_truncated");
    expect(e.kind).toBe("network");
    expect(e.message).toContain("data: [DONE]");
  });

  it("an error chunk about a rate limit is a rate_limit ProviderCallError (stream_error)", () => {
    const body = readCallsFixture("../errors/openai-429-rate.json");
    const { events, error } = decodeUntilError(decoder(), [delta({ content: "Par" }), frameOf(JSON.parse(body))]);
    expect(events).toEqual([{ type: "text", delta: "Par" }]);
    const e = asCallError(error);
    expect(e.code).toBe("stream_error");
    expect(e.kind).toBe("rate_limit");
    expect(e.message).toContain("Rate limit reached for gpt-4o");
  });

  it("any other error chunk is a server_error", () => {
    const { error } = decodeUntilError(decoder(), [
      frameOf({ error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: null, code: null } }),
    ]);
    const e = asCallError(error);
    expect(e.kind).toBe("server_error");
    expect(e.code).toBe("stream_error");
  });

  it("never puts a key the provider echoes into the error message", () => {
    const { error } = decodeUntilError(decoder(), [
      frameOf({ error: { message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: "invalid_request_error", code: "invalid_api_key" } }),
    ]);
    const e = asCallError(error);
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain(KEY.slice(8, 30));
    expect(JSON.stringify(e)).not.toContain(KEY);
  });

  it("ignores frames after [DONE]", () => {
    const d = decoder();
    d.push(frame("[DONE]"));
    expect(d.push(delta({ content: "late" }))).toEqual([]);
    expect(d.end()).toEqual([]);
  });
});

describe("openai-completions request", () => {
  it("builds a streaming request with Bearer auth, usage on, max_completion_tokens for OpenAI, tools and tool_choice", () => {
    const wire = openaiCompletionsAdapter.buildRequest(
      input(
        { system: "Be brief.", messages: [{ role: "user", content: "Weather in Tokyo?" }], tools: [WEATHER_TOOL], toolChoice: "auto", temperature: 0.2 },
        { headers: { "x-title": "agent" } },
      ),
    );
    expect(wire).toEqual({
      url: "https://api.openai.com/v1/chat/completions",
      headers: { "x-title": "agent" },
      credentialHeaders: { authorization: `Bearer ${KEY}` },
      framing: "sse",
      body: {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Tokyo?" },
        ],
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 1024,
        temperature: 0.2,
        tools: [{ type: "function", function: WEATHER_TOOL }],
        tool_choice: "auto",
      },
    });
    expect(JSON.stringify(wire.body)).not.toContain(KEY);
  });

  it("round-trips a tool call: the decoded call and its result become the next request's messages", () => {
    const events = decodeAll(decoder(), sseFrames(readCallsFixture("openai-chat-stream-tools.txt")));
    const { content } = assemble(events);
    const messages: ChatMessage[] = [
      { role: "user", content: "Weather in Tokyo?" },
      { role: "assistant", content: [{ type: "thinking", text: "I should call the tool.", signature: "sig" }, ...content] },
      { role: "tool", content: [{ type: "tool_result", toolCallId: "call_Xk2Pq9Lm4Rt7", content: '{"tempC":18,"sky":"clear"}' }] },
    ];
    const body = openaiCompletionsAdapter.buildRequest(input({ messages, tools: [WEATHER_TOOL] })).body as Record<string, unknown>;
    expect(body.messages).toEqual([
      { role: "user", content: "Weather in Tokyo?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_Xk2Pq9Lm4Rt7", type: "function", function: { name: "get_weather", arguments: '{"city":"Tokyo"}' } }],
      },
      { role: "tool", tool_call_id: "call_Xk2Pq9Lm4Rt7", content: '{"tempC":18,"sky":"clear"}' },
    ]);
  });

  it("sends assistant text with its calls, one tool message per result, and user text after the results", () => {
    const body = openaiCompletionsAdapter.buildRequest(
      input({
        messages: [
          { role: "assistant", content: [{ type: "text", text: "Checking both." }, { type: "tool_call", id: "c1", name: "a", arguments: { x: 1 } }, { type: "tool_call", id: "c2", name: "b", arguments: {} }] },
          { role: "user", content: [{ type: "tool_result", toolCallId: "c1", content: "one" }, { type: "tool_result", toolCallId: "c2", content: "two", isError: true }, { type: "text", text: "Thanks" }] },
          { role: "assistant", content: "Done." },
        ],
      }),
    ).body as Record<string, unknown>;
    expect(body.messages).toEqual([
      {
        role: "assistant",
        content: "Checking both.",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "a", arguments: '{"x":1}' } },
          { id: "c2", type: "function", function: { name: "b", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "one" },
      { role: "tool", tool_call_id: "c2", content: "two" },
      { role: "user", content: "Thanks" },
      { role: "assistant", content: "Done." },
    ]);
  });

  it("sends images as image_url data URLs next to the text", () => {
    const body = openaiCompletionsAdapter.buildRequest(
      input({ messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" }] }] }),
    ).body as Record<string, unknown>;
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
        ],
      },
    ]);
  });

  it("merges thinking params and uses max_tokens for compatible servers; keyless servers get no Authorization", () => {
    const wire = openaiCompletionsAdapter.buildRequest(
      input(
        { messages: [{ role: "user", content: "Hi" }], toolChoice: { name: "get_weather" }, tools: [{ name: "get_weather", parameters: { type: "object" } }] },
        {
          model: { id: "deepseek-reasoner", provider: "deepseek", api: "openai-completions", baseUrl: "http://127.0.0.1:8000/v1/" },
          thinkingParams: { thinking: { type: "enabled" }, reasoning_effort: "high" },
          apiKey: null,
          maxTokens: 8000,
        },
      ),
    );
    expect(wire.url).toBe("http://127.0.0.1:8000/v1/chat/completions");
    expect(wire.credentialHeaders).toEqual({});
    expect(wire.body).toEqual({
      model: "deepseek-reasoner",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 8000,
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      thinking: { type: "enabled" },
      reasoning_effort: "high",
    });
  });

  it("uses max_completion_tokens for Azure and passes reasoning_effort through", () => {
    const body = openaiCompletionsAdapter.buildRequest(
      input(
        { messages: [{ role: "user", content: "Hi" }], toolChoice: "required" },
        {
          model: { id: "o4-mini", provider: "azure-openai", api: "openai-completions", baseUrl: "https://res.openai.azure.com/openai/v1" },
          thinkingParams: { reasoning_effort: "low" },
        },
      ),
    ).body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(1024);
    expect(body.max_tokens).toBeUndefined();
    expect(body.reasoning_effort).toBe("low");
    expect(body.tool_choice).toBe("required");
  });
});
