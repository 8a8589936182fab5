import { BUILTIN_PROVIDERS, getBuiltinProvider } from "../catalog/builtin-providers.js";
import type { SecretRef } from "../config/secret-ref.js";
import { revealHeaders } from "../config/config-headers.js";
import { activeEntries, coolingUntil } from "../credentials/cooldown-policy.js";
import { loadCandidates, type CredentialCandidate, type CredentialSource, type CredentialState } from "../credentials/credential-candidates.js";
import { loadCredentialState } from "../credentials/credential-state-read.js";
import { planAttempts, type PoolStrategy } from "../credentials/credential-pool.js";
import { CooldownsSectionSchema, STATE_FILE_KEY, type CooldownsSection } from "../schema/credential-state.js";
import { createCredentialStore, type CredentialStore, type SetCredentialOptions } from "../credentials/credential-store.js";
import { createUsageRecorder } from "../credentials/credential-usage.js";
import { primaryEnvNames } from "../credentials/env-keys.js";
import { recoveryFor } from "../credentials/failure-recovery.js";
import { runRotation } from "../credentials/rotation-engine.js";
import { checkRunOptions } from "../credentials/run-options-check.js";
import type { OAuthCredentialInput, OAuthProvider } from "../credentials/oauth-credential.js";
import { refreshOAuthCredential } from "../credentials/oauth-refresh.js";
import { Secret } from "../credentials/secret.js";
import { DEFAULT_ACTIONS, classifyError, type ErrorClassification } from "../errors/classify-error.js";
import type { ConfigError } from "../errors/config-error.js";
import type { ErrorKind } from "../errors/error-kind.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { RegistryError } from "../errors/registry-error.js";
import { hostEnvBaseUrl } from "../discovery/ollama-host.js";
import { parsePluginManifest, type PluginProvider } from "../plugins/parse-plugin-manifest.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";
import { clearDamageWarning, warnDamagedDocument } from "../storage/damaged-document.js";
import { updateSection } from "../storage/sections.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { headerCredentials, redactError, redactText, shownArgument, shownUrl, urlCredentials } from "../transport/redact.js";
import type { AreaContext } from "./area-context.js";

/**
 * The state of one credential, a discriminated union on `kind`.
 *
 * @example
 * ```ts
 * if (entry.status.kind === "cooling_down") console.log(`usable again at ${new Date(entry.status.until).toISOString()}`);
 * ```
 */
export type CredentialStatus =
  | { kind: "active" }
  | { kind: "cooling_down"; until: number; reason: string; model: string | null }
  | { kind: "disabled"; reason: string; at: number }
  | { kind: "expired"; refreshable: boolean }
  | { kind: "broken_expired"; reason: string; at: number };

/**
 * A credential as listed: masked value only, with where it came from and its state.
 *
 * @example
 * ```ts
 * for (const c of await registry.listCredentials("openai")) console.log(c.id, c.source, c.masked, c.status.kind);
 * ```
 */
export interface CredentialSummary {
  id: string;
  providerId: string;
  type: "apiKey" | "token" | "oauth";
  source: CredentialSource;
  label: string;
  order: number | null;
  createdAt: number | null;
  lastUsedAt: number | null;
  /** `…abcd` (last 4 characters of values of 12+ characters), else `…`. */
  masked: string;
  expiresAt: number | null;
  /** Env-backed and models.json keys cannot be removed through the registry. */
  removable: boolean;
  status: CredentialStatus;
  /** Every active cooldown, including per-model ones that leave the credential usable for other models. */
  cooldowns: Array<{ model: string | null; until: number; reason: string }>;
}

/**
 * What {@link CredentialsApi.activeCredential} reports: the credential `run()` would use first for a provider.
 *
 * @example
 * ```ts
 * const active = await registry.activeCredential("openai");
 * if (active.source === "env") console.log(`using ${active.envVar}`);
 * ```
 */
export interface ActiveCredential {
  source: "stored" | "oauth" | "env" | "models.json" | "none";
  credentialId: string | null;
  /** The variable name when env-backed (also for a models.json `${VAR}` reference). */
  envVar: string | null;
  type: "apiKey" | "token" | "oauth" | null;
  label: string | null;
  masked: string | null;
  /** OAuth access token (or token with an expiry) past its expiry, 5-minute skew included. */
  expired: boolean;
  /** Expired but a refresh token and a registered OAuth provider can renew it. */
  refreshable: boolean;
  brokenExpired: { reason: string; at: number } | null;
  disabled: { reason: string; at: number } | null;
  coolingDownUntil: number | null;
  /** The provider works without a key (local servers). */
  keyless: boolean;
  /** How many credentials the provider has in total (stored + env + models.json). */
  total: number;
}

/**
 * What `run()` hands to the attempt: the key at the moment it goes on the wire, plus endpoint and headers from the
 * catalog or models.json.
 *
 * @example
 * ```ts
 * await registry.run("openai/gpt-4o", async ({ apiKey, baseUrl }) =>
 *   fetch(`${baseUrl}/chat/completions`, { headers: { authorization: `Bearer ${apiKey}` }, method: "POST", body }));
 * ```
 */
export interface RunAttemptContext {
  /** The key/token, or `null` for a keyless (local) provider. */
  apiKey: string | null;
  baseUrl: string | null;
  headers: Record<string, string>;
  credentialId: string | null;
  providerId: string;
  model: string | null;
  label: string | null;
  source: CredentialSource | null;
  type: "apiKey" | "token" | "oauth" | null;
  /** 0-based attempt number within this run. */
  attempt: number;
  signal: AbortSignal | undefined;
}

/**
 * Options of `run()`.
 *
 * @example
 * ```ts
 * await registry.run("anthropic/claude-sonnet-4-5", call, { sessionId: chat.id, strategy: "sticky", signal });
 * ```
 */
export interface RunOptions {
  /**
   * Pool strategy; default `failover`. `sticky` needs `sessionId`. An unknown strategy, or `sticky` without a
   * `sessionId`, throws `invalid_option` before any credential is tried.
   */
  strategy?: PoolStrategy;
  sessionId?: string;
  signal?: AbortSignal;
  /** The model, when `target` is a bare provider id (for per-model cooldowns). */
  model?: string;
  /** Classifier; default {@link classifyError}. */
  classify?: (error: unknown) => ErrorClassification;
  /** Retry the same credential on transient errors (5xx, overloaded, timeout, network). Off by default. */
  transientRetry?: boolean | { retries?: number; delayMs?: number };
  /** Sleep between transient retries; default the registry's clock (`createRegistry({ sleep })`). An abort ends it. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Stored credentials, env keys, key rotation, cooldowns, OAuth refresh and `run()`.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv, storage });
 * await registry.setApiKey("openai", "sk-…", { label: "work" });
 * const reply = await registry.run("openai/gpt-4o-mini", ({ apiKey, baseUrl }) => callOpenAI(apiKey!, baseUrl!));
 * ```
 */
export interface CredentialsApi {
  /**
   * Store an API key in `auth.json`. The same label (default `"default"`) replaces the earlier key and lifts any
   * disable or cooldown recorded for it.
   *
   * @example
   * ```ts
   * await registry.setApiKey("openai", "sk-…", { label: "backup", order: 2 });
   * ```
   */
  setApiKey(providerId: string, key: string | Secret, options?: SetCredentialOptions): Promise<CredentialSummary>;
  /**
   * Store a static bearer token (e.g. `claude setup-token`), optionally with an expiry.
   *
   * @example
   * ```ts
   * await registry.setToken("anthropic", token, { label: "setup-token" });
   * ```
   */
  setToken(providerId: string, token: string | Secret, options?: SetCredentialOptions & { expiresAt?: number | null }): Promise<CredentialSummary>;
  /**
   * Store an OAuth credential `{ access, refresh?, expiresAt, accountId? }` (epoch ms). Replacing a sign-in lifts a
   * `broken_expired` mark.
   *
   * @example
   * ```ts
   * await registry.setOAuthCredential("anthropic", { access, refresh, expiresAt: Date.now() + 3600_000 });
   * ```
   */
  setOAuthCredential(providerId: string, credential: OAuthCredentialInput, options?: SetCredentialOptions): Promise<CredentialSummary>;
  /**
   * Every credential with masked values: stored ones and env-backed ones (`source: "env:<VAR>"`), plus a models.json
   * key, for one provider or all.
   *
   * @example
   * ```ts
   * const list = await registry.listCredentials("google");
   * ```
   */
  listCredentials(providerId?: string): Promise<CredentialSummary[]>;
  /**
   * Remove one stored credential, or all stored credentials of a provider. Env-backed keys cannot be removed (unset
   * the variable instead); asking to is an error.
   *
   * @example
   * ```ts
   * await registry.removeCredential("openai", "openai:backup");
   * ```
   */
  removeCredential(providerId: string, credentialId?: string): Promise<{ removed: string[] }>;
  /**
   * Clear cooldowns and disable marks (for one provider or all), e.g. after the user fixed billing.
   * OAuth `broken_expired` marks stay: they need a new sign-in.
   *
   * @example
   * ```ts
   * await registry.resetCooldowns("openai");
   * ```
   */
  resetCooldowns(providerId?: string): Promise<void>;
  /**
   * Register the host's OAuth integration for a provider (refresh, optional login). Returns the function that
   * unregisters it.
   *
   * @example
   * ```ts
   * const off = registry.registerOAuthProvider({ id: "acme", refresh: async (c) => myRefresh(c.refresh!.reveal()) });
   * ```
   */
  registerOAuthProvider(provider: OAuthProvider): () => void;
  /**
   * Run the registered OAuth provider's interactive `login()` and store the resulting credential.
   *
   * @example
   * ```ts
   * registry.registerOAuthProvider({ id: "acme", login: () => deviceCodeLogin(), refresh });
   * await registry.loginOAuth("acme", { label: "work account" });
   * ```
   */
  loginOAuth(providerId: string, options?: SetCredentialOptions & { signal?: AbortSignal }): Promise<CredentialSummary>;
  /**
   * Refresh a stored OAuth credential now (single flight, cross-process safe). `force` refreshes even when the token
   * has not expired (e.g. the server rejected it).
   *
   * @example
   * ```ts
   * await registry.refreshOAuthCredential("anthropic:oauth", { force: true });
   * ```
   */
  refreshOAuthCredential(credentialId: string, options?: { force?: boolean }): Promise<CredentialSummary>;
  /**
   * The credential `run()` would try first for a provider (failover order), with its expiry, disable and cooldown
   * state; `source: "none"` when there is none.
   *
   * @example
   * ```ts
   * const { source, envVar, disabled } = await registry.activeCredential("openai");
   * ```
   */
  activeCredential(providerId: string): Promise<ActiveCredential>;
  /**
   * Run a provider call with the provider's credentials: stored profiles in pool order, then env keys, then a
   * models.json key. Rate limits and exhausted quotas cool the credential down and move to the next; a rejected key
   * is disabled until replaced and the next one is tried; an expired OAuth token is refreshed (once more on a 401);
   * other errors are thrown at once as a `ProviderCallError` (scrubbed of every key). A caller's abort is never
   * retried. Usage and cooldowns are persisted in `state.json`; a damaged `state.json` is read as "no cooldowns, no
   * usage" (one scrubbed warning), left byte-identical, and nothing is recorded until it is fixed or deleted.
   *
   * @example
   * ```ts
   * const text = await registry.run("google/gemini-2.5-flash", async ({ apiKey, baseUrl }) => {
   *   const res = await fetch(`${baseUrl}/models/gemini-2.5-flash:generateContent`, {
   *     method: "POST", headers: { "x-goog-api-key": apiKey!, "content-type": "application/json" }, body });
   *   if (!res.ok) throw { status: res.status, headers: res.headers, body: await res.text() };
   *   return res.json();
   * });
   * ```
   */
  run<T>(target: string, attempt: (context: RunAttemptContext) => Promise<T>, options?: RunOptions): Promise<T>;
}

interface ProviderInfo {
  providerId: string;
  baseUrl: string | null;
  headers: Record<string, string>;
  keyless: boolean;
  configKey: SecretRef | undefined;
  name: string;
  /** The built-in or plugin definition (env names, base URL); `undefined` for models.json-only providers. */
  definition: ProviderDefinition | undefined;
  /** models.json names this provider. */
  inConfig: boolean;
}

/**
 * Build the part of the facade described by {@link CredentialsApi}.
 *
 * @example
 * ```ts
 * const api = createCredentialsApi(ctx);
 * ```
 */
export function createCredentialsApi(ctx: AreaContext): CredentialsApi {
  const store = createCredentialStore({ storage: ctx.storage, now: ctx.now });
  // A damaged state.json is reported once (until it reads fine again), not on every call, and not again by status.
  const stateUnreadable = (error: ConfigError): void => warnDamagedDocument(ctx.storage, ctx.logger, STATE_FILE_KEY, error);
  const usage = createUsageRecorder({ storage: ctx.storage, now: ctx.now, events: ctx.events, logger: ctx.logger, onUnreadable: stateUnreadable });
  /** Cooldown/usage/OAuth state; a damaged state.json reads as empty (and `writable: false`) instead of failing calls. */
  const loadState = async (): Promise<{ state: CredentialState; writable: boolean }> => {
    const { state, unreadable } = await loadCredentialState(ctx.storage);
    if (unreadable === null) clearDamageWarning(ctx.storage, STATE_FILE_KEY);
    else stateUnreadable(unreadable);
    return { state, writable: unreadable === null };
  };
  const readState = async (): Promise<CredentialState> => (await loadState()).state;
  const candidatesFor = (
    info: ProviderInfo,
    model: string | null,
    state: CredentialState,
    source: Pick<CredentialStore, "forProvider"> = store,
  ) => loadCandidates({ store: source, env: ctx.env, envPrefix: ctx.envPrefix, now: ctx.now() }, info, model, state);
  const oauthProviders = new Map<string, OAuthProvider>();
  let pluginDefinitions: Map<string, PluginProvider> | undefined;

  /** Plugin manifest providers by id, read once; as in the catalog, a built-in or an earlier plugin wins. */
  function pluginProviders(): Map<string, PluginProvider> {
    if (!pluginDefinitions) {
      pluginDefinitions = new Map();
      for (const pkg of ctx.plugins) {
        for (const p of parsePluginManifest(pkg, { manifestKey: ctx.manifestKey }).providers) {
          if (!getBuiltinProvider(p.id) && !pluginDefinitions.has(p.id)) pluginDefinitions.set(p.id, p);
        }
      }
    }
    return pluginDefinitions;
  }

  let pluginAliases: Map<string, string> | undefined;
  /** The canonical id, as the catalog resolves it: built-in aliases (z.ai → zai), then plugin-declared ones. */
  function canonicalId(providerId: string): string {
    const id = normalizeProviderId(providerId);
    if (getBuiltinProvider(id) || pluginProviders().has(id)) return id;
    if (!pluginAliases) {
      pluginAliases = new Map();
      for (const p of pluginProviders().values()) for (const alias of p.aliases) if (!pluginAliases.has(alias)) pluginAliases.set(alias, p.id);
    }
    return pluginAliases.get(id) ?? id;
  }

  /** The valid providers of models.json; `{}` when there is none or it cannot be read (getModelsConfig reports why). */
  async function configProviders(): Promise<Record<string, unknown>> {
    try {
      const registry = ctx.registry() as Partial<{ getModelsConfig(): Promise<{ config: { providers: Record<string, unknown> } }> }>;
      if (typeof registry.getModelsConfig === "function") return (await registry.getModelsConfig()).config.providers;
    } catch (error) {
      ctx.logger.debug("models.json not read for credentials.", { error: redactText(String(error)) });
    }
    return {};
  }

  async function providerInfo(providerId: string, preloaded?: Record<string, unknown>): Promise<ProviderInfo> {
    const builtin = getBuiltinProvider(providerId);
    const definition: ProviderDefinition | undefined = builtin ?? pluginProviders().get(providerId);
    const config = (preloaded ?? (await configProviders()))[providerId] as Record<string, unknown> | undefined;
    // Credential header values are Secrets in the parsed config; the attempt gets them revealed (they go on the wire).
    const headers = revealHeaders(config?.headers);
    const keylessDefined = definition !== undefined && (definition.local || definition.auth.some((m) => m.type === "none"));
    return {
      providerId,
      // Same order as the catalog and status: models.json, then the host variable (OLLAMA_HOST), then the default.
      baseUrl: (typeof config?.baseUrl === "string" && config.baseUrl !== "" ? config.baseUrl : null) ?? hostEnvBaseUrl(providerId, ctx.env) ?? definition?.baseUrl ?? null,
      headers,
      keyless: keylessDefined || (definition === undefined && config !== undefined && config.apiKey === undefined),
      configKey: config?.apiKey as SecretRef | undefined,
      name: definition?.name ?? providerId,
      definition,
      inConfig: config !== undefined,
    };
  }

  function statusOf(c: CredentialCandidate, now: number): CredentialStatus {
    if (c.broken) return { kind: "broken_expired", ...c.broken };
    if (c.disabledMark) return { kind: "disabled", ...c.disabledMark };
    if (c.expired) {
      const refreshable = c.stored?.type === "oauth" && c.stored.refresh !== null && oauthProviders.has(c.providerId);
      return { kind: "expired", refreshable };
    }
    const wide = activeEntries(c.cooldownState, now).filter((e) => e.model === null);
    if (wide.length > 0) {
      const last = wide.reduce((a, b) => (a.until >= b.until ? a : b));
      return { kind: "cooling_down", until: last.until, reason: last.reason, model: null };
    }
    return { kind: "active" };
  }

  function summarize(c: CredentialCandidate, now: number): CredentialSummary {
    return {
      id: c.id,
      providerId: c.providerId,
      type: c.type,
      source: c.credentialSource,
      label: c.label,
      order: c.order,
      createdAt: c.createdAt,
      lastUsedAt: c.lastUsedAt,
      masked: c.value.masked,
      expiresAt: c.expiresAt,
      removable: c.source === "stored",
      status: statusOf(c, now),
      cooldowns: activeEntries(c.cooldownState, now).map((e) => ({ model: e.model, until: e.until, reason: e.reason })),
    };
  }

  async function summaryOf(providerId: string, id: string): Promise<CredentialSummary> {
    const info = await providerInfo(providerId);
    const all = await candidatesFor(info, null, await readState());
    const found = all.find((c) => c.id === id);
    if (!found) {
      throw new RegistryError({ code: "credential_not_found", message: `Expected credential "${shownArgument(id)}" for provider "${shownArgument(providerId)}", found none.`, recovery: "List them with registry.listCredentials()." });
    }
    return summarize(found, ctx.now());
  }

  function parseTarget(target: string, model: string | undefined): { providerId: string; model: string | null } {
    if (target.includes("/")) {
      const ref = parseModelRef(target);
      return { providerId: canonicalId(ref.provider), model: ref.model };
    }
    return { providerId: canonicalId(target), model: model ?? null };
  }

  function wrap(
    error: unknown,
    classification: ErrorClassification,
    info: ProviderInfo,
    c: CredentialCandidate | null,
    secrets: readonly Secret[],
    context: { tried: number; exhausted: boolean },
  ): ProviderCallError {
    // Besides the credential values, what the user configured around them: a key in the base URL (?key=, user-info)
    // and credential header values. The attempt used the real URL and headers, so its error may quote them.
    const known = [...secrets, ...urlCredentials(info.baseUrl), ...headerCredentials(info.headers)];
    const safe = redactError(error, { secrets: known });
    const original = redactText(error instanceof Error ? error.message : typeof error === "string" ? error : safeJson(error), { secrets: known }).slice(0, 300);
    const where = c ? ` using credential "${c.id}"` : "";
    const tail = context.exhausted ? `; all ${context.tried} usable credential${context.tried === 1 ? "" : "s"} failed` : "";
    return new ProviderCallError({
      kind: classification.kind,
      status: classification.status ?? undefined,
      retryAfterMs: classification.retryAfterMs,
      scope: classification.scope,
      providerId: info.providerId,
      credentialId: c?.id,
      message: `${info.name} call failed: ${classification.kind}${classification.status !== null ? ` (HTTP ${classification.status})` : ""}${where}${tail}. ${original}`.trim(),
      recovery: error instanceof ProviderCallError && error.recovery !== undefined ? error.recovery : recoveryFor(
        classification.kind,
        { providerId: info.providerId, credentialId: c?.id ?? null, envVar: c?.envVar ?? null, label: c?.label ?? null, type: c?.type ?? null },
        { retryAfterMs: classification.retryAfterMs, baseUrl: info.baseUrl === null ? null : shownUrl(info.baseUrl), reason: classification.reason },
      ),
      cause: safe,
    });
  }

  async function freshOAuth(c: CredentialCandidate, force: boolean, rejected?: Secret): Promise<Secret> {
    const provider = oauthProviders.get(c.providerId);
    if (!provider) {
      throw new ProviderCallError({
        kind: "auth_expired",
        providerId: c.providerId,
        credentialId: c.id,
        message: `The OAuth access token of "${c.id}" has expired and no OAuth provider is registered for "${c.providerId}" to refresh it.`,
        recovery: `Register the host's integration with registry.registerOAuthProvider({ id: "${c.providerId}", refresh }), or sign in again.`,
      });
    }
    const fresh = await refreshOAuthCredential(
      { storage: ctx.storage, now: ctx.now, events: ctx.events, logger: ctx.logger, onStateUnreadable: stateUnreadable },
      { credentialId: c.id, provider, force, ...(rejected ? { rejectedAccess: rejected } : {}) },
    );
    return new Secret(fresh.access);
  }

  // Status (and any host listener) re-evaluates when the set of owned credentials changes.
  const credentialsChanged = (): void => ctx.events.emit("config-change", { key: "auth.json" });

  const api: CredentialsApi = {
    async setApiKey(providerId, key, options = {}) {
      const { credential, replaced } = await store.setApiKey(canonicalId(providerId), key, options);
      if (replaced) await usage.clear([credential.id]);
      ctx.logger.info(replaced ? "API key replaced." : "API key stored.", { providerId: credential.providerId, credentialId: credential.id });
      credentialsChanged();
      return summaryOf(credential.providerId, credential.id);
    },
    async setToken(providerId, token, options = {}) {
      const { credential, replaced } = await store.setToken(canonicalId(providerId), token, options);
      if (replaced) await usage.clear([credential.id]);
      ctx.logger.info(replaced ? "Token replaced." : "Token stored.", { providerId: credential.providerId, credentialId: credential.id });
      credentialsChanged();
      return summaryOf(credential.providerId, credential.id);
    },
    async setOAuthCredential(providerId, credential, options = {}) {
      const { credential: stored, replaced } = await store.setOAuth(canonicalId(providerId), credential, options);
      if (replaced) await usage.clear([stored.id]);
      ctx.logger.info("OAuth credential stored.", { providerId: stored.providerId, credentialId: stored.id });
      credentialsChanged();
      return summaryOf(stored.providerId, stored.id);
    },
    async listCredentials(providerId) {
      const state = await readState();
      const now = ctx.now();
      const configs = await configProviders();
      // One read of auth.json for the whole listing, not one per provider.
      const stored = await store.all();
      const snapshot: Pick<CredentialStore, "forProvider"> = {
        forProvider: async (id) => stored.filter((c) => c.providerId === normalizeProviderId(id)),
      };
      let ids: string[];
      if (providerId !== undefined) ids = [canonicalId(providerId)];
      else {
        const set = new Set<string>(BUILTIN_PROVIDERS.map((p) => p.id));
        for (const id of pluginProviders().keys()) set.add(id);
        for (const c of stored) set.add(c.providerId);
        for (const id of Object.keys(configs)) set.add(id);
        ids = [...set];
      }
      const out: CredentialSummary[] = [];
      for (const id of ids) {
        const info = await providerInfo(id, configs);
        for (const c of await candidatesFor(info, null, state, snapshot)) out.push(summarize(c, now));
      }
      return out;
    },
    async removeCredential(providerId, credentialId) {
      const pid = canonicalId(providerId);
      if (credentialId !== undefined && !credentialId.startsWith(`${pid}:`) ) {
        // The argument may be the key itself pasted in the wrong place: never echo it (shownArgument masks key-like values).
        throw new RegistryError({ code: "credential_not_found", message: `Expected a credential id of provider "${pid}" ("${pid}:<label>"), found "${shownArgument(credentialId)}".`, recovery: `List them with registry.listCredentials("${pid}").` });
      }
      if (credentialId !== undefined && /^[^:]+:env:/.test(credentialId)) {
        const variable = credentialId.replace(/^[^:]+:env:/, "").replace(/\[\d+\]$/, "");
        throw new RegistryError({
          code: "credential_from_env",
          message: `Expected a stored credential, found "${shownArgument(credentialId)}", which comes from the environment variable ${shownArgument(variable)}.`,
          recovery: `Unset ${shownArgument(variable)} in the environment the host passes to the registry; env keys are never stored, so there is nothing to remove.`,
        });
      }
      const removed = await store.remove(pid, credentialId);
      if (credentialId !== undefined && removed.length === 0) {
        throw new RegistryError({ code: "credential_not_found", message: `Expected a stored credential "${shownArgument(credentialId)}", found none.`, recovery: `List them with registry.listCredentials("${pid}").` });
      }
      const ids = removed.map((c) => c.id);
      await usage.clear(ids);
      await usage.forget(ids);
      ctx.logger.info("Credentials removed.", { providerId: pid, removed: ids });
      if (ids.length > 0) credentialsChanged();
      return { removed: ids };
    },
    async resetCooldowns(providerId) {
      const pid = providerId === undefined ? undefined : canonicalId(providerId);
      // An explicit write: refuse (rather than rewrite the file around a damaged section) and say how to fix it.
      const { unreadable } = await loadCredentialState(ctx.storage);
      if (unreadable !== null) throw unreadable;
      await updateSection(ctx.storage, STATE_FILE_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) =>
        Object.fromEntries(Object.entries(section).filter(([, v]) => pid !== undefined && v.providerId !== pid)),
        { guard: STATE_SECTION_SCHEMAS },
      );
    },
    registerOAuthProvider(provider) {
      const id = canonicalId(provider.id);
      if (typeof provider.refresh !== "function") {
        throw new RegistryError({ code: "invalid_oauth_provider", message: `Expected OAuth provider "${id}" to have a refresh(credential) function, found ${typeof provider.refresh}.`, recovery: "Pass { id, refresh, login? }." });
      }
      oauthProviders.set(id, provider);
      return () => {
        if (oauthProviders.get(id) === provider) oauthProviders.delete(id);
      };
    },
    async loginOAuth(providerId, options = {}) {
      const id = canonicalId(providerId);
      const provider = oauthProviders.get(id);
      if (!provider?.login) {
        throw new RegistryError({
          code: "oauth_login_unavailable",
          message: `Expected an OAuth provider with login() registered for "${id}", found ${provider ? "one without login()" : "none"}.`,
          recovery: `Register one with registry.registerOAuthProvider({ id: "${id}", login, refresh }), or store tokens with setOAuthCredential().`,
        });
      }
      const credential = await provider.login(options.signal ? { signal: options.signal } : {});
      const { signal: _signal, ...storeOptions } = options;
      return api.setOAuthCredential(id, credential, storeOptions);
    },
    async refreshOAuthCredential(credentialId, options = {}) {
      const all = await store.all();
      const stored = all.find((c) => c.id === credentialId);
      if (!stored || stored.type !== "oauth") {
        throw new RegistryError({ code: "credential_not_found", message: `Expected a stored OAuth credential "${shownArgument(credentialId)}", found ${stored ? `a ${stored.type} credential` : "none"}.`, recovery: "List them with registry.listCredentials()." });
      }
      const info = await providerInfo(stored.providerId);
      const candidate = (await candidatesFor(info, null, await readState())).find((c) => c.id === credentialId)!;
      await freshOAuth(candidate, options.force ?? false, options.force ? candidate.value : undefined);
      return summaryOf(stored.providerId, credentialId);
    },
    async activeCredential(providerId) {
      const info = await providerInfo(canonicalId(providerId));
      const all = await candidatesFor(info, null, await readState());
      const now = ctx.now();
      const plan = planAttempts(all, { now });
      const c = plan.attempts[0] ?? plan.skipped[0];
      if (!c) {
        return { source: "none", credentialId: null, envVar: null, type: null, label: null, masked: null, expired: false, refreshable: false, brokenExpired: null, disabled: null, coolingDownUntil: null, keyless: info.keyless, total: 0 };
      }
      const refreshable = c.stored?.type === "oauth" && c.stored.refresh !== null && oauthProviders.has(c.providerId);
      return {
        source: c.source === "env" ? "env" : c.source === "config" ? "models.json" : c.type === "oauth" ? "oauth" : "stored",
        credentialId: c.id,
        envVar: c.envVar,
        type: c.type,
        label: c.label,
        masked: c.value.masked,
        expired: c.expired,
        refreshable,
        brokenExpired: c.broken,
        disabled: c.disabledMark,
        coolingDownUntil: coolingUntil(c.cooldownState, null, now),
        keyless: info.keyless,
        total: all.length,
      };
    },
    async run(target, attempt, options = {}) {
      // Before anything is read or tried: a typo in strategy must not silently fall back to failover.
      const checked = checkRunOptions(options);
      const { providerId, model } = parseTarget(target, options.model);
      const info = await providerInfo(providerId);
      // A models.json provider with no URL anywhere cannot be called: handing the caller `baseUrl: null` only moves the failure.
      if (info.baseUrl === null && info.inConfig) {
        throw new RegistryError({
          code: "base_url_missing",
          message: `Expected a baseUrl for provider "${providerId}" in models.json, found none (and no built-in or plugin default).`,
          recovery: `Add "baseUrl" (e.g. "http://127.0.0.1:8000/v1") to providers.${providerId} in models.json, or local.update("${providerId}", { baseUrl }).`,
        });
      }
      // Principle 5: nothing is written to a state.json that could not be read; the call itself goes ahead.
      const { state, writable: record } = await loadState();
      const all = await candidatesFor(info, model, state);
      const secrets = all.map((c) => c.value);
      const plan = planAttempts(all, { strategy: checked.strategy, sessionId: checked.sessionId, now: ctx.now() });
      const classify = options.classify ?? ((error: unknown) => classifyError(error, { now: ctx.now }));
      const transient = options.transientRetry === true ? {} : options.transientRetry || null;
      const signal = options.signal;
      let attemptNo = 0;

      const abortError = (error: unknown, c: CredentialCandidate | null) =>
        wrap(error ?? signal?.reason, { kind: "aborted", action: "surface", scope: "request", status: null, reason: "caller abort" }, info, c, secrets, { tried: attemptNo, exhausted: false });

      const call = (c: CredentialCandidate | null, apiKey: Secret | null) =>
        attempt({
          apiKey: apiKey === null ? null : apiKey.reveal(),
          baseUrl: info.baseUrl,
          headers: { ...info.headers },
          credentialId: c?.id ?? null,
          providerId,
          model,
          label: c?.label ?? null,
          source: c?.credentialSource ?? null,
          type: c?.type ?? null,
          attempt: attemptNo++,
          signal,
        });

      // What every rotation of this run shares; the keyed and keyless cases below add their hooks.
      const common = {
        clock: { sleep: options.sleep ?? ctx.clock.sleep },
        signal,
        classify,
        transient: transient && { retries: Math.max(0, transient.retries ?? 2), delayMs: transient.delayMs },
      };

      if (plan.attempts.length === 0) {
        // models.json references a variable that is not set: say so, rather than calling keyless or naming a guess.
        const missingRef = info.configKey?.kind === "env" && info.configKey.key === null && plan.skipped.length === 0 ? info.configKey.name : null;
        if (missingRef !== null) {
          throw new RegistryError({
            code: "no_credentials",
            message: `Expected the environment variable ${missingRef} (the apiKey of provider "${providerId}" in models.json) to hold a key, found it unset.`,
            recovery: `Set ${missingRef} in the environment this app is started with (services and GUI apps do not inherit shell exports), or change the apiKey of "${providerId}" in models.json.`,
          });
        }
        if (info.keyless) {
          // One candidate without a key: nothing to rotate to and nothing to record.
          return runRotation([null], () => call(null, null), {
            ...common,
            shouldRotate: () => false,
            aborted: (error) => abortError(error, null),
            surface: (f) => wrap(f.error, f.classification, info, null, secrets, { tried: 1, exhausted: false }),
            exhausted: (f) => wrap(f.error, f.classification, info, null, secrets, { tried: 1, exhausted: false }),
          });
        }
        const skipped = plan.skipped.map((c) => `${c.id} (${c.broken ? "sign-in expired" : c.disabledMark ? `disabled: ${c.disabledMark.reason}` : "expired"})`);
        const names = primaryEnvNames(providerId, info.definition ? { provider: info.definition } : {});
        throw new RegistryError({
          code: "no_credentials",
          message:
            skipped.length > 0
              ? `Expected a usable credential for provider "${providerId}", found only unusable ones: ${skipped.join(", ")}.`
              : `Expected a credential for provider "${providerId}", found none stored and none in ${names.join(", ")}.`,
          recovery:
            skipped.length > 0
              ? `Replace the rejected key (setApiKey with the same label, or a new value in the env var) or sign in again; registry.resetCooldowns("${providerId}") re-enables keys you know are fine.`
              : `Set ${names[0]} in the environment, or store a key with registry.setApiKey("${providerId}", key).`,
        });
      }

      // The key of the candidate being tried, and whether its OAuth token was refreshed during this run (at most once).
      let key: Secret | null = null;
      let refreshed = false;
      return runRotation(plan.attempts, (c) => call(c, key), {
        ...common,
        aborted: (error, c) => abortError(error, c),
        async prepare(c) {
          key = c.value;
          refreshed = false;
          if (c.stored?.type === "oauth" && c.expired) {
            // A terminal refresh failure was recorded as broken_expired by the refresher; the next credential is tried.
            key = await freshOAuth(c, false);
            refreshed = true;
          }
        },
        classifyPrepareFailure(error) {
          const base = classify(error);
          const kind = error instanceof ProviderCallError ? error.kind : base.kind;
          return { ...base, kind, action: DEFAULT_ACTIONS[kind] };
        },
        async recover({ classification, candidate: c }) {
          if (
            c.stored?.type !== "oauth" ||
            refreshed ||
            (classification.kind !== "auth_expired" && classification.kind !== "auth_invalid") ||
            !oauthProviders.has(c.providerId)
          ) {
            return null;
          }
          refreshed = true;
          try {
            key = await freshOAuth(c, true, key ?? undefined);
            secrets.push(key);
            return { kind: "retry" };
          } catch (refreshError) {
            return { kind: "skip", error: refreshError, classification: { ...classification, kind: "auth_expired" as ErrorKind } };
          }
        },
        onSuccess: async (c) => {
          if (record) await usage.success(c, model);
        },
        onFailure: async ({ candidate: c, classification }) => {
          if (record) await usage.failure(c, model, classification, key ?? c.value);
        },
        shouldRotate({ candidate: c, classification }) {
          const rotate = classification.action === "rotate_key" || classification.action === "next_profile";
          if (rotate) ctx.logger.debug("Trying the next credential.", { providerId, credentialId: c.id, kind: classification.kind });
          return rotate;
        },
        surface: (f, { tried: n }) => wrap(f.error, f.classification, info, f.candidate, secrets, { tried: n, exhausted: false }),
        exhausted: (f, { tried: n }) => wrap(f.error, f.classification, info, f.candidate, secrets, { tried: Math.max(n, 1), exhausted: true }),
      });
    },
  };
  return api;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
