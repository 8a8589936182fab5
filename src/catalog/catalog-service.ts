import { onboardingChoices } from "./onboarding-choices.js";
import { setupMethodsOf } from "../refs/setup-methods.js";
import { AppliedCatalogSchema, type AppliedCatalog } from "./applied-catalog.js";
import { buildCatalog, type Catalog, type CatalogProvider, type ModelsConfigLike } from "./build-catalog.js";
import { AllowlistSchema, CATALOG_SETTINGS_SECTIONS, ModelAliasesSchema, ModelOverridesSchema, settingsUnreadableDiagnostic, settingsUnreadableProblem, type ModelOverride } from "./catalog-settings.js";
import { hostEnvBaseUrls } from "../discovery/ollama-host.js";
import { envNamesOf, envStemOf } from "./provider-env.js";
import {
  explainFromCatalog,
  freezeResolvedModel,
  resolveCatalogModel,
  unknownProviderProblem,
  type ResolveContext,
} from "./resolve-from-catalog.js";
import type {
  CredentialAvailability,
  ModelProblem,
  ProviderSummary,
  ResolvedModel,
} from "./resolved-model.js";
import { RegistryError } from "../errors/registry-error.js";
import { checkArgument } from "../errors/check-argument.js";
import { ProbesSectionSchema, type ProbeRecord } from "../schema/probe-record.js";
import type { PluginManifests } from "../plugins/plugin-manifests.js";
import { PLUGIN_STATE_SECTION } from "../plugins/plugin-state.js";
import type { Env, Logger, Storage } from "../ports.js";
import type { EmitEvent, SubscribeEvent } from "../schema/registry-events.js";
import { AUTH_JSON_KEY, CATALOG_JSON_KEY, MODELS_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import type { CatalogApi } from "./catalog-api.js";
import { formatModelRef } from "../refs/format-model-ref.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { DiscoveredCacheSchema, type DiscoveredCache } from "../schema/discovered.js";
import { LocalDetectionSectionSchema, LocalDetectionSettingsSchema, type DetectedLocalServer } from "../schema/local-detection.js";
import { readJson } from "../storage/json-document.js";
import { warnDamagedDocument } from "../storage/damaged-document.js";
import { readSection, readSections, updateSection, type SectionSpec } from "../storage/sections.js";
import * as z from "zod";
import { StateFileSchema } from "../schema/settings.js";
import { shownUrl } from "../transport/redact.js";

const AUTH_KEY = AUTH_JSON_KEY;


// One object, not one per call: resolution keys per-provider shared problem lists by the answer object.
const NOT_AVAILABLE: CredentialAvailability = { available: false, via: null, detail: null };
/**
 * A credential as the catalog needs to see it to decide whether a provider has a usable stored credential (the
 * credentials service's `CredentialSummary` is one).
 *
 * @example
 * ```ts
 * const listed: CredentialListing = { providerId: "openai", source: "stored", status: { kind: "active" } };
 * ```
 */
export interface CredentialListing {
  providerId?: string;
  source?: string;
  status?: { kind?: string; refreshable?: boolean };
}

/**
 * What the catalog service needs: the ports, `on`/`emit` for `config-change`, the registry's plugin manifests,
 * models.json (from the config service) and the credentials listing (from the credentials service).
 *
 * @example
 * ```ts
 * const deps: CatalogServiceDeps = { storage, env, envPrefix: "MODEL_REGISTRY", logger, on, emit, plugins, config, credentials };
 * ```
 */
export interface CatalogServiceDeps<O = unknown> {
  storage: Storage;
  env: Env;
  envPrefix: string;
  logger: Logger;
  on: SubscribeEvent;
  emit: EmitEvent;
  plugins: PluginManifests;
  config: { getModelsConfig(): Promise<{ config: ModelsConfigLike; diagnostics: Diagnostic[]; text?: string | null }> };
  credentials: { listCredentials(providerId?: string): Promise<readonly CredentialListing[]> };
  /** The reasoning block of resolved models (reasoning/ owns it): the settings section it reads, and how it applies. */
  reasoning: { overrides: SectionSpec<z.ZodType<O>>; describe(resolved: ResolvedModel, overrides: O): ResolvedModel["reasoning"] };
  /** Every settings.json section's schema: a write to one section refuses to go ahead when another is damaged. */
  settingsGuard: Readonly<Record<string, z.ZodType>>;
}

/**
 * The catalog service: {@link CatalogApi} plus the assembled catalog itself, cached, for the services that build on
 * it (status counts models and names providers from the same catalog `listModels()` answers from).
 *
 * @example
 * ```ts
 * const catalog = createCatalogService(deps);
 * (await catalog.catalog()).providers.length;
 * ```
 */
export interface CatalogService extends CatalogApi {
  /** The catalog as `listModels()` sees it now (rebuilt only when what it is built from changed). */
  catalog(): Promise<Catalog>;
}

interface Loaded<O> {
  key: string;
  catalog: Catalog;
  allowlist: string[];
  aliases: Map<string, string>;
  /** settings `reasoningOverrides`, so resolveModel's reasoning block matches thinkingLevels(). */
  reasoningOverrides: O;
  diagnostics: Diagnostic[];
  /** settings.json is damaged: answers are given without its sections and carry this problem. */
  settingsProblem: ModelProblem | null;
}

const SETTINGS = SETTINGS_JSON_KEY;
const LIST_PROVIDERS_OPTIONS_ARG = z.strictObject({ connectedFirst: z.boolean().optional() }).optional();
const STATE = STATE_JSON_KEY;

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
 * Build the {@link CatalogService}. Nothing is read until a method is called; the assembled catalog is cached per
 * registry and rebuilt when models.json, settings.json, state.json or catalog.json change (compared by content on
 * every call, and dropped on every `config-change` event). The resolved models of `listModels()`/`resolveModel()` are
 * cached on top of it, per assembled catalog and per fingerprint of the providers' credential availability (env,
 * models.json keys, stored credentials keyed by the auth.json and state.json texts): never by time. They are deeply
 * frozen, so one caller cannot corrupt another's answer.
 *
 * @example
 * ```ts
 * const catalog = createCatalogService(deps);
 * await catalog.listModels({ usableOnly: true });
 * ```
 */
export function createCatalogService<O>(ctx: CatalogServiceDeps<O>): CatalogService {
  /** The catalog's sections plus the reasoning overrides that resolveModel's reasoning block shares with thinkingLevels(). */
  const CATALOG_READ_SECTIONS = {
    ...CATALOG_SETTINGS_SECTIONS,
    reasoningOverrides: ctx.reasoning.overrides,
    plugins: PLUGIN_STATE_SECTION,
    localDetection: { schema: LocalDetectionSettingsSchema, fallback: {} },
  };
  const SETTINGS_SECTION_SCHEMAS = ctx.settingsGuard;
  const describeReasoning = ctx.reasoning.describe;
  let loaded: Loaded<O> | undefined;
  // The raw inputs `loaded` was derived from: when none changed, the sections need not be parsed again to find out
  // (status asks for the catalog on every getStatus()).
  let loadedInputs: readonly string[] | undefined;
  const building = new Map<string, Promise<Loaded<O>>>();
  // Stored credentials' status lives in auth.json (the keys) and state.json (disabled marks, OAuth breakage): their
  // texts, as last read, key the stored-credential counts. auth.json is read only when a provider needs those counts
  // (load() does not: the credentials service itself loads the catalog, and must read auth.json once per listing).
  let lastStateText = "";
  let credentialTexts = "";
  /** Stored-credential counts per listing scope ("*" or a provider id), valid while `key` matches credentialTexts. */
  let storedCache:
    | {
        key: string;
        counts: Map<string, Promise<Map<string, { usable: number; unusable: number }>>>;
        /** The same counts once the listing has answered, so a cache hit needs no await. */
        settled: Map<string, Map<string, { usable: number; unusable: number }>>;
      }
    | undefined;
  /**
   * Resolved answers of listModels()/resolveModel(), valid for one `loaded` (the layers' texts) and, per answer, one
   * fingerprint of the credential availability of the providers it covers. Never expired by time.
   */
  let answers:
    | {
        loaded: Loaded<O>;
        lists: Map<string, { fingerprint: string; models: readonly ResolvedModel[] }>;
        models: Map<string, { fingerprint: string; model: ResolvedModel }>;
      }
    | undefined;
  ctx.on("config-change", ({ key }) => {
    // A credential change does not need a catalog rebuild: only the credential part of the answers is redone.
    storedCache = undefined;
    if (key !== AUTH_KEY) {
      loaded = undefined;
      loadedInputs = undefined;
    }
  });

  async function load(): Promise<Loaded<O>> {
    let modelsConfig: ModelsConfigLike | null = null;
    let modelsText = "";
    const diagnostics: Diagnostic[] = [];
    {
      try {
        const result = await ctx.config.getModelsConfig();
        modelsConfig = result.config;
        modelsText = result.text ?? JSON.stringify(result.config);
        diagnostics.push(...result.diagnostics.map((d) => ({ ...d, source: d.source ?? MODELS_JSON_KEY })));
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
          source: MODELS_JSON_KEY,
        });
        modelsText = "\u0000unreadable";
      }
    }
    const [settingsText, stateText, appliedText] = await Promise.all([
      ctx.storage.get(SETTINGS),
      ctx.storage.get(STATE),
      ctx.storage.get(CATALOG_JSON_KEY),
    ]);
    lastStateText = stateText ?? "";
    const hostBaseUrls = hostEnvBaseUrls(ctx.env);
    const inputs = [modelsText, settingsText ?? "", stateText ?? "", appliedText ?? "", JSON.stringify(hostBaseUrls)];
    if (loaded && loadedInputs?.every((value, i) => value === inputs[i])) return loaded;
    const view = frozenStorage({ [SETTINGS]: settingsText ?? undefined, [STATE]: stateText ?? undefined });
    // Key on the sections the catalog reads, not whole files: probes, usage and tiers change often and must not
    // force a rebuild. A damaged settings.json reads as empty (never overwritten) and every answer says so.
    const { values: settings, damage: settingsDamage } = await readSections(view, SETTINGS, CATALOG_READ_SECTIONS);
    if (settingsDamage) warnDamagedDocument(ctx.storage, ctx.logger, SETTINGS, settingsDamage);
    let stateDiscovered: unknown;
    let stateDetected: unknown;
    let stateUnreadable = false;
    try {
      const state = await readJson(view, STATE, StateFileSchema, {});
      stateDiscovered = state["discovered"];
      // Detection off: its cache is ignored, as if no detection had run.
      stateDetected = settings.localDetection.enabled === false ? undefined : state["localDetection"];
    } catch {
      stateUnreadable = true;
    }
    const key = JSON.stringify([
      modelsText,
      settings.allowlist,
      settings.aliases,
      settings.modelOverrides,
      settingsDamage?.message ?? null,
      settings.reasoningOverrides,
      settings.plugins,
      stateDiscovered ?? null,
      stateDetected ?? null,
      stateUnreadable,
      appliedText ?? "",
      hostBaseUrls,
    ]);
    if (loaded && loaded.key === key) {
      loadedInputs = inputs;
      return loaded;
    }
    const pending = building.get(key);
    if (pending) return pending;
    const build = (async (): Promise<Loaded<O>> => {
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
          source: STATE,
        });
      }
      let detected: DetectedLocalServer[] = [];
      if (stateDetected !== undefined && !stateUnreadable) {
        const parsed = LocalDetectionSectionSchema.safeParse(stateDetected);
        if (parsed.success) detected = parsed.data.servers;
        else {
          // Machine-written and re-creatable by detect(): a bad cache costs the detected servers, never the catalog.
          ctx.logger.warn("state.json section \"localDetection\" is unreadable; detected local servers are left out.", { error: String(parsed.error) });
          diagnostics.push({
            severity: "warning",
            code: "local_detection_unreadable",
            path: ["localDetection"],
            line: null,
            column: null,
            message: "The local-detection cache in state.json does not match its schema, so detected local servers are left out.",
            hint: "Run registry.local.detect() again; it rewrites the cache.",
            source: STATE,
          });
        }
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
            source: CATALOG_JSON_KEY,
          });
        }
      }
      const pluginGate = ctx.plugins.gate(settings.plugins);
      const catalog = buildCatalog({ plugins: ctx.plugins.results(), applied, discovered, modelsConfig, overrides, hostBaseUrls, pluginGate, detected });
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
      loadedInputs = inputs;
      return loaded;
    } finally {
      building.delete(key);
    }
  }

  /** Each definition's env names (they depend on the definition only), so a listing does not rebuild them per call. */
  const envNamesCache = new WeakMap<object, { names: string[]; prefix: string }>();
  const usableEnv = (value: string | undefined): boolean => {
    const v = value?.trim();
    return v !== undefined && v !== "" && v !== "undefined";
  };

  /**
   * The env's usable numbered keys (`<STEM>_API_KEY_<n>`), lowest number per stem, read once per call on first need:
   * the env is read on every call (it may be live), but not once per provider.
   */
  function numberedEnvKeys(): () => Map<string, string> {
    let found: Map<string, string> | undefined;
    return () => {
      if (found) return found;
      found = new Map();
      for (const name of Object.keys(ctx.env)) {
        const match = /^(.*_API_KEY_)(\d+)$/.exec(name);
        if (!match || !usableEnv(ctx.env[name])) continue;
        const best = found.get(match[1]!);
        if (best === undefined || Number(match[2]) < Number(best.slice(match[1]!.length))) found.set(match[1]!, name);
      }
      return found;
    };
  }

  /** `envCredentialIn` (provider-env.ts), with the names kept per definition and numbered keys read once per call. */
  function envCredential(def: CatalogProvider["definition"], numbered: () => Map<string, string>): string | null {
    let entry = envNamesCache.get(def);
    if (!entry) {
      entry = { names: envNamesOf(def, { envPrefix: ctx.envPrefix }), prefix: `${envStemOf(def)}_API_KEY_` };
      envNamesCache.set(def, entry);
    }
    for (const name of entry.names) if (usableEnv(ctx.env[name])) return name;
    return numbered().get(entry.prefix) ?? null;
  }

  /**
   * What can be decided without asking the credentials part: local server, env var, models.json key. Without
   * `localServers`, a local server counts only by a credential of its own (its reachability is the caller's to judge).
   */
  function quickAvailability(provider: CatalogProvider, localServers = true, numbered?: () => Map<string, string>): CredentialAvailability | null {
    const def = provider.definition;
    if (def.local && localServers) return { available: true, via: "local", detail: null };
    const envVar = envCredential(def, numbered ?? numberedEnvKeys());
    if (envVar) return { available: true, via: "env", detail: envVar };
    const configured = configuredKey(provider.config?.apiKey);
    if (configured.present && configured.usable) return { available: true, via: "models.json", detail: configured.name };
    // A provider that exists only in models.json was configured by hand; without an apiKey its endpoint needs none.
    if (provider.source === "user" && !configured.present && !def.local) return { available: true, via: "models.json", detail: null };
    return null;
  }

  /**
   * Stored credentials per provider, from one `listCredentials()` call (one per provider would re-read storage for
   * every provider of a full listing). Credentials in cooldown count (they come back by themselves); disabled
   * (rejected) ones and expired ones that cannot refresh do not.
   */
  function storedCredentials(providerId: string | undefined): Promise<Map<string, { usable: number; unusable: number }>> {
    if (storedCache?.key !== credentialTexts) storedCache = { key: credentialTexts, counts: new Map(), settled: new Map() };
    const scope = providerId ?? "*";
    let counts = storedCache.counts.get(scope);
    if (!counts) {
      const cache = storedCache;
      counts = listStoredCredentials(providerId).then((result) => {
        if (cache.counts.has(scope)) cache.settled.set(scope, result);
        return result;
      });
      storedCache.counts.set(scope, counts);
    }
    return counts;
  }

  async function listStoredCredentials(providerId: string | undefined): Promise<Map<string, { usable: number; unusable: number }>> {
    const counts = new Map<string, { usable: number; unusable: number }>();
    let listed: unknown;
    try {
      listed = await ctx.credentials.listCredentials(providerId);
    } catch (error) {
      ctx.logger.warn("Stored credentials could not be listed.", { providerId: providerId ?? null, error: String(error) });
      // Not kept: the next call asks again rather than answering from a failure.
      storedCache?.counts.delete(providerId ?? "*");
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
    localServers = true,
  ): Promise<(providerId: string) => CredentialAvailability> {
    return (await availability(catalog, providerIds, localServers)).lookup;
  }

  /** {@link credentialsFor} plus a fingerprint of the answers, which keys the cached resolved models. */
  async function availability(
    catalog: Catalog,
    providerIds: Iterable<string>,
    localServers = true,
  ): Promise<{ lookup: (providerId: string) => CredentialAvailability; fingerprint: string }> {
    const quick = quickOf(catalog, providerIds, localServers);
    const { pending } = quick;
    if (pending.length > 0) credentialTexts = `${(await ctx.storage.get(AUTH_KEY)) ?? ""}\u0000${lastStateText}`;
    const stored = pending.length === 0 ? undefined : settledStored(pending) ?? (await storedCredentials(pending.length === 1 ? pending[0] : undefined));
    return availabilityWith(quick, stored);
  }

  /** What env, models.json and local servers decide per provider, and the providers left to stored credentials. */
  function quickOf(catalog: Catalog, providerIds: Iterable<string>, localServers: boolean): { result: Map<string, CredentialAvailability>; pending: string[] } {
    const result = new Map<string, CredentialAvailability>();
    const pending: string[] = [];
    const numbered = numberedEnvKeys();
    for (const id of new Set(providerIds)) {
      const provider = catalog.getProvider(id);
      if (!provider) continue;
      const quick = quickAvailability(provider, localServers, numbered);
      if (quick) result.set(id, quick);
      else pending.push(id);
    }
    return { result, pending };
  }

  /** The stored-credentials listing `pending` needs, when it has already answered for the current auth/state texts. */
  function settledStored(pending: readonly string[]): Map<string, { usable: number; unusable: number }> | undefined {
    return storedCache?.key === credentialTexts ? storedCache.settled.get(pending.length === 1 ? pending[0]! : "*") : undefined;
  }

  function availabilityWith(
    { result, pending }: { result: Map<string, CredentialAvailability>; pending: string[] },
    stored: Map<string, { usable: number; unusable: number }> | undefined,
  ): { lookup: (providerId: string) => CredentialAvailability; fingerprint: string } {
    for (const id of pending) {
      const count = stored?.get(id);
      result.set(
        id,
        count && count.usable > 0
          ? { available: true, via: "stored", detail: null }
          : count && count.unusable > 0
            ? { available: false, via: "stored", detail: "unusable" }
            : { available: false, via: null, detail: null },
      );
    }
    let fingerprint = "";
    for (const [id, a] of result) fingerprint += `${id}\u0000${a.available ? 1 : 0}${a.via ?? ""}\u0000${a.detail ?? ""}\u0001`;
    return { lookup: (id) => result.get(id) ?? NOT_AVAILABLE, fingerprint };
  }

  function answersFor(state: Loaded<O>): NonNullable<typeof answers> {
    if (answers?.loaded !== state) answers = { loaded: state, lists: new Map(), models: new Map() };
    return answers;
  }

  function parseInput(state: Loaded<O>, input: string): { ref: { provider: string; model: string }; aliasOf: string | null } {
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

  async function prepare(input: string): Promise<{ state: Loaded<O>; aliasOf: string | null; ref: { provider: string; model: string }; context: ResolveContext }> {
    const state = await load();
    const { ref, aliasOf } = parseInput(state, input);
    const credentials = await credentialsFor(state.catalog, [ref.provider]);
    return { state, aliasOf, ref, context: { allowlist: state.allowlist, credentials, envPrefix: ctx.envPrefix } };
  }

  /**
   * Providers with usable credentials (stored, OAuth, env, models.json key) plus local servers whose last probe (a
   * check, `local.test()` or `local.detect()`) listed models: what `listProviders({ connectedFirst })` puts first.
   */
  async function connectedIds(catalog: Catalog, providers: readonly CatalogProvider[]): Promise<Set<string>> {
    const available = await credentialsFor(catalog, providers.map((p) => p.definition.id), false);
    let probes: Record<string, ProbeRecord> = {};
    if (providers.some((p) => p.definition.local)) {
      try {
        probes = await readSection(ctx.storage, STATE, "probes", ProbesSectionSchema, {});
      } catch (error) {
        // A damaged state.json only costs the ordering its "tested" evidence; getStatus() reports the damage.
        ctx.logger.debug("state.json probes unreadable; local servers are not counted as connected.", { error: String(error) });
      }
    }
    const connected = new Set<string>();
    for (const p of providers) {
      const id = p.definition.id;
      if (available(id).available) {
        connected.add(id);
        continue;
      }
      if (!p.definition.local) continue;
      const checked = probes[id];
      const detected = catalog.detected?.get(id)?.probe;
      const last = detected && (!checked || detected.at > checked.at) ? detected : checked;
      if (last?.outcome === "ok") connected.add(id);
    }
    return connected;
  }

  const changed = (): void => ctx.emit("config-change", { key: SETTINGS });

  function normaliseRef(ref: string): string {
    const trimmed = ref.trim();
    if (trimmed.endsWith("/*")) {
      const provider = parseModelRef(`${trimmed.slice(0, -2)}/x`).provider;
      return `${provider}/*`;
    }
    return formatModelRef(parseModelRef(trimmed));
  }

  return {
    async catalog() {
      return (await load()).catalog;
    },

    async listProviders(options) {
      checkArgument("listProviders", "options", LIST_PROVIDERS_OPTIONS_ARG, options);
      const { catalog } = await load();
      // Listed ⇒ callable: a models.json provider with no URL anywhere is left out (getStatus reports it, with the fix).
      // A disabled plugin's provider is left out (not marked): a picker shows only what it can offer.
      const callable = catalog.providers.filter(
        (p) => p.disabledBy === undefined && (p.config === null || p.baseUrl.value !== null || ((p.config.models ?? []).length > 0 && (p.config.models ?? []).every((m) => typeof m.baseUrl === "string"))),
      );
      const summaries = callable.map((p): ProviderSummary => {
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
          envNames: envNamesOf(d, { envPrefix: ctx.envPrefix }),
          setupMethods: [...d.setupMethods],
          // Fresh copies (the table is frozen and shared), by hand: structuredClone per method cost ~0.2 ms a call.
          methods: setupMethodsOf(d).map((m) => ({
            ...m,
            ...(m.env ? { env: [...m.env] } : {}),
            ...(m.asks ? { asks: m.asks.map((a) => ({ ...a })) } : {}),
          })),
          aliases: [...d.aliases],
          discovery: d.discovery,
          docs: d.docs ?? null,
          source: p.source,
          package: p.package,
          modelCount: catalog.entries(d.id).length,
          provenance: { api: p.api.source, baseUrl: p.baseUrl.source },
        };
      });
      if (options?.connectedFirst !== true) return summaries;
      // A stable partition: the default order holds within each group.
      const connected = await connectedIds(catalog, callable);
      return [...summaries.filter((s) => connected.has(s.id)), ...summaries.filter((s) => !connected.has(s.id))];
    },

    async onboardingChoices() {
      return onboardingChoices((await load()).catalog.providers);
    },

    async listModels(options = {}) {
      const state = await load();
      const { catalog } = state;
      const providerFilter =
        options.provider === undefined ? undefined : normalizeProviderId(options.provider, { aliases: catalog.aliases });
      const cache = answersFor(state);
      const listKey = `${options.usableOnly ? 1 : 0}${providerFilter ?? ""}`;
      const cached = cache.lists.get(listKey);
      if (cached) {
        // Same layers: only credentials (env, stored keys, their status) can have changed what is offered.
        const { fingerprint } = await availability(catalog, providerFilter === undefined ? catalog.providers.map((p) => p.definition.id) : [providerFilter]);
        if (fingerprint === cached.fingerprint) return [...cached.models];
      }
      const refs: Array<{ provider: string; model: string }> = catalog
        .entries(providerFilter)
        .map((e) => ({ provider: e.provider, model: e.id }));

      // Only allowlist entries can add refs: the set of listed refs is built only when there are some.
      const seen = state.allowlist.length === 0 ? undefined : new Set(refs.map((r) => `${r.provider}/${r.model}`));
      for (const entry of state.allowlist) {
        if (entry.trim().endsWith("/*")) continue;
        let ref: { provider: string; model: string };
        try {
          ref = parseModelRef(entry, { aliases: catalog.aliases });
        } catch {
          continue;
        }
        const text = `${ref.provider}/${ref.model}`;
        if (seen!.has(text) || (providerFilter !== undefined && ref.provider !== providerFilter)) continue;
        seen!.add(text);
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
      // Keyed over the same providers the hit path checks: the catalog's (or the filter's), not only the listed ones.
      const { lookup: credentials, fingerprint } = await availability(catalog, providerFilter === undefined ? catalog.providers.map((p) => p.definition.id) : [providerFilter]);
      const context = { allowlist: state.allowlist, credentials, envPrefix: ctx.envPrefix };
      const models: ResolvedModel[] = [];
      const describe = (raw: ResolvedModel) => describeReasoning(raw, state.reasoningOverrides);
      for (const ref of refs) {
        const resolved = resolveCatalogModel(catalog, ref, context, describe, true);
        if (!options.usableOnly || resolved.offered) models.push(resolved);
      }
      answersFor(state).lists.set(listKey, { fingerprint, models });
      return [...models];
    },

    async resolveModel(ref) {
      const state = await load();
      const cache = answersFor(state);
      // Keyed by the text asked for: aliases and normalisation depend only on `state`, which keys the whole memo.
      const cached = typeof ref === "string" ? cache.models.get(ref) : undefined;
      if (cached) {
        const { fingerprint } = await availability(state.catalog, [cached.model.provider]);
        if (cached.fingerprint === fingerprint) return cached.model;
      }
      const { ref: parsed } = parseInput(state, ref);
      const { lookup: credentials, fingerprint } = await availability(state.catalog, [parsed.provider]);
      const context = { allowlist: state.allowlist, credentials, envPrefix: ctx.envPrefix };
      const resolved = resolveCatalogModel(state.catalog, parsed, context, (raw) => describeReasoning(raw, state.reasoningOverrides));
      const model = freezeResolvedModel(state.settingsProblem ? { ...resolved, problems: [...resolved.problems, state.settingsProblem] } : resolved);
      // Refs are caller input (typos, unknown ids resolve too): keep the memo bounded.
      if (cache.models.size >= 4096) cache.models.clear();
      cache.models.set(ref, { fingerprint, model });
      return model;
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
