import { partsOf, type ChatRequest, type Part, type ToolChoice, type ToolDefinition } from "../chat-request.js";
import { inStreamError, malformedFrame, truncatedStream } from "../stream-error.js";
import type { StopReason } from "../stream-events.js";
import type { WireAdapter, WireCallInput, WireDecoder, WireEvent, WireFrame, WireRequest } from "../wire-adapter.js";
import { openaiBearer, openaiEndpoint } from "./openai-endpoint.js";
import { parseToolArguments } from "./openai-tool-arguments.js";
import { openaiUsageEvent } from "./openai-usage.js";

const API = "openai-completions";

/**
 * The `openai-completions` wire: `POST {baseUrl}/chat/completions` with `stream: true`, answered by `data:` chunks
 * ending in `data: [DONE]`. Spoken by OpenAI and Azure and by most compatible servers (OpenRouter, Groq, DeepSeek,
 * vLLM, LM Studio, llama.cpp…), whose reasoning arrives as `delta.reasoning_content` or `delta.reasoning`.
 *
 * @example
 * ```ts
 * const wire = openaiCompletionsAdapter.buildRequest({
 *   model: { id: "gpt-4o-mini", provider: "openai", api: "openai-completions", baseUrl: "https://api.openai.com/v1" },
 *   request: { messages: [{ role: "user", content: "Hi" }] },
 *   maxTokens: 1024, thinkingParams: {}, apiKey: key, headers: {},
 * });
 * const decoder = openaiCompletionsAdapter.createDecoder();
 * ```
 */
export const openaiCompletionsAdapter: WireAdapter = {
  api: API,
  buildRequest: buildCompletionsRequest,
  createDecoder: () => new CompletionsDecoder(),
};

function buildCompletionsRequest(input: WireCallInput): WireRequest {
  const { model, request } = input;
  // OpenAI's reasoning models refuse `max_tokens` (https://platform.openai.com/docs/api-reference/chat/create:
  // "max_tokens … not compatible with o-series models"); compatible servers mostly know only `max_tokens`.
  const maxField = model.provider === "openai" || model.provider.startsWith("azure") ? "max_completion_tokens" : "max_tokens";
  const body: Record<string, unknown> = {
    model: model.id,
    messages: toMessages(request),
    stream: true,
    // Without it the stream carries no usage at all (https://platform.openai.com/docs/api-reference/chat/create#stream_options).
    stream_options: { include_usage: true },
    [maxField]: input.maxTokens,
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.tools !== undefined && request.tools.length > 0) body.tools = request.tools.map(toTool);
  if (request.toolChoice !== undefined) body.tool_choice = toToolChoice(request.toolChoice);
  Object.assign(body, input.thinkingParams);
  return {
    url: openaiEndpoint(model.baseUrl, "/chat/completions"),
    headers: { ...input.headers },
    credentialHeaders: openaiBearer(input.apiKey),
    body,
    framing: "sse",
  };
}

function toMessages(request: ChatRequest): unknown[] {
  const out: unknown[] = [];
  if (request.system !== undefined && request.system !== "") out.push({ role: "system", content: request.system });
  for (const message of request.messages) {
    const parts = partsOf(message);
    if (message.role === "assistant") {
      out.push(assistantMessage(parts));
      continue;
    }
    // Each result is its own `tool` message and must directly follow the assistant's tool calls, so results come
    // before any text sent alongside them.
    let rest: Part[] | null = null;
    for (const part of parts) {
      if (part.type === "tool_result") out.push({ role: "tool", tool_call_id: part.toolCallId, content: part.content });
      else (rest ??= []).push(part);
    }
    if (rest !== null) {
      const user = userMessage(rest);
      if (user !== null) out.push(user);
    }
  }
  return out;
}

function userMessage(parts: readonly Part[]): unknown {
  let hasImage = false;
  let hasText = false;
  for (const part of parts) {
    if (part.type === "image") hasImage = true;
    else if (part.type === "text") hasText = true;
  }
  // Plain string content when there is no image: many compatible servers accept only strings.
  if (!hasImage) return hasText ? { role: "user", content: joinText(parts) } : null;
  const content: unknown[] = [];
  for (const part of parts) {
    if (part.type === "text") content.push({ type: "text", text: part.text });
    else if (part.type === "image") content.push({ type: "image_url", image_url: { url: `data:${part.mimeType};base64,${part.data}` } });
  }
  return { role: "user", content };
}

function assistantMessage(parts: readonly Part[]): unknown {
  let calls: unknown[] | null = null;
  let hasText = false;
  for (const part of parts) {
    if (part.type === "text") hasText = true;
    else if (part.type === "tool_call") {
      (calls ??= []).push({ id: part.id, type: "function", function: { name: part.name, arguments: JSON.stringify(part.arguments) } });
    }
    // Thinking parts are dropped: chat/completions has no field to send reasoning back.
  }
  const content = hasText ? joinText(parts) : calls === null ? "" : null;
  return calls === null ? { role: "assistant", content } : { role: "assistant", content, tool_calls: calls };
}

/** Text parts joined by a newline (they were separate blocks). */
function joinText(parts: readonly Part[]): string {
  let text: string | null = null;
  for (const part of parts) {
    if (part.type !== "text") continue;
    text = text === null ? part.text : `${text}\n${part.text}`;
  }
  return text ?? "";
}

function toTool(tool: ToolDefinition): unknown {
  const fn: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  fn.parameters = tool.parameters;
  return { type: "function", function: fn };
}

function toToolChoice(choice: ToolChoice): unknown {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}

type ToolCallDelta = Extract<WireEvent, { type: "tool_call_delta" }>;

interface PendingCall {
  /** Position among this answer's calls: the public `tool_call_delta.index`. */
  readonly slot: number;
  id: string | null;
  name: string | null;
  args: string;
  emitted: boolean;
}

/** The loosely read shape of one chunk; every field is checked before use. */
interface Chunk {
  error?: unknown;
  choices?: unknown;
  usage?: unknown;
}

interface ChunkChoice {
  delta?: {
    content?: unknown;
    refusal?: unknown;
    reasoning_content?: unknown;
    reasoning?: unknown;
    reasoning_text?: unknown;
    tool_calls?: unknown;
  } | null;
  finish_reason?: unknown;
}

interface ToolFragment {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

interface ChunkUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown; cache_write_tokens?: unknown } | null;
  prompt_cache_hit_tokens?: unknown;
}

class CompletionsDecoder implements WireDecoder {
  /** Calls by the wire's `tool_calls[].index`. */
  private readonly calls = new Map<number, PendingCall>();
  private readonly order: PendingCall[] = [];
  private stop: StopReason | null = null;
  private usage: WireEvent | null = null;
  private finished = false;

  push(frame: WireFrame): WireEvent[] {
    const data = frame.data;
    if (this.finished || data === "") return [];
    if (data === "[DONE]") return this.finish();
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw malformedFrame({ api: API, data });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw malformedFrame({ api: API, data, detail: "JSON that is not a chunk object" });
    }
    const chunk = parsed as Chunk;
    // OpenAI and compatible servers report a failure after the 200 as `data: {"error": {...}}`.
    if (chunk.error !== undefined && chunk.error !== null) throw inStreamError({ api: API, body: parsed });
    const events: WireEvent[] = [];
    const choice = Array.isArray(chunk.choices) ? (chunk.choices[0] as ChunkChoice | undefined) : undefined;
    if (choice !== undefined && choice !== null && typeof choice === "object") {
      const delta = choice.delta;
      if (delta !== undefined && delta !== null && typeof delta === "object") {
        // Some servers send the same reasoning under two names (chutes: `reasoning_content` and `reasoning`): take one.
        const thinking = firstText(delta.reasoning_content, delta.reasoning, delta.reasoning_text);
        if (thinking !== null) events.push({ type: "thinking", delta: thinking });
        if (typeof delta.content === "string" && delta.content !== "") events.push({ type: "text", delta: delta.content });
        // A refusal is the model's answer in its own field; surfaced as text so it is not lost.
        if (typeof delta.refusal === "string" && delta.refusal !== "") events.push({ type: "text", delta: delta.refusal });
        if (Array.isArray(delta.tool_calls)) this.toolFragments(delta.tool_calls, events);
      }
      if (typeof choice.finish_reason === "string" && choice.finish_reason !== "") {
        this.stop = stopReasonOf(choice.finish_reason);
        this.flushCalls(events);
      }
    }
    if (chunk.usage !== undefined && chunk.usage !== null && typeof chunk.usage === "object") {
      // Kept until [DONE]: some servers repeat a cumulative usage on several chunks; the last one counts.
      this.usage = usageOf(chunk.usage as ChunkUsage) ?? this.usage;
    }
    return events;
  }

  end(): WireEvent[] {
    if (!this.finished) throw truncatedStream({ api: API, expected: "data: [DONE]" });
    return [];
  }

  private finish(): WireEvent[] {
    this.finished = true;
    const events: WireEvent[] = [];
    this.flushCalls(events);
    if (this.usage !== null) events.push(this.usage);
    events.push({ type: "stop", reason: this.stop });
    return events;
  }

  private toolFragments(fragments: readonly unknown[], events: WireEvent[]): void {
    for (let i = 0; i < fragments.length; i++) {
      const fragment = fragments[i] as ToolFragment | null | undefined;
      if (fragment === null || typeof fragment !== "object") continue;
      // `index` is how OpenAI ties fragments together; a server without it sends whole calls, one per position.
      const wireIndex = typeof fragment.index === "number" ? fragment.index : i;
      const id = typeof fragment.id === "string" && fragment.id !== "" ? fragment.id : null;
      const fn = fragment.function !== null && typeof fragment.function === "object" ? fragment.function : undefined;
      const name = fn !== undefined && typeof fn.name === "string" && fn.name !== "" ? fn.name : null;
      const args = fn !== undefined && typeof fn.arguments === "string" ? fn.arguments : "";
      let call = this.calls.get(wireIndex);
      // A new id at a known index is a new call (servers that put every call at index 0).
      if (call === undefined || (id !== null && call.id !== null && id !== call.id)) {
        call = { slot: this.order.length, id: null, name: null, args: "", emitted: false };
        this.calls.set(wireIndex, call);
        this.order.push(call);
      }
      const event: ToolCallDelta = { type: "tool_call_delta", index: call.slot, argumentsDelta: args };
      let announce = args !== "";
      if (id !== null && call.id === null) {
        call.id = id;
        event.id = id;
        announce = true;
      }
      if (name !== null && call.name === null) {
        call.name = name;
        event.name = name;
        announce = true;
      }
      call.args += args;
      if (announce) events.push(event);
    }
  }

  private flushCalls(events: WireEvent[]): void {
    for (const call of this.order) {
      if (call.emitted) continue;
      call.emitted = true;
      if (call.name === null) {
        throw malformedFrame({ api: API, data: call.args, detail: "a tool call without a function name" });
      }
      const args = parseToolArguments({ api: API, text: call.args, truncated: this.stop === "length" });
      if (args === null) continue;
      // Ids are needed to send results back; a server that gives none gets stable per-answer ones.
      events.push({ type: "tool_call", id: call.id ?? `call_${call.slot}`, name: call.name, arguments: args });
    }
  }
}

function firstText(a: unknown, b: unknown, c: unknown): string | null {
  if (typeof a === "string" && a !== "") return a;
  if (typeof b === "string" && b !== "") return b;
  return typeof c === "string" && c !== "" ? c : null;
}

function stopReasonOf(finish: string): StopReason | null {
  switch (finish) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "content_filter";
    default:
      return null;
  }
}

function usageOf(usage: ChunkUsage): WireEvent | null {
  const details = usage.prompt_tokens_details !== null && typeof usage.prompt_tokens_details === "object" ? usage.prompt_tokens_details : undefined;
  return openaiUsageEvent({
    prompt: usage.prompt_tokens,
    // DeepSeek reports cache hits as `prompt_cache_hit_tokens` (https://api-docs.deepseek.com/api/create-chat-completion).
    cached: details?.cached_tokens ?? usage.prompt_cache_hit_tokens,
    cacheWrite: details?.cache_write_tokens,
    output: usage.completion_tokens,
  });
}
