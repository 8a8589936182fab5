import { describe, expect, it } from "vitest";
import { googleGenerativeAiAdapter } from "../../../src/calls/adapters/google-generative-ai.js";
import type { ChatRequest, Part } from "../../../src/calls/chat-request.js";
import type { WireEvent, WireFrame } from "../../../src/calls/wire-adapter.js";
import { assemble, caughtCallError, decodeAll, frameOf, readCallsFixture, requestBuilders, sseFrames } from "./replay.js";

// Fixtures: test/fixtures/calls/gemini-stream-*.txt (sources in each file's leading SSE comment lines).

const KEY = "AIzaSyD-test0000000000000000000000000000";
const SIGNATURE_THINKING = "EjQKMgEMOdbHVZ1b2sYx7kQ3hO0mFq0Ln4xAbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
const SIGNATURE_TOOLS = "CikBcsjafFK168IbtVtoxVV0Tsn8O+eU45rzJahzwuKGmMbdMdfpmNpgBwplAXLI2nyA/pIFcnZwFm+7WFmLyMd8R4DXwsjqaeAAfCKo5G1xIkbAlJp8Vevn";
const ID = /^call_\d+_[a-z0-9]{6}$/;

const { input, body } = requestBuilders(googleGenerativeAiAdapter, {
  model: { id: "gemini-2.5-flash", provider: "google", api: "google-generative-ai", baseUrl: "https://generativelanguage.googleapis.com/v1beta" },
  maxTokens: 1024,
  apiKey: KEY,
});
const replay = (frames: readonly WireFrame[]) => decodeAll(googleGenerativeAiAdapter.createDecoder(), frames);

describe("googleGenerativeAiAdapter decoder", () => {
  it("replays a thinking stream: thought summaries, text, the trailing signature, usage net of the cache, stop", () => {
    const events = replay(sseFrames(readCallsFixture("gemini-stream-thinking.txt")));
    expect(events).toEqual([
      { type: "thinking", delta: "**Greeting the user**\n\nThe user says hello." },
      { type: "thinking", delta: " A short, friendly reply fits." },
      { type: "text", delta: "Hello" },
      { type: "text", delta: "! How can I help you today?" },
      { type: "thinking_signature", signature: SIGNATURE_THINKING },
      // prompt 1210 − cached 1024; candidates 9 + thoughts 80.
      { type: "usage", input: 186, output: 89, cacheRead: 1024, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
  });

  it("replays function calls with synthesized ids, the signature before the signed call, and stop tool_use", () => {
    const events = replay(sseFrames(readCallsFixture("gemini-stream-tools.txt")));
    expect(events).toHaveLength(8);
    const [delta0, call0, delta1, call1] = [events[2], events[3], events[4], events[5]] as [WireEvent & { id: string }, WireEvent, WireEvent & { id: string }, WireEvent];
    expect(delta0.id).toMatch(ID);
    expect(delta1.id).toMatch(ID);
    expect(delta0.id).not.toBe(delta1.id);
    expect(events).toEqual([
      { type: "thinking", delta: "**Checking the weather**\n\nI need the weather in both cities." },
      { type: "thinking_signature", signature: SIGNATURE_TOOLS },
      { type: "tool_call_delta", index: 0, id: delta0.id, name: "getWeather", argumentsDelta: '{"location":"Tokyo"}' },
      { type: "tool_call", id: delta0.id, name: "getWeather", arguments: { location: "Tokyo" } },
      { type: "tool_call_delta", index: 1, id: delta1.id, name: "getWeather", argumentsDelta: '{"location":"Paris","unit":"celsius"}' },
      { type: "tool_call", id: delta1.id, name: "getWeather", arguments: { location: "Paris", unit: "celsius" } },
      { type: "usage", input: 83, output: 132, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "tool_use" },
    ]);
    expect(call0).toMatchObject({ id: delta0.id });
    expect(call1).toMatchObject({ id: delta1.id });
  });

  it("gives the calls of two answers different ids", () => {
    const first = replay(sseFrames(readCallsFixture("gemini-stream-tools.txt"))).find((event) => event.type === "tool_call");
    const second = replay(sseFrames(readCallsFixture("gemini-stream-tools.txt"))).find((event) => event.type === "tool_call");
    expect(first).toBeDefined();
    expect((first as { id: string }).id).not.toBe((second as { id: string }).id);
  });

  it("keeps an id the wire does send", () => {
    const decoder = googleGenerativeAiAdapter.createDecoder();
    const events = decoder.push(frameOf({ candidates: [{ content: { parts: [{ functionCall: { id: "fc-7", name: "ping", args: {} } }] } }] }));
    expect(events).toEqual([
      { type: "tool_call_delta", index: 0, id: "fc-7", name: "ping", argumentsDelta: "{}" },
      { type: "tool_call", id: "fc-7", name: "ping", arguments: {} },
    ]);
  });

  it("maps MAX_TOKENS to length", () => {
    expect(replay(sseFrames(readCallsFixture("gemini-stream-max-tokens.txt")))).toEqual([
      { type: "text", delta: "Once upon a time, in a valley" },
      { type: "text", delta: " far away" },
      { type: "usage", input: 12, output: 10, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "length" },
    ]);
  });

  it("maps SAFETY to content_filter", () => {
    expect(replay(sseFrames(readCallsFixture("gemini-stream-safety.txt")))).toEqual([
      { type: "text", delta: "Here is an overview" },
      { type: "usage", input: 31, output: 4, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "content_filter" },
    ]);
  });

  it("ends a blocked prompt (promptFeedback.blockReason, no candidate) with content_filter", () => {
    expect(replay(sseFrames(readCallsFixture("gemini-stream-blocked-prompt.txt")))).toEqual([
      { type: "usage", input: 18, output: 0, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "content_filter" },
    ]);
  });

  it.each([
    ["RECITATION", "content_filter"],
    ["BLOCKLIST", "content_filter"],
    ["PROHIBITED_CONTENT", "content_filter"],
    ["SPII", "content_filter"],
    ["MALFORMED_FUNCTION_CALL", null],
    ["OTHER", null],
  ])("maps finishReason %s to %s, with no usage event when none was sent", (finishReason, reason) => {
    const decoder = googleGenerativeAiAdapter.createDecoder();
    expect(decoder.push(frameOf({ candidates: [{ finishReason, index: 0 }] }))).toEqual([{ type: "stop", reason }]);
    expect(decoder.end()).toEqual([]);
  });

  it("ignores frames after the finish", () => {
    const decoder = googleGenerativeAiAdapter.createDecoder();
    decoder.push(frameOf({ candidates: [{ content: { parts: [{ text: "Hi" }] }, finishReason: "STOP" }] }));
    expect(decoder.push(frameOf({ candidates: [{ content: { parts: [{ text: "late" }] } }] }))).toEqual([]);
  });

  it("throws the in-stream error as a ProviderCallError classified from the Google error body", () => {
    const frames = sseFrames(readCallsFixture("gemini-stream-error.txt"));
    const decoder = googleGenerativeAiAdapter.createDecoder();
    expect(decoder.push(frames[0]!)).toEqual([{ type: "text", delta: "The first" }]);
    const error = caughtCallError(() => decoder.push(frames[1]!));
    expect(error.code).toBe("stream_error");
    expect(error.kind).toBe("overloaded");
    expect(error.message).toContain("The google-generative-ai stream reported an error after it started: The model is overloaded. Please try again later.");
  });

  it("classifies an in-stream quota error as rate-limit class and keeps the key out of the message", () => {
    const decoder = googleGenerativeAiAdapter.createDecoder();
    const error = caughtCallError(() =>
      decoder.push(frameOf({ error: { code: 429, message: `Quota exceeded for key ${KEY}.`, status: "RESOURCE_EXHAUSTED" } })),
    );
    expect(error.kind).toBe("rate_limit");
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it("throws stream_truncated when the stream ends without a finishReason", () => {
    const frames = sseFrames(readCallsFixture("gemini-stream-max-tokens.txt"));
    const decoder = googleGenerativeAiAdapter.createDecoder();
    expect(decoder.push(frames[0]!)).toEqual([{ type: "text", delta: "Once upon a time, in a valley" }]);
    const error = caughtCallError(() => decoder.end());
    expect(error).toMatchObject({ code: "stream_truncated", kind: "network" });
    expect(error.message).toContain("a chunk with a finishReason");
  });

  it("throws stream_malformed for a frame that is not JSON, or not an object, and never echoes a key", () => {
    const cut = caughtCallError(() => googleGenerativeAiAdapter.createDecoder().push({ event: undefined, data: `{"candidates": [{"content": {"parts": [{"text": "${KEY}` }));
    expect(cut).toMatchObject({ code: "stream_malformed", kind: "server_error" });
    expect(cut.message).not.toContain(KEY);
    expect(caughtCallError(() => googleGenerativeAiAdapter.createDecoder().push({ event: undefined, data: "[1,2]" }))).toMatchObject({ code: "stream_malformed" });
    expect(caughtCallError(() => googleGenerativeAiAdapter.createDecoder().push(frameOf({ candidates: [{ content: { parts: [{ functionCall: { args: {} } }] } }] })))).toMatchObject({
      code: "stream_malformed",
    });
  });
});

describe("googleGenerativeAiAdapter.buildRequest", () => {
  it("posts to models/{id}:streamGenerateContent?alt=sse with the key in x-goog-api-key, never in the URL", () => {
    const wire = googleGenerativeAiAdapter.buildRequest(
      input({ system: "Be brief.", messages: [{ role: "user", content: "Hi" }], temperature: 0.3 }, { headers: { "x-goog-user-project": "demo" } }),
    );
    expect(wire.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(wire.url).not.toContain("key=");
    expect(wire.url).not.toContain(KEY);
    expect(wire.credentialHeaders).toEqual({ "x-goog-api-key": KEY });
    expect(wire.headers).toEqual({ "x-goog-user-project": "demo" });
    expect(wire.framing).toBe("sse");
    expect(wire.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "Hi" }] }],
      systemInstruction: { parts: [{ text: "Be brief." }] },
      generationConfig: { maxOutputTokens: 1024, temperature: 0.3 },
    });
    expect(JSON.stringify(wire.body)).not.toContain(KEY);
  });

  it.each([
    ["https://generativelanguage.googleapis.com/v1beta/", "gemini-2.5-pro", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"],
    ["https://proxy.example/v1beta//", "models/gemini-2.5-pro", "https://proxy.example/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"],
    ["https://generativelanguage.googleapis.com/v1beta", "tunedModels/my-tune", "https://generativelanguage.googleapis.com/v1beta/tunedModels/my-tune:streamGenerateContent?alt=sse"],
  ])("strips the trailing slash of %s and never doubles models/ (%s)", (baseUrl, id, url) => {
    const wire = googleGenerativeAiAdapter.buildRequest(
      input({ messages: [{ role: "user", content: "Hi" }] }, { model: { id, provider: "google", api: "google-generative-ai", baseUrl } }),
    );
    expect(wire.url).toBe(url);
  });

  it("sends no credential header for a keyless endpoint", () => {
    expect(googleGenerativeAiAdapter.buildRequest(input({ messages: [{ role: "user", content: "Hi" }] }, { apiKey: null })).credentialHeaders).toEqual({});
  });

  it("deep-merges the thinking params into generationConfig and turns on thought summaries", () => {
    const thinkingParams = { generationConfig: { thinkingConfig: { thinkingBudget: 2048 } } };
    expect(body({ messages: [{ role: "user", content: "Hi" }], temperature: 1 }, { thinkingParams }).generationConfig).toEqual({
      maxOutputTokens: 1024,
      temperature: 1,
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
    // The engine's params object is not changed.
    expect(thinkingParams).toEqual({ generationConfig: { thinkingConfig: { thinkingBudget: 2048 } } });
    expect(body({ messages: [{ role: "user", content: "Hi" }] }, { thinkingParams: { generationConfig: { thinkingConfig: { thinkingLevel: "high" } } } }).generationConfig).toEqual({
      maxOutputTokens: 1024,
      thinkingConfig: { thinkingLevel: "high", includeThoughts: true },
    });
  });

  it("asks for no thought summaries when thinking is off or no thinking config is sent", () => {
    expect(body({ messages: [{ role: "user", content: "Hi" }] }, { thinkingParams: { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } } }).generationConfig).toEqual({
      maxOutputTokens: 1024,
      thinkingConfig: { thinkingBudget: 0 },
    });
    expect(body({ messages: [{ role: "user", content: "Hi" }] }).generationConfig).toEqual({ maxOutputTokens: 1024 });
  });

  it("declares tools and maps the tool choice to functionCallingConfig", () => {
    const tools = [
      { name: "get_weather", description: "Weather by city", parameters: { type: "object", properties: { city: { type: "string" } } } },
      { name: "get_time", parameters: { type: "object", properties: {} } },
    ];
    const request: ChatRequest = { messages: [{ role: "user", content: "Hi" }], tools };
    const built = body(request);
    expect(built.tools).toEqual([
      {
        functionDeclarations: [
          { name: "get_weather", description: "Weather by city", parameters: { type: "object", properties: { city: { type: "string" } } } },
          { name: "get_time", parameters: { type: "object", properties: {} } },
        ],
      },
    ]);
    expect(built.toolConfig).toBeUndefined();
    expect(body({ ...request, toolChoice: "auto" }).toolConfig).toEqual({ functionCallingConfig: { mode: "AUTO" } });
    expect(body({ ...request, toolChoice: "none" }).toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
    expect(body({ ...request, toolChoice: "required" }).toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(body({ ...request, toolChoice: { name: "get_time" } }).toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_time"] },
    });
    expect(body({ messages: [{ role: "user", content: "Hi" }], toolChoice: "required" }).toolConfig).toBeUndefined();
  });

  it("sends images as inlineData parts", () => {
    const built = body({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
          ],
        },
      ],
    });
    expect(built.contents).toEqual([{ role: "user", parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }] }]);
  });

  it("round-trips the tool calls of a stream: signed functionCall parts, then the results named by their call", () => {
    const assistant = assemble(replay(sseFrames(readCallsFixture("gemini-stream-tools.txt"))));
    const [tokyo, paris] = assistant.content.filter((part) => part.type === "tool_call") as Array<Part & { id: string }>;
    const built = body({
      messages: [
        { role: "user", content: "Weather in Tokyo and Paris?" },
        assistant,
        { role: "tool", content: [{ type: "tool_result", toolCallId: tokyo!.id, content: '{"tempC":18}' }] },
        { role: "tool", content: [{ type: "tool_result", toolCallId: paris!.id, content: "station offline", isError: true }] },
      ],
    });
    expect(built.contents).toEqual([
      { role: "user", parts: [{ text: "Weather in Tokyo and Paris?" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "getWeather", args: { location: "Tokyo" } }, thoughtSignature: SIGNATURE_TOOLS },
          { functionCall: { name: "getWeather", args: { location: "Paris", unit: "celsius" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "getWeather", response: { content: '{"tempC":18}' } } },
          { functionResponse: { name: "getWeather", response: { error: "station offline" } } },
        ],
      },
    ]);
  });

  it("names each result after the call with its id, whatever the order", () => {
    const built = body({
      messages: [
        { role: "user", content: "Time and weather?" },
        {
          role: "assistant",
          content: [
            { type: "tool_call", id: "call_0_abcdef", name: "get_time", arguments: { tz: "UTC" } },
            { type: "tool_call", id: "call_1_abcdef", name: "get_weather", arguments: { city: "Oslo" } },
          ],
        },
        {
          role: "tool",
          content: [
            { type: "tool_result", toolCallId: "call_1_abcdef", content: "-3C" },
            { type: "tool_result", toolCallId: "call_0_abcdef", content: "12:00" },
          ],
        },
        { role: "user", content: "Thanks" },
      ],
    });
    expect(built.contents).toEqual([
      { role: "user", parts: [{ text: "Time and weather?" }] },
      {
        role: "model",
        parts: [{ functionCall: { name: "get_time", args: { tz: "UTC" } } }, { functionCall: { name: "get_weather", args: { city: "Oslo" } } }],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "get_weather", response: { content: "-3C" } } },
          { functionResponse: { name: "get_time", response: { content: "12:00" } } },
        ],
      },
      { role: "user", parts: [{ text: "Thanks" }] },
    ]);
  });

  it("sends the trailing signature of a thinking stream back on the message's last part, and drops thinking text", () => {
    const assistant = assemble(replay(sseFrames(readCallsFixture("gemini-stream-thinking.txt"))));
    expect(body({ messages: [{ role: "user", content: "Hello" }, assistant, { role: "user", content: "Bye" }] }).contents).toEqual([
      { role: "user", parts: [{ text: "Hello" }] },
      { role: "model", parts: [{ text: "Hello! How can I help you today?", thoughtSignature: SIGNATURE_THINKING }] },
      { role: "user", parts: [{ text: "Bye" }] },
    ]);
  });

  it("hands a thinking block's signature to the next part, and drops unsigned thinking", () => {
    const built = body({
      messages: [
        { role: "user", content: "Hi" },
        {
          role: "assistant",
          content: [
            { type: "thinking", text: "unsigned" },
            { type: "text", text: "Let me check." },
            { type: "thinking", text: "signed", signature: "sig-1" },
            { type: "text", text: "" },
            { type: "tool_call", id: "t1", name: "lookup", arguments: { q: "x" } },
          ],
        },
        { role: "tool", content: [{ type: "tool_result", toolCallId: "t1", content: "found" }] },
      ],
    });
    expect(built.contents).toEqual([
      { role: "user", parts: [{ text: "Hi" }] },
      { role: "model", parts: [{ text: "Let me check." }, { functionCall: { name: "lookup", args: { q: "x" } }, thoughtSignature: "sig-1" }] },
      { role: "user", parts: [{ functionResponse: { name: "lookup", response: { content: "found" } } }] },
    ]);
  });

  it("refuses a tool result whose call is not in the history, before anything is sent", () => {
    const error = caughtCallError(() =>
      googleGenerativeAiAdapter.buildRequest(input({ messages: [{ role: "tool", content: [{ type: "tool_result", toolCallId: "call_3_qqqqqq", content: "x" }] }] })),
    );
    expect(error).toMatchObject({ code: "invalid_argument", kind: "bad_request" });
    expect(error.message).not.toContain(KEY);
  });
});
