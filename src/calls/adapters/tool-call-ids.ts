import { ProviderCallError } from "../../errors/provider-call-error.js";
import { partsOf, type ChatMessage } from "../chat-request.js";

/**
 * Makes tool call ids for one streamed answer whose wire gives none (Gemini, Ollama): `call_<n>_<suffix>`, where `n`
 * counts the calls of this answer from 0 and `suffix` is random per answer. The suffix matters because ids must stay
 * unique across the whole conversation: {@link toolNamesById} maps every id of the history back to its tool, and a
 * second answer restarting at `call_0` would otherwise collide with the first.
 *
 * @example
 * ```ts
 * const nextId = toolCallIdFactory();
 * nextId(); // "call_0_k3v9qa"
 * nextId(); // "call_1_k3v9qa"
 * ```
 */
export function toolCallIdFactory(): () => string {
  const suffix = randomSuffix();
  let count = 0;
  return () => `call_${count++}_${suffix}`;
}

/**
 * Maps each tool call id in the history's assistant messages to the tool's name. Wires that answer a tool call by
 * name rather than by id (Gemini `functionResponse.name`, Ollama `tool_name`) look the name up here for each
 * `tool_result`, whichever api made the call (ids from another provider after a failover map back the same way).
 *
 * @example
 * ```ts
 * const names = toolNamesById(request.messages);
 * const name = names.get(part.toolCallId); // "get_weather"
 * ```
 */
export function toolNamesById(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant" || typeof message.content === "string") continue;
    for (const part of partsOf(message)) if (part.type === "tool_call") names.set(part.id, part.name);
  }
  return names;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Six base-36 characters (~2·10⁹ values), from Web Crypto where the runtime has it (browsers, Node ≥ 19, workers). */
function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let suffix = "";
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return suffix;
}

/**
 * The tool name for a `tool_result`, from {@link toolNamesById}. A result whose id no assistant message in the
 * history made cannot be sent to a wire that answers by name, so it fails before anything is sent.
 *
 * @example
 * ```ts
 * const name = toolNameFor(names, part.toolCallId, "ollama"); // "get_weather"
 * ```
 */
export function toolNameFor(names: ReadonlyMap<string, string>, toolCallId: string, api: string): string {
  const name = names.get(toolCallId);
  if (name !== undefined) return name;
  return throwUnknownToolCall(toolCallId, api);
}

function throwUnknownToolCall(toolCallId: string, api: string): never {
  throw new ProviderCallError({
    kind: "bad_request",
    code: "invalid_argument",
    message: `Expected a tool_result's toolCallId to match a tool_call in an earlier assistant message (the ${api} api answers a tool call by the tool's name), found ${JSON.stringify(toolCallId)} with no such call.`,
    recovery: "Keep the assistant message that made the tool call in `messages`, and pass its tool_call id unchanged as the result's toolCallId.",
  });
}
