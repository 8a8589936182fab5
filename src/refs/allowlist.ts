import { ARG, checkArgument } from "../errors/check-argument.js";
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
 * // Hide the models an admin did not allow ([] allows everything).
 * const visible = models.filter((m) => isAllowlisted(m.ref, settings.allowlist));
 * ```
 */
export function isAllowlisted(ref: string, allowlist: readonly string[]): boolean {
  checkArgument("isAllowlisted", "ref", ARG.string, ref);
  checkArgument("isAllowlisted", "allowlist", ARG.strings, allowlist);
  return compileAllowlist(allowlist)(ref);
}

const compiled = new WeakMap<readonly string[], (ref: string) => boolean>();

/**
 * Compile an allowlist once into a predicate (entries are normalised a single time), for checking many refs.
 * Memoised per allowlist array.
 *
 * @example
 * ```ts
 * const allowed = compileAllowlist(["openai/*"]);
 * models.filter((m) => allowed(m.ref));
 * ```
 */
export function compileAllowlist(allowlist: readonly string[]): (ref: string) => boolean {
  checkArgument("compileAllowlist", "allowlist", ARG.strings, allowlist);
  let predicate = compiled.get(allowlist);
  if (predicate) return predicate;
  if (allowlist.length === 0) predicate = () => true;
  else {
    const entries = new Set(allowlist.map(canonical).filter((e): e is string => e !== null));
    predicate = (ref) => {
      const target = canonical(ref);
      if (target === null) return false;
      return entries.has(target) || entries.has(`${target.slice(0, target.indexOf("/"))}/*`);
    };
  }
  compiled.set(allowlist, predicate);
  return predicate;
}

function canonical(ref: string): string | null {
  const trimmed = ref.trim();
  if (trimmed.endsWith("/*")) {
    try {
      return `${parseModelRef(`${trimmed.slice(0, -2)}/x`).provider}/*`;
    } catch (error) {
      if (isRegistryError(error)) return null;
      throw error;
    }
  }
  try {
    return formatModelRef(parseModelRef(ref));
  } catch (error) {
    if (isRegistryError(error)) return null;
    throw error;
  }
}
