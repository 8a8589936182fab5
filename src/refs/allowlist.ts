import { isRegistryError } from "../errors/registry-error.js";
import { formatModelRef } from "./format-model-ref.js";
import { parseModelRef } from "./parse-model-ref.js";

/**
 * Whether a model ref passes an allowlist. An empty allowlist allows everything; `provider/*` allows a whole
 * provider; entries are compared after normalising the provider id (so `z.ai/glm-4.7` matches `zai/glm-4.7`).
 * Entries that are not valid refs never match.
 *
 * @example
 * ```ts
 * isAllowlisted("openai/gpt-5", []);               // true
 * isAllowlisted("ollama/llama3.3", ["ollama/*"]); // true
 * isAllowlisted("openai/gpt-5", ["openai/gpt-4o"]); // false
 * ```
 */
export function isAllowlisted(ref: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  const target = canonical(ref);
  if (target === null) return false;
  const provider = target.slice(0, target.indexOf("/"));
  return allowlist.some((entry) => {
    const normal = canonical(entry);
    return normal === target || normal === `${provider}/*`;
  });
}

function canonical(ref: string): string | null {
  try {
    return formatModelRef(parseModelRef(ref));
  } catch (error) {
    if (isRegistryError(error)) return null;
    throw error;
  }
}
