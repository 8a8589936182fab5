import { describe, expect, it } from "vitest";
import { openaiResponsesAdapter } from "../../../src/calls/adapters/openai-responses.js";
import type { ChatMessage } from "../../../src/calls/chat-request.js";
import type { WireFrame } from "../../../src/calls/wire-adapter.js";
import { asCallError, assemble, decodeAll, decodeUntilError, frameOf, joined, readCallsFixture, requestBuilders, sseFrames } from "./replay.js";

// Transcripts: test/fixtures/calls/openai-responses-*.txt, written from the Responses streaming reference and the
// openai-node event types (sources in test/fixtures/calls/README.md).

const KEY = "sk-proj-CANARYr3sp0ns3sK3y00000000000000000000000";
const WEATHER_TOOL = {
  name: "get_weather",
  description: "Current weather for a city.",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

const { input } = requestBuilders(openaiResponsesAdapter, {
  model: { id: "gpt-5-mini", provider: "openai", api: "openai-responses", baseUrl: "https://api.openai.com/v1" },
  maxTokens: 4096,
  apiKey: KEY,
});

const decoder = () => openaiResponsesAdapter.createDecoder();
const named = (type: string, body: Record<string, unknown>): WireFrame => frameOf({ type, sequence_number: 0, ...body }, type);
const fixtureFrames = (name: string) => sseFrames(readCallsFixture(name));

describe("openai-responses decoder: transcripts", () => {
  it("replays reasoning summaries and text; usage subtracts cached tokens; completed without calls is stop", () => {
    const frames = fixtureFrames("openai-responses-stream.txt");
    expect(frames[0]!.event).toBe("response.created");
    const events = decodeAll(decoder(), frames);
    expect(events).toEqual([
      { type: "thinking", delta: "**Adding small numbers**\n\n" },
      { type: "thinking", delta: "The user asks for 2+2" },
      { type: "thinking", delta: ", a one-step sum." },
      { type: "thinking", delta: "\n\n" },
      { type: "thinking", delta: "**Answering briefly**\n\n" },
      { type: "thinking", delta: "The sum is 4; one sentence is enough." },
      { type: "text", delta: "2 + 2" },
      { type: "text", delta: " equals" },
      { type: "text", delta: " 4." },
      { type: "usage", input: 86, output: 300, cacheRead: 1920, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
    expect(joined(events, "text")).toBe("2 + 2 equals 4.");
    expect(joined(events, "thinking")).toBe(
      "**Adding small numbers**\n\nThe user asks for 2+2, a one-step sum.\n\n**Answering briefly**\n\nThe sum is 4; one sentence is enough.",
    );
  });

  it("replays two parallel function calls: deltas indexed 0 and 1 (output_index 1 and 2), calls at .done, tool_use", () => {
    const events = decodeAll(decoder(), fixtureFrames("openai-responses-stream-tools.txt"));
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id: "call_pQ7rS2tU9vW4xY6z", name: "get_weather", argumentsDelta: "" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '{"' },
      { type: "tool_call_delta", index: 0, argumentsDelta: "city" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '":"' },
      { type: "tool_call_delta", index: 0, argumentsDelta: "Paris" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '"}' },
      { type: "tool_call", id: "call_pQ7rS2tU9vW4xY6z", name: "get_weather", arguments: { city: "Paris" } },
      { type: "tool_call_delta", index: 1, id: "call_aB3cD5eF7gH9iJ1k", name: "get_weather", argumentsDelta: "" },
      { type: "tool_call_delta", index: 1, argumentsDelta: '{"city":' },
      { type: "tool_call_delta", index: 1, argumentsDelta: '"Tokyo"' },
      { type: "tool_call_delta", index: 1, argumentsDelta: "}" },
      { type: "tool_call", id: "call_aB3cD5eF7gH9iJ1k", name: "get_weather", arguments: { city: "Tokyo" } },
      { type: "usage", input: 312, output: 120, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("response.incomplete for max_output_tokens ends with usage and a length stop", () => {
    const events = decodeAll(decoder(), fixtureFrames("openai-responses-stream-incomplete.txt"));
    expect(events).toEqual([
      { type: "text", delta: "Once upon a time" },
      { type: "text", delta: ", in a quiet valley" },
      { type: "text", delta: ", there lived a" },
      { type: "usage", input: 25, output: 16, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "length" },
    ]);
  });

  it("decodes the same events when a compatible server sends no `event:` lines", () => {
    const bare = readCallsFixture("openai-responses-stream-tools.txt").replace(/^event: .*\n/gm, "");
    const frames = sseFrames(bare);
    expect(frames.every((f) => f.event === undefined)).toBe(true);
    expect(decodeAll(decoder(), frames)).toEqual(decodeAll(decoder(), fixtureFrames("openai-responses-stream-tools.txt")));
  });
});

describe("openai-responses decoder: edge cases", () => {
  it("maps incomplete content_filter to content_filter and drops a call cut mid-arguments", () => {
    const events = decodeAll(decoder(), [
      named("response.output_item.added", { output_index: 0, item: { type: "function_call", id: "fc_1", call_id: "call_1", name: "write", arguments: "" } }),
      named("response.function_call_arguments.delta", { output_index: 0, item_id: "fc_1", delta: '{"text":"Lor' }),
      named("response.incomplete", { response: { status: "incomplete", incomplete_details: { reason: "content_filter" }, usage: null } }),
    ]);
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id: "call_1", name: "write", argumentsDelta: "" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '{"text":"Lor' },
      { type: "stop", reason: "content_filter" },
    ]);
  });

  it("takes a call from output_item.done when a server skips the argument events, and counts cache writes", () => {
    const events = decodeAll(decoder(), [
      named("response.output_item.done", { output_index: 3, item: { type: "function_call", id: "fc_9", call_id: "call_9", name: "ls", arguments: '{"dir":"/"}' } }),
      named("response.completed", {
        response: { status: "completed", usage: { input_tokens: 5000, input_tokens_details: { cached_tokens: 1000, cache_write_tokens: 3000 }, output_tokens: 12 } },
      }),
    ]);
    expect(events).toEqual([
      { type: "tool_call", id: "call_9", name: "ls", arguments: { dir: "/" } },
      { type: "usage", input: 1000, output: 12, cacheRead: 1000, cacheWrite: 3000 },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("emits a function call once even though both .done events carry it", () => {
    const frames = fixtureFrames("openai-responses-stream-tools.txt");
    const events = decodeAll(decoder(), frames);
    expect(events.filter((e) => e.type === "tool_call")).toHaveLength(2);
  });

  it("skips events it does not use without parsing them, and ignores a trailing [DONE]", () => {
    const d = decoder();
    expect(d.push({ event: "response.output_text.done", data: "{not json: skipped by name" })).toEqual([]);
    expect(d.push(named("response.output_text.delta", { delta: "ok" }))).toEqual([{ type: "text", delta: "ok" }]);
    expect(d.push(named("response.completed", { response: { status: "completed", usage: null } }))).toEqual([{ type: "stop", reason: "stop" }]);
    expect(d.push({ event: undefined, data: "[DONE]" })).toEqual([]);
    expect(d.end()).toEqual([]);
  });

  it("rejects a handled event whose data is not JSON as stream_malformed", () => {
    const { error } = decodeUntilError(decoder(), [{ event: "response.output_text.delta", data: '{"type":"response.output_text.delta","del' }]);
    expect(asCallError(error).code).toBe("stream_malformed");
  });

  it("rejects unparsable final arguments of a completed call as stream_malformed", () => {
    const { error } = decodeUntilError(decoder(), [
      named("response.output_item.added", { output_index: 0, item: { type: "function_call", call_id: "call_1", name: "f", arguments: "" } }),
      named("response.function_call_arguments.done", { output_index: 0, arguments: "{oops" }),
    ]);
    expect(asCallError(error).code).toBe("stream_malformed");
  });
});

describe("openai-responses decoder: failures inside the stream", () => {
  it("a stream cut before response.completed is stream_truncated, after the output it did carry", () => {
    const frames = fixtureFrames("openai-responses-stream-tools.txt");
    expect(frames.at(-1)!.event).toBe("response.completed");
    const { events, error } = decodeUntilError(decoder(), frames.slice(0, -1));
    expect(events.filter((e) => e.type === "tool_call")).toHaveLength(2);
    expect(events.some((e) => e.type === "stop" || e.type === "usage")).toBe(false);
    const e = asCallError(error);
    expect(e.code).toBe("stream_truncated");
    expect(e.kind).toBe("network");
    expect(e.message).toContain("response.completed");
  });

  it("an `error` event with rate_limit_exceeded is a rate_limit ProviderCallError after the text already sent", () => {
    const { events, error } = decodeUntilError(decoder(), fixtureFrames("openai-responses-stream-error.txt"));
    expect(events).toEqual([
      { type: "text", delta: "Hel" },
      { type: "text", delta: "lo" },
    ]);
    const e = asCallError(error);
    expect(e.code).toBe("stream_error");
    expect(e.kind).toBe("rate_limit");
    expect(e.message).toContain("Rate limit reached for gpt-4.1");
  });

  it("response.failed with server_error is a server_error ProviderCallError", () => {
    const { events, error } = decodeUntilError(decoder(), fixtureFrames("openai-responses-stream-failed.txt"));
    expect(events).toEqual([]);
    const e = asCallError(error);
    expect(e.code).toBe("stream_error");
    expect(e.kind).toBe("server_error");
    expect(e.message).toContain("An error occurred while processing your request");
  });

  it("response.failed without an error object is still a server_error", () => {
    const { error } = decodeUntilError(decoder(), [named("response.failed", { response: { status: "failed", error: null } })]);
    expect(asCallError(error).kind).toBe("server_error");
  });

  it("never puts a key the provider echoes into the error message", () => {
    const { error } = decodeUntilError(decoder(), [
      named("error", { code: "invalid_api_key", message: `Incorrect API key provided: ${KEY}.`, param: null }),
    ]);
    const e = asCallError(error);
    expect(e.message).not.toContain(KEY);
    expect(JSON.stringify(e)).not.toContain(KEY);
  });
});

describe("openai-responses request", () => {
  it("builds a streaming, unstored request: instructions, input items, max_output_tokens, flat tools, Bearer auth", () => {
    const wire = openaiResponsesAdapter.buildRequest(
      input(
        { system: "Be brief.", messages: [{ role: "user", content: "Weather in Paris and Tokyo?" }], tools: [WEATHER_TOOL], toolChoice: "auto", temperature: 1 },
        { headers: { "openai-organization": "org-1" } },
      ),
    );
    expect(wire).toEqual({
      url: "https://api.openai.com/v1/responses",
      headers: { "openai-organization": "org-1" },
      credentialHeaders: { authorization: `Bearer ${KEY}` },
      framing: "sse",
      body: {
        model: "gpt-5-mini",
        instructions: "Be brief.",
        input: [{ role: "user", content: [{ type: "input_text", text: "Weather in Paris and Tokyo?" }] }],
        stream: true,
        store: false,
        max_output_tokens: 4096,
        temperature: 1,
        tools: [{ type: "function", ...WEATHER_TOOL, strict: false }],
        tool_choice: "auto",
      },
    });
  });

  it("round-trips function calls: decoded calls and their results become function_call / function_call_output items", () => {
    const events = decodeAll(decoder(), fixtureFrames("openai-responses-stream-tools.txt"));
    const { content } = assemble(events);
    const messages: ChatMessage[] = [
      { role: "user", content: "Weather in Paris and Tokyo?" },
      { role: "assistant", content: [{ type: "thinking", text: "Two cities, two calls." }, ...content] },
      {
        role: "tool",
        content: [
          { type: "tool_result", toolCallId: "call_pQ7rS2tU9vW4xY6z", content: '{"tempC":21}' },
          { type: "tool_result", toolCallId: "call_aB3cD5eF7gH9iJ1k", content: '{"tempC":27}' },
        ],
      },
    ];
    const body = openaiResponsesAdapter.buildRequest(input({ messages, tools: [WEATHER_TOOL] })).body as Record<string, unknown>;
    expect(body.input).toEqual([
      { role: "user", content: [{ type: "input_text", text: "Weather in Paris and Tokyo?" }] },
      { type: "function_call", call_id: "call_pQ7rS2tU9vW4xY6z", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", call_id: "call_aB3cD5eF7gH9iJ1k", name: "get_weather", arguments: '{"city":"Tokyo"}' },
      { type: "function_call_output", call_id: "call_pQ7rS2tU9vW4xY6z", output: '{"tempC":21}' },
      { type: "function_call_output", call_id: "call_aB3cD5eF7gH9iJ1k", output: '{"tempC":27}' },
    ]);
  });

  it("keeps assistant text and calls in order as output_text messages and function_call items", () => {
    const body = openaiResponsesAdapter.buildRequest(
      input({
        messages: [
          { role: "user", content: "List /" },
          { role: "assistant", content: [{ type: "text", text: "Listing." }, { type: "tool_call", id: "call_1", name: "ls", arguments: { dir: "/" } }, { type: "text", text: "Then more." }] },
          { role: "user", content: [{ type: "tool_result", toolCallId: "call_1", content: "bin etc" }, { type: "text", text: "Go on" }] },
          { role: "assistant", content: "Done." },
        ],
      }),
    ).body as Record<string, unknown>;
    expect(body.input).toEqual([
      { role: "user", content: [{ type: "input_text", text: "List /" }] },
      { role: "assistant", content: [{ type: "output_text", text: "Listing." }] },
      { type: "function_call", call_id: "call_1", name: "ls", arguments: '{"dir":"/"}' },
      { role: "assistant", content: [{ type: "output_text", text: "Then more." }] },
      { type: "function_call_output", call_id: "call_1", output: "bin etc" },
      { role: "user", content: [{ type: "input_text", text: "Go on" }] },
      { role: "assistant", content: [{ type: "output_text", text: "Done." }] },
    ]);
    expect(body.instructions).toBeUndefined();
  });

  it("sends images as input_image data URLs", () => {
    const body = openaiResponsesAdapter.buildRequest(
      input({ messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", data: "/9j/4AAQSkZJRg==", mimeType: "image/jpeg" }] }] }),
    ).body as Record<string, unknown>;
    expect(body.input).toEqual([
      {
        role: "user",
        content: [
          { type: "input_text", text: "What is this?" },
          { type: "input_image", image_url: "data:image/jpeg;base64,/9j/4AAQSkZJRg==", detail: "auto" },
        ],
      },
    ]);
  });

  it("adds summary: auto to a reasoning effort so summaries stream; a tool choice by name is flat", () => {
    const body = openaiResponsesAdapter.buildRequest(
      input(
        { messages: [{ role: "user", content: "Hi" }], tools: [WEATHER_TOOL], toolChoice: { name: "get_weather" } },
        { thinkingParams: { reasoning: { effort: "high" } } },
      ),
    ).body as Record<string, unknown>;
    expect(body.reasoning).toEqual({ effort: "high", summary: "auto" });
    expect(body.tool_choice).toEqual({ type: "function", name: "get_weather" });
  });

  it("keeps a caller's summary setting and adds none when reasoning is off", () => {
    const build = (reasoning: Record<string, unknown>) =>
      (openaiResponsesAdapter.buildRequest(input({ messages: [{ role: "user", content: "Hi" }] }, { thinkingParams: { reasoning } })).body as Record<string, unknown>).reasoning;
    expect(build({ effort: "low", summary: "detailed" })).toEqual({ effort: "low", summary: "detailed" });
    expect(build({ effort: "none" })).toEqual({ effort: "none" });
  });

  it("sends no Authorization to a keyless server and strips a trailing slash from the base URL", () => {
    const wire = openaiResponsesAdapter.buildRequest(
      input({ messages: [{ role: "user", content: "Hi" }] }, { apiKey: null, model: { id: "gpt-oss-20b", provider: "vllm", api: "openai-responses", baseUrl: "http://127.0.0.1:8000/v1/" } }),
    );
    expect(wire.url).toBe("http://127.0.0.1:8000/v1/responses");
    expect(wire.credentialHeaders).toEqual({});
    expect(wire.headers).toEqual({});
  });
});
