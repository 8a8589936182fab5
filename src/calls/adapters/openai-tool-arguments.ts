import { malformedFrame } from "../stream-error.js";

/**
 * The parsed arguments of a streamed OpenAI-style function call. The wire sends them as a JSON string: `""` means no
 * arguments (`{}`), anything that is not a JSON object is a malformed answer. When the answer was cut by the output
 * limit (`truncated`), the arguments are usually cut JSON: the call is then dropped (`null`) rather than turning a
 * `length` stop into an error, since the stop reason already tells the caller the output is incomplete.
 *
 * @example
 * ```ts
 * const args = parseToolArguments({ api: "openai-completions", text: '{"city":"Tokyo"}', truncated: false });
 * if (args !== null) events.push({ type: "tool_call", id, name, arguments: args });
 * ```
 */
export function parseToolArguments(input: { api: string; text: string; truncated: boolean }): Record<string, unknown> | null {
  if (input.text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.text);
  } catch {
    if (input.truncated) return null;
    throw malformedFrame({ api: input.api, data: input.text, detail: "tool call arguments that are not valid JSON" });
  }
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  if (input.truncated) return null;
  throw malformedFrame({ api: input.api, data: input.text, detail: "tool call arguments that are not a JSON object" });
}
