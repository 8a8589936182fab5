/**
 * The wire formats a fake provider answers chat on (the api kinds of `stream()`).
 *
 * @example
 * ```ts
 * const api: FakeChatApi = "anthropic-messages";
 * ```
 */
export type FakeChatApi = "openai-completions" | "openai-responses" | "anthropic-messages" | "google-generative-ai" | "ollama";

/**
 * What the fake model answers: text, thinking (with a signature where the wire carries one), tool calls, usage and
 * the stop reason. Every field is optional; the fake renders it in the wire format of the endpoint that was called.
 *
 * @example
 * ```ts
 * const script: FakeChatScript = {
 *   thinking: "The user wants the weather.",
 *   toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }],
 *   usage: { input: 25, output: 12 },
 * };
 * ```
 */
export interface FakeChatScript {
  text?: string;
  thinking?: string;
  /** Anthropic `signature_delta`, Gemini `thoughtSignature`, Responses `encrypted_content` (default: none, but Anthropic always gets one). */
  thinkingSignature?: string;
  toolCalls?: Array<{ id?: string; name: string; arguments: Record<string, unknown> }>;
  usage?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** Default: `"tool_use"` when there are tool calls, else `"stop"`. */
  stopReason?: "stop" | "length" | "tool_use" | "content_filter";
  /** Text and thinking go out in deltas of this many characters (default 4); tool arguments in at least two pieces. */
  chunkSize?: number;
}

/**
 * A chat request as the fake saw it, handed to a `chat` function so the answer can depend on it (the model, the
 * messages, the tools, which key was used).
 *
 * @example
 * ```ts
 * const chat = (request: FakeChatRequest): FakeChatScript =>
 *   JSON.stringify(request.body).includes("tool_result") ? { text: "Done." } : { toolCalls: [{ name: "ls", arguments: {} }] };
 * ```
 */
export interface FakeChatRequest {
  api: FakeChatApi;
  model: string;
  /** The parsed JSON body, as sent. */
  body: unknown;
  /** Index of the accepted key that was used (`apiKey` first, then `apiKeys`); `null` when the fake checks no key. */
  keyIndex: number | null;
}

/**
 * A script with every default filled in, ready for an encoder.
 *
 * @example
 * ```ts
 * const s: NormalizedChatScript = normalizeChatScript({ text: "Hi" }, "gpt-5");
 * s.stopReason; // "stop"
 * ```
 */
export interface NormalizedChatScript {
  text: string;
  thinking: string;
  thinkingSignature: string | null;
  toolCalls: Array<{ id: string | null; name: string; arguments: Record<string, unknown> }>;
  usage: { input: number; output: number; cacheRead: number; cacheWrite: number };
  stopReason: "stop" | "length" | "tool_use" | "content_filter";
  chunkSize: number;
}

/**
 * Fill in a script's defaults: the reply `Hello from <model>` when the script has neither text, thinking nor tool
 * calls; usage of 10 input tokens and one output token per 4 characters of output; `tool_use` when there are tool calls.
 *
 * @example
 * ```ts
 * normalizeChatScript({}, "qwen3:8b").text; // "Hello from qwen3:8b"
 * ```
 */
export function normalizeChatScript(script: FakeChatScript, model: string): NormalizedChatScript {
  const empty = !script.text && !script.thinking && !script.toolCalls?.length;
  const text = empty ? `Hello from ${model}` : (script.text ?? "");
  const thinking = script.thinking ?? "";
  const toolCalls = (script.toolCalls ?? []).map((c) => ({ id: c.id ?? null, name: c.name, arguments: c.arguments }));
  const outputChars = text.length + thinking.length + toolCalls.reduce((n, c) => n + JSON.stringify(c.arguments).length, 0);
  return {
    text,
    thinking,
    thinkingSignature: script.thinkingSignature ?? null,
    toolCalls,
    usage: {
      input: script.usage?.input ?? 10,
      output: script.usage?.output ?? Math.max(1, Math.ceil(outputChars / 4)),
      cacheRead: script.usage?.cacheRead ?? 0,
      cacheWrite: script.usage?.cacheWrite ?? 0,
    },
    stopReason: script.stopReason ?? (toolCalls.length > 0 ? "tool_use" : "stop"),
    chunkSize: Math.max(1, Math.floor(script.chunkSize ?? 4)),
  };
}

/**
 * Split text into deltas of `size` characters (none for the empty string).
 *
 * @example
 * ```ts
 * splitText("Hello", 2); // ["He", "ll", "o"]
 * ```
 */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/**
 * Split a tool call's JSON arguments into at least two pieces, so a decoder that does not join fragments fails.
 *
 * @example
 * ```ts
 * argumentPieces("{}", 4); // ["{", "}"]
 * ```
 */
export function argumentPieces(json: string, size: number): string[] {
  if (json.length <= size) {
    const middle = Math.max(1, Math.floor(json.length / 2));
    return [json.slice(0, middle), json.slice(middle)];
  }
  return splitText(json, size);
}
