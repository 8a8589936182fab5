import { ARG, checkArgument } from "../errors/check-argument.js";
import { getBuiltinProvider } from "../refs/builtin-providers.js";
import type { Env } from "../ports.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";
import { Secret } from "../schema/secret.js";

/**
 * One key found in the environment: the value (as a {@link Secret}), the variable it came from, and whether the
 * provider documents that variable as an API key or a token.
 *
 * @example
 * ```ts
 * const [first]: EnvApiKey[] = resolveEnvApiKeys("openai", { OPENAI_API_KEY: "sk-1" });
 * first?.source; // "OPENAI_API_KEY"
 * ```
 */
export interface EnvApiKey {
  key: Secret;
  /** The environment variable name. */
  source: string;
  type: "apiKey" | "token";
}

/**
 * Options of {@link resolveEnvApiKeys}.
 *
 * @example
 * ```ts
 * resolveEnvApiKeys("openai", hostEnv, { envPrefix: "MAYROS" });
 * ```
 */
export interface ResolveEnvApiKeysOptions {
  /** Prefix of the live override `${envPrefix}_LIVE_<STEM>_KEY`. Default `"MODEL_REGISTRY"`. */
  envPrefix?: string;
  /** The provider definition to read env names from (plugins, models.json); default: the built-in catalog entry. */
  provider?: Pick<ProviderDefinition, "id" | "auth" | "envFallbacks"> & { envStem?: string | undefined };
}

/**
 * The env-var stem of a provider: the catalog's `envStem` (`GEMINI` for google), else the id upper-cased with
 * `-`/`.` → `_`.
 *
 * @example
 * ```ts
 * envStemFor("google"); // "GEMINI"
 * envStemFor("my-proxy"); // "MY_PROXY"
 * ```
 */
export function envStemFor(providerId: string, provider?: { envStem?: string | undefined }): string {
  return stemOf(normalizeProviderId(providerId), provider);
}

/** {@link envStemFor} for an id that is already normalized (normalizing is idempotent; doing it twice costs a check). */
function stemOf(id: string, provider: { envStem?: string | undefined } | undefined): string {
  return provider?.envStem ?? getBuiltinProvider(id)?.envStem ?? id.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** The variable names of one stem under one prefix. */
interface StemNames {
  live: string;
  list: string;
  single: string;
  numbered: string;
}

/**
 * Built once per prefix and stem: status derives every provider's env keys on every report, and a name concatenated
 * afresh is hashed afresh on each env lookup. Bounded, since hosts may pass any provider id.
 */
const stemNames = new Map<string, Map<string, StemNames>>();

function namesOf(prefix: string, stem: string): StemNames {
  let byStem = stemNames.get(prefix);
  if (!byStem) stemNames.set(prefix, (byStem = new Map()));
  let names = byStem.get(stem);
  if (!names) {
    if (byStem.size >= 1000) byStem.clear();
    names = { live: `${prefix}_LIVE_${stem}_KEY`, list: `${stem}_API_KEYS`, single: `${stem}_API_KEY`, numbered: `${stem}_API_KEY_` };
    byStem.set(stem, names);
  }
  return names;
}

/** The `n` of a numbered variable `<STEM>_API_KEY_<n>`. */
const INDEX_DIGITS = /^\d+$/;
const LIST_SEPARATORS = /[\s,;]+/;

function clean(value: string | undefined): string | null {
  if (value === undefined) return null;
  const cleaned = value.replace(/[\r\n]+/g, "").trim();
  return cleaned === "" || cleaned === "undefined" ? null : cleaned;
}

/**
 * Every API key the environment holds for a provider, in priority order, deduplicated (first occurrence wins):
 *
 * 1. `${envPrefix}_LIVE_<STEM>_KEY` — if set, it is the only key returned;
 * 2. `<STEM>_API_KEYS`, split on commas, semicolons and whitespace;
 * 3. `<STEM>_API_KEY`;
 * 4. `<STEM>_API_KEY_<n>` in numeric order of `n` (not env order; non-numeric suffixes are ignored);
 * 5. the provider's other documented env names (catalog `auth[].env`, in order);
 * 6. fallbacks (`GOOGLE_API_KEY` for google).
 *
 * Values are trimmed and line breaks removed; empty values and the literal `"undefined"` are dropped. Values stay
 * in {@link Secret}s and are never written to storage.
 *
 * @example
 * ```ts
 * // Every key the environment offers, in rotation order.
 * const keys = resolveEnvApiKeys("google", hostEnv);
 * if (keys.length === 0) console.log(`Set ${primaryEnvNames("google")[0]} to use Gemini`);
 * const reply = await withKeyRotation(keys, (apiKey) => callGemini(apiKey, prompt));
 * ```
 */
export function resolveEnvApiKeys(providerId: string, env: Env, options: ResolveEnvApiKeysOptions = {}): EnvApiKey[] {
  checkArgument("resolveEnvApiKeys", "providerId", ARG.string, providerId);
  checkArgument("resolveEnvApiKeys", "env", ARG.env, env);
  checkArgument("resolveEnvApiKeys", "options", ARG.optionalObject, options);
  return envApiKeysOf(providerId, env, options);
}

/**
 * {@link resolveEnvApiKeys} without its argument checks: credential candidates are built for every provider on every
 * status report and call, from the registry's own env port (checking a whole process environment each time would
 * cost more than reading it).
 *
 * @example
 * ```ts
 * const keys = envApiKeysOf("openai", env, { envPrefix });
 * ```
 */
export function envApiKeysOf(providerId: string, env: Env, options: ResolveEnvApiKeysOptions = {}): EnvApiKey[] {
  const id = normalizeProviderId(providerId);
  const provider = options.provider ?? getBuiltinProvider(id);
  const stem = stemOf(id, provider);
  const prefix = options.envPrefix ?? "MODEL_REGISTRY";
  const methods = provider?.auth ?? [];
  const hasApiKey = methods.length === 0 || methods.some((m) => m.type === "apiKey");
  const stemType: EnvApiKey["type"] = hasApiKey ? "apiKey" : "token";

  const names = namesOf(prefix, stem);
  const liveName = names.live;
  const live = clean(env[liveName]);
  if (live !== null) return [{ key: new Secret(live), source: liveName, type: stemType }];

  const out: EnvApiKey[] = [];
  const seen = new Set<string>();
  const add = (value: string | null, source: string, type: EnvApiKey["type"]) => {
    if (value === null || seen.has(value)) return;
    seen.add(value);
    out.push({ key: new Secret(value), source, type });
  };

  const listName = names.list;
  const list = env[listName];
  if (list !== undefined) for (const part of list.split(LIST_SEPARATORS)) add(clean(part), listName, stemType);
  add(clean(env[names.single]), names.single, stemType);

  // Status builds candidates for every provider on every report: a prefix test per name, no RegExp built per call.
  const numbered = names.numbered;
  const indexed: Array<{ name: string; n: string }> = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith(numbered)) continue;
    const n = name.slice(numbered.length);
    if (INDEX_DIGITS.test(n)) indexed.push({ name, n });
  }
  if (indexed.length > 1) indexed.sort((a, b) => Number(a.n) - Number(b.n) || a.name.localeCompare(b.name));
  for (const { name } of indexed) add(clean(env[name]), name, stemType);

  for (const method of methods) {
    if (method.type !== "apiKey" && method.type !== "token") continue;
    for (const name of method.env) add(clean(env[name]), name, method.type);
  }
  for (const name of provider?.envFallbacks ?? []) add(clean(env[name]), name, "apiKey");
  return out;
}

/**
 * The env variable names {@link resolveEnvApiKeys} reads for a provider, in priority order (for recovery texts such
 * as "set OPENAI_API_KEY"). Numbered variables are shown as `<STEM>_API_KEY_<n>`.
 *
 * @example
 * ```ts
 * // A setup screen lists every variable the registry reads for a provider.
 * setupScreen.show(`Variables read for Gemini: ${envKeyNames("google").join(", ")}`);
 * ```
 */
export function envKeyNames(providerId: string, options: ResolveEnvApiKeysOptions = {}): string[] {
  checkArgument("envKeyNames", "providerId", ARG.string, providerId);
  checkArgument("envKeyNames", "options", ARG.optionalObject, options);
  const id = normalizeProviderId(providerId);
  const provider = options.provider ?? getBuiltinProvider(id);
  const stem = stemOf(id, provider);
  const names = [`${options.envPrefix ?? "MODEL_REGISTRY"}_LIVE_${stem}_KEY`, `${stem}_API_KEYS`, `${stem}_API_KEY`, `${stem}_API_KEY_<n>`];
  for (const method of provider?.auth ?? []) {
    if (method.type === "apiKey" || method.type === "token") names.push(...method.env);
  }
  names.push(...(provider?.envFallbacks ?? []));
  return [...new Set(names)];
}

/**
 * The documented, human-facing env names for a provider (what a setup screen should tell users to set): the
 * catalog's `auth[].env`, else `<STEM>_API_KEY`.
 *
 * @example
 * ```ts
 * // Suggest the documented variable, not every alias.
 * hint.textContent = `Set ${primaryEnvNames("huggingface")[0]} in your shell profile`;
 * ```
 */
export function primaryEnvNames(providerId: string, options: Pick<ResolveEnvApiKeysOptions, "provider"> = {}): string[] {
  checkArgument("primaryEnvNames", "providerId", ARG.string, providerId);
  checkArgument("primaryEnvNames", "options", ARG.optionalObject, options);
  const id = normalizeProviderId(providerId);
  const provider = options.provider ?? getBuiltinProvider(id);
  const names = (provider?.auth ?? []).flatMap((m) => (m.type === "apiKey" || m.type === "token" ? m.env : []));
  return names.length > 0 ? [...new Set(names)] : [`${stemOf(id, provider)}_API_KEY`];
}
