import type { ApiKind } from "../../schema/api-kind.js";
import type { WireAdapter } from "../wire-adapter.js";
import { anthropicMessagesAdapter } from "./anthropic-messages.js";
import { googleGenerativeAiAdapter } from "./google-generative-ai.js";
import { ollamaAdapter } from "./ollama.js";
import { openaiCompletionsAdapter } from "./openai-completions.js";
import { openaiResponsesAdapter } from "./openai-responses.js";

const ADAPTERS: Partial<Record<ApiKind, WireAdapter>> = {
  "openai-completions": openaiCompletionsAdapter,
  "openai-responses": openaiResponsesAdapter,
  "anthropic-messages": anthropicMessagesAdapter,
  "google-generative-ai": googleGenerativeAiAdapter,
  ollama: ollamaAdapter,
};

/**
 * The wire adapter of an api kind, or `null` for the kinds `stream()` does not speak (Bedrock, Vertex, Codex, …:
 * their models are still listed, and callable through `run()` with the host's own client).
 *
 * @example
 * ```ts
 * const adapter = adapterFor(model.api);
 * if (adapter === null) console.log(`${model.ref} needs run()`);
 * ```
 */
export function adapterFor(api: ApiKind): WireAdapter | null {
  return ADAPTERS[api] ?? null;
}

/**
 * The api kinds `stream()` and `complete()` speak.
 *
 * @example
 * ```ts
 * const callable = models.filter((m) => m.api !== null && STREAMABLE_APIS.includes(m.api));
 * ```
 */
export const STREAMABLE_APIS: readonly ApiKind[] = Object.freeze(Object.keys(ADAPTERS) as ApiKind[]);
