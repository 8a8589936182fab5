import { APPLIED_CATALOG_KEY, AppliedCatalogSchema, type AppliedCatalog } from "../catalog/applied-catalog.js";
import { buildCatalog, type Catalog, type CatalogProvider, type ModelsConfigLike } from "../catalog/build-catalog.js";
import {
  AllowlistSchema,
  CATALOG_SETTINGS_SECTIONS,
  ModelAliasesSchema,
  ModelOverridesSchema,
  settingsUnreadableDiagnostic,
  settingsUnreadableProblem,
  type ModelOverride,
  type ModelOverrides,
} from "../catalog/catalog-settings.js";
import { hostEnvBaseUrls } from "../discovery/ollama-host.js";
import { findEnvCredential, providerEnvNames } from "../catalog/provider-env.js";
import {
  explainFromCatalog,
  resolveFromCatalog,
  unknownProviderProblem,
  type ResolveContext,
} from "../catalog/resolve-from-catalog.js";
import type {
  CredentialAvailability,
  ModelExplanation,
  ModelProblem,
  ProviderSummary,
  ResolvedModel,
} from "../catalog/resolved-model.js";
import { RegistryError } from "../errors/registry-error.js";
import { ReasoningOverridesSchema, type ReasoningOverrides } from "../reasoning/reasoning-descriptor-schema.js";
import { withReasoningDescriptor } from "../reasoning/resolved-reasoning.js";
import { parsePluginManifest, type PluginManifestResult } from "../plugins/parse-plugin-manifest.js";
import type { Storage } from "../ports.js";
import { formatModelRef } from "../refs/format-model-ref.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { DiscoveredCacheSchema, type DiscoveredCache } from "../schema/discovered.js";
import { readJson } from "../storage/json-document.js";
import { warnDamagedDocument } from "../storage/damaged-document.js";
import { readSection, readSections, updateSection } from "../storage/sections.js";
import { StateFileSchema } from "../schema/settings.js";
import { shownUrl } from "../transport/redact.js";
import type { AreaContext } from "./area-context.js";
import { SETTINGS_SECTION_SCHEMAS } from "../reasoning/settings-sections.js";


const AUTH_KEY = "auth.json";

/**
 * Providers, models, resolution and explain(), plus the catalog's settings (allowlist, model aliases, overrides).
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv });
 * const providers = await registry.listProviders();
 * const usable = await registry.listModels({ usableOnly: true });
 * const why = await registry.explain("openai/gpt-5");
 * ```
 */
export interface CatalogApi {
  /**
   * Every provider: the Fased order first, then the rest by name. Includes plugin providers and models.json
   * providers unknown to the catalog (`source: "user"`).
   *
   * @example
   * ```ts
   * for (const p of await registry.listProviders()) console.log(p.order ?? "-", p.name, p.setupMethods.join(", "));
   * ```
   */
  listProviders(): Promise<ProviderSummary[]>;
  /**
   * Models from every layer, resolved. `provider` filters by provider id (aliases accepted); `usableOnly` keeps
   * models that are offered: allowlisted, provider not legacy, credentials available (env, stored, models.json or a
   * local server), not source-missing. Allowlisted refs missing from the catalog are listed too. A `provider` that no
   * catalog, plugin or models.json defines (and that nothing lists models for) throws a `RegistryError`
   * (`unknown_provider`) whose recovery suggests close provider ids, rather than returning an empty list.
   *
   * @example
   * ```ts
   * const models = await registry.listModels({ provider: "anthropic", usableOnly: true });
   * ```
   */
  listModels(options?: { provider?: string; usableOnly?: boolean }): Promise<ResolvedModel[]>;
  /**
   * Resolve `provider/model` (or a model alias from settings). Unknown providers and models resolve with all-null
   * metadata and a problem; a malformed ref throws a `RegistryError` (`invalid_model_ref`).
   *
   * @example
   * ```ts
   * const m = await registry.resolveModel("openrouter/anthropic/claude-sonnet-4.5");
   * m.limits.contextWindow; m.provenance.contextWindow;
   * ```
   */
  resolveModel(ref: string): Promise<ResolvedModel>;
  /**
   * Every field's effective value and source with the values it overrode, and why the model is not offered.
   *
   * @example
   * ```ts
   * const e = await registry.explain("ollama/qwen3:8b");
   * e.fields.contextWindow; // { value: 32768, source: "user", layer: "models.json", overridden: [...] }
   * e.reasons.map((r) => r.code); // e.g. ["no_credentials"]
   * ```
   */
  explain(ref: string): Promise<ModelExplanation>;
  /**
   * The allowlist (settings `allowlist`); empty means every model is allowed.
   *
   * @example
   * ```ts
   * await registry.getAllowlist(); // ["openai/gpt-5", "ollama/*"]
   * ```
   */
  getAllowlist(): Promise<string[]>;
  /**
   * Replace the allowlist. Entries are normalised (`z.ai/glm-4.7` → `zai/glm-4.7`); `provider/*` allows a provider;
   * refs missing from the catalog are kept. Throws `invalid_model_ref` and writes nothing if an entry is malformed.
   *
   * @example
   * ```ts
   * await registry.setAllowlist(["anthropic/claude-sonnet-4-5", "ollama/*"]);
   * ```
   */
  setAllowlist(refs: readonly string[]): Promise<string[]>;
  /**
   * Model aliases (settings `aliases`): alias → ref.
   *
   * @example
   * ```ts
   * await registry.getModelAliases(); // { sonnet: "anthropic/claude-sonnet-4-5" }
   * ```
   */
  getModelAliases(): Promise<Record<string, string>>;
  /**
   * Set (or with `null` remove) a model alias. Aliases are case-insensitive; the target is normalised.
   *
   * @example
   * ```ts
   * await registry.setModelAlias("sonnet", "anthropic/claude-sonnet-4-5");
   * (await registry.resolveModel("sonnet")).ref; // "anthropic/claude-sonnet-4-5"
   * ```
   */
  setModelAlias(alias: string, ref: string | null): Promise<Record<string, string>>;
  /**
   * Settings overrides (settings `modelOverrides`): `provider/model` → metadata patch.
   *
   * @example
   * ```ts
   * await registry.getModelOverrides(); // { "openai/gpt-5": { maxOutputTokens: 64000 } }
   * ```
   */
  getModelOverrides(): Promise<ModelOverrides>;
  /**
   * Deep-merge a metadata patch into a model's override (highest layer, provenance `user`). A `null` field
   * removes that field from the override; `patch: null` removes the whole override.
   *
   * @example
   * ```ts
   * await registry.setModelOverride("openai/gpt-5", { maxOutputTokens: 64000, cost: { cacheRead: 0.1 } });
   * ```
   */
  setModelOverride(ref: string, patch: ModelOverride | null): Promise<ModelOverrides>;
  /**
   * Diagnostics from plugin manifests, models.json and catalog settings that affect the catalog.
   *
   * @example
   * ```ts
   * for (const d of await registry.getCatalogDiagnostics()) console.warn(d.source, d.message);
   * ```
   */
  getCatalogDiagnostics(): Promise<Diagnostic[]>;
}

interface ModelsConfigReader {
  getModelsConfig?: () => Promise<{ config: ModelsConfigLike; diagnostics: Diagnostic[]; text?: string | null }>;
  listCredentials?: (providerId?: string) => Promise<unknown[]> | unknown[];
}

interface Loaded {
  key: string;
  catalog: Catalog;
  allowlist: string[];
  aliases: Map<string, string>;
  /** settings `reasoningOverrides`, so resolveModel's reasoning block matches thinkingLevels(). */
  reasoningOverrides: ReasoningOverrides;
  diagnostics: Diagnostic[];
  /** settings.json is damaged: answers are given without its sections and carry this problem. */
  settingsProblem: ModelProblem | null;
}

const SETTINGS = "settings.json";
/** The catalog's sections plus the reasoning overrides that resolveModel's reasoning block shares with thinkingLevels(). */
const CATALOG_READ_SECTIONS = {
  ...CATALOG_SETTINGS_SECTIONS,
  reasoningOverrides: { schema: ReasoningOverridesSchema, fallback: {} as ReasoningOverrides },
};
const STATE = "state.json";

/**
 * Whether a models.json `apiKey` (a resolved SecretRef from the config module: `{ kind, name?, key }`) holds a key.
 * A reference to an unset variable has `key: null` and does not count.
 */
function configuredKey(apiKey: unknown): { present: boolean; usable: boolean; name: string | null } {
  if (apiKey === undefined || apiKey === null) return { present: false, usable: false, name: null };
  if (typeof apiKey !== "object") return { present: true, usable: typeof apiKey === "string" && apiKey !== "", name: null };
  const ref = apiKey as { key?: unknown; name?: unknown };
  return { present: true, usable: ref.key !== null && ref.key !== undefined, name: typeof ref.name === "string" ? ref.name : null };
}

/** A read-only view of texts already read, so one load parses exactly the bytes it keyed its cache on. */
function frozenStorage(texts: Record<string, string | undefined>): Storage {
  return {
    get: async (key) => texts[key],
    set: async () => undefined,
    delete: async () => undefined,
  };
}

/**
 * Build the part of the facade described by {@link CatalogApi}. Nothing is read until a method is called; the
 * assembled catalog is cached per registry and rebuilt when models.json, settings.json or state.json change
 * (compared by content, and dropped on every `config-change` event).
 *
 * @example
 * ```ts
 * const api = createCatalogApi(ctx);
 * ```
 */
export function createCatalogApi(ctx: AreaContext): CatalogApi {
  let plugins: PluginManifestResult[] | undefined;
  let loaded: Loaded | undefined;
  const building = new Map<string, Promise<Loaded>>();
  ctx.events.on("config-change", ({ key }) => {
    // Credentials are looked up per call, so a credential change does not need a catalog rebuild.
    if (key !== AUTH_KEY) loaded = undefined;
  });

  const reader = (): ModelsConfigReader => ctx.registry() as unknown as ModelsConfigReader;

  async function load(): Promise<Loaded> {
    const reg = reader();
    let modelsConfig: ModelsConfigLike | null = null;
    let modelsText = "";
    const diagnostics: Diagnostic[] = [];
    if (typeof reg.getModelsConfig === "function") {
      try {
        const result = await reg.getModelsConfig();
        modelsConfig = result.config;
        modelsText = result.text ?? JSON.stringify(result.config);
        diagnostics.push(...result.diagnostics.map((d) => ({ ...d, source: d.source ?? "models.json" })));
      } catch (error) {
        // A broken models.json must not hide the built-in catalog; the config API reports the error itself.
        ctx.logger.warn("models.json could not be read; the catalog is built without it.", { error: String(error) });
        diagnostics.push({
          severity: "error",
          code: "models_json_unreadable",
          path: [],
          line: null,
          column: null,
          message: `models.json could not be read, so its providers and models are left out: ${error instanceof Error ? error.message : String(error)}`,
          hint: "Fix models.json (registry.getModelsConfig() shows the diagnostics); built-in providers keep working.",
          source: "models.json",
        });
        modelsText = "\u0000unreadable";
      }
    }
    const [settingsText, stateText, appliedText] = await Promise.all([
      ctx.storage.get(SETTINGS),
      ctx.storage.get(STATE),
      ctx.storage.get(APPLIED_CATALOG_KEY),
    ]);
    const view = frozenStorage({ [SETTINGS]: settingsText ?? undefined, [STATE]: stateText ?? undefined });
    // Key on the sections the catalog reads, not whole files: probes, usage and tiers change often and must not
    // force a rebuild. A damaged settings.json reads as empty (never overwritten) and every answer says so.
    const { values: settings, damage: settingsDamage } = await readSections(view, SETTINGS, CATALOG_READ_SECTIONS);
    if (settingsDamage) warnDamagedDocument(ctx.storage, ctx.logger, SETTINGS, settingsDamage);
    let stateDiscovered: unknown;
    let stateUnreadable = false;
    try {
      stateDiscovered = (await readJson(view, STATE, StateFileSchema, {}))["discovered"];
    } catch {
      stateUnreadable = true;
    }
    const hostBaseUrls = hostEnvBaseUrls(ctx.env);
    const key = JSON.stringify([
      modelsText,
      settings.allowlist,
      settings.aliases,
      settings.modelOverrides,
      settingsDamage?.message ?? null,
      settings.reasoningOverrides,
      stateDiscovered ?? null,
      stateUnreadable,
      appliedText ?? "",
      hostBaseUrls,
    ]);
    if (loaded && loaded.key === key) return loaded;
    const pending = building.get(key);
    if (pending) return pending;
    const build = (async (): Promise<Loaded> => {
      const { allowlist, aliases: aliasRecord, modelOverrides: overrides } = settings;
      if (settingsDamage) diagnostics.push(settingsUnreadableDiagnostic(settingsDamage));
      let discovered: DiscoveredCache = {};
      try {
        if (stateUnreadable) throw new Error("state.json does not parse");
        discovered = await readSection(view, STATE, "discovered", DiscoveredCacheSchema, {});
      } catch (error) {
        // Machine-written cache: a bad entry costs the discovered layer, never the catalog.
        ctx.logger.warn("state.json section \"discovered\" is unreadable; discovered models are left out.", { error: String(error) });
        diagnostics.push({
          severity: "warning",
          code: "discovered_unreadable",
          path: ["discovered"],
          line: null,
          column: null,
          message: "The discovered-models cache in state.json does not parse or match its schema, so discovered models are left out.",
          hint: "Run discovery again; it rewrites the cache.",
          source: "state.json",
        });
      }
      let applied: AppliedCatalog | null = null;
      if (appliedText) {
        try {
          applied = AppliedCatalogSchema.parse(JSON.parse(appliedText));
        } catch (error) {
          // The applied refresh is machine-written and re-creatable: losing it must not lose the catalog.
          ctx.logger.warn("catalog.json is unreadable; the applied refresh is left out.", { error: String(error) });
          diagnostics.push({
            severity: "warning",
            code: "applied_catalog_unreadable",
            path: [],
            line: null,
            column: null,
            message: "catalog.json (the applied refresh) does not parse or match its schema, so refreshed models are left out.",
            hint: "Run a refresh and apply it again; it rewrites catalog.json.",
            source: APPLIED_CATALOG_KEY,
          });
        }
      }
      plugins ??= ctx.plugins.map((pkg) => parsePluginManifest(pkg, { manifestKey: ctx.manifestKey }));
      const catalog = buildCatalog({ plugins, applied, discovered, modelsConfig, overrides, hostBaseUrls });
      const aliases = new Map(Object.entries(aliasRecord).map(([alias, ref]) => [alias.trim().toLowerCase(), ref]));
      const reasoningOverrides = settings.reasoningOverrides;
      return {
        key,
        catalog,
        allowlist,
        aliases,
        reasoningOverrides,
        diagnostics: [...catalog.diagnostics, ...diagnostics],
        settingsProblem: settingsDamage ? settingsUnreadableProblem(settingsDamage) : null,
      };
    })();
    // Concurrent callers (e.g. a status check listing every provider at once) share one build.
    building.set(key, build);
    try {
      loaded = await build;
      return loaded;
    } finally {
      building.delete(key);
    }
  }

  /** What can be decided without asking the credentials part: local server, env var, models.json key. */
  function quickAvailability(provider: CatalogProvider): CredentialAvailability | null {
    const def = provider.definition;
    if (def.local) return { available: true, via: "local", detail: null };
    const envVar = findEnvCredential(def, ctx.env, { envPrefix: ctx.envPrefix });
    if (envVar) return { available: true, via: "env", detail: envVar };
    const configured = configuredKey(provider.config?.apiKey);
    if (configured.present && configured.usable) return { available: true, via: "models.json", detail: configured.name };
    // A provider that exists only in models.json was configured by hand; without an apiKey its endpoint needs none.
    if (provider.source === "user" && !configured.present) return { available: true, via: "models.json", detail: null };
    return null;
  }

  /**
   * Stored credentials per provider, from one `listCredentials()` call (one per provider would re-read storage for
   * every provider of a full listing). Credentials in cooldown count (they come back by themselves); disabled
   * (rejected) ones and expired ones that cannot refresh do not.
   */
  async function storedCredentials(providerId: string | undefined): Promise<Map<string, { usable: number; unusable: number }>> {
    const counts = new Map<string, { usable: number; unusable: number }>();
    const reg = reader();
    if (typeof reg.listCredentials !== "function") return counts;
    let listed: unknown;
    try {
      listed = await reg.listCredentials(providerId);
    } catch (error) {
      ctx.logger.warn("Stored credentials could not be listed.", { providerId: providerId ?? null, error: String(error) });
      return counts;
    }
    for (const entry of Array.isArray(listed) ? listed : []) {
      const e = (entry ?? {}) as { providerId?: unknown; source?: unknown; status?: { kind?: unknown; refreshable?: unknown } };
      // listCredentials also lists env-backed and models.json keys; only owned (stored) ones count as "stored".
      if (e.source !== undefined && e.source !== "stored") continue;
      const owner = typeof e.providerId === "string" ? normalizeProviderId(e.providerId) : providerId;
      if (owner === undefined) continue;
      const kind = e.status?.kind;
      const unusable = kind === "disabled" || kind === "broken_expired" || (kind === "expired" && e.status?.refreshable === false);
      const count = counts.get(owner) ?? { usable: 0, unusable: 0 };
      if (unusable) count.unusable++;
      else count.usable++;
      counts.set(owner, count);
    }
    return counts;
  }

  async function credentialsFor(
    catalog: Catalog,
    providerIds: Iterable<string>,
  ): Promise<(providerId: string) => CredentialAvailability> {
    const result = new Map<string, CredentialAvailability>();
    const pending: string[] = [];
    for (const id of new Set(providerIds)) {
      const provider = catalog.getProvider(id);
      if (!provider) continue;
      const quick = quickAvailability(provider);
      if (quick) result.set(id, quick);
      else pending.push(id);
    }
    if (pending.length > 0) {
      const stored = await storedCredentials(pending.length === 1 ? pending[0] : undefined);
      for (const id of pending) {
        const count = stored.get(id);
        result.set(
          id,
          count && count.usable > 0
            ? { available: true, via: "stored", detail: null }
            : count && count.unusable > 0
              ? { available: false, via: "stored", detail: "unusable" }
              : { available: false, via: null, detail: null },
        );
      }
    }
    return (id) => result.get(id) ?? { available: false, via: null, detail: null };
  }

  function parseInput(state: Loaded, input: string): { ref: { provider: string; model: string }; aliasOf: string | null } {
    if (typeof input !== "string") {
      throw new RegistryError({
        code: "invalid_model_ref",
        message: `Expected a model ref string "provider/model", found ${input === null ? "null" : typeof input}.`,
        recovery: 'Pass e.g. "openai/gpt-5", or an alias set with registry.setModelAlias().',
      });
    }
    // Only a bare name is an alias: "provider/model" always means that model, so run() and resolveModel() agree.
    const target = input.includes("/") ? undefined : state.aliases.get(input.trim().toLowerCase());
    const ref = parseModelRef(target ?? input, { aliases: state.catalog.aliases });
    return { ref, aliasOf: target === undefined ? null : formatModelRef(ref) };
  }

  async function prepare(input: string): Promise<{ state: Loaded; aliasOf: string | null; ref: { provider: string; model: string }; context: ResolveContext }> {
    const state = await load();
    const { ref, aliasOf } = parseInput(state, input);
    const credentials = await credentialsFor(state.catalog, [ref.provider]);
    return { state, aliasOf, ref, context: { allowlist: state.allowlist, credentials, envPrefix: ctx.envPrefix } };
  }

  const changed = (): void => ctx.events.emit("config-change", { key: SETTINGS });

  function normaliseRef(ref: string): string {
    const trimmed = ref.trim();
    if (trimmed.endsWith("/*")) {
      const provider = parseModelRef(`${trimmed.slice(0, -2)}/x`).provider;
      return `${provider}/*`;
    }
    return formatModelRef(parseModelRef(trimmed));
  }

  return {
    async listProviders() {
      const { catalog } = await load();
      // Listed ⇒ callable: a models.json provider with no URL anywhere is left out (getStatus reports it, with the fix).
      const callable = catalog.providers.filter(
        (p) => p.config === null || p.baseUrl.value !== null || ((p.config.models ?? []).length > 0 && (p.config.models ?? []).every((m) => typeof m.baseUrl === "string")),
      );
      return callable.map((p): ProviderSummary => {
        const d = p.definition;
        return {
          id: d.id,
          name: d.name,
          order: d.order,
          legacy: d.legacy,
          local: d.local,
          api: d.api,
          // Shown, not used: a key in the URL's query or user-info is redacted (run() hands the real URL to its attempt).
          baseUrl: d.baseUrl === null ? null : shownUrl(d.baseUrl),
          auth: d.auth.map((a) => ({ ...a })),
          envNames: providerEnvNames(d, { envPrefix: ctx.envPrefix }),
          setupMethods: [...d.setupMethods],
          aliases: [...d.aliases],
          discovery: d.discovery,
          docs: d.docs ?? null,
          source: p.source,
          package: p.package,
          modelCount: catalog.entries(d.id).length,
          provenance: { api: p.api.source, baseUrl: p.baseUrl.source },
        };
      });
    },

    async listModels(options = {}) {
      const state = await load();
      const { catalog } = state;
      const providerFilter =
        options.provider === undefined ? undefined : normalizeProviderId(options.provider, { aliases: catalog.aliases });
      const refs: Array<{ provider: string; model: string }> = catalog
        .entries(providerFilter)
        .map((e) => ({ provider: e.provider, model: e.id }));

      const seen = new Set(refs.map((r) => `${r.provider}/${r.model}`));
      for (const entry of state.allowlist) {
        if (entry.trim().endsWith("/*")) continue;
        let ref: { provider: string; model: string };
        try {
          ref = parseModelRef(entry, { aliases: catalog.aliases });
        } catch {
          continue;
        }
        const text = `${ref.provider}/${ref.model}`;
        if (seen.has(text) || (providerFilter !== undefined && ref.provider !== providerFilter)) continue;
        seen.add(text);
        refs.push(ref);
      }
      if (providerFilter !== undefined && refs.length === 0 && !catalog.getProvider(providerFilter)) {
        // An empty list would read as "this provider has no models"; a typo must be told apart from that. (Models
        // listed for an undefined provider — discovered, allowlisted — are still returned, each with its problem.)
        throw new RegistryError({
          code: "unknown_provider",
          message: `Expected a provider id known to the built-in catalog, a plugin manifest or models.json, found "${String(options.provider).trim()}".`,
          recovery: unknownProviderProblem(catalog, providerFilter).recovery,
        });
      }
      const credentials = await credentialsFor(catalog, refs.map((r) => r.provider));
      const context = { allowlist: state.allowlist, credentials, envPrefix: ctx.envPrefix };
      const models: ResolvedModel[] = [];
      for (const ref of refs) {
        const resolved = resolveFromCatalog(catalog, ref, context);
        if (!options.usableOnly || resolved.offered) models.push(withReasoningDescriptor(resolved, state.reasoningOverrides));
      }
      return models;
    },

    async resolveModel(ref) {
      const { state, ref: parsed, context } = await prepare(ref);
      const resolved = withReasoningDescriptor(resolveFromCatalog(state.catalog, parsed, context), state.reasoningOverrides);
      return state.settingsProblem ? { ...resolved, problems: [...resolved.problems, state.settingsProblem] } : resolved;
    },

    async explain(ref) {
      const { state, aliasOf, ref: parsed, context } = await prepare(ref);
      const explained = explainFromCatalog(state.catalog, parsed, context);
      const problems = state.settingsProblem ? [...explained.problems, state.settingsProblem] : explained.problems;
      return { input: ref, aliasOf, ...explained, problems, diagnostics: [...state.diagnostics] };
    },

    async getAllowlist() {
      return readSection(ctx.storage, SETTINGS, "allowlist", AllowlistSchema, []);
    },

    async setAllowlist(refs) {
      const normalised = [...new Set(refs.map(normaliseRef))];
      const written = await updateSection(ctx.storage, SETTINGS, "allowlist", AllowlistSchema, [], () => normalised, { guard: SETTINGS_SECTION_SCHEMAS });
      changed();
      return written;
    },

    async getModelAliases() {
      return readSection(ctx.storage, SETTINGS, "aliases", ModelAliasesSchema, {});
    },

    async setModelAlias(alias, ref) {
      const name = typeof alias === "string" ? alias.trim() : "";
      if (name === "") {
        throw new RegistryError({
          code: "invalid_alias",
          message: `Expected a non-empty alias name, found ${JSON.stringify(alias)}.`,
          recovery: 'Pass a short name, e.g. registry.setModelAlias("sonnet", "anthropic/claude-sonnet-4-5").',
        });
      }
      if (ref !== null && name.includes("/")) {
        throw new RegistryError({
          code: "invalid_alias",
          message: `Expected an alias name without "/", found ${JSON.stringify(name)}: it would shadow the model ref it spells.`,
          recovery: 'Pick a bare name, e.g. registry.setModelAlias("sonnet", "anthropic/claude-sonnet-4-5").',
        });
      }
      const target = ref === null ? null : formatModelRef(parseModelRef(ref));
      const written = await updateSection(ctx.storage, SETTINGS, "aliases", ModelAliasesSchema, {}, (current) => {
        const next: Record<string, string> = {};
        for (const [k, v] of Object.entries(current)) if (k.toLowerCase() !== name.toLowerCase()) next[k] = v;
        if (target !== null) next[name] = target;
        return next;
      }, { guard: SETTINGS_SECTION_SCHEMAS });
      changed();
      return written;
    },

    async getModelOverrides() {
      return readSection(ctx.storage, SETTINGS, "modelOverrides", ModelOverridesSchema, {});
    },

    async setModelOverride(ref, patch) {
      const key = formatModelRef(parseModelRef(ref));
      if (patch !== null) {
        const checked = ModelOverridesSchema.safeParse({ [key]: patch });
        if (!checked.success) {
          throw new RegistryError({
            code: "invalid_override",
            message: `Expected a metadata patch for "${key}", found invalid fields: ${checked.error.issues
              .slice(0, 3)
              .map((i) => `${i.path.slice(1).join(".")}: ${i.message}`)
              .join("; ")}.`,
            recovery: "Use ModelMetadata field names (contextWindow, maxOutputTokens, tools, json, reasoning, cost, ...) with their types.",
            cause: checked.error,
          });
        }
      }
      const written = await updateSection(ctx.storage, SETTINGS, "modelOverrides", ModelOverridesSchema, {}, (current) => {
        const next = { ...current };
        if (patch === null) {
          delete next[key];
          return next;
        }
        const merged: Record<string, unknown> = { ...(next[key] ?? {}) };
        for (const [field, value] of Object.entries(patch)) {
          if (value === null) delete merged[field];
          else if (field === "cost" && typeof value === "object") {
            const cost: Record<string, unknown> = { ...((merged["cost"] as Record<string, unknown> | undefined) ?? {}) };
            for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
              if (v === null) delete cost[k];
              else if (v !== undefined) cost[k] = v;
            }
            merged["cost"] = cost;
          } else if (value !== undefined) merged[field] = value;
        }
        if (Object.keys(merged).length === 0) delete next[key];
        else next[key] = merged as ModelOverride;
        return next;
      }, { guard: SETTINGS_SECTION_SCHEMAS });
      changed();
      return written;
    },

    async getCatalogDiagnostics() {
      return [...(await load()).diagnostics];
    },
  };
}
