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
  // Deltas of the open text/thinking part, joined when the part closes: one flat string per part instead of a
  // chain of hundreds of thousands of concatenations (a long stream's memory stays near its text's size).
  let open: { part: Extract<Part, { type: "text" | "thinking" }>; deltas: string[] } | null = null;
  const close = () => {
    if (open !== null && open.deltas.length > 0) open.part.text += open.deltas.join("");
    open = null;
  };
  const append = (type: "text" | "thinking", delta: string) => {
    if (open === null || open.part.type !== type || (open.part.type === "thinking" && open.part.signature !== undefined)) {
      close();
      const part = type === "text" ? { type, text: "" } : { type, text: "" };
      content.push(part);
      open = { part, deltas: [] };
    }
    open.deltas.push(delta);
    if (open.deltas.length >= 4096) {
      open.part.text += open.deltas.join("");
      open.deltas.length = 0;
    }
  };
  return {
    add(event) {
      switch (event.type) {
        case "text":
        case "thinking":
          append(event.type, event.delta);
          break;
        case "thinking_signature": {
          // A signature closes the thinking block it follows. Without an open one (a redacted block, or a Gemini
          // function call signed without a thought summary) it gets an empty block, so it still goes back next turn.
          const current = open;
          close();
          const last = content[content.length - 1];
          if (current?.part.type === "thinking" && last === current.part && last.type === "thinking" && last.signature === undefined) last.signature = event.signature;
          else content.push({ type: "thinking", text: "", signature: event.signature });
          break;
        }
        case "tool_call": {
          close();
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
      close();
      const text = content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
      const stopReason: StopReason = stated === "stop" && toolCalls.length > 0 ? "tool_use" : (stated ?? (toolCalls.length > 0 ? "tool_use" : "stop"));
      return { message: { role: "assistant", content }, stopReason, text, toolCalls };
    },
  };
}
