import * as z from "zod";
import { invalidArgument } from "../errors/check-argument.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import type { CallTarget } from "./call-target.js";
import { ChatRequestSchema, type ChatRequest } from "./chat-request.js";
import type { CallDeps } from "./call-deps.js";
import { startCall } from "./stream-call.js";
import type { CompleteResult, StreamEvent, Usage } from "./stream-events.js";

const CallTargetSchema = z
  .union([z.string().min(1), z.object({ model: z.string().min(1), fallbacks: z.array(z.string().min(1)).optional() })])
  .describe('a model ref, a tier, a role, or { model, fallbacks }');

/**
 * Streaming and one-shot chat calls over every supported api kind, with key rotation and model failover.
 *
 * @example
 * ```ts
 * for await (const event of registry.stream("HIGH", { messages: [{ role: "user", content: "Hi" }] })) {
 *   if (event.type === "text") process.stdout.write(event.delta);
 * }
 * ```
 */
export interface CallsApi {
  /**
   * Stream a chat call. Resolves the target (model ref, tier, role, or `{ model, fallbacks }`), picks credentials
   * with the rotation engine, applies the thinking level and speaks the model's wire format. Before the first output
   * event a rate limit rotates the key and a failover-worthy error moves on to the next credential, then the next
   * model (`failover` event); afterwards an error ends the stream with `error` and is never retried. Breaking out of
   * the loop aborts the request. A request that does not match the request shape throws `invalid_argument` at once.
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * for await (const e of registry.stream({ model: "openai/gpt-5", fallbacks: ["anthropic/claude-sonnet-4-5"] }, { messages, signal: controller.signal })) {
   *   if (e.type === "failover") console.warn(`${e.from} failed (${e.kind}); trying ${e.to}`);
   *   if (e.type === "text") ui.append(e.delta);
   * }
   * ```
   */
  stream(target: CallTarget, request: ChatRequest): AsyncIterable<StreamEvent>;
  /**
   * Run a chat call to the end: the whole reply, its text and tool calls, usage, the stop reason and every try.
   * Rejects with the `ProviderCallError` the stream ended with.
   *
   * @example
   * ```ts
   * const { text, toolCalls, stopReason } = await registry.complete("task", { messages: [{ role: "user", content: "Title for: …" }] });
   * ```
   */
  complete(target: CallTarget, request: ChatRequest): Promise<CompleteResult>;
}

/**
 * Build {@link CallsApi} over the services it needs.
 *
 * @example
 * ```ts
 * const calls = createCallsService(deps);
 * const result = await calls.complete("openai/gpt-5", { messages });
 * ```
 */
export function createCallsService(deps: CallDeps): CallsApi {
  function checked(target: CallTarget, request: ChatRequest, method: string): ChatRequest {
    const targetCheck = CallTargetSchema.safeParse(target);
    if (!targetCheck.success) throw invalidArgument(method, "target", targetCheck.error, target, CallTargetSchema.description);
    const requestCheck = ChatRequestSchema.safeParse(request);
    if (!requestCheck.success) throw invalidArgument(method, "request", requestCheck.error, request);
    return requestCheck.data;
  }
  return {
    stream(target, request) {
      const valid = checked(target, request, "stream");
      return startCall(deps, target, valid).events;
    },
    async complete(target, request) {
      const valid = checked(target, request, "complete");
      const call = startCall(deps, target, valid);
      let usage: Usage | null = null;
      let started: { provider: string; model: string } | null = null;
      for await (const event of call.events) {
        if (event.type === "start") started = { provider: event.provider, model: event.model };
        else if (event.type === "usage") usage = { input: event.input, output: event.output, cacheRead: event.cacheRead, cacheWrite: event.cacheWrite, cost: event.cost };
        else if (event.type === "error") throw event.error;
        else if (event.type === "done") {
          const text = event.message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
          const toolCalls = event.message.content.flatMap((p) => (p.type === "tool_call" ? [p] : []));
          return { message: event.message, text, toolCalls, usage, stopReason: event.stopReason, provider: started!.provider, model: started!.model, attempts: call.attempts };
        }
      }
      throw new ProviderCallError({ kind: "unknown", message: "Expected the call to end with done or error, found neither.", recovery: "Report this as a bug." });
    },
  };
}
