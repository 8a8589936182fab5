import { partsOf, type ChatRequest } from "./chat-request.js";

/**
 * What of a model `fitsRequest` looks at: its input modes and context window (`null` = unknown, never a reason to
 * skip).
 *
 * @example
 * ```ts
 * const model: FitModel = { input: ["text"], contextWindow: 128000 };
 * ```
 */
export interface FitModel {
  input: readonly string[] | null;
  contextWindow: number | null;
}

// A rough, deliberately generous count: ~4 characters a token for text, a flat charge per image. Used only to skip
// a candidate that clearly cannot take the request, never to cut the request.
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_IMAGE = 1_000;

/**
 * A rough token count of a request (text ÷ 4, plus a flat charge per image and the tool schemas).
 *
 * @example
 * ```ts
 * estimateRequestTokens({ messages: [{ role: "user", content: "Hello there" }] }); // 3
 * ```
 */
export function estimateRequestTokens(request: ChatRequest): number {
  let chars = request.system?.length ?? 0;
  let images = 0;
  for (const message of request.messages) {
    for (const part of partsOf(message)) {
      if (part.type === "text" || part.type === "thinking") chars += part.text.length;
      else if (part.type === "tool_result") chars += part.content.length;
      else if (part.type === "tool_call") chars += part.name.length + JSON.stringify(part.arguments).length;
      else images += 1;
    }
  }
  for (const tool of request.tools ?? []) chars += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  return Math.ceil(chars / CHARS_PER_TOKEN) + images * TOKENS_PER_IMAGE;
}

/**
 * Whether a model can take a request: images only where its input modes include `image`, and the estimated input
 * within its context window. Returns why not, or `null` when it fits (or when the model's limits are unknown).
 *
 * @example
 * ```ts
 * const why = requestMisfit(request, { input: ["text"], contextWindow: 8192 });
 * if (why) console.log(why.code, why.message);
 * ```
 */
export function requestMisfit(
  request: ChatRequest,
  model: FitModel,
  options: { estimatedTokens?: number; minContextWindow?: number | null } = {},
): { code: "input_not_supported" | "context_overflow"; message: string } | null {
  if (model.input !== null && !model.input.includes("image")) {
    const hasImage = request.messages.some((m) => typeof m.content !== "string" && m.content.some((p) => p.type === "image"));
    if (hasImage) return { code: "input_not_supported", message: `the request holds an image and the model takes ${model.input.join(", ")} only` };
  }
  if (model.contextWindow !== null) {
    const needed = options.estimatedTokens ?? estimateRequestTokens(request);
    if (needed > model.contextWindow) {
      return { code: "context_overflow", message: `the request needs about ${needed} tokens and the model's context window is ${model.contextWindow}` };
    }
    const floor = options.minContextWindow ?? null;
    if (floor !== null && model.contextWindow <= floor) {
      return { code: "context_overflow", message: `its context window (${model.contextWindow}) is not larger than the one that overflowed (${floor})` };
    }
  }
  return null;
}
