import { partsOf, type ChatRequest, type Part, type ToolChoice, type ToolDefinition } from "../chat-request.js";
import { inStreamError, malformedFrame, truncatedStream } from "../stream-error.js";
import type { StopReason } from "../stream-events.js";
import type { WireAdapter, WireCallInput, WireDecoder, WireEvent, WireFrame, WireRequest } from "../wire-adapter.js";
import { openaiBearer, openaiEndpoint } from "./openai-endpoint.js";
import { parseToolArguments } from "./openai-tool-arguments.js";
import { openaiUsageEvent } from "./openai-usage.js";

const API = "openai-responses";

/**
 * The `openai-responses` wire: `POST {baseUrl}/responses` with `stream: true` and `store: false`, answered by named
 * `response.*` events that end with `response.completed` or `response.incomplete` (no `[DONE]`). Reasoning arrives as
 * summaries (`summary: "auto"` is requested whenever a reasoning effort is sent), function calls as output items
 * whose arguments stream in `response.function_call_arguments.delta` events.
 *
 * @example
 * ```ts
 * const wire = openaiResponsesAdapter.buildRequest({
 *   model: { id: "gpt-5", provider: "openai", api: "openai-responses", baseUrl: "https://api.openai.com/v1" },
 *   request: { system: "Be brief.", messages: [{ role: "user", content: "Hi" }] },
 *   maxTokens: 4096, thinkingParams: { reasoning: { effort: "low" } }, apiKey: key, headers: {},
 * });
 * wire.body; // { model: "gpt-5", instructions: "Be brief.", input: [...], reasoning: { summary: "auto", effort: "low" }, ... }
 * ```
 */
export const openaiResponsesAdapter: WireAdapter = {
  api: API,
  buildRequest: buildResponsesRequest,
  createDecoder: () => new ResponsesDecoder(),
};

function buildResponsesRequest(input: WireCallInput): WireRequest {
  const { model, request } = input;
  const body: Record<string, unknown> = {
    model: model.id,
    input: toInput(request),
    stream: true,
    // Nothing of the conversation is kept on OpenAI's side: every request carries the whole history.
    store: false,
    max_output_tokens: input.maxTokens,
  };
  if (request.system !== undefined && request.system !== "") body.instructions = request.system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.tools !== undefined && request.tools.length > 0) body.tools = request.tools.map(toTool);
  if (request.toolChoice !== undefined) body.tool_choice = toToolChoice(request.toolChoice);
  Object.assign(body, input.thinkingParams);
  const reasoning = input.thinkingParams.reasoning;
  if (reasoning !== null && typeof reasoning === "object" && (reasoning as { effort?: unknown }).effort !== "none") {
    // Without `summary` the model reasons silently: no reasoning text is streamed at all
    // (https://platform.openai.com/docs/guides/reasoning#reasoning-summaries). A summary given by the caller wins.
    body.reasoning = { summary: "auto", ...(reasoning as Record<string, unknown>) };
  }
  return {
    url: openaiEndpoint(model.baseUrl, "/responses"),
    headers: { ...input.headers },
    credentialHeaders: openaiBearer(input.apiKey),
    body,
    framing: "sse",
  };
}

function toInput(request: ChatRequest): unknown[] {
  const items: unknown[] = [];
  for (const message of request.messages) {
    const parts = partsOf(message);
    if (message.role === "assistant") {
      assistantItems(parts, items);
      continue;
    }
    // A result must follow its call, so results come before any user content sent alongside them.
    let content: unknown[] | null = null;
    for (const part of parts) {
      if (part.type === "tool_result") items.push({ type: "function_call_output", call_id: part.toolCallId, output: part.content });
      else if (part.type === "text") (content ??= []).push({ type: "input_text", text: part.text });
      else if (part.type === "image") {
        (content ??= []).push({ type: "input_image", image_url: `data:${part.mimeType};base64,${part.data}`, detail: "auto" });
      }
    }
    if (content !== null) items.push({ role: "user", content });
  }
  return items;
}

/** Assistant text becomes `output_text` messages and each tool call a `function_call` item, in their order. */
function assistantItems(parts: readonly Part[], items: unknown[]): void {
  let content: unknown[] | null = null;
  for (const part of parts) {
    if (part.type === "text") (content ??= []).push({ type: "output_text", text: part.text });
    else if (part.type === "tool_call") {
      if (content !== null) items.push({ role: "assistant", content });
      content = null;
      items.push({ type: "function_call", call_id: part.id, name: part.name, arguments: JSON.stringify(part.arguments) });
    }
    // Thinking parts are dropped: a summary cannot be sent back (only an encrypted reasoning item could).
  }
  if (content !== null) items.push({ role: "assistant", content });
}

function toTool(tool: ToolDefinition): unknown {
  const out: Record<string, unknown> = { type: "function", name: tool.name };
  if (tool.description !== undefined) out.description = tool.description;
  out.parameters = tool.parameters;
  // Responses normalizes a tool without `strict` into strict mode (every property required, no extra ones), which
  // changes what the caller's schema means; chat/completions stays non-strict. `strict: false` keeps the schema as
  // written (OpenAI function-calling guide, "Strict mode", 2026-04).
  out.strict = false;
  return out;
}

function toToolChoice(choice: ToolChoice): unknown {
  return typeof choice === "string" ? choice : { type: "function", name: choice.name };
}

/**
 * The events this decoder reads. Others (`response.created`, `response.content_part.*`, `response.output_text.done`,
 * which repeats the whole text, …) are skipped without parsing when the SSE event name says what they are.
 */
const HANDLED = new Set([
  "response.output_text.delta",
  "response.refusal.delta",
  "response.reasoning_summary_text.delta",
  "response.reasoning_text.delta",
  "response.output_item.added",
  "response.function_call_arguments.delta",
  "response.function_call_arguments.done",
  "response.output_item.done",
  "response.completed",
  "response.incomplete",
  "response.failed",
  "error",
]);

type ToolCallDelta = Extract<WireEvent, { type: "tool_call_delta" }>;

interface PendingCall {
  /** Position among this answer's function calls: the public `tool_call_delta.index`. */
  readonly slot: number;
  id: string | null;
  name: string | null;
  args: string;
  emitted: boolean;
}

/** The loosely read shape of one event; every field is checked before use. */
interface StreamEvent {
  type?: unknown;
  delta?: unknown;
  output_index?: unknown;
  item_id?: unknown;
  summary_index?: unknown;
  content_index?: unknown;
  arguments?: unknown;
  name?: unknown;
  item?: { type?: unknown; call_id?: unknown; name?: unknown; arguments?: unknown } | null;
  response?: {
    status?: unknown;
    error?: unknown;
    incomplete_details?: { reason?: unknown } | null;
    usage?: {
      input_tokens?: unknown;
      output_tokens?: unknown;
      input_tokens_details?: { cached_tokens?: unknown; cache_write_tokens?: unknown } | null;
    } | null;
  } | null;
}

class ResponsesDecoder implements WireDecoder {
  /** Function calls by the wire's `output_index`. */
  private readonly calls = new Map<number, PendingCall>();
  private readonly order: PendingCall[] = [];
  /** The reasoning part the last thinking delta belonged to, to put a blank line between parts. */
  private thinkingItem: unknown = undefined;
  private thinkingPart: unknown = undefined;
  private finished = false;

  push(frame: WireFrame): WireEvent[] {
    if (this.finished) return [];
    const named = frame.event;
    if (named !== undefined && !HANDLED.has(named)) return [];
    const data = frame.data;
    // Not part of the Responses wire, but some compatible proxies append it; the end marker was already decided.
    if (data === "[DONE]" || data === "") return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw malformedFrame({ api: API, data });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw malformedFrame({ api: API, data, detail: "JSON that is not an event object" });
    }
    const event = parsed as StreamEvent;
    const type = named ?? event.type;
    switch (type) {
      case "response.output_text.delta":
      case "response.refusal.delta":
        return typeof event.delta === "string" && event.delta !== "" ? [{ type: "text", delta: event.delta }] : [];
      case "response.reasoning_summary_text.delta":
        return this.thinking(event, event.summary_index);
      case "response.reasoning_text.delta":
        return this.thinking(event, event.content_index);
      case "response.output_item.added":
        return this.itemAdded(event);
      case "response.function_call_arguments.delta":
        return this.argumentsDelta(event);
      case "response.function_call_arguments.done": {
        const call = this.callAt(event.output_index);
        if (typeof event.arguments === "string") call.args = event.arguments;
        if (call.name === null && typeof event.name === "string" && event.name !== "") call.name = event.name;
        const events: WireEvent[] = [];
        this.emitCall(call, false, events);
        return events;
      }
      case "response.output_item.done":
        return this.itemDone(event);
      case "response.completed":
        return this.finish(event, this.order.length > 0 ? "tool_use" : "stop", false);
      case "response.incomplete":
        return this.finish(event, incompleteReason(event.response?.incomplete_details?.reason), true);
      case "response.failed": {
        const error = event.response?.error;
        throw inStreamError({ api: API, body: { error: error ?? "the response failed without an error object" } });
      }
      case "error":
        throw inStreamError({ api: API, body: parsed });
      default:
        return [];
    }
  }

  end(): WireEvent[] {
    if (!this.finished) throw truncatedStream({ api: API, expected: "a response.completed or response.incomplete event" });
    return [];
  }

  private thinking(event: StreamEvent, part: unknown): WireEvent[] {
    if (typeof event.delta !== "string" || event.delta === "") return [];
    const events: WireEvent[] = [];
    // Summary parts are separate paragraphs (each starts with its own bold title); keep them apart.
    if (this.thinkingItem !== undefined && (event.item_id !== this.thinkingItem || part !== this.thinkingPart)) {
      events.push({ type: "thinking", delta: "\n\n" });
    }
    this.thinkingItem = event.item_id;
    this.thinkingPart = part;
    events.push({ type: "thinking", delta: event.delta });
    return events;
  }

  private itemAdded(event: StreamEvent): WireEvent[] {
    const item = event.item;
    if (item === undefined || item === null || item.type !== "function_call") return [];
    const call = this.callAt(event.output_index);
    const delta: ToolCallDelta = { type: "tool_call_delta", index: call.slot, argumentsDelta: "" };
    if (typeof item.call_id === "string" && item.call_id !== "") call.id = delta.id = item.call_id;
    if (typeof item.name === "string" && item.name !== "") call.name = delta.name = item.name;
    if (typeof item.arguments === "string" && item.arguments !== "") {
      call.args += item.arguments;
      delta.argumentsDelta = item.arguments;
    }
    return [delta];
  }

  private argumentsDelta(event: StreamEvent): WireEvent[] {
    if (typeof event.delta !== "string" || event.delta === "") return [];
    const call = this.callAt(event.output_index);
    call.args += event.delta;
    return [{ type: "tool_call_delta", index: call.slot, argumentsDelta: event.delta }];
  }

  private itemDone(event: StreamEvent): WireEvent[] {
    const item = event.item;
    if (item === undefined || item === null || item.type !== "function_call") return [];
    const call = this.callAt(event.output_index);
    if (call.emitted) return [];
    // The finished item is authoritative for a server that skipped the argument events.
    if (call.id === null && typeof item.call_id === "string" && item.call_id !== "") call.id = item.call_id;
    if (call.name === null && typeof item.name === "string" && item.name !== "") call.name = item.name;
    if (typeof item.arguments === "string") call.args = item.arguments;
    const events: WireEvent[] = [];
    this.emitCall(call, false, events);
    return events;
  }

  /** The call at an output index, created on first sight (a server may skip `output_item.added`). */
  private callAt(outputIndex: unknown): PendingCall {
    const key = typeof outputIndex === "number" ? outputIndex : -1;
    let call = this.calls.get(key);
    if (call === undefined) {
      call = { slot: this.order.length, id: null, name: null, args: "", emitted: false };
      this.calls.set(key, call);
      this.order.push(call);
    }
    return call;
  }

  private emitCall(call: PendingCall, truncated: boolean, events: WireEvent[]): void {
    if (call.emitted) return;
    call.emitted = true;
    if (call.name === null) {
      if (truncated) return;
      throw malformedFrame({ api: API, data: call.args, detail: "a function call without a name" });
    }
    const args = parseToolArguments({ api: API, text: call.args, truncated });
    if (args === null) return;
    events.push({ type: "tool_call", id: call.id ?? `call_${call.slot}`, name: call.name, arguments: args });
  }

  private finish(event: StreamEvent, reason: StopReason | null, truncated: boolean): WireEvent[] {
    this.finished = true;
    const events: WireEvent[] = [];
    for (const call of this.order) this.emitCall(call, truncated, events);
    const usage = event.response?.usage;
    if (usage !== undefined && usage !== null && typeof usage === "object") {
      const details = usage.input_tokens_details !== null && typeof usage.input_tokens_details === "object" ? usage.input_tokens_details : undefined;
      const counted = openaiUsageEvent({
        prompt: usage.input_tokens,
        cached: details?.cached_tokens,
        cacheWrite: details?.cache_write_tokens,
        output: usage.output_tokens,
      });
      if (counted !== null) events.push(counted);
    }
    events.push({ type: "stop", reason });
    return events;
  }
}

/** `incomplete_details.reason` is `max_output_tokens` or `content_filter` (openai-node `Response.IncompleteDetails`). */
function incompleteReason(reason: unknown): StopReason | null {
  if (reason === "max_output_tokens") return "length";
  if (reason === "content_filter") return "content_filter";
  return null;
}
