import { partsOf, type ChatMessage, type ChatRequest, type ToolChoice } from "../chat-request.js";
import { inStreamError, malformedFrame, truncatedStream } from "../stream-error.js";
import type { StopReason } from "../stream-events.js";
import type { WireAdapter, WireCallInput, WireDecoder, WireEvent, WireFrame, WireRequest } from "../wire-adapter.js";
import { toolCallIdFactory, toolNameFor, toolNamesById } from "./tool-call-ids.js";
import { isRecord, mergeParams } from "./merge-params.js";

// Wire shapes: ai.google.dev/api/generate-content (GenerateContentRequest / GenerateContentResponse, Part, FunctionCall,
// FunctionResponse, UsageMetadata, FinishReason), ai.google.dev/gemini-api/docs/thought-signatures, and a recorded
// `alt=sse` function-call transcript (github.com/junjihashimoto/louter test-data/gemini/streaming_function_calling).

const API = "google-generative-ai";
const TRAILING_SLASHES = /\/+$/;

/** Finish reasons that mean the answer was withheld or cut by a filter (FinishReason enum of the Gemini API). */
const FILTERED = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]);

/**
 * The Gemini API (`generativelanguage.googleapis.com`, api kind `google-generative-ai`): `POST
 * {baseUrl}/models/{id}:streamGenerateContent?alt=sse` with the key in `x-goog-api-key` (never `?key=`, which would
 * put it in every logged URL). Tool calls carry no id on this wire, so the decoder synthesizes one per call and the
 * request builder answers a `tool_result` by the tool's name found in the history.
 *
 * Thought signatures: the decoder emits `thinking_signature` for a part's `thoughtSignature` — after the text of a
 * `thought` part, and before the content of any other part, so the engine files it on the thinking block that
 * precedes that part. When the history is sent back, a signed thinking part hands its signature to the next text or
 * `functionCall` part of the same message (the part that carried it), as Gemini requires for function calls; a
 * signature with no later part goes on the message's last part. Thinking text itself is not sent back.
 *
 * @example
 * ```ts
 * const wire = googleGenerativeAiAdapter.buildRequest({
 *   model: { id: "gemini-2.5-flash", provider: "google", api: "google-generative-ai", baseUrl: "https://generativelanguage.googleapis.com/v1beta" },
 *   request: { messages: [{ role: "user", content: "Hi" }] },
 *   maxTokens: 1024, thinkingParams: { generationConfig: { thinkingConfig: { thinkingBudget: 2048 } } }, apiKey: key, headers: {},
 * });
 * // wire.url ends with "/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
 * ```
 */
export const googleGenerativeAiAdapter: WireAdapter = {
  api: API,
  buildRequest: buildGeminiRequest,
  createDecoder: createGeminiDecoder,
};

interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  functionCall?: { name: string; args: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
}

interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}

function buildGeminiRequest(input: WireCallInput): WireRequest {
  const { model, request } = input;
  const body: Record<string, unknown> = { contents: toContents(request.messages) };
  if (request.system !== undefined && request.system !== "") body.systemInstruction = { parts: [{ text: request.system }] };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parameters: tool.parameters,
        })),
      },
    ];
    if (request.toolChoice !== undefined) body.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
  }
  const generationConfig: Record<string, unknown> = { maxOutputTokens: input.maxTokens };
  if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
  body.generationConfig = generationConfig;
  mergeParams(body, input.thinkingParams);
  includeThoughts(body.generationConfig);
  return {
    url: `${model.baseUrl.replace(TRAILING_SLASHES, "")}/${modelPath(model.id)}:streamGenerateContent?alt=sse`,
    headers: { ...input.headers },
    credentialHeaders: input.apiKey === null ? {} : { "x-goog-api-key": input.apiKey },
    body,
    framing: "sse",
  };
}

/** `models/<id>`; an id that already names its collection (`models/…`, `tunedModels/…`) is used as is. */
function modelPath(id: string): string {
  if (id.startsWith("models/") || id.startsWith("tunedModels/")) return id;
  return `models/${encodeURIComponent(id)}`;
}

function functionCallingConfig(choice: ToolChoice): Record<string, unknown> {
  if (choice === "auto") return { mode: "AUTO" };
  if (choice === "none") return { mode: "NONE" };
  if (choice === "required") return { mode: "ANY" };
  return { mode: "ANY", allowedFunctionNames: [choice.name] };
}

/**
 * Thought summaries stream only with `includeThoughts: true`, so it is set whenever thinking is on (a thinkingConfig
 * was sent and its budget is not 0); a value the thinking params state themselves wins.
 */
function includeThoughts(generationConfig: unknown): void {
  if (!isRecord(generationConfig)) return;
  const thinkingConfig = generationConfig.thinkingConfig;
  if (!isRecord(thinkingConfig) || thinkingConfig.includeThoughts !== undefined || thinkingConfig.thinkingBudget === 0) return;
  thinkingConfig.includeThoughts = true;
}

function toContents(messages: ChatRequest["messages"]): GeminiContent[] {
  const names = toolNamesById(messages);
  const contents: GeminiContent[] = [];
  let previousRole: ChatMessage["role"] | null = null;
  for (const message of messages) {
    if (message.role === "assistant") {
      const parts = modelParts(message);
      if (parts.length > 0) contents.push({ role: "model", parts });
    } else {
      const parts = userParts(message, names);
      const last = contents[contents.length - 1];
      // Parallel calls are answered one tool message per result; Gemini pairs the function calls of a model turn
      // with the function responses of the next turn, so consecutive results go into one user turn.
      if (message.role === "tool" && previousRole === "tool" && last !== undefined && last.role === "user") last.parts.push(...parts);
      else if (parts.length > 0) contents.push({ role: "user", parts });
    }
    previousRole = message.role;
  }
  return contents;
}

function userParts(message: ChatMessage, names: ReadonlyMap<string, string>): GeminiPart[] {
  if (typeof message.content === "string") return [{ text: message.content }];
  const parts: GeminiPart[] = [];
  for (const part of message.content) {
    if (part.type === "text") parts.push({ text: part.text });
    else if (part.type === "image") parts.push({ inlineData: { mimeType: part.mimeType, data: part.data } });
    else if (part.type === "tool_result") {
      // FunctionResponse.response is a JSON object: without an `output` or `error` key the whole object is the
      // output, and an `error` key tells the model the call failed.
      const response = part.isError === true ? { error: part.content } : { content: part.content };
      parts.push({ functionResponse: { name: toolNameFor(names, part.toolCallId, API), response } });
    }
  }
  return parts;
}

function modelParts(message: ChatMessage): GeminiPart[] {
  if (typeof message.content === "string") return message.content === "" ? [] : [{ text: message.content }];
  const parts: GeminiPart[] = [];
  let signature: string | undefined;
  for (const part of partsOf(message)) {
    let out: GeminiPart;
    if (part.type === "thinking") {
      if (part.signature !== undefined && part.signature !== "") signature = part.signature;
      continue;
    } else if (part.type === "text") {
      // An empty text part is refused ("empty text parameter"); its signature moves on to the next part.
      if (part.text === "") continue;
      out = { text: part.text };
    } else if (part.type === "tool_call") {
      out = { functionCall: { name: part.name, args: part.arguments } };
    } else continue;
    if (signature !== undefined) {
      out.thoughtSignature = signature;
      signature = undefined;
    }
    parts.push(out);
  }
  const last = parts[parts.length - 1];
  if (signature !== undefined && last !== undefined && last.thoughtSignature === undefined) last.thoughtSignature = signature;
  return parts;
}

interface ChunkPart {
  text?: unknown;
  thought?: unknown;
  thoughtSignature?: unknown;
  functionCall?: { name?: unknown; args?: unknown; id?: unknown } | null;
}

interface Chunk {
  error?: unknown;
  candidates?: Array<{ content?: { parts?: ChunkPart[] } | null; finishReason?: unknown } | null> | null;
  usageMetadata?: UsageMetadata | null;
  promptFeedback?: { blockReason?: unknown } | null;
}

interface UsageMetadata {
  promptTokenCount?: unknown;
  candidatesTokenCount?: unknown;
  thoughtsTokenCount?: unknown;
  cachedContentTokenCount?: unknown;
}

function createGeminiDecoder(): WireDecoder {
  const nextId = toolCallIdFactory();
  let toolCalls = 0;
  let usage: UsageMetadata | null = null;
  let done = false;

  const finish = (events: WireEvent[], reason: StopReason | null): void => {
    done = true;
    if (usage !== null) events.push(usageEvent(usage));
    events.push({ type: "stop", reason });
  };

  const decodePart = (part: ChunkPart, events: WireEvent[], data: string): void => {
    const signature = typeof part.thoughtSignature === "string" && part.thoughtSignature !== "" ? part.thoughtSignature : null;
    const text = typeof part.text === "string" && part.text !== "" ? part.text : null;
    if (part.thought === true) {
      if (text !== null) events.push({ type: "thinking", delta: text });
      if (signature !== null) events.push({ type: "thinking_signature", signature });
      return;
    }
    if (signature !== null) events.push({ type: "thinking_signature", signature });
    if (text !== null) events.push({ type: "text", delta: text });
    const call = part.functionCall;
    if (call === undefined || call === null) return;
    if (typeof call.name !== "string" || call.name === "") throw malformedFrame({ api: API, data, detail: "a functionCall without a name" });
    const args = isRecord(call.args) ? call.args : {};
    // FunctionCall.id is optional and the Gemini API leaves it empty; one it does send is kept.
    const id = typeof call.id === "string" && call.id !== "" ? call.id : nextId();
    events.push({ type: "tool_call_delta", index: toolCalls++, id, name: call.name, argumentsDelta: JSON.stringify(args) });
    events.push({ type: "tool_call", id, name: call.name, arguments: args });
  };

  return {
    push(frame: WireFrame): WireEvent[] {
      if (done) return [];
      const data = frame.data;
      let chunk: Chunk;
      try {
        chunk = JSON.parse(data) as Chunk;
      } catch {
        throw malformedFrame({ api: API, data });
      }
      if (!isRecord(chunk)) throw malformedFrame({ api: API, data, detail: "JSON that is not a GenerateContentResponse object" });
      if (chunk.error !== undefined && chunk.error !== null) throw inStreamError({ api: API, body: chunk });
      // Every chunk restates the usage so far; only the last one before the finish counts.
      if (isRecord(chunk.usageMetadata)) usage = chunk.usageMetadata;
      const events: WireEvent[] = [];
      const candidate = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined;
      if (candidate !== undefined && candidate !== null) {
        const parts = candidate.content?.parts;
        if (Array.isArray(parts)) for (const part of parts) if (isRecord(part)) decodePart(part, events, data);
        if (typeof candidate.finishReason === "string" && candidate.finishReason !== "") finish(events, stopReasonOf(candidate.finishReason, toolCalls));
      }
      // A blocked prompt gets no candidate at all, only promptFeedback.blockReason.
      const feedback = chunk.promptFeedback;
      if (!done && isRecord(feedback) && typeof feedback.blockReason === "string") finish(events, "content_filter");
      return events;
    },
    end(): WireEvent[] {
      if (!done) throw truncatedStream({ api: API, expected: "a chunk with a finishReason" });
      return [];
    },
  };
}

function stopReasonOf(finishReason: string, toolCalls: number): StopReason | null {
  // Gemini says STOP after function calls too ("Model generated function call(s).").
  if (finishReason === "STOP") return toolCalls > 0 ? "tool_use" : "stop";
  if (finishReason === "MAX_TOKENS") return "length";
  if (FILTERED.has(finishReason)) return "content_filter";
  return null;
}

/**
 * `candidatesTokenCount` leaves out the thinking tokens (`thoughtsTokenCount`), which are billed as output; the
 * prompt count includes the cached tokens, which are reported apart.
 */
function usageEvent(metadata: UsageMetadata): WireEvent {
  const cached = count(metadata.cachedContentTokenCount);
  return {
    type: "usage",
    input: Math.max(0, count(metadata.promptTokenCount) - cached),
    output: count(metadata.candidatesTokenCount) + count(metadata.thoughtsTokenCount),
    cacheRead: cached,
    cacheWrite: 0,
  };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}


