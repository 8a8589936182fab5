import { partsOf, type ChatMessage, type Part, type ToolChoice } from "../chat-request.js";
import type { StopReason } from "../stream-events.js";
import { inStreamError, malformedFrame, truncatedStream } from "../stream-error.js";
import type { WireAdapter, WireCallInput, WireDecoder, WireEvent, WireFrame, WireRequest } from "../wire-adapter.js";
import { isRecord, mergeParams } from "./merge-params.js";

// Wire facts below come from Anthropic's public docs: "Streaming Messages" (event flow, cumulative `message_delta`
// usage, `error` events after a 200, unknown events to be ignored, `signature_delta` just before the thinking block's
// `content_block_stop`), "Extended thinking" (budget_tokens ≥ 1024 and < max_tokens, no temperature with thinking,
// thinking blocks sent back with their signature, `redacted_thinking { data }`), "Tool use" (tool_use / tool_result
// blocks, tool_choice auto | any | tool | none) and "Vision" (base64 image source).

const API = "anthropic-messages";
const ANTHROPIC_VERSION = "2023-06-01";
/** Claude.ai OAuth and `claude setup-token` tokens; they authenticate as Bearer and need the oauth beta. */
const OAUTH_TOKEN_PREFIX = "sk-ant-oat";
const OAUTH_BETA = "oauth-2025-04-20";
/** The smallest thinking budget the API accepts. */
const MIN_THINKING_BUDGET = 1024;

/**
 * How a `redacted_thinking` block travels through a {@link ThinkingPart}: the chat types have no redacted variant, so
 * the decoder reports its opaque `data` as a thinking signature with this prefix, and `buildRequest` turns a thinking
 * part whose signature has it back into `{ type: "redacted_thinking", data }`. Real signatures are base64, which has
 * no `:`, so the prefix cannot collide with one.
 *
 * @example
 * ```ts
 * const part = { type: "thinking", text: "", signature: `${REDACTED_THINKING_SIGNATURE_PREFIX}EmwKAhgBEgy…` };
 * ```
 */
export const REDACTED_THINKING_SIGNATURE_PREFIX = "redacted_thinking:";

type Block = Record<string, unknown>;
type WireMessage = { role: "user" | "assistant"; content: Block[] };

/**
 * The Anthropic Messages wire format (`POST /v1/messages`, `stream: true`): named SSE events, thinking blocks whose
 * signatures are kept for the next turn, tool input streamed as `input_json_delta`, and `error` events that can arrive
 * after the 200. Also spoken by Anthropic-compatible endpoints (MiniMax, Kimi, z.ai, …) under their own base URL.
 *
 * @example
 * ```ts
 * const wire = anthropicMessagesAdapter.buildRequest({
 *   model: { id: "claude-sonnet-4-5", provider: "anthropic", api: "anthropic-messages", baseUrl: "https://api.anthropic.com" },
 *   request: { messages: [{ role: "user", content: "Hi" }] },
 *   maxTokens: 1024, thinkingParams: {}, apiKey: key, headers: {},
 * });
 * // wire.url === "https://api.anthropic.com/v1/messages", wire.credentialHeaders === { "x-api-key": key }
 * const decoder = anthropicMessagesAdapter.createDecoder();
 * ```
 */
export const anthropicMessagesAdapter: WireAdapter = {
  api: API,
  buildRequest: buildAnthropicRequest,
  createDecoder: () => new AnthropicMessagesDecoder(),
};

function buildAnthropicRequest(input: WireCallInput): WireRequest {
  const { request } = input;
  const isOAuth = input.apiKey !== null && input.apiKey.startsWith(OAUTH_TOKEN_PREFIX);
  const credentialHeaders: Record<string, string> =
    input.apiKey === null ? {} : isOAuth ? { authorization: `Bearer ${input.apiKey}` } : { "x-api-key": input.apiKey };

  const body: Record<string, unknown> = { model: input.model.id, max_tokens: input.maxTokens, stream: true };
  if (request.system !== undefined && request.system !== "") body.system = request.system;
  body.messages = toWireMessages(request.messages);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) =>
      tool.description !== undefined
        ? { name: tool.name, description: tool.description, input_schema: tool.parameters }
        : { name: tool.name, input_schema: tool.parameters },
    );
    // tool_choice without tools is rejected, so it only goes along with them.
    if (request.toolChoice !== undefined) body.tool_choice = toWireToolChoice(request.toolChoice);
  }
  mergeParams(body, input.thinkingParams);
  fitThinking(body);

  const sentMaxTokens = body.max_tokens as number;
  return {
    url: messagesUrl(input.model.baseUrl),
    headers: buildHeaders(input.headers, isOAuth),
    credentialHeaders,
    body,
    framing: "sse",
    ...(sentMaxTokens !== input.maxTokens ? { maxTokens: sentMaxTokens } : {}),
  };
}

function messagesUrl(baseUrl: string): string {
  let end = baseUrl.length;
  while (end > 0 && baseUrl.charCodeAt(end - 1) === 47 /* / */) end--;
  const base = baseUrl.slice(0, end);
  // Catalog base URLs are usually the host (`https://api.anthropic.com`); a models.json entry copied from an
  // OpenAI-style config often ends in `/v1`, which must not become `/v1/v1/messages`.
  return base.endsWith("/v1") ? `${base}/messages` : `${base}/v1/messages`;
}

function buildHeaders(providerHeaders: Record<string, string>, isOAuth: boolean): Record<string, string> {
  const headers: Record<string, string> = { "anthropic-version": ANTHROPIC_VERSION };
  const betas: string[] = isOAuth ? [OAUTH_BETA] : [];
  for (const name of Object.keys(providerHeaders)) {
    const value = providerHeaders[name] as string;
    const lower = name.toLowerCase();
    // A provider's beta flags add to the OAuth one instead of replacing it (the API reads one comma-separated list).
    if (lower === "anthropic-beta") {
      for (const flag of value.split(",")) {
        const trimmed = flag.trim();
        if (trimmed !== "" && !betas.includes(trimmed)) betas.push(trimmed);
      }
    } else {
      headers[lower] = value;
    }
  }
  if (betas.length > 0) headers["anthropic-beta"] = betas.join(",");
  return headers;
}

function toWireToolChoice(choice: ToolChoice): Block {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  return { type: "tool", name: choice.name };
}

/**
 * Extended thinking's rules (Anthropic "Extended thinking" docs): `budget_tokens` ≥ 1024 and < `max_tokens`, and no
 * `temperature` alongside thinking. Rule chosen here: the budget is raised to 1024 when below it; when it does not
 * fit under max_tokens it is lowered to max_tokens − 1; when that is under 1024 (max_tokens ≤ 1024) the budget stays
 * 1024 and max_tokens is raised to 1025 — the smallest request the API accepts with thinking on, rather than a
 * request that is certain to be rejected.
 */
function fitThinking(body: Record<string, unknown>): void {
  const thinking = body.thinking;
  if (!isRecord(thinking) || thinking.type === "disabled") return;
  delete body.temperature;
  if (thinking.type !== "enabled" || typeof thinking.budget_tokens !== "number") return;
  const maxTokens = body.max_tokens as number;
  let budget = Math.max(MIN_THINKING_BUDGET, Math.floor(thinking.budget_tokens));
  if (budget >= maxTokens) budget = Math.max(MIN_THINKING_BUDGET, maxTokens - 1);
  if (budget >= maxTokens) body.max_tokens = budget + 1;
  if (budget !== thinking.budget_tokens) body.thinking = { ...thinking, budget_tokens: budget };
}

function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  const out: WireMessage[] = [];
  for (const message of messages) {
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = message.role === "assistant" ? assistantBlocks(partsOf(message)) : userBlocks(partsOf(message));
    if (blocks.length === 0) continue; // an empty content array is rejected; dropping the turn keeps the rest valid
    const last = out[out.length - 1];
    // The API requires user and assistant turns to alternate; several tool messages in a row are one user turn.
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  for (const message of out) {
    // Thinking must open an assistant turn, and tool results must open a user turn (before any text).
    if (message.role === "assistant") orderFirst(message.content, isThinkingBlock);
    else orderFirst(message.content, isToolResultBlock);
  }
  return out;
}

function userBlocks(parts: readonly Part[]): Block[] {
  const blocks: Block[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "text":
        // Empty text blocks are rejected by the API.
        if (part.text !== "") blocks.push({ type: "text", text: part.text });
        break;
      case "image":
        blocks.push({ type: "image", source: { type: "base64", media_type: part.mimeType, data: part.data } });
        break;
      case "tool_result":
        blocks.push(
          part.isError === true
            ? { type: "tool_result", tool_use_id: part.toolCallId, content: part.content, is_error: true }
            : { type: "tool_result", tool_use_id: part.toolCallId, content: part.content },
        );
        break;
      default:
      // A user turn cannot carry tool calls or thinking (a tool turn's stray parts are dropped the same way).
    }
  }
  return blocks;
}

function assistantBlocks(parts: readonly Part[]): Block[] {
  const blocks: Block[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "thinking":
        // Without its signature the API rejects a thinking block, so an unsigned one (from another api kind) is dropped.
        if (part.signature === undefined || part.signature === "") break;
        if (part.signature.startsWith(REDACTED_THINKING_SIGNATURE_PREFIX)) {
          blocks.push({ type: "redacted_thinking", data: part.signature.slice(REDACTED_THINKING_SIGNATURE_PREFIX.length) });
        } else {
          blocks.push({ type: "thinking", thinking: part.text, signature: part.signature });
        }
        break;
      case "text":
        if (part.text !== "") blocks.push({ type: "text", text: part.text });
        break;
      case "tool_call":
        blocks.push({ type: "tool_use", id: part.id, name: part.name, input: part.arguments });
        break;
      default:
      // Images and tool results cannot be in an assistant turn.
    }
  }
  return blocks;
}

function isThinkingBlock(block: Block): boolean {
  return block.type === "thinking" || block.type === "redacted_thinking";
}

function isToolResultBlock(block: Block): boolean {
  return block.type === "tool_result";
}

/** Stable partition in place: blocks matching `first` move to the front, both groups keep their order. */
function orderFirst(blocks: Block[], first: (block: Block) => boolean): void {
  let seenOther = false;
  let needed = false;
  for (const block of blocks) {
    if (!first(block)) seenOther = true;
    else if (seenOther) {
      needed = true;
      break;
    }
  }
  if (!needed) return;
  const front = blocks.filter(first);
  const back = blocks.filter((block) => !first(block));
  blocks.length = 0;
  blocks.push(...front, ...back);
}



// ————————————————————————————————————————— decoding —————————————————————————————————————————

const NO_EVENTS: WireEvent[] = [];

/** A tool_use block being streamed: its ordinal among the message's tool calls and the input JSON so far. */
interface ToolBlock {
  ordinal: number;
  id: string;
  name: string;
  json: string;
  announced: boolean;
  /** `content_block_start`'s `input`, used when no `input_json_delta` arrives. */
  startInput: Record<string, unknown> | null;
}

class AnthropicMessagesDecoder implements WireDecoder {
  /** Tool blocks by content block index (other block kinds need no state). */
  private readonly tools = new Map<number, ToolBlock>();
  private toolCount = 0;
  private input = 0;
  private output = 0;
  private cacheRead = 0;
  private cacheWrite = 0;
  private sawUsage = false;
  private stopReason: StopReason | null = null;
  private stopped = false;

  push(frame: WireFrame): WireEvent[] {
    const name = frame.event;
    // Named events the decoder does not know are skipped unparsed: the docs promise new event types may appear.
    if (name !== undefined && !isKnownEvent(name)) return NO_EVENTS;
    if (this.stopped) return NO_EVENTS;
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame.data);
    } catch {
      throw malformedFrame({ api: API, data: frame.data, detail: "data that is not JSON" });
    }
    if (!isRecord(parsed)) throw malformedFrame({ api: API, data: frame.data, detail: "JSON that is not an object" });
    // Some proxies drop the `event:` line; the data's `type` names the event too.
    const type = name ?? parsed.type;
    switch (type) {
      case "content_block_delta":
        return this.onDelta(parsed, frame.data);
      case "content_block_start":
        return this.onBlockStart(parsed, frame.data);
      case "content_block_stop":
        return this.onBlockStop(parsed);
      case "message_start":
        this.onMessageStart(parsed);
        return NO_EVENTS;
      case "message_delta":
        this.onMessageDelta(parsed);
        return NO_EVENTS;
      case "message_stop":
        return this.onMessageStop();
      case "error":
        throw inStreamError({ api: API, body: parsed });
      default:
        return NO_EVENTS; // ping, or an unnamed frame of an unknown type
    }
  }

  end(): WireEvent[] {
    if (!this.stopped) throw truncatedStream({ api: API, expected: "event: message_stop" });
    return NO_EVENTS;
  }

  private onDelta(event: Record<string, unknown>, data: string): WireEvent[] {
    const delta = event.delta;
    if (!isRecord(delta)) throw malformedFrame({ api: API, data, detail: "a content_block_delta without a delta object" });
    switch (delta.type) {
      case "text_delta":
        return typeof delta.text === "string" && delta.text !== "" ? [{ type: "text", delta: delta.text }] : NO_EVENTS;
      case "thinking_delta":
        return typeof delta.thinking === "string" && delta.thinking !== "" ? [{ type: "thinking", delta: delta.thinking }] : NO_EVENTS;
      case "signature_delta":
        return typeof delta.signature === "string" && delta.signature !== ""
          ? [{ type: "thinking_signature", signature: delta.signature }]
          : NO_EVENTS;
      case "input_json_delta": {
        // Server tools (web search, code execution) stream input too; only the caller's tool_use blocks are tracked.
        const tool = this.tools.get(event.index as number);
        if (tool === undefined) return NO_EVENTS;
        const partial = typeof delta.partial_json === "string" ? delta.partial_json : "";
        if (tool.announced) {
          if (partial === "") return NO_EVENTS;
          tool.json += partial;
          return [{ type: "tool_call_delta", index: tool.ordinal, argumentsDelta: partial }];
        }
        tool.announced = true;
        tool.json += partial;
        return [{ type: "tool_call_delta", index: tool.ordinal, id: tool.id, name: tool.name, argumentsDelta: partial }];
      }
      default:
        return NO_EVENTS; // citations_delta and future delta types carry nothing the events model
    }
  }

  private onBlockStart(event: Record<string, unknown>, data: string): WireEvent[] {
    const block = event.content_block;
    if (!isRecord(block)) return NO_EVENTS;
    switch (block.type) {
      case "tool_use": {
        if (typeof event.index !== "number" || typeof block.id !== "string" || typeof block.name !== "string") {
          throw malformedFrame({ api: API, data, detail: "a tool_use block without index, id and name" });
        }
        const startInput = isRecord(block.input) && Object.keys(block.input).length > 0 ? block.input : null;
        this.tools.set(event.index, { ordinal: this.toolCount++, id: block.id, name: block.name, json: "", announced: false, startInput });
        return NO_EVENTS;
      }
      case "redacted_thinking":
        // The whole block arrives here (no deltas); its data must go back verbatim on the next turn.
        return typeof block.data === "string" && block.data !== ""
          ? [{ type: "thinking_signature", signature: REDACTED_THINKING_SIGNATURE_PREFIX + block.data }]
          : NO_EVENTS;
      case "text":
        // The docs show an empty start text; a compatible server may put the first words here.
        return typeof block.text === "string" && block.text !== "" ? [{ type: "text", delta: block.text }] : NO_EVENTS;
      case "thinking":
        return typeof block.thinking === "string" && block.thinking !== "" ? [{ type: "thinking", delta: block.thinking }] : NO_EVENTS;
      default:
        return NO_EVENTS;
    }
  }

  private onBlockStop(event: Record<string, unknown>): WireEvent[] {
    const index = event.index as number;
    const tool = this.tools.get(index);
    if (tool === undefined) return NO_EVENTS;
    this.tools.delete(index);
    let args: Record<string, unknown>;
    if (tool.json.trim() === "") {
      args = tool.startInput ?? {};
    } else {
      let value: unknown;
      try {
        value = JSON.parse(tool.json);
      } catch {
        throw malformedFrame({ api: API, data: tool.json, detail: `tool input for "${tool.name}" that is not complete JSON` });
      }
      if (!isRecord(value)) throw malformedFrame({ api: API, data: tool.json, detail: `tool input for "${tool.name}" that is not a JSON object` });
      args = value;
    }
    return [{ type: "tool_call", id: tool.id, name: tool.name, arguments: args }];
  }

  private onMessageStart(event: Record<string, unknown>): void {
    const message = event.message;
    if (!isRecord(message)) return;
    this.readUsage(message.usage);
  }

  private onMessageDelta(event: Record<string, unknown>): void {
    const delta = event.delta;
    if (isRecord(delta) && typeof delta.stop_reason === "string") this.stopReason = mapStopReason(delta.stop_reason);
    this.readUsage(event.usage);
  }

  /**
   * `message_delta` usage is cumulative (docs), so the last output count wins. Input and cache counts come with
   * `message_start`; newer streams repeat them in `message_delta`, where some compatible servers send 0 — the larger
   * value is kept so a 0 never erases a count.
   */
  private readUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    this.sawUsage = true;
    if (typeof usage.output_tokens === "number") this.output = usage.output_tokens;
    if (typeof usage.input_tokens === "number" && usage.input_tokens > this.input) this.input = usage.input_tokens;
    if (typeof usage.cache_read_input_tokens === "number" && usage.cache_read_input_tokens > this.cacheRead) this.cacheRead = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === "number" && usage.cache_creation_input_tokens > this.cacheWrite) {
      this.cacheWrite = usage.cache_creation_input_tokens;
    }
  }

  private onMessageStop(): WireEvent[] {
    this.stopped = true;
    const stop: WireEvent = { type: "stop", reason: this.stopReason };
    if (!this.sawUsage) return [stop];
    return [{ type: "usage", input: this.input, output: this.output, cacheRead: this.cacheRead, cacheWrite: this.cacheWrite }, stop];
  }
}

function isKnownEvent(name: string): boolean {
  switch (name) {
    case "content_block_delta":
    case "content_block_start":
    case "content_block_stop":
    case "message_start":
    case "message_delta":
    case "message_stop":
    case "error":
      return true;
    default:
      return false; // ping included: it carries nothing
  }
}

function mapStopReason(reason: string): StopReason | null {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    // The context window ran out before max_tokens: the answer is cut for the same reason as a length stop.
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_use";
    case "refusal":
      return "content_filter";
    default:
      return null; // pause_turn (a server tool paused the turn) and reasons added later
  }
}
