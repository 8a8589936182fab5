import { argumentPieces, splitText, type FakeChatApi, type NormalizedChatScript } from "./fake-chat-script.js";

// Shapes below follow the public wire formats: the transcripts in the project's shared fixtures (OpenAI chat, Anthropic
// messages, Ollama chat), the OpenAI Responses streaming reference (response.* events, sequence_number, reasoning
// summaries, function_call items), Gemini's GenerateContentResponse (thought parts, thoughtSignature, usageMetadata).

/**
 * One piece of a streamed answer as bytes on the wire (an SSE event or an NDJSON line). `output` marks the frames
 * that carry model output (text, thinking or tool-argument deltas); failures cut the stream after the n-th of them.
 *
 * @example
 * ```ts
 * const frame: FakeFrame = { chunk: 'data: {"choices":[]}\n\n', output: false };
 * ```
 */
export interface FakeFrame {
  chunk: string;
  output: boolean;
}

/**
 * What an encoder needs besides the script: the model, a per-request number (for ids), whether an OpenAI-style client
 * asked for a usage chunk, and whether to speak OpenRouter's variant of the chat wire.
 *
 * @example
 * ```ts
 * const ctx: FakeWireContext = { model: "gpt-5", requestNo: 1, includeUsage: true, openrouter: false };
 * ```
 */
export interface FakeWireContext {
  model: string;
  requestNo: number;
  includeUsage: boolean;
  openrouter: boolean;
}

/**
 * Renders a script into one api's streaming wire format, and the two broken frames failures need.
 *
 * @example
 * ```ts
 * const text = CHAT_ENCODERS["ollama"].render(script, ctx).map((f) => f.chunk).join("");
 * ```
 */
export interface FakeChatEncoder {
  contentType: string;
  render(script: NormalizedChatScript, ctx: FakeWireContext): FakeFrame[];
  /** The error the api sends inside a stream that already answered 200. */
  midStreamError(ctx: FakeWireContext): string;
  /** A frame whose data is not JSON. */
  malformed(): string;
}

const CREATED = 1767225600;
const CREATED_AT = "2026-01-01T00:00:00Z";
/**
 * The signature of an Anthropic thinking block whose script has none (the real API always signs thinking).
 *
 * @example
 * ```ts
 * expect(message.content[0]).toMatchObject({ type: "thinking", signature: DEFAULT_ANTHROPIC_SIGNATURE });
 * ```
 */
export const DEFAULT_ANTHROPIC_SIGNATURE = "fake-thinking-signature";

const sse = (data: unknown, output = false): FakeFrame => ({ chunk: `data: ${JSON.stringify(data)}\n\n`, output });
const named = (event: string, data: unknown, output = false): FakeFrame => ({ chunk: `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, output });
const line = (data: unknown, output = false): FakeFrame => ({ chunk: `${JSON.stringify(data)}\n`, output });

const openaiChat: FakeChatEncoder = {
  contentType: "text/event-stream",
  render(s, ctx) {
    const base = { id: `chatcmpl-fake-${ctx.requestNo}`, object: "chat.completion.chunk", created: CREATED, model: ctx.model };
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    const frames: FakeFrame[] = [sse(chunk({ role: "assistant", content: "" }))];
    for (const piece of splitText(s.thinking, s.chunkSize)) frames.push(sse(chunk({ reasoning_content: piece }), true));
    for (const piece of splitText(s.text, s.chunkSize)) frames.push(sse(chunk({ content: piece }), true));
    s.toolCalls.forEach((call, index) => {
      const id = call.id ?? `call_fake_${ctx.requestNo}_${index}`;
      frames.push(sse(chunk({ tool_calls: [{ index, id, type: "function", function: { name: call.name, arguments: "" } }] })));
      for (const piece of argumentPieces(JSON.stringify(call.arguments), s.chunkSize)) {
        frames.push(sse(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }), true));
      }
    });
    const finish = { stop: "stop", length: "length", tool_use: "tool_calls", content_filter: "content_filter" }[s.stopReason];
    frames.push(sse(chunk({}, finish)));
    if (ctx.includeUsage) {
      const prompt = s.usage.input + s.usage.cacheRead;
      frames.push(
        sse({
          ...base,
          choices: [],
          usage: {
            prompt_tokens: prompt,
            completion_tokens: s.usage.output,
            total_tokens: prompt + s.usage.output,
            prompt_tokens_details: { cached_tokens: s.usage.cacheRead },
          },
        }),
      );
    }
    frames.push({ chunk: "data: [DONE]\n\n", output: false });
    return frames;
  },
  midStreamError(ctx) {
    // OpenRouter: "errors that occur mid-generation arrive as data: events with an error field" (openrouter.ai docs,
    // errors-and-debugging), on a chunk whose finish_reason is "error". OpenAI: a bare {"error":{…}} data line
    // (sashabaranov/go-openai#396).
    if (ctx.openrouter) {
      return sse({
        id: `chatcmpl-fake-${ctx.requestNo}`,
        object: "chat.completion.chunk",
        created: CREATED,
        model: ctx.model,
        error: { code: "server_error", message: "Provider disconnected unexpectedly" },
        choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }],
      }).chunk;
    }
    return sse({ error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: null, code: null } }).chunk;
  },
  malformed: () => 'data: {"choices":[{"index":0,"delta":{"content":"oops"\n\n',
};

const openaiResponses: FakeChatEncoder = {
  contentType: "text/event-stream",
  render(s, ctx) {
    let seq = 0;
    const ev = (type: string, fields: Record<string, unknown>, output = false) => named(type, { type, ...fields, sequence_number: seq++ }, output);
    const response = { id: `resp_fake_${ctx.requestNo}`, object: "response", created_at: CREATED, model: ctx.model, error: null, incomplete_details: null, usage: null };
    const frames: FakeFrame[] = [
      ev("response.created", { response: { ...response, status: "in_progress", output: [] } }),
      ev("response.in_progress", { response: { ...response, status: "in_progress", output: [] } }),
    ];
    const output: unknown[] = [];
    if (s.thinking) {
      const id = `rs_fake_${ctx.requestNo}`;
      const output_index = output.length;
      frames.push(ev("response.output_item.added", { output_index, item: { id, type: "reasoning", summary: [] } }));
      frames.push(ev("response.reasoning_summary_part.added", { item_id: id, output_index, summary_index: 0, part: { type: "summary_text", text: "" } }));
      for (const delta of splitText(s.thinking, s.chunkSize)) {
        frames.push(ev("response.reasoning_summary_text.delta", { item_id: id, output_index, summary_index: 0, delta }, true));
      }
      frames.push(ev("response.reasoning_summary_text.done", { item_id: id, output_index, summary_index: 0, text: s.thinking }));
      frames.push(ev("response.reasoning_summary_part.done", { item_id: id, output_index, summary_index: 0, part: { type: "summary_text", text: s.thinking } }));
      const item = { id, type: "reasoning", summary: [{ type: "summary_text", text: s.thinking }], ...(s.thinkingSignature ? { encrypted_content: s.thinkingSignature } : {}) };
      output.push(item);
      frames.push(ev("response.output_item.done", { output_index, item }));
    }
    if (s.text) {
      const id = `msg_fake_${ctx.requestNo}`;
      const output_index = output.length;
      frames.push(ev("response.output_item.added", { output_index, item: { id, type: "message", status: "in_progress", role: "assistant", content: [] } }));
      frames.push(ev("response.content_part.added", { item_id: id, output_index, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }));
      for (const delta of splitText(s.text, s.chunkSize)) {
        frames.push(ev("response.output_text.delta", { item_id: id, output_index, content_index: 0, delta, logprobs: [] }, true));
      }
      frames.push(ev("response.output_text.done", { item_id: id, output_index, content_index: 0, text: s.text, logprobs: [] }));
      const part = { type: "output_text", text: s.text, annotations: [] };
      frames.push(ev("response.content_part.done", { item_id: id, output_index, content_index: 0, part }));
      const item = { id, type: "message", status: "completed", role: "assistant", content: [part] };
      output.push(item);
      frames.push(ev("response.output_item.done", { output_index, item }));
    }
    s.toolCalls.forEach((call, index) => {
      const id = `fc_fake_${ctx.requestNo}_${index}`;
      const call_id = call.id ?? `call_fake_${ctx.requestNo}_${index}`;
      const args = JSON.stringify(call.arguments);
      const output_index = output.length;
      frames.push(ev("response.output_item.added", { output_index, item: { id, type: "function_call", status: "in_progress", call_id, name: call.name, arguments: "" } }));
      for (const delta of argumentPieces(args, s.chunkSize)) {
        frames.push(ev("response.function_call_arguments.delta", { item_id: id, output_index, delta }, true));
      }
      frames.push(ev("response.function_call_arguments.done", { item_id: id, output_index, name: call.name, arguments: args }));
      const item = { id, type: "function_call", status: "completed", call_id, name: call.name, arguments: args };
      output.push(item);
      frames.push(ev("response.output_item.done", { output_index, item }));
    });
    const input = s.usage.input + s.usage.cacheRead;
    const usage = {
      input_tokens: input,
      input_tokens_details: { cached_tokens: s.usage.cacheRead },
      output_tokens: s.usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + s.usage.output,
    };
    // A cut-off answer is `response.incomplete` with the reason; everything else (tool calls included) completes.
    if (s.stopReason === "length" || s.stopReason === "content_filter") {
      const reason = s.stopReason === "length" ? "max_output_tokens" : "content_filter";
      frames.push(ev("response.incomplete", { response: { ...response, status: "incomplete", incomplete_details: { reason }, output, usage } }));
    } else {
      frames.push(ev("response.completed", { response: { ...response, status: "completed", output, usage } }));
    }
    return frames;
  },
  midStreamError: () =>
    named("error", { type: "error", code: "server_error", message: "The server had an error while processing your request. Sorry about that!", param: null, sequence_number: 999 }).chunk,
  malformed: () => 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"oops"\n\n',
};

const anthropic: FakeChatEncoder = {
  contentType: "text/event-stream",
  render(s, ctx) {
    const frames: FakeFrame[] = [
      named("message_start", {
        type: "message_start",
        message: {
          id: `msg_fake_${ctx.requestNo}`,
          type: "message",
          role: "assistant",
          content: [],
          model: ctx.model,
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: s.usage.input, cache_creation_input_tokens: s.usage.cacheWrite, cache_read_input_tokens: s.usage.cacheRead, output_tokens: 1 },
        },
      }),
    ];
    let index = 0;
    const ping = () => named("ping", { type: "ping" });
    const block = (content_block: Record<string, unknown>, deltas: Array<[Record<string, unknown>, boolean]>) => {
      frames.push(named("content_block_start", { type: "content_block_start", index, content_block }));
      if (index === 0) frames.push(ping());
      for (const [delta, output] of deltas) frames.push(named("content_block_delta", { type: "content_block_delta", index, delta }, output));
      frames.push(named("content_block_stop", { type: "content_block_stop", index }));
      index++;
    };
    if (s.thinking) {
      const deltas: Array<[Record<string, unknown>, boolean]> = splitText(s.thinking, s.chunkSize).map((thinking) => [{ type: "thinking_delta", thinking }, true]);
      deltas.push([{ type: "signature_delta", signature: s.thinkingSignature ?? DEFAULT_ANTHROPIC_SIGNATURE }, false]);
      block({ type: "thinking", thinking: "" }, deltas);
    }
    if (s.text) block({ type: "text", text: "" }, splitText(s.text, s.chunkSize).map((text) => [{ type: "text_delta", text }, true]));
    s.toolCalls.forEach((call, i) => {
      const pieces = argumentPieces(JSON.stringify(call.arguments), s.chunkSize);
      block({ type: "tool_use", id: call.id ?? `toolu_fake_${ctx.requestNo}_${i}`, name: call.name, input: {} }, [
        [{ type: "input_json_delta", partial_json: "" }, false],
        ...pieces.map((partial_json): [Record<string, unknown>, boolean] => [{ type: "input_json_delta", partial_json }, true]),
      ]);
    });
    if (index === 0) frames.push(ping());
    const stop_reason = { stop: "end_turn", length: "max_tokens", tool_use: "tool_use", content_filter: "refusal" }[s.stopReason];
    frames.push(named("message_delta", { type: "message_delta", delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: s.usage.output } }));
    frames.push(named("message_stop", { type: "message_stop" }));
    return frames;
  },
  midStreamError: () => named("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }).chunk,
  malformed: () => 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"oops"\n\n',
};

const google: FakeChatEncoder = {
  contentType: "text/event-stream",
  render(s, ctx) {
    const meta = { modelVersion: ctx.model, responseId: `fake-${ctx.requestNo}` };
    const chunk = (parts: unknown[], output = true) => sse({ candidates: [{ content: { parts, role: "model" }, index: 0 }], ...meta }, output);
    const frames: FakeFrame[] = [];
    for (const text of splitText(s.thinking, s.chunkSize)) frames.push(chunk([{ text, thought: true }]));
    if (s.thinkingSignature) frames.push(chunk([{ text: "", thought: true, thoughtSignature: s.thinkingSignature }], false));
    for (const text of splitText(s.text, s.chunkSize)) frames.push(chunk([{ text }]));
    // Gemini sends each function call whole (no argument fragments) and without an id.
    for (const call of s.toolCalls) frames.push(chunk([{ functionCall: { name: call.name, args: call.arguments } }]));
    const finishReason = { stop: "STOP", length: "MAX_TOKENS", tool_use: "STOP", content_filter: "SAFETY" }[s.stopReason];
    const prompt = s.usage.input + s.usage.cacheRead;
    frames.push(
      sse({
        candidates: [{ content: { parts: [{ text: "" }], role: "model" }, finishReason, index: 0 }],
        usageMetadata: {
          promptTokenCount: prompt,
          candidatesTokenCount: s.usage.output,
          totalTokenCount: prompt + s.usage.output,
          ...(s.usage.cacheRead ? { cachedContentTokenCount: s.usage.cacheRead } : {}),
        },
        ...meta,
      }),
    );
    return frames;
  },
  // The error object Gemini sends when a stream fails after it started (vercel/ai#5217), as an SSE data line.
  midStreamError: () => sse({ error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } }).chunk,
  malformed: () => 'data: {"candidates":[{"content":{"parts":[{"text":"oops"\n\n',
};

const ollama: FakeChatEncoder = {
  contentType: "application/x-ndjson",
  render(s, ctx) {
    const msg = (message: Record<string, unknown>, output = true) => line({ model: ctx.model, created_at: CREATED_AT, message: { role: "assistant", content: "", ...message }, done: false }, output);
    const frames: FakeFrame[] = [];
    for (const thinking of splitText(s.thinking, s.chunkSize)) frames.push(msg({ thinking }));
    for (const content of splitText(s.text, s.chunkSize)) frames.push(msg({ content }));
    if (s.toolCalls.length > 0) frames.push(msg({ tool_calls: s.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) }));
    frames.push(
      line({
        model: ctx.model,
        created_at: CREATED_AT,
        message: { role: "assistant", content: "" },
        done: true,
        // Ollama's done_reason is "stop" or "length"; tool calls end with "stop" (fixture ollama-chat-stream-tools).
        done_reason: s.stopReason === "length" ? "length" : "stop",
        total_duration: 1000000,
        load_duration: 1000,
        prompt_eval_count: s.usage.input,
        prompt_eval_duration: 1000,
        eval_count: s.usage.output,
        eval_duration: 1000,
      }),
    );
    return frames;
  },
  midStreamError: () => line({ error: "an error was encountered while running the model" }).chunk,
  malformed: () => '{"model":"fake","message":{"role":"assistant","content":"oops"\n',
};

/**
 * The encoder of each chat wire format.
 *
 * @example
 * ```ts
 * CHAT_ENCODERS["openai-completions"].contentType; // "text/event-stream"
 * ```
 */
export const CHAT_ENCODERS: Record<FakeChatApi, FakeChatEncoder> = {
  "openai-completions": openaiChat,
  "openai-responses": openaiResponses,
  "anthropic-messages": anthropic,
  "google-generative-ai": google,
  ollama,
};
