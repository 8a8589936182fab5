import { RegistryError } from "../errors/registry-error.js";
import type { ModelRef } from "./model-ref.js";
import { normalizeProviderId } from "./normalize-provider-id.js";

/**
 * Format a model ref as `provider/model`: the inverse of `parseModelRef` (the provider is normalised, the model id
 * kept verbatim). Throws a `RegistryError` (`invalid_model_ref`) when either part is empty.
 *
 * @example
 * ```ts
 * // A host that keeps provider and model in two columns stores and shows the canonical ref.
 * const ref = formatModelRef({ provider: row.providerId, model: row.modelId });
 * const model = await registry.resolveModel(ref);
 * ```
 */
export function formatModelRef(ref: ModelRef, options: { aliases?: ReadonlyMap<string, string> } = {}): string {
  const model = typeof ref?.model === "string" ? ref.model.trim() : "";
  const providerText = typeof ref?.provider === "string" ? ref.provider.trim() : "";
  if (providerText === "" || model === "") {
    throw new RegistryError({
      code: "invalid_model_ref",
      message: `Expected { provider, model } with both parts non-empty, found provider ${JSON.stringify(ref?.provider)} and model ${JSON.stringify(ref?.model)}.`,
      recovery: 'Pass both parts, e.g. { provider: "openai", model: "gpt-5" }.',
    });
  }
  return `${normalizeProviderId(providerText, options)}/${model}`;
}
