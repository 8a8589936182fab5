import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import type { SecretRef } from "../config/secret-ref.js";
import type { Env, Storage } from "../ports.js";
import { readSection } from "../storage/sections.js";
import type { StoredCredential } from "./auth-file.js";
import { coolingUntil } from "./cooldown-policy.js";
import type { PoolCandidate } from "./credential-pool.js";
import {
  CooldownsSectionSchema,
  OAuthSectionSchema, UsageSectionSchema,
  type CooldownsSection,
  type OAuthSection,
  type UsageSection,
} from "../schema/credential-state.js";
import { credentialValue, type CredentialStore } from "./credential-store.js";
import { envApiKeysOf, type ResolveEnvApiKeysOptions } from "./env-keys.js";
import { isOAuthExpired } from "./oauth-credential.js";
import type { Secret } from "../schema/secret.js";
import type { SetupMethod } from "../schema/setup-method.js";
import { methodForEnv } from "../refs/setup-methods.js";
import { fingerprint } from "./stable-hash.js";

/** The provider definition env names are read from (built-in or plugin). */
type EnvKeyProvider = NonNullable<ResolveEnvApiKeysOptions["provider"]>;

/**
 * Where a credential comes from: stored in `auth.json` (`stored`), an environment variable (`env:<VAR>`), or the
 * provider's `apiKey` in models.json (`models.json`).
 *
 * @example
 * ```ts
 * const source: CredentialSource = "env:OPENAI_API_KEY";
 * ```
 */
export type CredentialSource = "stored" | `env:${string}` | "models.json";

/**
 * The credential state sections of `state.json`, read together.
 *
 * @example
 * ```ts
 * const state: CredentialState = await readCredentialState(storage);
 * ```
 */
export interface CredentialState {
  cooldowns: CooldownsSection;
  usage: UsageSection;
  oauth: OAuthSection;
}

/**
 * Read the `cooldowns`, `usage` and `oauth` sections of `state.json`.
 *
 * @example
 * ```ts
 * const { cooldowns } = await readCredentialState(storage);
 * ```
 */
export async function readCredentialState(storage: Storage): Promise<CredentialState> {
  const [cooldowns, usage, oauth] = await Promise.all([
    readSection(storage, STATE_JSON_KEY, "cooldowns", CooldownsSectionSchema, {}),
    readSection(storage, STATE_JSON_KEY, "usage", UsageSectionSchema, {}),
    readSection(storage, STATE_JSON_KEY, "oauth", OAuthSectionSchema, {}),
  ]);
  return { cooldowns, usage, oauth };
}

/**
 * One credential of a provider as the pool sees it: where it comes from, its value (a {@link Secret}), and its
 * disable, OAuth and cooldown state. Ids: stored `<provider>:<label>`, env `<provider>:env:<VAR>` (`[n]` for the n-th
 * entry of a list variable), models.json `<provider>:models.json` or `<provider>:env:<VAR>` for a reference.
 *
 * @example
 * ```ts
 * const ids = (await loadCandidates(deps, provider, null, state)).map((c: CredentialCandidate) => c.id);
 * ```
 */
export interface CredentialCandidate extends PoolCandidate {
  providerId: string;
  label: string;
  credentialSource: CredentialSource;
  envVar: string | null;
  value: Secret;
  stored: StoredCredential | null;
  disabledMark: { reason: string; at: number } | null;
  broken: { reason: string; at: number } | null;
  expired: boolean;
  expiresAt: number | null;
  cooldownState: CooldownsSection[string] | undefined;
  /**
   * The provider setup method this credential belongs to: the one it was stored with, or the one whose documented env
   * var holds it. `null` = the provider's default endpoint.
   */
  setupMethod: SetupMethod | null;
}

/**
 * The provider whose credentials are listed: its id, the models.json key reference, its definition (env names) and
 * its setup methods (`setupMethodsOf(definition)`, to tell each credential's endpoint).
 *
 * @example
 * ```ts
 * const provider: CandidateProvider = { providerId: "zai", configKey: undefined, definition, methods: setupMethodsOf(definition) };
 * ```
 */
export interface CandidateProvider {
  providerId: string;
  configKey: SecretRef | undefined;
  definition?: EnvKeyProvider | undefined;
  methods?: readonly SetupMethod[] | undefined;
}

/**
 * Every credential of a provider — stored ones, env keys in priority order, then a models.json key not already
 * found — with the state that decides whether and when each is used. A disable mark counts only while the value it
 * was recorded for is still the one in use (its fingerprint matches).
 *
 * @example
 * ```ts
 * const candidates = await loadCandidates({ store, env, envPrefix: "MODEL_REGISTRY", now: Date.now() }, { providerId: "openai", configKey: undefined }, "gpt-4o", state);
 * ```
 */
export async function loadCandidates(
  deps: { store: Pick<CredentialStore, "forProvider">; env: Env; envPrefix: string; now: number },
  provider: CandidateProvider,
  model: string | null,
  state: CredentialState,
): Promise<CredentialCandidate[]> {
  return candidatesOf(deps, provider, await deps.store.forProvider(provider.providerId), model, state);
}

/**
 * {@link loadCandidates} over stored credentials already read: status derives every provider's candidates from one
 * read of auth.json on each report, without a wait per provider.
 *
 * @example
 * ```ts
 * const candidates = candidatesOf({ env, envPrefix: "MODEL_REGISTRY", now }, { providerId: "openai", configKey: undefined }, storedForOpenai, null, state);
 * ```
 */
export function candidatesOf(
  deps: { env: Env; envPrefix: string; now: number },
  provider: CandidateProvider,
  storedCredentials: readonly StoredCredential[],
  model: string | null,
  state: CredentialState,
): CredentialCandidate[] {
  const now = deps.now;
  const out: CredentialCandidate[] = [];
  // What state.json says about one credential: usage, cooldowns, and a disable mark that counts only while the
  // value it was recorded for is still the one in use (replacing the key lifts it).
  const stateOf = (id: string, value: Secret) => {
    const mark = state.cooldowns[id]?.disabled;
    const cooldownState = state.cooldowns[id];
    return {
      lastUsedAt: state.usage[id]?.lastUsedAt ?? null,
      coolingUntil: coolingUntil(cooldownState, model, now),
      disabledMark: mark && mark.fingerprint === fingerprint(value.reveal()) ? { reason: mark.reason, at: mark.at } : null,
      cooldownState,
    };
  };
  // Env and models.json keys are referenced, never owned: no order, creation date, expiry or OAuth state.
  const methods = provider.methods ?? [];
  const referenced = (c: Pick<CredentialCandidate, "id" | "type" | "source" | "label" | "credentialSource" | "envVar" | "value">): CredentialCandidate => {
    const tracked = stateOf(c.id, c.value);
    return {
      ...c,
      // Only a documented variable names a method; a models.json key follows the provider's (or its own) URL.
      setupMethod: c.source === "env" && c.envVar !== null ? methodForEnv(methods, c.envVar) : null,
      ...tracked,
      providerId: provider.providerId,
      order: null,
      createdAt: null,
      disabled: tracked.disabledMark !== null,
      stored: null,
      broken: null,
      expired: false,
      expiresAt: null,
    };
  };
  for (const stored of storedCredentials) {
    const value = credentialValue(stored);
    const oauthState = state.oauth[stored.id];
    const broken =
      stored.type === "oauth" && oauthState?.state === "broken_expired" && oauthState.fingerprint === (stored.refresh === null ? null : fingerprint(stored.refresh))
        ? { reason: oauthState.reason ?? "refresh_rejected", at: oauthState.at }
        : null;
    const expiresAt = stored.type === "apiKey" ? null : stored.expiresAt;
    const expired = stored.type === "oauth" ? isOAuthExpired(stored, now) : stored.type === "token" && stored.expiresAt !== null && now >= stored.expiresAt;
    const tracked = stateOf(stored.id, value);
    out.push({
      ...tracked,
      id: stored.id,
      providerId: provider.providerId,
      type: stored.type,
      source: "stored",
      order: stored.order,
      createdAt: stored.createdAt,
      disabled: tracked.disabledMark !== null || broken !== null || (stored.type === "token" && expired),
      label: stored.label,
      credentialSource: "stored",
      envVar: null,
      value,
      stored,
      broken,
      expired,
      expiresAt,
      // A method that no longer exists (a plugin dropped it) falls back to the provider default.
      setupMethod: stored.method === undefined ? null : (methods.find((m) => m.id === stored.method) ?? null),
    });
  }
  const counts = new Map<string, number>();
  // A plugin provider's documented env names (e.g. ALIBABA_CODING_PLAN_KEY) come from its definition.
  const envKeys = envApiKeysOf(provider.providerId, deps.env, {
    envPrefix: deps.envPrefix,
    ...(provider.definition ? { provider: provider.definition } : {}),
  });
  for (const key of envKeys) {
    const n = counts.get(key.source) ?? 0;
    counts.set(key.source, n + 1);
    out.push(
      referenced({
        id: `${provider.providerId}:env:${key.source}${n === 0 ? "" : `[${n}]`}`,
        type: key.type,
        source: "env",
        label: key.source,
        credentialSource: `env:${key.source}`,
        envVar: key.source,
        value: key.key,
      }),
    );
  }
  const ref = provider.configKey;
  if (ref?.key && !out.some((c) => c.value.equals(ref.key!))) {
    out.push(
      referenced({
        id: ref.kind === "env" ? `${provider.providerId}:env:${ref.name}` : `${provider.providerId}:models.json`,
        type: "apiKey",
        source: "config",
        label: ref.kind === "env" ? ref.name : "models.json",
        credentialSource: ref.kind === "env" ? `env:${ref.name}` : "models.json",
        envVar: ref.kind === "env" ? ref.name : null,
        value: ref.key,
      }),
    );
  }
  return out;
}
