import type { WireEvent } from "../wire-adapter.js";

const count = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);

/**
 * The `usage` event from an OpenAI-style usage block. The wire's prompt count includes the tokens read from and
 * written to the prompt cache; the event's `input` counts only the rest (see `Usage`), so both are subtracted.
 * `null` when the block carries no token counts at all (some compatible servers send `usage: {}`).
 *
 * @example
 * ```ts
 * // chat/completions: usage.prompt_tokens, usage.prompt_tokens_details.cached_tokens, usage.completion_tokens
 * const event = openaiUsageEvent({ prompt: 2006, cached: 1920, cacheWrite: 0, output: 300 });
 * // { type: "usage", input: 86, output: 300, cacheRead: 1920, cacheWrite: 0 }
 * ```
 */
export function openaiUsageEvent(tokens: { prompt: unknown; cached: unknown; cacheWrite: unknown; output: unknown }): WireEvent | null {
  if (typeof tokens.prompt !== "number" && typeof tokens.output !== "number") return null;
  const cacheRead = count(tokens.cached);
  const cacheWrite = count(tokens.cacheWrite);
  return {
    type: "usage",
    input: Math.max(0, count(tokens.prompt) - cacheRead - cacheWrite),
    output: count(tokens.output),
    cacheRead,
    cacheWrite,
  };
}
