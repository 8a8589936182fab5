import { RegistryError } from "../errors/registry-error.js";
import type { ModelRef } from "./model-ref.js";
import { normalizeProviderId } from "./normalize-provider-id.js";

/**
 * Split `provider/model` on the first `/` only. The provider part is normalised ({@link normalizeProviderId});
 * the model part is kept verbatim, so `openrouter/anthropic/claude-sonnet-4-5` → `{ provider: "openrouter",
 * model: "anthropic/claude-sonnet-4-5" }` and `synthetic/hf:MiniMaxAI/MiniMax-M2.1` keeps its `hf:` prefix.
 * A missing `/` or an empty part throws a `RegistryError` with code `invalid_model_ref`.
 *
 * @example
 * ```ts
 * // Split a user's "provider/model" choice; a bad ref is a RegistryError with a recovery to show.
 * try {
 *   const { provider, model } = parseModelRef(input);
 *   await saveChoice(provider, model);
 * } catch (error) {
 *   if (isRegistryError(error)) form.setError(error.recovery ?? error.message);
 * }
 * ```
 */
export function parseModelRef(ref: string, options: { aliases?: ReadonlyMap<string, string> } = {}): ModelRef {
  const text = typeof ref === "string" ? ref.trim() : "";
  const slash = text.indexOf("/");
  const provider = slash < 0 ? text : text.slice(0, slash).trim();
  const model = slash < 0 ? "" : text.slice(slash + 1).trim();
  if (slash < 0 || provider === "" || model === "") {
    const missing = slash < 0 ? "a '/' between provider and model" : provider === "" ? "a provider before '/'" : "a model after '/'";
    throw new RegistryError({
      code: "invalid_model_ref",
      message: `Expected a model ref "provider/model", found ${JSON.stringify(ref)} (missing ${missing}).`,
      recovery: 'Write it as provider/model, e.g. "openai/gpt-5" or "openrouter/anthropic/claude-sonnet-4.5".',
    });
  }
  return { provider: normalizeProviderId(provider, options), model };
}
