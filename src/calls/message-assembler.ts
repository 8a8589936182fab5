import type { Part, ToolCallPart } from "./chat-request.js";
import type { AssistantMessage, StopReason } from "./stream-events.js";
import type { WireEvent } from "./wire-adapter.js";

/**
 * Builds the assistant message of one call from its wire events, in arrival order: consecutive text (or thinking)
 * deltas join into one part, a thinking signature closes the thinking block it belongs to, tool calls become
 * `tool_call` parts. The result can be appended to the conversation as is.
 *
 * @example
 * ```ts
 * const assembler = createMessageAssembler();
 * for (const event of events) assembler.add(event);
 * const { message, stopReason } = assembler.finish();
 * ```
 */
export interface MessageAssembler {
  add(event: WireEvent): void;
  /** The stop reason the wire stated, else `tool_use` when the reply holds tool calls, else `stop`. */
  finish(): { message: AssistantMessage; stopReason: StopReason; text: string; toolCalls: ToolCallPart[] };
}

/**
 * Create a {@link MessageAssembler} for one call.
 *
 * @example
 * ```ts
 * const assembler = createMessageAssembler();
 * assembler.add({ type: "text", delta: "Hi" });
 * assembler.finish().text; // "Hi"
 * ```
 */
export function createMessageAssembler(): MessageAssembler {
  const content: Part[] = [];
  const toolCalls: ToolCallPart[] = [];
  let stated: StopReason | null = null;
  let text = "";
  return {
    add(event) {
      const last = content[content.length - 1];
      switch (event.type) {
        case "text":
          text += event.delta;
          if (last?.type === "text") last.text += event.delta;
          else content.push({ type: "text", text: event.delta });
          break;
        case "thinking":
          if (last?.type === "thinking" && last.signature === undefined) last.text += event.delta;
          else content.push({ type: "thinking", text: event.delta });
          break;
        case "thinking_signature":
          // A signature closes the thinking block it follows. Without an open one (a redacted block, or a Gemini
          // function call signed without a thought summary) it gets an empty block, so it still goes back next turn.
          if (last?.type === "thinking" && last.signature === undefined) last.signature = event.signature;
          else content.push({ type: "thinking", text: "", signature: event.signature });
          break;
        case "tool_call": {
          const part: ToolCallPart = { type: "tool_call", id: event.id, name: event.name, arguments: event.arguments };
          content.push(part);
          toolCalls.push(part);
          break;
        }
        case "stop":
          stated = event.reason;
          break;
        default:
          break;
      }
    },
    finish() {
      const stopReason: StopReason = stated === "stop" && toolCalls.length > 0 ? "tool_use" : (stated ?? (toolCalls.length > 0 ? "tool_use" : "stop"));
      return { message: { role: "assistant", content }, stopReason, text, toolCalls };
    },
  };
}
