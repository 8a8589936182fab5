import type { ProviderCallError } from "../errors/provider-call-error.js";
import type { ErrorKind } from "../schema/error-kind.js";
import type { ThinkingLevel } from "../schema/thinking-levels.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { Part, ToolCallPart } from "./chat-request.js";

/**
 * Why the model stopped: finished, hit the output limit, wants tool results, or was filtered. Tool use is inferred
 * from tool calls where the wire does not say it.
 *
 * @example
 * ```ts
 * if (result.stopReason === "tool_use") await runTools(result.toolCalls);
 * ```
 */
export type StopReason = "stop" | "length" | "tool_use" | "content_filter";

/**
 * Token usage of one call. `input` counts the input tokens not read from or written to a prompt cache; `cost` is USD
 * from the catalog's prices, `null` when a needed price is unknown.
 *
 * @example
 * ```ts
 * const u: Usage = { input: 1200, output: 350, cacheRead: 800, cacheWrite: 0, cost: 0.0041 };
 * ```
 */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cost: number | null;
}

/**
 * The assistant's reply as a message that can be appended to the conversation as is (thinking signatures included).
 *
 * @example
 * ```ts
 * messages.push(result.message);
 * ```
 */
export interface AssistantMessage {
  role: "assistant";
  content: Part[];
}

/**
 * The thinking level of a call: what was asked, what is sent, and whether it had to be clamped to what the model
 * supports.
 *
 * @example
 * ```ts
 * const t: CallThinking = { requested: "max", effective: "high", clamped: true };
 * ```
 */
export interface CallThinking {
  requested: ThinkingLevel | null;
  effective: ThinkingLevel | null;
  clamped: boolean;
}

/**
 * The events of {@link Registry.stream}, discriminated on `type`. `text`, `thinking`, `tool_call_delta` and
 * `tool_call` are output; once one was emitted, a failure ends the stream with `error` and is never retried.
 *
 * @example
 * ```ts
 * for await (const event of registry.stream("HIGH", request)) {
 *   if (event.type === "text") process.stdout.write(event.delta);
 *   if (event.type === "error") console.error(event.error.message);
 * }
 * ```
 */
export type StreamEvent =
  | {
      type: "start";
      provider: string;
      model: string;
      api: ApiKind;
      /** The masked label of the credential used (`null` for a keyless local server). */
      credential: string | null;
      thinking: CallThinking;
      /** The max-tokens value sent, and whether it was assumed (neither the request nor the model stated one). */
      maxTokens: { value: number; assumed: boolean };
    }
  | { type: "text"; delta: string }
  | { type: "thinking"; delta: string }
  | { type: "tool_call_delta"; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: "tool_call"; id: string; name: string; arguments: Record<string, unknown> }
  | ({ type: "usage" } & Usage)
  | {
      type: "failover";
      /** The ref that failed or was skipped, and the ref tried next. */
      from: string;
      to: string;
      kind: ErrorKind | "skipped";
      /** Why, in words (the error's message, or why the candidate cannot take the request). */
      reason: string;
    }
  | { type: "done"; stopReason: StopReason; message: AssistantMessage }
  | { type: "error"; error: ProviderCallError };

/**
 * One try of a call: which model and credential, and the error when it failed.
 *
 * @example
 * ```ts
 * for (const a of result.attempts) console.log(a.provider, a.model, a.credential, a.error?.kind ?? "ok");
 * ```
 */
export interface CallAttempt {
  provider: string;
  model: string;
  credential: string | null;
  error?: { kind: ErrorKind | "skipped"; message: string };
}

/**
 * What {@link Registry.complete} resolves to: the whole reply, its text and tool calls, usage, and every try.
 *
 * @example
 * ```ts
 * const { text, usage, attempts } = await registry.complete("openai/gpt-5", { messages });
 * ```
 */
export interface CompleteResult {
  message: AssistantMessage;
  text: string;
  toolCalls: ToolCallPart[];
  usage: Usage | null;
  stopReason: StopReason;
  provider: string;
  model: string;
  attempts: CallAttempt[];
}
