import { classifyError } from "../errors/classify-error.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { redactText } from "../transport/redact.js";

/**
 * The error a provider sent inside a stream that had already answered 200 (an Anthropic `event: error`, an Ollama
 * `{"error": …}` line, an OpenAI `{"error": {...}}` chunk). The kind comes from {@link classifyError} over the body,
 * so an in-stream `overloaded_error` is `overloaded` exactly as a 529 would be.
 *
 * @example
 * ```ts
 * throw inStreamError({ api: "anthropic-messages", body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } });
 * ```
 */
export function inStreamError(input: { api: string; body: unknown }): ProviderCallError {
  const classification = classifyError({ body: input.body });
  const detail = messageOf(input.body);
  return new ProviderCallError({
    kind: classification.kind === "unknown" ? "server_error" : classification.kind,
    code: "stream_error",
    ...(classification.retryAfterMs !== undefined ? { retryAfterMs: classification.retryAfterMs } : {}),
    message: `The ${input.api} stream reported an error after it started: ${detail}.`,
    recovery: "Try again; if it repeats, check the provider's status page or use another model.",
  });
}

/**
 * A frame that does not parse as the api's event (cut JSON, an unexpected shape).
 *
 * @example
 * ```ts
 * throw malformedFrame({ api: "openai-completions", data: frame.data });
 * ```
 */
export function malformedFrame(input: { api: string; data: string; detail?: string }): ProviderCallError {
  const shown = input.data.length > 120 ? `${input.data.slice(0, 120)}…` : input.data;
  return new ProviderCallError({
    kind: "server_error",
    code: "stream_malformed",
    message: `Expected a ${input.api} stream event, found ${input.detail ?? "text that is not one"}: ${JSON.stringify(redactText(shown))}.`,
    recovery: "Check that the base URL points at a server speaking this api kind; a proxy in between may be rewriting the stream.",
  });
}

/**
 * The stream ended without the api's end marker (`[DONE]`, `message_stop`, a final `done: true` line, a finish
 * reason): the connection was cut, so what arrived is incomplete and is never reported as `done`.
 *
 * @example
 * ```ts
 * if (!sawDone) throw truncatedStream({ api: "openai-completions", expected: "data: [DONE]" });
 * ```
 */
export function truncatedStream(input: { api: string; expected: string }): ProviderCallError {
  return new ProviderCallError({
    kind: "network",
    code: "stream_truncated",
    message: `Expected the ${input.api} stream to end with ${input.expected}, found the connection closed before it.`,
    recovery: "Try again; a proxy or load balancer with a short idle timeout can cut long streams.",
  });
}

function messageOf(body: unknown): string {
  const pick = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
  if (typeof body === "string") return redactText(body.slice(0, 300));
  if (body !== null && typeof body === "object") {
    const record = body as Record<string, unknown>;
    const inner = record.error;
    const text =
      pick(inner) ??
      (inner !== null && typeof inner === "object" ? pick((inner as Record<string, unknown>).message) : null) ??
      pick(record.message) ??
      JSON.stringify(body).slice(0, 300);
    return redactText(text);
  }
  return String(body);
}
