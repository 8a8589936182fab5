import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import { BUILTIN_PROVIDERS, getBuiltinProvider } from "../refs/builtin-providers.js";
import { setupMethodsOf } from "../refs/setup-methods.js";
import type { SetupMethod } from "../schema/setup-method.js";
import type { SecretRef } from "../config/secret-ref.js";
import { revealHeaders } from "../config/config-headers.js";
import { activeEntries, coolingUntil } from "./cooldown-policy.js";
import { loadCandidates, type CredentialCandidate, type CredentialState } from "./credential-candidates.js";
import { loadCredentialState } from "./credential-state-read.js";
import { planAttempts } from "./credential-pool.js";
import { CooldownsSectionSchema, type CooldownsSection } from "../schema/credential-state.js";
import { createCredentialStore, type CredentialStore } from "./credential-store.js";
import { createUsageRecorder } from "./credential-usage.js";
import { primaryEnvNames } from "./env-keys.js";
import { recoveryFor } from "./failure-recovery.js";
import { runRotation } from "./rotation-engine.js";
import { checkRunOptions } from "./run-options-check.js";
import type { OAuthProvider } from "./oauth-credential.js";
import { refreshOAuthCredential } from "./oauth-refresh.js";
import { Secret } from "../schema/secret.js";
import { DEFAULT_ACTIONS, classifyError, type ErrorClassification } from "../errors/classify-error.js";
import type { ConfigError } from "../errors/config-error.js";
import type { ErrorKind } from "../schema/error-kind.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { RegistryError } from "../errors/registry-error.js";
import { hostEnvBaseUrl } from "../discovery/ollama-host.js";
import type { PluginProvider } from "../plugins/parse-plugin-manifest.js";
import type { PluginManifests } from "../plugins/plugin-manifests.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";
import { clearDamageWarning, warnDamagedDocument } from "../storage/damaged-document.js";
import { updateSection } from "../storage/sections.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { headerCredentials, redactError, redactText, shownArgument, shownUrl, urlCredentials } from "../transport/redact.js";
import type { Clock, Env, Logger, Storage } from "../ports.js";
import type { EmitEvent } from "../schema/registry-events.js";
import type { ModelsJsonConfig } from "../config/models-json-config.js";
import { AUTH_JSON_KEY } from "../storage/storage-keys.js";
import type { CredentialsApi } from "./credentials-api.js";
import type { CredentialStatus, CredentialSummary } from "./credential-summary.js";

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
  /** The provider's setup methods (endpoint and api kind per method). */
  methods: readonly SetupMethod[];
  /** models.json or the host (OLLAMA_HOST) set the URL: it wins over a setup method's endpoint. */
  urlPinned: boolean;
}

/**
 * What the credentials service needs: the ports, `emit` for its events, the registry's plugin manifests (plugin
 * providers' env names, base URLs and aliases) and models.json (a provider's `apiKey`, `baseUrl` and headers).
 *
 * @example
 * ```ts
 * const deps: CredentialsServiceDeps = { storage, env, envPrefix: "MODEL_REGISTRY", clock, logger, emit, plugins, config };
 * ```
 */
export interface CredentialsServiceDeps {
  storage: Storage;
  env: Env;
  envPrefix: string;
  clock: Clock;
  logger: Logger;
  emit: EmitEvent;
  plugins: PluginManifests;
  config: { getModelsConfig(): Promise<{ config: ModelsJsonConfig }> };
  /**
   * Where `local.detect()` found a built-in local server (the catalog's detected layer), asked only for a local
   * provider that neither models.json nor a host variable places, so `run()` calls the server status and
   * `resolveModel()` name.
   */
  detectedBaseUrl?: (providerId: string) => Promise<string | null>;
}

/**
 * Build the credentials service: stored credentials, env keys, rotation, cooldowns, OAuth refresh and `run()`.
 *
 * @example
 * ```ts
 * const credentials = createCredentialsService(deps);
 * await credentials.setApiKey("openai", "sk-…");
 * ```
 */
export function createCredentialsService(ctx: CredentialsServiceDeps): CredentialsApi {
  const clockNow = ctx.clock.now;
  const store = createCredentialStore({ storage: ctx.storage, now: clockNow });
  // A damaged state.json is reported once (until it reads fine again), not on every call, and not again by status.
  const stateUnreadable = (error: ConfigError): void => warnDamagedDocument(ctx.storage, ctx.logger, STATE_JSON_KEY, error);
  const usage = createUsageRecorder({ storage: ctx.storage, now: clockNow, events: { emit: ctx.emit }, logger: ctx.logger, onUnreadable: stateUnreadable });
  /** Cooldown/usage/OAuth state; a damaged state.json reads as empty (and `writable: false`) instead of failing calls. */
  const loadState = async (): Promise<{ state: CredentialState; writable: boolean }> => {
    const { state, unreadable } = await loadCredentialState(ctx.storage);
    if (unreadable === null) clearDamageWarning(ctx.storage, STATE_JSON_KEY);
    else stateUnreadable(unreadable);
    return { state, writable: unreadable === null };
  };
  const readState = async (): Promise<CredentialState> => (await loadState()).state;
  const candidatesFor = (
    info: ProviderInfo,
    model: string | null,
    state: CredentialState,
    source: Pick<CredentialStore, "forProvider"> = store,
  ) => loadCandidates({ store: source, env: ctx.env, envPrefix: ctx.envPrefix, now: clockNow() }, info, model, state);
  const oauthProviders = new Map<string, OAuthProvider>();
  let pluginDefinitions: Map<string, PluginProvider> | undefined;

  /** Plugin manifest providers by id, read once; as in the catalog, a built-in or an earlier plugin wins. */
  function pluginProviders(): Map<string, PluginProvider> {
    if (!pluginDefinitions) {
      pluginDefinitions = new Map();
      for (const p of ctx.plugins.providers()) {
        if (!getBuiltinProvider(p.id) && !pluginDefinitions.has(p.id)) pluginDefinitions.set(p.id, p);
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
      return (await ctx.config.getModelsConfig()).config.providers;
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
    const placed = (typeof config?.baseUrl === "string" && config.baseUrl !== "" ? config.baseUrl : null) ?? hostEnvBaseUrl(providerId, ctx.env);
    const detected = placed === null && definition?.local && ctx.detectedBaseUrl ? await ctx.detectedBaseUrl(providerId).catch((error: unknown) => {
      // A detection cache that cannot be read leaves the server at its default URL; it never fails the call.
      ctx.logger.debug("Detected local servers could not be read.", { providerId, error: redactText(String(error)) });
      return null;
    }) : null;
    return {
      providerId,
      // Same order as the catalog and status: models.json, the host variable (OLLAMA_HOST), a detected server, the default.
      baseUrl: placed ?? detected ?? definition?.baseUrl ?? null,
      // A URL the user placed (or a server found running) wins over a setup method's endpoint.
      urlPinned: placed !== null || detected !== null,
      methods: definition ? setupMethodsOf(definition) : [],
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
    return summarize(found, clockNow());
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
      { storage: ctx.storage, now: clockNow, events: { emit: ctx.emit }, logger: ctx.logger, onStateUnreadable: stateUnreadable },
      { credentialId: c.id, provider, force, ...(rejected ? { rejectedAccess: rejected } : {}) },
    );
    return new Secret(fresh.access);
  }

  /**
   * Refuse a setup method the provider does not have, or one of the wrong kind (a sign-in method for a pasted key),
   * before anything is written.
   */
  function checkMethod(providerId: string, method: string | null | undefined, credential: "static" | "oauth"): void {
    if (method === undefined || method === null) return;
    const definition = getBuiltinProvider(providerId) ?? pluginProviders().get(providerId);
    const methods = definition ? setupMethodsOf(definition) : [];
    const fits = (m: SetupMethod) => (credential === "oauth" ? m.kind === "oauth" : m.kind !== "oauth");
    const listed = (list: readonly SetupMethod[]) => (list.length === 0 ? "none" : list.map((m) => `${m.id} (${m.label})`).join(", "));
    const found = methods.find((m) => m.id === method);
    const call = credential === "oauth" ? "setOAuthCredential()" : "setApiKey()/setToken()";
    if (found === undefined) {
      throw new RegistryError({
        code: "unknown_setup_method",
        message: `Expected a setup method of provider "${providerId}": ${listed(methods)}; found "${shownArgument(method)}".`,
        recovery: methods.length > 0 ? `Pass one of these ids as { method }, or omit it to use the provider's default endpoint.` : `Omit { method }: "${providerId}" has no setup methods.`,
      });
    }
    if (!fits(found)) {
      throw new RegistryError({
        code: "invalid_option",
        message: `Expected a setup method of provider "${providerId}" that ${call} can store: ${listed(methods.filter(fits))}; found "${found.id}", a ${found.kind} method.`,
        recovery: found.kind === "oauth" ? `Store sign-ins with registry.setOAuthCredential("${providerId}", …, { method: "${found.id}" }) or loginOAuth().` : `Store keys and tokens with registry.setApiKey("${providerId}", key, { method: "${found.id}" }).`,
      });
    }
  }

  // Status (and any host listener) re-evaluates when the set of owned credentials changes.
  const credentialsChanged = (): void => ctx.emit("config-change", { key: AUTH_JSON_KEY });

  const api: CredentialsApi = {
    async setApiKey(providerId, key, options = {}) {
      checkMethod(canonicalId(providerId), options.method, "static");
      const { credential, replaced } = await store.setApiKey(canonicalId(providerId), key, options);
      if (replaced) await usage.clear([credential.id]);
      ctx.logger.info(replaced ? "API key replaced." : "API key stored.", { providerId: credential.providerId, credentialId: credential.id });
      credentialsChanged();
      return summaryOf(credential.providerId, credential.id);
    },
    async setToken(providerId, token, options = {}) {
      checkMethod(canonicalId(providerId), options.method, "static");
      const { credential, replaced } = await store.setToken(canonicalId(providerId), token, options);
      if (replaced) await usage.clear([credential.id]);
      ctx.logger.info(replaced ? "Token replaced." : "Token stored.", { providerId: credential.providerId, credentialId: credential.id });
      credentialsChanged();
      return summaryOf(credential.providerId, credential.id);
    },
    async setOAuthCredential(providerId, credential, options = {}) {
      checkMethod(canonicalId(providerId), options.method, "oauth");
      const { credential: stored, replaced } = await store.setOAuth(canonicalId(providerId), credential, options);
      if (replaced) await usage.clear([stored.id]);
      ctx.logger.info("OAuth credential stored.", { providerId: stored.providerId, credentialId: stored.id });
      credentialsChanged();
      return summaryOf(stored.providerId, stored.id);
    },
    async listCredentials(providerId) {
      const state = await readState();
      const now = clockNow();
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
      await updateSection(ctx.storage, STATE_JSON_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) =>
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
      const now = clockNow();
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
      const plan = planAttempts(all, { strategy: checked.strategy, sessionId: checked.sessionId, now: clockNow() });
      const classify = options.classify ?? ((error: unknown) => classifyError(error, { now: clockNow }));
      const transient = options.transientRetry === true ? {} : options.transientRetry || null;
      const signal = options.signal;
      let attemptNo = 0;

      const abortError = (error: unknown, c: CredentialCandidate | null) =>
        wrap(error ?? signal?.reason, { kind: "aborted", action: "surface", scope: "request", status: null, reason: "caller abort" }, info, c, secrets, { tried: attemptNo, exhausted: false });

      const call = (c: CredentialCandidate | null, apiKey: Secret | null) => {
        // The credential's setup method decides the endpoint (a Coding Plan key only works on the coding host),
        // unless models.json or the host pinned the URL.
        const method = c?.setupMethod ?? null;
        const endpoint = method !== null && !info.urlPinned ? method : null;
        return attempt({
          apiKey: apiKey === null ? null : apiKey.reveal(),
          baseUrl: endpoint?.baseUrl ?? info.baseUrl,
          api: endpoint?.api ?? null,
          method: method?.id ?? null,
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
      };

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
