import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import type { Env } from "../ports.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const PROVIDER_ENV_STEM_PROVIDER_ARG = lazySchema(() => z.looseObject({ id: ARG.string }));
const PROVIDER_ENV_NAMES_PROVIDER_ARG = lazySchema(() => z.looseObject({ id: ARG.string, auth: ARG.list }));
const FIND_ENV_CREDENTIAL_PROVIDER_ARG = lazySchema(() => z.looseObject({ id: ARG.string, auth: ARG.list }));

/**
 * The env-var stem used for key rotation: the provider's `envStem`, else its id upper-cased with every other
 * character turned into `_` (`vercel-ai-gateway` → `VERCEL_AI_GATEWAY`).
 *
 * @example
 * ```ts
 * // Name the numbered variables a user can add for a second and third key.
 * const stem = providerEnvStem(getBuiltinProvider("google")!);
 * hint.textContent = `More keys: ${stem}_API_KEY_2, ${stem}_API_KEY_3, …`;
 * ```
 */
export function providerEnvStem(provider: Pick<ProviderDefinition, "id" | "envStem">): string {
  checkArgument("providerEnvStem", "provider", PROVIDER_ENV_STEM_PROVIDER_ARG, provider);
  return envStemOf(provider);
}

/**
 * {@link providerEnvStem} without its argument check: the package calls these three for every provider of every
 * listing and status report, with definitions it validated when it built them.
 *
 * @example
 * ```ts
 * const prefix = `${envStemOf(definition)}_API_KEY_`;
 * ```
 */
export function envStemOf(provider: Pick<ProviderDefinition, "id" | "envStem">): string {
  return provider.envStem ?? provider.id.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/**
 * The fixed env var names that may hold a key for a provider, in priority order: the live override
 * `${envPrefix}_LIVE_<STEM>_KEY`, `<STEM>_API_KEYS`, `<STEM>_API_KEY`, the provider's documented names (its auth
 * methods, in order), then its fallbacks (`GOOGLE_API_KEY` for google). Numbered `<STEM>_API_KEY_<n>` names come
 * after `<STEM>_API_KEY` and are matched by pattern, so they are not listed here. Deduplicated.
 *
 * @example
 * ```ts
 * // Tell users which variables would configure a provider.
 * const google = getBuiltinProvider("google")!;
 * hint.textContent = `Set one of ${providerEnvNames(google).join(", ")}`;
 * ```
 */
export function providerEnvNames(
  provider: Pick<ProviderDefinition, "id" | "envStem" | "auth" | "envFallbacks">,
  options: { envPrefix?: string } = {},
): string[] {
  checkArgument("providerEnvNames", "provider", PROVIDER_ENV_NAMES_PROVIDER_ARG, provider);
  checkArgument("providerEnvNames", "options", ARG.optionalObject, options);
  return envNamesOf(provider, options);
}

/**
 * {@link providerEnvNames} without its argument checks (see {@link envStemOf}).
 *
 * @example
 * ```ts
 * const recovery = `Set ${envNamesOf(definition, { envPrefix })[2]}`;
 * ```
 */
export function envNamesOf(
  provider: Pick<ProviderDefinition, "id" | "envStem" | "auth" | "envFallbacks">,
  options: { envPrefix?: string } = {},
): string[] {
  const stem = envStemOf(provider);
  const names = [
    `${options.envPrefix ?? "MODEL_REGISTRY"}_LIVE_${stem}_KEY`,
    `${stem}_API_KEYS`,
    `${stem}_API_KEY`,
    ...provider.auth.flatMap((a) => ("env" in a ? a.env : [])),
    ...provider.envFallbacks,
  ];
  return [...new Set(names)];
}

const usable = (value: string | undefined): boolean => {
  const v = value?.trim();
  return v !== undefined && v !== "" && v !== "undefined";
};

/**
 * The first env var that holds a usable value for the provider (see {@link providerEnvNames}; numbered
 * `<STEM>_API_KEY_<n>` names are checked too), or `null`. Only presence is checked here; the value is never read out.
 *
 * @example
 * ```ts
 * // Mark the providers the environment already configures in a first-run list.
 * for (const p of BUILTIN_PROVIDERS) {
 *   const envVar = findEnvCredential(p, hostEnv);
 *   if (envVar) console.log(`${p.name}: configured by ${envVar}`);
 * }
 * ```
 */
export function findEnvCredential(
  provider: Pick<ProviderDefinition, "id" | "envStem" | "auth" | "envFallbacks">,
  env: Env,
  options: { envPrefix?: string } = {},
): string | null {
  checkArgument("findEnvCredential", "provider", FIND_ENV_CREDENTIAL_PROVIDER_ARG, provider);
  checkArgument("findEnvCredential", "env", ARG.env, env);
  checkArgument("findEnvCredential", "options", ARG.optionalObject, options);
  return envCredentialIn(provider, env, options);
}

/**
 * {@link findEnvCredential} without its argument checks (see {@link envStemOf}).
 *
 * @example
 * ```ts
 * const envVar = envCredentialIn(definition, env, { envPrefix });
 * ```
 */
export function envCredentialIn(
  provider: Pick<ProviderDefinition, "id" | "envStem" | "auth" | "envFallbacks">,
  env: Env,
  options: { envPrefix?: string } = {},
): string | null {
  for (const name of envNamesOf(provider, options)) if (usable(env[name])) return name;
  const prefix = `${envStemOf(provider)}_API_KEY_`;
  const numbered = Object.keys(env)
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)) && usable(env[name]))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  return numbered[0] ?? null;
}
