import { describe, expect, it } from "vitest";
import { ollamaAdapter } from "../../../src/calls/adapters/ollama.js";
import type { ChatRequest, Part } from "../../../src/calls/chat-request.js";
import type { WireFrame } from "../../../src/calls/wire-adapter.js";
import { assemble, caughtCallError, decodeAll, frameOf, ndjsonFrames, readCallsFixture, requestBuilders } from "./replay.js";

// Fixtures: test/fixtures/calls/ollama-chat-stream*.ndjson (copied from the shared research fixtures; shapes from
// github.com/ollama/ollama docs/api.md, "Generate a chat completion").

const KEY = "sk-ollama-cloud-0123456789abcdefghij";
const ID = /^call_0_[a-z0-9]{6}$/;

const { input, body } = requestBuilders(ollamaAdapter, {
  model: { id: "qwen3:8b", provider: "ollama", api: "ollama", baseUrl: "http://127.0.0.1:11434" },
  maxTokens: 2048,
  apiKey: null,
});
const replay = (frames: readonly WireFrame[]) => decodeAll(ollamaAdapter.createDecoder(), frames);

describe("ollamaAdapter decoder", () => {
  it("replays a thinking stream: thinking, text, usage from the done line, stop", () => {
    expect(replay(ndjsonFrames(readCallsFixture("ollama-chat-stream.ndjson")))).toEqual([
      { type: "thinking", delta: "The user greets me." },
      { type: "thinking", delta: " Reply briefly." },
      { type: "text", delta: "Hello" },
      { type: "text", delta: "! How can I help?" },
      { type: "usage", input: 14, output: 15, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
  });

  it("replays a tool call with a synthesized id and turns done_reason stop into tool_use", () => {
    const events = replay(ndjsonFrames(readCallsFixture("ollama-chat-stream-tools.ndjson")));
    const id = (events[0] as { id: string }).id;
    expect(id).toMatch(ID);
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id, name: "get_weather", argumentsDelta: '{"city":"Tokyo"}' },
      { type: "tool_call", id, name: "get_weather", arguments: { city: "Tokyo" } },
      { type: "usage", input: 169, output: 15, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("numbers several calls in one answer, keeps a wire id, and parses string arguments", () => {
    const decoder = ollamaAdapter.createDecoder();
    const events = decoder.push(
      frameOf({
        message: {
          role: "assistant",
          content: "",
          tool_calls: [
            { function: { name: "a", arguments: { x: 1 } } },
            { id: "wire-id", function: { name: "b", arguments: '{"y":2}' } },
            { function: { name: "c" } },
          ],
        },
        done: false,
      }),
    );
    const first = (events[0] as { id: string }).id;
    const third = (events[4] as { id: string }).id;
    expect(first).toMatch(ID);
    // The counter counts synthesized ids only (the wire-id call took none).
    expect(third).toMatch(/^call_1_[a-z0-9]{6}$/);
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id: first, name: "a", argumentsDelta: '{"x":1}' },
      { type: "tool_call", id: first, name: "a", arguments: { x: 1 } },
      { type: "tool_call_delta", index: 1, id: "wire-id", name: "b", argumentsDelta: '{"y":2}' },
      { type: "tool_call", id: "wire-id", name: "b", arguments: { y: 2 } },
      { type: "tool_call_delta", index: 2, id: third, name: "c", argumentsDelta: "{}" },
      { type: "tool_call", id: third, name: "c", arguments: {} },
    ]);
  });

  it.each([
    ["length", "length"],
    ["load", null],
    [undefined, null],
  ])("maps done_reason %s to %s, and missing counts to 0", (doneReason, reason) => {
    const decoder = ollamaAdapter.createDecoder();
    expect(decoder.push(frameOf({ model: "m", message: { role: "assistant", content: "" }, done: true, ...(doneReason ? { done_reason: doneReason } : {}) }))).toEqual([
      { type: "usage", input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  it("skips blank lines", () => {
    const decoder = ollamaAdapter.createDecoder();
    expect(decoder.push({ event: undefined, data: "  \r" })).toEqual([]);
  });

  it("throws the error line as a ProviderCallError after the text before it", () => {
    const frames = ndjsonFrames(readCallsFixture("ollama-chat-stream-error.ndjson"));
    const decoder = ollamaAdapter.createDecoder();
    expect(decoder.push(frames[0]!)).toEqual([{ type: "text", delta: " Yes" }]);
    expect(decoder.push(frames[1]!)).toEqual([{ type: "text", delta: "." }]);
    const error = caughtCallError(() => decoder.push(frames[2]!));
    expect(error).toMatchObject({ code: "stream_error", kind: "server_error" });
    expect(error.message).toContain("an error was encountered while running the model");
  });

  it("keeps a key out of an in-stream error's message", () => {
    const error = caughtCallError(() => ollamaAdapter.createDecoder().push(frameOf({ error: `unauthorized: Bearer ${KEY}` })));
    expect(error.message).not.toContain(KEY);
  });

  it("throws stream_truncated when the stream ends without done: true", () => {
    const frames = ndjsonFrames(readCallsFixture("ollama-chat-stream.ndjson")).slice(0, -1);
    const decoder = ollamaAdapter.createDecoder();
    for (const frame of frames) decoder.push(frame);
    const error = caughtCallError(() => decoder.end());
    expect(error).toMatchObject({ code: "stream_truncated", kind: "network" });
    expect(error.message).toContain('"done": true');
  });

  it("throws stream_malformed for a line that is not a JSON object or a tool call without a name", () => {
    expect(caughtCallError(() => ollamaAdapter.createDecoder().push({ event: undefined, data: '{"model":"qwen3:8b","message":{"role":"assis' }))).toMatchObject({
      code: "stream_malformed",
      kind: "server_error",
    });
    expect(caughtCallError(() => ollamaAdapter.createDecoder().push({ event: undefined, data: "<html>502 Bad Gateway</html>" }))).toMatchObject({ code: "stream_malformed" });
    expect(caughtCallError(() => ollamaAdapter.createDecoder().push({ event: undefined, data: "42" }))).toMatchObject({ code: "stream_malformed" });
    expect(caughtCallError(() => ollamaAdapter.createDecoder().push(frameOf({ message: { tool_calls: [{ function: { arguments: {} } }] } })))).toMatchObject({
      code: "stream_malformed",
    });
    expect(caughtCallError(() => ollamaAdapter.createDecoder().push(frameOf({ message: { tool_calls: [{ function: { name: "a", arguments: "{cut" } }] } })))).toMatchObject({
      code: "stream_malformed",
    });
  });
});

describe("ollamaAdapter.buildRequest", () => {
  it("posts the native chat body to /api/chat with no credential for a keyless server", () => {
    const wire = ollamaAdapter.buildRequest(
      input({ system: "Be brief.", messages: [{ role: "user", content: "Hi" }], temperature: 0.2 }, { headers: { "x-trace": "1" } }),
    );
    expect(wire.url).toBe("http://127.0.0.1:11434/api/chat");
    expect(wire.framing).toBe("ndjson");
    expect(wire.credentialHeaders).toEqual({});
    expect(wire.headers).toEqual({ "x-trace": "1" });
    expect(wire.body).toEqual({
      model: "qwen3:8b",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
      stream: true,
      options: { num_predict: 2048, temperature: 0.2 },
    });
  });

  it.each([
    ["http://127.0.0.1:11434/", "http://127.0.0.1:11434/api/chat"],
    ["http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/api/chat"],
    ["http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434/api/chat"],
    ["https://gpu-box.lan/ollama/", "https://gpu-box.lan/ollama/api/chat"],
  ])("calls the native api at the root of %s, never under /v1", (baseUrl, url) => {
    expect(ollamaAdapter.buildRequest(input({ messages: [{ role: "user", content: "Hi" }] }, { model: { id: "llama3.2", provider: "ollama", api: "ollama", baseUrl } })).url).toBe(url);
  });

  it("sends a configured key as a Bearer credential, never in the URL or body", () => {
    const wire = ollamaAdapter.buildRequest(input({ messages: [{ role: "user", content: "Hi" }] }, { apiKey: KEY, model: { id: "gpt-oss:120b", provider: "ollama-cloud", api: "ollama", baseUrl: "https://ollama.com" } }));
    expect(wire.credentialHeaders).toEqual({ authorization: `Bearer ${KEY}` });
    expect(wire.url).toBe("https://ollama.com/api/chat");
    expect(wire.url).not.toContain("key=");
    expect(JSON.stringify(wire.body)).not.toContain(KEY);
  });

  it("merges the thinking params at the top level without changing them", () => {
    const thinkingParams = { think: "high" };
    expect(body({ messages: [{ role: "user", content: "Hi" }] }, { thinkingParams })).toEqual({
      model: "qwen3:8b",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      options: { num_predict: 2048 },
      think: "high",
    });
    expect(body({ messages: [{ role: "user", content: "Hi" }] }, { thinkingParams: { think: false } }).think).toBe(false);
    expect(thinkingParams).toEqual({ think: "high" });
  });

  it("declares tools as functions; toolChoice none sends none and a named choice only that one", () => {
    const tools = [
      { name: "get_weather", description: "Weather by city", parameters: { type: "object", properties: { city: { type: "string" } } } },
      { name: "get_time", parameters: { type: "object", properties: {} } },
    ];
    const request: ChatRequest = { messages: [{ role: "user", content: "Hi" }], tools };
    expect(body(request).tools).toEqual([
      { type: "function", function: { name: "get_weather", description: "Weather by city", parameters: { type: "object", properties: { city: { type: "string" } } } } },
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ]);
    expect(body({ ...request, toolChoice: "none" }).tools).toBeUndefined();
    expect(body({ ...request, toolChoice: { name: "get_time" } }).tools).toEqual([
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ]);
    expect(body({ ...request, toolChoice: "required" }).tools).toHaveLength(2);
  });

  it("sends images as base64 in the user message's images", () => {
    expect(
      body({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is in this picture?" },
              { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
              { type: "image", data: "/9j/4AAQ", mimeType: "image/jpeg" },
            ],
          },
        ],
      }).messages,
    ).toEqual([{ role: "user", content: "What is in this picture?", images: ["iVBORw0KGgo=", "/9j/4AAQ"] }]);
  });

  it("round-trips a streamed tool call: the assistant's tool_calls, then the result named by its call", () => {
    const assistant = assemble(replay(ndjsonFrames(readCallsFixture("ollama-chat-stream-tools.ndjson"))));
    const call = assistant.content[0] as Part & { id: string };
    expect(call.type).toBe("tool_call");
    const built = body({
      messages: [
        { role: "user", content: "Weather in Tokyo?" },
        assistant,
        { role: "tool", content: [{ type: "tool_result", toolCallId: call.id, content: '{"tempC":18}' }] },
      ],
    });
    expect(built.messages).toEqual([
      { role: "user", content: "Weather in Tokyo?" },
      { role: "assistant", content: "", tool_calls: [{ function: { name: "get_weather", arguments: { city: "Tokyo" } } }] },
      { role: "tool", content: '{"tempC":18}', tool_name: "get_weather" },
    ]);
  });

  it("sends the assistant's thinking back, names several results by their calls, and puts results before new text", () => {
    const assistant = assemble(replay(ndjsonFrames(readCallsFixture("ollama-chat-stream.ndjson"))));
    const built = body({
      messages: [
        { role: "user", content: "Hello" },
        assistant,
        { role: "user", content: "Time and weather?" },
        {
          role: "assistant",
          content: [
            { type: "tool_call", id: "call_0_abcdef", name: "get_time", arguments: {} },
            { type: "tool_call", id: "call_1_abcdef", name: "get_weather", arguments: { city: "Oslo" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "text", text: "Here you go." },
            { type: "tool_result", toolCallId: "call_1_abcdef", content: "-3C" },
            { type: "tool_result", toolCallId: "call_0_abcdef", content: "12:00" },
          ],
        },
      ],
    });
    expect(built.messages).toEqual([
      { role: "user", content: "Hello" },
      { role: "assistant", content: "Hello! How can I help?", thinking: "The user greets me. Reply briefly." },
      { role: "user", content: "Time and weather?" },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ function: { name: "get_time", arguments: {} } }, { function: { name: "get_weather", arguments: { city: "Oslo" } } }],
      },
      { role: "tool", content: "-3C", tool_name: "get_weather" },
      { role: "tool", content: "12:00", tool_name: "get_time" },
      { role: "user", content: "Here you go." },
    ]);
  });

  it("refuses a tool result whose call is not in the history", () => {
    expect(
      caughtCallError(() => ollamaAdapter.buildRequest(input({ messages: [{ role: "tool", content: [{ type: "tool_result", toolCallId: "call_5_zzzzzz", content: "x" }] }] }))),
    ).toMatchObject({ code: "invalid_argument", kind: "bad_request" });
  });
});
