import { describe, expect, it } from "vitest";
import { anthropicMessagesAdapter, REDACTED_THINKING_SIGNATURE_PREFIX } from "../../../src/calls/adapters/anthropic-messages.js";
import type { ChatRequest } from "../../../src/calls/chat-request.js";
import type { WireEvent, WireFrame } from "../../../src/calls/wire-adapter.js";
import { assemble, caughtCallError, decodeAll, frameOf, readCallsFixture, requestBuilders, sseFrames } from "./replay.js";

// Fixtures: anthropic-messages-stream.txt and -error.txt are copies of the shared transcripts; the others were written
// from Anthropic's public "Streaming Messages" / "Extended thinking" docs (each file's leading SSE comment names its source).

const KEY = "sk-ant-api03-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ-AAAAAA";
const OAUTH = "sk-ant-oat01-Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0AaSsDdFfGgHhJjKkLl-zyxwvutsrqponmlkjihgfedcba9876543210-BBBBBB";

const { input, body: bodyOf } = requestBuilders(anthropicMessagesAdapter, {
  model: { id: "claude-sonnet-4-5", provider: "anthropic", api: "anthropic-messages", baseUrl: "https://api.anthropic.com" },
  maxTokens: 4096,
  apiKey: KEY,
});
const replay = (frames: readonly WireFrame[]) => decodeAll(anthropicMessagesAdapter.createDecoder(), frames);
const fixtureFrames = (name: string) => sseFrames(readCallsFixture(name));

describe("anthropic-messages decoder: fixture replays", () => {
  it("thinking with signature, text and a streamed tool call, in order, then usage and stop", () => {
    expect(replay(fixtureFrames("anthropic-messages-stream.txt"))).toEqual([
      { type: "thinking", delta: "The user says hello; reply briefly." },
      { type: "thinking_signature", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..." },
      { type: "text", delta: "Hello" },
      { type: "text", delta: "! How can I help?" },
      { type: "tool_call_delta", index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", argumentsDelta: "" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '{"city": "Tok' },
      { type: "tool_call_delta", index: 0, argumentsDelta: 'yo"}' },
      { type: "tool_call", id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: { city: "Tokyo" } },
      { type: "usage", input: 25, output: 89, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("numbers parallel tool calls 0, 1 among tool calls (not by content block index) and reads cache usage", () => {
    const events = replay(fixtureFrames("anthropic-messages-stream-tools.txt"));
    expect(events).toEqual([
      { type: "text", delta: "Okay, let's check" },
      { type: "text", delta: " the weather:" },
      { type: "tool_call_delta", index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", argumentsDelta: "" },
      { type: "tool_call_delta", index: 0, argumentsDelta: '{"location":' },
      { type: "tool_call_delta", index: 0, argumentsDelta: ' "San Francisc' },
      { type: "tool_call_delta", index: 0, argumentsDelta: 'o, CA", ' },
      { type: "tool_call_delta", index: 0, argumentsDelta: '"unit": "fahrenheit"}' },
      { type: "tool_call", id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: { location: "San Francisco, CA", unit: "fahrenheit" } },
      { type: "tool_call_delta", index: 1, id: "toolu_02AbCdEfGhIjKlMnOpQrStUv", name: "get_time", argumentsDelta: "" },
      { type: "tool_call", id: "toolu_02AbCdEfGhIjKlMnOpQrStUv", name: "get_time", arguments: {} },
      { type: "usage", input: 472, output: 89, cacheRead: 3000, cacheWrite: 1200 },
      { type: "stop", reason: "tool_use" },
    ]);
  });

  it("a max_tokens stop is `length`; the last cumulative output count wins", () => {
    expect(replay(fixtureFrames("anthropic-messages-stream-max-tokens.txt"))).toEqual([
      { type: "text", delta: "Once upon a time, a robot" },
      { type: "text", delta: " named Bolt" },
      { type: "usage", input: 25, output: 16, cacheRead: 2048, cacheWrite: 0 },
      { type: "stop", reason: "length" },
    ]);
  });

  it("a redacted_thinking block comes out as a prefixed signature of its own, after the signed thinking", () => {
    const data = "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2pPh7gQ==";
    expect(replay(fixtureFrames("anthropic-messages-stream-redacted-thinking.txt"))).toEqual([
      { type: "thinking", delta: "Let me solve this step by step:\n\n1. First break down 27 * 453" },
      { type: "thinking", delta: "\n2. 453 = 400 + 50 + 3" },
      {
        type: "thinking_signature",
        signature: "ErUBCkYIARgCIkACJWxzySUOJzOlZ8WFdgQSbeQA3H1i5rfkKLV9eC4HN6Jcnrlw1NcnPRIPaTs9jLF3rllsfoidjZapJ+5MLwjVEg==",
      },
      { type: "thinking_signature", signature: `${REDACTED_THINKING_SIGNATURE_PREFIX}${data}` },
      { type: "text", delta: "27 * 453 = 12,231" },
      { type: "usage", input: 778, output: 210, cacheRead: 0, cacheWrite: 0 },
      { type: "stop", reason: "stop" },
    ]);
  });

  it("decodes frames without `event:` names (a proxy that drops them) exactly like named ones", () => {
    const named = fixtureFrames("anthropic-messages-stream.txt");
    const unnamed = named.map((f) => ({ event: undefined, data: f.data }));
    expect(replay(unnamed)).toEqual(replay(named));
  });

  it("maps every documented stop reason", () => {
    const stopOf = (reason: string) => {
      const decoder = anthropicMessagesAdapter.createDecoder();
      decoder.push(frameOf({ type: "message_delta", delta: { stop_reason: reason }, usage: { output_tokens: 3 } }, "message_delta"));
      return decoder.push(frameOf({ type: "message_stop" }, "message_stop")).at(-1);
    };
    expect(stopOf("end_turn")).toEqual({ type: "stop", reason: "stop" });
    expect(stopOf("stop_sequence")).toEqual({ type: "stop", reason: "stop" });
    expect(stopOf("max_tokens")).toEqual({ type: "stop", reason: "length" });
    expect(stopOf("model_context_window_exceeded")).toEqual({ type: "stop", reason: "length" });
    expect(stopOf("tool_use")).toEqual({ type: "stop", reason: "tool_use" });
    expect(stopOf("refusal")).toEqual({ type: "stop", reason: "content_filter" });
    expect(stopOf("pause_turn")).toEqual({ type: "stop", reason: null });
    expect(stopOf("something_new")).toEqual({ type: "stop", reason: null });
  });

  it("a message_stop with no usage seen emits only the stop, with reason null", () => {
    expect(replay([frameOf({ type: "message_stop" }, "message_stop")])).toEqual([{ type: "stop", reason: null }]);
  });

  it("keeps input/cache counts when a later message_delta repeats them as 0, and takes larger cumulative ones", () => {
    const events = replay([
      frameOf({ type: "message_start", message: { usage: { input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 } } }, "message_start"),
      frameOf({ type: "message_delta", delta: {}, usage: { input_tokens: 120, cache_creation_input_tokens: 9, output_tokens: 7 } }, "message_delta"),
      frameOf({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 8 } }, "message_delta"),
      frameOf({ type: "message_stop" }, "message_stop"),
    ]);
    expect(events).toEqual([
      { type: "usage", input: 120, output: 8, cacheRead: 50, cacheWrite: 9 },
      { type: "stop", reason: "stop" },
    ]);
  });
});

describe("anthropic-messages decoder: forward compatibility and failures", () => {
  it("ignores ping, unknown events (even with non-JSON data), unknown deltas and server-tool input", () => {
    const decoder = anthropicMessagesAdapter.createDecoder();
    expect(decoder.push(frameOf({ type: "ping" }, "ping"))).toEqual([]);
    expect(decoder.push({ event: "future_event", data: "not json at all" })).toEqual([]);
    expect(decoder.push(frameOf({ type: "future_event" }))).toEqual([]);
    expect(
      decoder.push(frameOf({ type: "content_block_start", index: 0, content_block: { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} } }, "content_block_start")),
    ).toEqual([]);
    expect(decoder.push(frameOf({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"q' } }, "content_block_delta"))).toEqual([]);
    expect(decoder.push(frameOf({ type: "content_block_stop", index: 0 }, "content_block_stop"))).toEqual([]);
    expect(decoder.push(frameOf({ type: "content_block_delta", index: 1, delta: { type: "citations_delta", citation: {} } }, "content_block_delta"))).toEqual([]);
    expect(decoder.push(frameOf({ type: "message_stop" }, "message_stop"))).toEqual([{ type: "stop", reason: null }]);
    expect(decoder.push(frameOf({ type: "content_block_delta", index: 2, delta: { type: "text_delta", text: "late" } }, "content_block_delta"))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it("an overloaded_error event after the 200 throws a ProviderCallError of kind overloaded", () => {
    const decoder = anthropicMessagesAdapter.createDecoder();
    const frames = fixtureFrames("anthropic-messages-stream-error.txt");
    expect(frames.map((f) => f.event)).toEqual(["message_start", "ping", "error"]);
    expect(decoder.push(frames[0] as WireFrame)).toEqual([]);
    expect(decoder.push(frames[1] as WireFrame)).toEqual([]);
    const error = caughtCallError(() => decoder.push(frames[2] as WireFrame));
    expect(error.kind).toBe("overloaded");
    expect(error.code).toBe("stream_error");
    expect(error.message).toContain("anthropic-messages");
    expect(error.message).toContain("Overloaded");
  });

  it("a rate_limit_error event throws kind rate_limit", () => {
    const decoder = anthropicMessagesAdapter.createDecoder();
    const error = caughtCallError(() =>
      decoder.push(frameOf({ type: "error", error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" } }, "error")),
    );
    expect(error.kind).toBe("rate_limit");
    expect(error.code).toBe("stream_error");
  });

  it("a stream cut before message_stop is truncated, never a stop", () => {
    const frames = fixtureFrames("anthropic-messages-stream.txt");
    expect(frames.at(-1)?.event).toBe("message_stop");
    const decoder = anthropicMessagesAdapter.createDecoder();
    const events: WireEvent[] = [];
    for (const f of frames.slice(0, -1)) events.push(...decoder.push(f));
    expect(events.some((e) => e.type === "stop" || e.type === "usage")).toBe(false);
    const error = caughtCallError(() => decoder.end());
    expect(error.kind).toBe("network");
    expect(error.code).toBe("stream_truncated");
    expect(error.message).toContain("message_stop");

    const empty = anthropicMessagesAdapter.createDecoder();
    expect(caughtCallError(() => empty.end()).code).toBe("stream_truncated");
  });

  it("a frame that is not JSON, or not an object, is stream_malformed", () => {
    const decoder = anthropicMessagesAdapter.createDecoder();
    const cut = caughtCallError(() => decoder.push({ event: "content_block_delta", data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_de' }));
    expect(cut.code).toBe("stream_malformed");
    expect(cut.kind).toBe("server_error");
    expect(caughtCallError(() => decoder.push({ event: "message_delta", data: "[1,2]" })).code).toBe("stream_malformed");
  });

  it("tool input that does not parse, or is not an object, is stream_malformed at content_block_stop", () => {
    const run = (partial: string) => {
      const decoder = anthropicMessagesAdapter.createDecoder();
      decoder.push(frameOf({ type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "toolu_1", name: "f", input: {} } }, "content_block_start"));
      decoder.push(frameOf({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: partial } }, "content_block_delta"));
      return caughtCallError(() => decoder.push(frameOf({ type: "content_block_stop", index: 0 }, "content_block_stop")));
    };
    const cut = run('{"city": "Par');
    expect(cut.code).toBe("stream_malformed");
    expect(cut.message).toContain('"f"');
    expect(run("[1, 2]").code).toBe("stream_malformed");
  });

  it("a tool_use block start without id or name is stream_malformed", () => {
    const decoder = anthropicMessagesAdapter.createDecoder();
    expect(
      caughtCallError(() => decoder.push(frameOf({ type: "content_block_start", index: 0, content_block: { type: "tool_use", input: {} } }, "content_block_start"))).code,
    ).toBe("stream_malformed");
  });

  it("no credential appears in any error, even when the provider echoes one", () => {
    const errors = [
      caughtCallError(() => anthropicMessagesAdapter.createDecoder().push(frameOf({ type: "error", error: { type: "authentication_error", message: `invalid x-api-key ${KEY}` } }, "error"))),
      caughtCallError(() => anthropicMessagesAdapter.createDecoder().push({ event: "message_start", data: `{"leak":"${KEY}"` })),
      (() => {
        const decoder = anthropicMessagesAdapter.createDecoder();
        decoder.push(frameOf({ type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "toolu_1", name: "f", input: {} } }, "content_block_start"));
        decoder.push(frameOf({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: `{"k": "${OAUTH}` } }, "content_block_delta"));
        return caughtCallError(() => decoder.push(frameOf({ type: "content_block_stop", index: 0 }, "content_block_stop")));
      })(),
      caughtCallError(() => anthropicMessagesAdapter.createDecoder().end()),
    ];
    for (const error of errors) {
      const shown = `${error.message} ${error.recovery ?? ""} ${JSON.stringify(error)}`;
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain(OAUTH);
      expect(shown).not.toContain("Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0");
    }
  });
});

describe("anthropic-messages buildRequest", () => {
  const hello: ChatRequest = { messages: [{ role: "user", content: "Hi" }] };

  it("builds a streaming request: url, version header, x-api-key kept apart from the headers, exact body", () => {
    const wire = anthropicMessagesAdapter.buildRequest(input({ system: "Be brief.", messages: [{ role: "user", content: "Hi" }], temperature: 0.3 }));
    expect(wire.url).toBe("https://api.anthropic.com/v1/messages");
    expect(wire.headers).toEqual({ "anthropic-version": "2023-06-01" });
    expect(wire.credentialHeaders).toEqual({ "x-api-key": KEY });
    expect(wire.framing).toBe("sse");
    expect(wire.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      stream: true,
      system: "Be brief.",
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      temperature: 0.3,
    });
    expect(JSON.stringify(wire.body)).not.toContain(KEY);
    expect(JSON.stringify(wire.headers)).not.toContain(KEY);
  });

  it("appends /v1/messages to the base URL, or /messages when it already ends with /v1", () => {
    const urlOf = (baseUrl: string) =>
      anthropicMessagesAdapter.buildRequest(input(hello, { model: { id: "m", provider: "p", api: "anthropic-messages", baseUrl } })).url;
    expect(urlOf("https://api.anthropic.com")).toBe("https://api.anthropic.com/v1/messages");
    expect(urlOf("https://api.anthropic.com/")).toBe("https://api.anthropic.com/v1/messages");
    expect(urlOf("https://api.minimax.io/anthropic")).toBe("https://api.minimax.io/anthropic/v1/messages");
    expect(urlOf("https://api.minimax.io/anthropic//")).toBe("https://api.minimax.io/anthropic/v1/messages");
    expect(urlOf("http://127.0.0.1:4000/v1")).toBe("http://127.0.0.1:4000/v1/messages");
    expect(urlOf("http://127.0.0.1:4000/v1/")).toBe("http://127.0.0.1:4000/v1/messages");
  });

  it("sends no credential header for a keyless server", () => {
    const wire = anthropicMessagesAdapter.buildRequest(input(hello, { apiKey: null }));
    expect(wire.credentialHeaders).toEqual({});
    expect(wire.headers).toEqual({ "anthropic-version": "2023-06-01" });
  });

  it("an OAuth / setup token goes as Bearer with the oauth beta, never as x-api-key", () => {
    const wire = anthropicMessagesAdapter.buildRequest(input(hello, { apiKey: OAUTH }));
    expect(wire.credentialHeaders).toEqual({ authorization: `Bearer ${OAUTH}` });
    expect(wire.headers).toEqual({ "anthropic-version": "2023-06-01", "anthropic-beta": "oauth-2025-04-20" });
  });

  it("merges a provider's anthropic-beta with the oauth one (comma-joined, no duplicates) and keeps other headers", () => {
    const wire = anthropicMessagesAdapter.buildRequest(
      input(hello, { apiKey: OAUTH, headers: { "Anthropic-Beta": "interleaved-thinking-2025-05-14, oauth-2025-04-20", "X-Title": "my app" } }),
    );
    expect(wire.headers).toEqual({
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "oauth-2025-04-20,interleaved-thinking-2025-05-14",
      "x-title": "my app",
    });
    const plain = anthropicMessagesAdapter.buildRequest(input(hello, { headers: { "anthropic-beta": "context-1m-2025-08-07" } }));
    expect(plain.headers).toEqual({ "anthropic-version": "2023-06-01", "anthropic-beta": "context-1m-2025-08-07" });
    expect(plain.credentialHeaders).toEqual({ "x-api-key": KEY });
  });

  it("maps tools and every tool choice", () => {
    const tools = [
      { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
      { name: "get_time", parameters: { type: "object", properties: {} } },
    ];
    const body = bodyOf({ ...hello, tools, toolChoice: "auto" });
    expect(body.tools).toEqual([
      { name: "get_weather", description: "Weather for a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
      { name: "get_time", input_schema: { type: "object", properties: {} } },
    ]);
    expect(body.tool_choice).toEqual({ type: "auto" });
    expect(bodyOf({ ...hello, tools, toolChoice: "required" }).tool_choice).toEqual({ type: "any" });
    expect(bodyOf({ ...hello, tools, toolChoice: "none" }).tool_choice).toEqual({ type: "none" });
    expect(bodyOf({ ...hello, tools, toolChoice: { name: "get_time" } }).tool_choice).toEqual({ type: "tool", name: "get_time" });
    expect(bodyOf({ ...hello, tools }).tool_choice).toBeUndefined();
    const noTools = bodyOf({ ...hello, toolChoice: "required" });
    expect(noTools.tools).toBeUndefined();
    expect(noTools.tool_choice).toBeUndefined();
  });

  it("sends user images as base64 image blocks", () => {
    const body = bodyOf({
      messages: [{ role: "user", content: [{ type: "text", text: "Describe this:" }, { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" }] }],
    });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Describe this:" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
        ],
      },
    ]);
  });

  it("merges consecutive same-role turns so roles alternate, and drops turns left empty", () => {
    const body = bodyOf({
      messages: [
        { role: "user", content: "First" },
        { role: "user", content: [{ type: "text", text: "Second" }] },
        { role: "assistant", content: [{ type: "thinking", text: "no signature, from another api" }] },
        { role: "user", content: "" },
        { role: "assistant", content: "A" },
        { role: "assistant", content: "B" },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "First" }, { type: "text", text: "Second" }] },
      { role: "assistant", content: [{ type: "text", text: "A" }, { type: "text", text: "B" }] },
    ]);
  });

  it("tool round trip: decoded thinking+signature and tool_use go back first and verbatim, results as one user turn", () => {
    const decoded = replay(fixtureFrames("anthropic-messages-stream.txt"));
    const assistant = assemble(decoded);
    expect(assistant.content).toEqual([
      { type: "thinking", text: "The user says hello; reply briefly.", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..." },
      { type: "text", text: "Hello! How can I help?" },
      { type: "tool_call", id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: { city: "Tokyo" } },
    ]);
    const next = bodyOf(
      {
        messages: [
          { role: "user", content: "Weather in Tokyo?" },
          assistant,
          { role: "tool", content: [{ type: "tool_result", toolCallId: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", content: '{"tempC":18}' }] },
          { role: "tool", content: [{ type: "tool_result", toolCallId: "toolu_x", content: "boom", isError: true }] },
        ],
        tools: [{ name: "get_weather", parameters: { type: "object" } }],
      },
      { maxTokens: 16000, thinkingParams: { thinking: { type: "enabled", budget_tokens: 4000 } } },
    );
    expect(next.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Tokyo?" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "The user says hello; reply briefly.", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..." },
          { type: "text", text: "Hello! How can I help?" },
          { type: "tool_use", id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", input: { city: "Tokyo" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", content: '{"tempC":18}' },
          { type: "tool_result", tool_use_id: "toolu_x", content: "boom", is_error: true },
        ],
      },
    ]);
    expect(next.thinking).toEqual({ type: "enabled", budget_tokens: 4000 });
    expect(next.max_tokens).toBe(16000);
  });

  it("puts thinking first in an assistant turn and tool results first in a user turn", () => {
    const body = bodyOf({
      messages: [
        { role: "user", content: "Go" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Calling." },
            { type: "thinking", text: "plan", signature: "c2lnMQ==" },
            { type: "tool_call", id: "t1", name: "f", arguments: {} },
          ],
        },
        { role: "user", content: "Also this." },
        { role: "tool", content: [{ type: "tool_result", toolCallId: "t1", content: "ok" }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Go" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "plan", signature: "c2lnMQ==" },
          { type: "text", text: "Calling." },
          { type: "tool_use", id: "t1", name: "f", input: {} },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "ok" }, { type: "text", text: "Also this." }] },
    ]);
  });

  it("sends a decoded redacted_thinking block back as redacted_thinking with its data", () => {
    const assistant = assemble(replay(fixtureFrames("anthropic-messages-stream-redacted-thinking.txt")));
    const body = bodyOf({ messages: [{ role: "user", content: "What is 27 * 453?" }, assistant, { role: "user", content: "Thanks" }] });
    expect((body.messages as Array<{ content: unknown }>)[1]).toEqual({
      role: "assistant",
      content: [
        {
          type: "thinking",
          thinking: "Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3",
          signature: "ErUBCkYIARgCIkACJWxzySUOJzOlZ8WFdgQSbeQA3H1i5rfkKLV9eC4HN6Jcnrlw1NcnPRIPaTs9jLF3rllsfoidjZapJ+5MLwjVEg==",
        },
        { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2pPh7gQ==" },
        { type: "text", text: "27 * 453 = 12,231" },
      ],
    });
  });
});

describe("anthropic-messages thinking budget and temperature", () => {
  const hello: ChatRequest = { messages: [{ role: "user", content: "Hi" }], temperature: 0.7 };
  const withThinking = (maxTokens: number, budget: number) =>
    bodyOf(hello, { maxTokens, thinkingParams: { thinking: { type: "enabled", budget_tokens: budget } } });

  it("keeps a budget below max_tokens as is, and drops temperature (the API rejects it with thinking)", () => {
    const body = withThinking(20000, 16000);
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 16000 });
    expect(body.max_tokens).toBe(20000);
    expect("temperature" in body).toBe(false);
  });

  it("lowers a budget that does not fit to max_tokens − 1", () => {
    expect(withThinking(8192, 8192)).toMatchObject({ max_tokens: 8192, thinking: { type: "enabled", budget_tokens: 8191 } });
    expect(withThinking(4096, 32000)).toMatchObject({ max_tokens: 4096, thinking: { type: "enabled", budget_tokens: 4095 } });
    expect(withThinking(1025, 2048)).toMatchObject({ max_tokens: 1025, thinking: { type: "enabled", budget_tokens: 1024 } });
  });

  it("when max_tokens leaves no room for the 1024 minimum, keeps 1024 and raises max_tokens to 1025", () => {
    expect(withThinking(1000, 4000)).toMatchObject({ max_tokens: 1025, thinking: { type: "enabled", budget_tokens: 1024 } });
    expect(withThinking(1024, 1024)).toMatchObject({ max_tokens: 1025, thinking: { type: "enabled", budget_tokens: 1024 } });
  });

  it("raises a budget under the API minimum to 1024", () => {
    expect(withThinking(8000, 500)).toMatchObject({ max_tokens: 8000, thinking: { type: "enabled", budget_tokens: 1024 } });
  });

  it("for every budget and max_tokens, the budget sent is ≥ 1024 and < max_tokens", () => {
    for (const maxTokens of [1, 512, 1023, 1024, 1025, 2048, 64000]) {
      for (const budget of [0, 1, 1023, 1024, 1025, 2047, 2048, 63999, 64000, 128000]) {
        const body = withThinking(maxTokens, budget);
        const sent = (body.thinking as { budget_tokens: number }).budget_tokens;
        expect(sent).toBeGreaterThanOrEqual(1024);
        expect(sent).toBeLessThan(body.max_tokens as number);
      }
    }
  });

  it("adaptive thinking also drops temperature; disabled thinking and no thinking keep it", () => {
    expect("temperature" in bodyOf(hello, { thinkingParams: { thinking: { type: "adaptive" } } })).toBe(false);
    expect(bodyOf(hello, { thinkingParams: { thinking: { type: "disabled" } } }).temperature).toBe(0.7);
    expect(bodyOf(hello).temperature).toBe(0.7);
  });

  it("deep-merges other thinking params into the body", () => {
    const body = bodyOf(hello, { thinkingParams: { thinking: { type: "adaptive" }, output_config: { effort: "high" } } });
    expect(body).toMatchObject({ thinking: { type: "adaptive" }, output_config: { effort: "high" }, max_tokens: 4096 });
  });
});
