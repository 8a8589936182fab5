import type { ProviderDefinition } from "../schema/provider-definition.js";
import { BUILTIN_PROVIDERS, getBuiltinProvider } from "../refs/builtin-providers.js";

/**
 * The base URL a provider gets when models.json does not set one: the built-in catalog's, a plugin manifest's, or
 * `null` when nothing supplies one. Aliases (`z.ai` → `zai`, plugin aliases) resolve first. Used by
 * `parseModelsJson` to tell a provider that can never be called (models but no URL anywhere) from an override of a
 * provider that already has a URL.
 *
 * @example
 * ```ts
 * const lookup = defaultBaseUrlLookup([]);
 * lookup("openai"); // "https://api.openai.com/v1"
 * lookup("my-box"); // null
 * ```
 */
export function defaultBaseUrlLookup(extra: readonly Pick<ProviderDefinition, "id" | "baseUrl" | "aliases">[] = []): (providerId: string) => string | null {
  const byId = new Map<string, string | null>();
  const aliases = new Map<string, string>();
  for (const p of [...BUILTIN_PROVIDERS, ...extra]) {
    if (!byId.has(p.id) || byId.get(p.id) === null) byId.set(p.id, p.baseUrl);
    for (const alias of p.aliases) if (!aliases.has(alias)) aliases.set(alias, p.id);
  }
  return (providerId) => {
    const id = providerId.trim().toLowerCase();
    return byId.get(aliases.get(id) ?? id) ?? null;
  };
}

/**
 * {@link defaultBaseUrlLookup} over the built-in catalog only (what a bare `parseModelsJson()` knows).
 *
 * @example
 * ```ts
 * builtinDefaultBaseUrl("ollama"); // "http://127.0.0.1:11434"
 * ```
 */
export function builtinDefaultBaseUrl(providerId: string): string | null {
  const id = providerId.trim().toLowerCase();
  const direct = getBuiltinProvider(id);
  if (direct) return direct.baseUrl;
  return BUILTIN_PROVIDERS.find((p) => p.aliases.includes(id))?.baseUrl ?? null;
}
