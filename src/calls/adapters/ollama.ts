import type { ChatMessage, ChatRequest, ToolDefinition } from "../chat-request.js";
import { inStreamError, malformedFrame, truncatedStream } from "../stream-error.js";
import type { StopReason } from "../stream-events.js";
import type { WireAdapter, WireCallInput, WireDecoder, WireEvent, WireFrame, WireRequest } from "../wire-adapter.js";
import { toolCallIdFactory, toolNameFor, toolNamesById } from "./tool-call-ids.js";
import { isRecord, mergeParams } from "./merge-params.js";

// Wire shapes: github.com/ollama/ollama docs/api.md ("Generate a chat completion": messages with `images`,
// `thinking`, `tool_calls`, `tool_name`; `think`; `options.num_predict`; streamed objects ending with `done: true`,
// `done_reason`, `prompt_eval_count`, `eval_count`; `{"error": "..."}` lines) and the NDJSON transcripts in
// test/fixtures/calls/ollama-chat-stream*.ndjson.

const API = "ollama";
const TRAILING_SLASHES = /\/+$/;
const TRAILING_V1 = /\/v1$/;

/**
 * Ollama's native chat api (api kind `ollama`): `POST {baseUrl}/api/chat`, one JSON object per line, ending with a
 * `done: true` line that carries the token counts. No credential unless a key is configured (then `Authorization:
 * Bearer`, for Ollama's cloud or an authenticating proxy). Tool calls carry no id on this wire, so the decoder
 * synthesizes one per call and a `tool_result` is sent back with the tool's name (`tool_name`) found in the history.
 *
 * Tool choice: the native api has none. `none` sends no tools, `{ name }` sends only that tool, `required` sends all
 * of them (the model may still answer in text).
 *
 * @example
 * ```ts
 * const wire = ollamaAdapter.buildRequest({
 *   model: { id: "qwen3:8b", provider: "ollama", api: "ollama", baseUrl: "http://127.0.0.1:11434" },
 *   request: { messages: [{ role: "user", content: "Hi" }] },
 *   maxTokens: 1024, thinkingParams: { think: true }, apiKey: null, headers: {},
 * });
 * // wire.url === "http://127.0.0.1:11434/api/chat", wire.framing === "ndjson"
 * ```
 */
export const ollamaAdapter: WireAdapter = {
  api: API,
  buildRequest: buildOllamaRequest,
  createDecoder: createOllamaDecoder,
};

interface OllamaMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  images?: string[];
  thinking?: string;
  tool_calls?: Array<{ function: { name: string; arguments: Record<string, unknown> } }>;
  tool_name?: string;
}

function buildOllamaRequest(input: WireCallInput): WireRequest {
  const { model, request } = input;
  const body: Record<string, unknown> = { model: model.id, messages: toMessages(request), stream: true };
  const tools = toolsToSend(request);
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.parameters },
    }));
  }
  const options: Record<string, unknown> = { num_predict: input.maxTokens };
  if (request.temperature !== undefined) options.temperature = request.temperature;
  body.options = options;
  mergeParams(body, input.thinkingParams);
  return {
    url: `${rootOf(model.baseUrl)}/api/chat`,
    headers: { ...input.headers },
    credentialHeaders: input.apiKey === null ? {} : { authorization: `Bearer ${input.apiKey}` },
    body,
    framing: "ndjson",
  };
}

/**
 * The server root. A base URL ending in `/v1` is Ollama's OpenAI-compatible mount (what OpenAI-style clients are
 * told to configure); the native api lives at the root, so that suffix is dropped rather than calling `/v1/api/chat`.
 */
function rootOf(baseUrl: string): string {
  return baseUrl.replace(TRAILING_SLASHES, "").replace(TRAILING_V1, "").replace(TRAILING_SLASHES, "");
}

function toolsToSend(request: ChatRequest): ToolDefinition[] {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (choice === "none") return [];
  if (choice !== undefined && typeof choice === "object") return tools.filter((tool) => tool.name === choice.name);
  return tools;
}

function toMessages(request: ChatRequest): OllamaMessage[] {
  const names = toolNamesById(request.messages);
  const messages: OllamaMessage[] = [];
  if (request.system !== undefined && request.system !== "") messages.push({ role: "system", content: request.system });
  for (const message of request.messages) {
    if (message.role === "assistant") messages.push(assistantMessage(message));
    else pushUserOrTool(message, names, messages);
  }
  return messages;
}

function assistantMessage(message: ChatMessage): OllamaMessage {
  if (typeof message.content === "string") return { role: "assistant", content: message.content };
  let content = "";
  let thinking = "";
  const toolCalls: NonNullable<OllamaMessage["tool_calls"]> = [];
  for (const part of message.content) {
    if (part.type === "text") content += part.text;
    else if (part.type === "thinking") thinking += part.text;
    else if (part.type === "tool_call") toolCalls.push({ function: { name: part.name, arguments: part.arguments } });
  }
  const out: OllamaMessage = { role: "assistant", content };
  if (thinking !== "") out.thinking = thinking;
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  return out;
}

/**
 * Tool results become `tool` messages (one per result, named by the call they answer), placed before any text or
 * image of the same message so they directly follow the assistant's tool calls.
 */
function pushUserOrTool(message: ChatMessage, names: ReadonlyMap<string, string>, messages: OllamaMessage[]): void {
  if (typeof message.content === "string") {
    messages.push({ role: "user", content: message.content });
    return;
  }
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of message.content) {
    if (part.type === "tool_result") messages.push({ role: "tool", content: part.content, tool_name: toolNameFor(names, part.toolCallId, API) });
    else if (part.type === "text") texts.push(part.text);
    else if (part.type === "image") images.push(part.data);
  }
  if (texts.length === 0 && images.length === 0) return;
  const user: OllamaMessage = { role: "user", content: texts.join("\n") };
  if (images.length > 0) user.images = images;
  messages.push(user);
}

interface Line {
  error?: unknown;
  message?: { content?: unknown; thinking?: unknown; tool_calls?: unknown } | null;
  done?: unknown;
  done_reason?: unknown;
  prompt_eval_count?: unknown;
  eval_count?: unknown;
}

interface WireToolCall {
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

function createOllamaDecoder(): WireDecoder {
  const nextId = toolCallIdFactory();
  let toolCalls = 0;
  let done = false;

  const decodeToolCall = (call: WireToolCall, events: WireEvent[], data: string): void => {
    const fn = isRecord(call) ? call.function : undefined;
    if (!isRecord(fn) || typeof fn.name !== "string" || fn.name === "") {
      throw malformedFrame({ api: API, data, detail: "a tool call without a function name" });
    }
    const args = argumentsOf(fn.arguments, data);
    const id = typeof call.id === "string" && call.id !== "" ? call.id : nextId();
    events.push({ type: "tool_call_delta", index: toolCalls++, id, name: fn.name, argumentsDelta: JSON.stringify(args) });
    events.push({ type: "tool_call", id, name: fn.name, arguments: args });
  };

  return {
    push(frame: WireFrame): WireEvent[] {
      if (done) return [];
      const data = frame.data;
      if (isBlank(data)) return [];
      let line: Line;
      try {
        line = JSON.parse(data) as Line;
      } catch {
        throw malformedFrame({ api: API, data });
      }
      if (!isRecord(line)) throw malformedFrame({ api: API, data, detail: "JSON that is not a chat response object" });
      if (line.error !== undefined && line.error !== null) throw inStreamError({ api: API, body: line });
      const events: WireEvent[] = [];
      const message = line.message;
      if (isRecord(message)) {
        if (typeof message.thinking === "string" && message.thinking !== "") events.push({ type: "thinking", delta: message.thinking });
        if (typeof message.content === "string" && message.content !== "") events.push({ type: "text", delta: message.content });
        if (Array.isArray(message.tool_calls)) for (const call of message.tool_calls) decodeToolCall(call as WireToolCall, events, data);
      }
      if (line.done === true) {
        done = true;
        events.push({ type: "usage", input: count(line.prompt_eval_count), output: count(line.eval_count), cacheRead: 0, cacheWrite: 0 });
        events.push({ type: "stop", reason: stopReasonOf(line.done_reason, toolCalls) });
      }
      return events;
    },
    end(): WireEvent[] {
      if (!done) throw truncatedStream({ api: API, expected: 'a line with "done": true' });
      return [];
    },
  };
}

/** Ollama sends arguments as an object; some proxies in front of it send the OpenAI-style JSON string instead. */
function argumentsOf(value: unknown, data: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value;
  if (typeof value === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw malformedFrame({ api: API, data, detail: "tool call arguments that are not JSON" });
    }
    if (isRecord(parsed)) return parsed;
  }
  throw malformedFrame({ api: API, data, detail: "tool call arguments that are not a JSON object" });
}

function stopReasonOf(doneReason: unknown, toolCalls: number): StopReason | null {
  // Ollama says "stop" after tool calls too.
  if (doneReason === "stop") return toolCalls > 0 ? "tool_use" : "stop";
  if (doneReason === "length") return "length";
  return null;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function isBlank(data: string): boolean {
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return false;
  }
  return true;
}


