import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import * as z from "zod";
import { ARG, checkArgument, quickSchema } from "../errors/check-argument.js";
import { isRegistryError } from "../errors/registry-error.js";
import type { PluginManifestResult } from "../plugins/parse-plugin-manifest.js";
import type { PluginGate } from "../plugins/plugin-manifests.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import { providerAliases } from "../refs/provider-aliases.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import type { DiscoveredCache } from "../schema/discovered.js";
import type { DetectedLocalServer } from "../schema/local-detection.js";
import type { Provenance } from "../schema/provenance.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";
import { BUILTIN_PROVIDERS } from "../refs/builtin-providers.js";
import type { AppliedCatalog } from "./applied-catalog.js";
import type { ModelOverrides } from "./catalog-settings.js";
import { CURATED_MODELS } from "./curated-models.js";
import { loadBundledSnapshot } from "./load-snapshot.js";
import { resolveLayers, resolveLayersLean, type FieldExplanation, type LayeredMetadata, type ModelLayer } from "./model-layers.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
// Checked on every catalog build, the first one included: the plain test spares that build zod's first parse.
const BUILD_CATALOG_INPUT_ARG = quickSchema(
  () => z.looseObject({ plugins: ARG.list }),
  (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Array.isArray((v as { plugins?: unknown }).plugins),
);

/**
 * The parts of a parsed models.json provider the catalog reads (the config module owns the full shape).
 *
 * @example
 * ```ts
 * const p: ModelsConfigProvider = { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "llama3.3" }] };
 * ```
 */
export interface ModelsConfigProvider {
  baseUrl?: string | undefined;
  apiKey?: unknown;
  api?: ApiKind | undefined;
  models?: ModelsConfigModel[] | undefined;
  [key: string]: unknown;
}

/**
 * The parts of a parsed models.json model the catalog reads. `maxTokens` maps to `maxOutputTokens`.
 *
 * @example
 * ```ts
 * const m: ModelsConfigModel = { id: "qwen3:8b", contextWindow: 40960, maxTokens: 8192 };
 * ```
 */
export interface ModelsConfigModel {
  id: string;
  name?: string | undefined;
  api?: ApiKind | undefined;
  baseUrl?: string | undefined;
  reasoning?: boolean | undefined;
  input?: string[] | undefined;
  cost?:
    | { input?: number | undefined; output?: number | undefined; cacheRead?: number | undefined; cacheWrite?: number | undefined }
    | undefined;
  contextWindow?: number | undefined;
  maxTokens?: number | undefined;
  [key: string]: unknown;
}

/**
 * Parsed models.json as the catalog needs it.
 *
 * @example
 * ```ts
 * const config: ModelsConfigLike = { mode: "merge", providers: {} };
 * ```
 */
export interface ModelsConfigLike {
  mode?: "merge" | "replace" | undefined;
  providers: Record<string, ModelsConfigProvider>;
}

/**
 * A provider as the assembled catalog sees it: the effective definition (models.json `baseUrl`/`api` applied),
 * where it comes from, and how `api`/`baseUrl` were resolved.
 *
 * @example
 * ```ts
 * const p: CatalogProvider = catalog.getProvider("ollama")!;
 * p.baseUrl.source; // "builtin" or "user"
 * ```
 */
export interface CatalogProvider {
  definition: ProviderDefinition;
  source: "builtin" | "plugin" | "user";
  api: FieldExplanation<ApiKind>;
  baseUrl: FieldExplanation<string>;
  config: ModelsConfigProvider | null;
  package: string | null;
  /** The disabled plugin this provider belongs to: it stays resolvable but is not listed or offered. */
  disabledBy?: string;
}

/**
 * One model known to the catalog with the layers that mention it (lowest first); resolution is memoised.
 *
 * @example
 * ```ts
 * const entry = catalog.getEntry("openai", "gpt-5");
 * entry?.resolve().metadata.contextWindow;
 * ```
 */
export interface ModelEntry {
  provider: string;
  id: string;
  layers: ModelLayer[];
  /** Full resolution with per-field history (explain). */
  resolve(): LayeredMetadata;
  /** Effective metadata and per-field source only (listing). */
  resolveLean(): ReturnType<typeof resolveLayersLean>;
}

/**
 * Inputs of {@link buildCatalog}: everything but the built-in data, which it reads itself.
 *
 * @example
 * ```ts
 * const catalog = buildCatalog({ plugins: [], discovered: {}, modelsConfig: null, overrides: {} });
 * ```
 */
export interface BuildCatalogInput {
  plugins: readonly PluginManifestResult[];
  /** The applied refresh (catalog.json), layered right above the bundled snapshot. */
  applied?: AppliedCatalog | null;
  discovered: DiscoveredCache;
  modelsConfig: ModelsConfigLike | null;
  overrides: ModelOverrides;
  /**
   * Base URLs host environment variables set for built-in providers (`OLLAMA_HOST` → `ollama`), from
   * `hostEnvBaseUrls(env)`: above the built-in default, below a models.json `baseUrl`.
   */
  hostBaseUrls?: Readonly<Record<string, string>>;
  /** What the user's plugin choices switch off (`PluginManifests.gate(settings.plugins)`); absent = nothing. */
  pluginGate?: PluginGate;
  /**
   * Servers `local.detect()` found (state.json `localDetection`), or nothing when detection is off. Each sets its
   * built-in local provider's base URL and lists its models, below models.json and the host variable: a detected
   * server whose provider those point elsewhere is left out (it is not the server calls go to).
   */
  detected?: readonly DetectedLocalServer[] | null;
}

/**
 * The assembled catalog: providers in default order and every model with its layers.
 *
 * @example
 * ```ts
 * const catalog = buildCatalog(input);
 * catalog.providers.map((p) => p.definition.id);
 * ```
 */
export interface Catalog {
  providers: readonly CatalogProvider[];
  getProvider(id: string): CatalogProvider | undefined;
  /** Provider-id aliases: built-in plus plugin-declared. */
  aliases: ReadonlyMap<string, string>;
  entries(providerId?: string): readonly ModelEntry[];
  getEntry(providerId: string, modelId: string): ModelEntry | undefined;
  /** Settings override for a model with no entry (an unknown ref), so explicit user data is still shown. */
  orphanOverride(providerId: string, modelId: string): ModelLayer | undefined;
  mode: "merge" | "replace";
  diagnostics: readonly Diagnostic[];
  /** The detected servers the catalog applied, by provider id (status reads their probe like a check's). */
  detected?: ReadonlyMap<string, DetectedLocalServer>;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Default provider order: providers with an `order` first (ascending), then the rest by name (then id).
 *
 * @example
 * ```ts
 * [...defs].sort(compareProviders);
 * ```
 */
export function compareProviders(a: ProviderDefinition, b: ProviderDefinition): number {
  if (a.order !== null || b.order !== null) {
    if (a.order === null) return 1;
    if (b.order === null) return -1;
    if (a.order !== b.order) return a.order - b.order;
  }
  return compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.id, b.id);
}

function stripped<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined | null> } {
  const out: { [K in keyof T]?: Exclude<T[K], undefined | null> } = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  return out;
}

function userModelPatch(m: ModelsConfigModel): ModelLayer["patch"] {
  const patch: ModelLayer["patch"] = {};
  if (typeof m.name === "string") patch.name = m.name;
  if (typeof m.reasoning === "boolean") patch.reasoning = m.reasoning;
  if (Array.isArray(m.input)) patch.input = [...m.input];
  if (typeof m.contextWindow === "number") patch.contextWindow = m.contextWindow;
  if (typeof m.maxTokens === "number") patch.maxOutputTokens = m.maxTokens;
  if (m.cost && typeof m.cost === "object") patch.cost = stripped(m.cost);
  for (const key of ["tools", "json", "openWeights"] as const) {
    if (typeof m[key] === "boolean") patch[key] = m[key] as boolean;
  }
  return patch;
}

/**
 * The env var a models.json `apiKey` refers to: a resolved SecretRef (`{ kind: "env", name }`) or the raw
 * `{ env }` form; `undefined` for literal keys.
 */
function apiKeyEnvName(apiKey: unknown): string | undefined {
  if (!apiKey || typeof apiKey !== "object") return undefined;
  const ref = apiKey as { kind?: unknown; name?: unknown; env?: unknown };
  if (ref.kind === "env" && typeof ref.name === "string") return ref.name;
  return typeof ref.env === "string" ? ref.env : undefined;
}

function providerLayer(def: ProviderDefinition, source: Provenance): ModelLayer {
  const types = [...new Set(def.auth.map((a) => a.type))];
  return {
    layer: "provider",
    source,
    patch: {
      manualSetup: def.local || def.baseUrl === null,
      ...(types.length > 0 ? { authHints: types } : {}),
    },
  };
}

/**
 * Assemble the catalog from the built-in providers, curated models and bundled snapshot, plugin manifests, the
 * discovered cache, models.json and settings overrides. Pure; everything it reads is in `input` or bundled.
 *
 * With models.json `mode: "replace"`, only models.json models are listed (built-in, plugin and discovered model
 * lists are left out); providers stay known so refs still resolve.
 *
 * @example
 * ```ts
 * // Resolve models offline (a build step, a docs generator) without a registry or storage.
 * const catalog = buildCatalog({ plugins: [], discovered: {}, modelsConfig: null, overrides: {} });
 * for (const entry of catalog.entries("anthropic")) console.log(entry.id, entry.resolve().metadata.contextWindow);
 * ```
 */
export function buildCatalog(input: BuildCatalogInput): Catalog {
  checkArgument("buildCatalog", "input", BUILD_CATALOG_INPUT_ARG, input);
  const diagnostics: Diagnostic[] = input.plugins.flatMap((p) => p.diagnostics);
  const mode = input.modelsConfig?.mode ?? "merge";
  const aliases = new Map(providerAliases());
  const providers = new Map<string, CatalogProvider>();
  const entries = new Map<string, Map<string, ModelEntry>>();
  const useBuiltinModels = mode !== "replace";

  const entry = (provider: string, id: string): ModelEntry => {
    let byId = entries.get(provider);
    if (!byId) {
      byId = new Map();
      entries.set(provider, byId);
    }
    let e = byId.get(id);
    if (!e) {
      let memo: LayeredMetadata | undefined;
      let lean: ReturnType<typeof resolveLayersLean> | undefined;
      const created: ModelEntry = {
        provider,
        id,
        layers: [],
        resolve: () => (memo ??= resolveLayers(created.layers)),
        resolveLean: () => (lean ??= resolveLayersLean(created.layers)),
      };
      e = created;
      byId.set(id, e);
    }
    return e;
  };
  const explained = <T>(value: T | null, source: Provenance | null): FieldExplanation<T> => ({
    value,
    source: value === null ? null : source,
    layer: value === null ? null : source === "user" ? "models.json" : "provider",
    overridden: [],
  });

  for (const def of BUILTIN_PROVIDERS) {
    const hostUrl = input.hostBaseUrls?.[def.id];
    // The user's host variable (OLLAMA_HOST) is where the server is: every path must call that URL, not the default.
    const baseUrl: FieldExplanation<string> =
      hostUrl === undefined
        ? explained(def.baseUrl, "builtin")
        : {
            value: hostUrl,
            source: "user",
            layer: "provider",
            overridden: def.baseUrl === null ? [] : [{ layer: "provider", source: "builtin", value: def.baseUrl }],
          };
    providers.set(def.id, {
      definition: hostUrl === undefined ? def : { ...def, baseUrl: hostUrl },
      source: "builtin",
      api: explained(def.api, "builtin"),
      baseUrl,
      config: null,
      package: null,
    });
  }
  const snapshot = useBuiltinModels ? loadBundledSnapshot() : new Map();
  if (useBuiltinModels) {
    for (const [provider, models] of Object.entries(CURATED_MODELS)) {
      for (const { id, ...patch } of models) entry(provider, id).layers.push({ layer: "curated", source: "builtin", patch });
    }
    for (const [provider, models] of snapshot) {
      for (const m of models) {
        entry(provider, m.id).layers.push({
          layer: "snapshot",
          source: "models.dev",
          patch: m.metadata,
          reasoningOptions: m.reasoningOptions,
          ...(m.api ? { api: m.api } : {}),
          ...(m.unsupportedSdk ? { unsupportedSdk: m.unsupportedSdk } : {}),
        });
      }
    }
  }

  if (useBuiltinModels && input.applied) {
    for (const [rawProvider, { models }] of Object.entries(input.applied.providers)) {
      const provider = providerAliases().get(rawProvider.trim().toLowerCase()) ?? rawProvider.trim().toLowerCase();
      for (const { id, source, api, sourceMissing, reasoningOptions, ...metadata } of models) {
        entry(provider, id).layers.push({
          layer: "refresh",
          source,
          patch: stripped(metadata) as ModelLayer["patch"],
          ...(api ? { api } : {}),
          ...(sourceMissing === true ? { sourceMissing: true } : {}),
          ...(reasoningOptions !== undefined ? { reasoningOptions } : {}),
        });
      }
    }
  }

  for (const plugin of input.plugins) {
    for (const p of plugin.providers) {
      if (providers.has(p.id)) {
        diagnostics.push({
          severity: "error",
          code: "provider_conflict",
          path: ["providers", p.id],
          line: null,
          column: null,
          message: `Plugin provider "${p.id}" from ${p.package ?? "an unnamed package"} is already defined by ${providers.get(p.id)!.package ?? "the built-in catalog"}; skipped.`,
          hint: "Remove one of the two plugins or rename the provider id in its manifest.",
          ...(p.package === null ? {} : { source: p.package }),
        });
        continue;
      }
      const { models, package: pkg, ...definition } = p;
      providers.set(p.id, {
        definition,
        source: "plugin",
        api: explained(definition.api, "plugin"),
        baseUrl: explained(definition.baseUrl, "plugin"),
        config: null,
        package: pkg,
      });
      for (const alias of definition.aliases) if (!aliases.has(alias) && !providers.has(alias)) aliases.set(alias, p.id);
      if (useBuiltinModels) {
        for (const m of models) entry(p.id, m.id).layers.push({ layer: "plugin", source: "plugin", patch: m.metadata });
      }
    }
  }

  const normal = (id: string): string => {
    const lowered = id.trim().toLowerCase();
    return aliases.get(lowered) ?? lowered;
  };

  if (useBuiltinModels) {
    for (const [rawProvider, cached] of Object.entries(input.discovered)) {
      const provider = normal(rawProvider);
      for (const { id, extra, ...metadata } of cached.models) {
        entry(provider, id).layers.push({
          layer: "discovered",
          source: "discovered",
          patch: stripped(metadata) as ModelLayer["patch"],
          ...(extra?.["sourceMissing"] === true ? { sourceMissing: true } : {}),
        });
      }
    }
  }

  const detected = new Map<string, DetectedLocalServer>();
  if (input.detected && input.detected.length > 0) {
    const userUrls = new Map<string, string>();
    for (const [rawId, config] of Object.entries(input.modelsConfig?.providers ?? {})) {
      if (typeof config.baseUrl === "string" && config.baseUrl !== "") userUrls.set(normal(rawId), config.baseUrl);
    }
    const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
    for (const server of input.detected) {
      const existing = providers.get(server.providerId);
      // Only built-in local servers: detection never defines a provider, and never moves a hosted one.
      if (!existing || existing.source !== "builtin" || !existing.definition.local || detected.has(server.providerId)) continue;
      // models.json and the host variable are the user's word on where the server is; another server found elsewhere
      // is not the one calls go to, so neither its URL nor its listing applies.
      const chosen = userUrls.get(server.providerId) ?? (existing.baseUrl.source === "user" ? existing.baseUrl.value : null);
      if (chosen !== null && !sameUrl(chosen, server.baseUrl)) continue;
      detected.set(server.providerId, server);
      if (existing.baseUrl.value === null || !sameUrl(existing.baseUrl.value, server.baseUrl)) {
        providers.set(server.providerId, {
          ...existing,
          definition: { ...existing.definition, baseUrl: server.baseUrl },
          baseUrl: {
            value: server.baseUrl,
            source: "discovered",
            layer: "provider",
            overridden: existing.baseUrl.source === null ? [] : [{ layer: "provider", source: existing.baseUrl.source, value: existing.baseUrl.value }],
          },
        });
      }
      if (useBuiltinModels) {
        for (const { id, extra, ...metadata } of server.models) {
          entry(server.providerId, id).layers.push({
            layer: "discovered",
            source: "discovered",
            patch: stripped(metadata) as ModelLayer["patch"],
            ...(extra?.["sourceMissing"] === true ? { sourceMissing: true } : {}),
          });
        }
      }
    }
  }

  for (const [rawId, config] of Object.entries(input.modelsConfig?.providers ?? {})) {
    const id = normal(rawId);
    const existing = providers.get(id);
    const userApi = config.api;
    const userBaseUrl = typeof config.baseUrl === "string" && config.baseUrl !== "" ? config.baseUrl : undefined;
    if (existing) {
      const api = userApi
        ? { value: userApi, source: "user" as const, layer: "models.json" as const, overridden: [{ layer: "provider" as const, source: existing.api.source!, value: existing.api.value }] }
        : existing.api;
      const baseUrl = userBaseUrl
        ? {
            value: userBaseUrl,
            source: "user" as const,
            layer: "models.json" as const,
            overridden:
              existing.baseUrl.source === null ? [] : [{ layer: "provider" as const, source: existing.baseUrl.source, value: existing.baseUrl.value }],
          }
        : existing.baseUrl;
      providers.set(id, {
        ...existing,
        definition: { ...existing.definition, api: api.value ?? existing.definition.api, baseUrl: baseUrl.value },
        api,
        baseUrl,
        config,
      });
    } else {
      const envRef = apiKeyEnvName(config.apiKey);
      const definition: ProviderDefinition = {
        id,
        name: rawId,
        order: null,
        legacy: false,
        local: userBaseUrl !== undefined && /^https?:\/\/(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(userBaseUrl),
        api: userApi ?? "openai-completions",
        baseUrl: userBaseUrl ?? null,
        auth: config.apiKey === undefined ? [] : [{ type: "apiKey", env: typeof envRef === "string" ? [envRef] : [] }],
        envFallbacks: [],
        aliases: [],
        discovery: "none",
        setupMethods: [],
        modelsDevId: null,
      };
      providers.set(id, {
        definition,
        source: "user",
        api: explained(definition.api, userApi ? "user" : "default"),
        baseUrl: explained(definition.baseUrl, "user"),
        config,
        package: null,
      });
    }
    for (const model of config.models ?? []) {
      if (!model || typeof model.id !== "string" || model.id === "") continue;
      entry(id, model.id).layers.push({
        layer: "models.json",
        source: "user",
        patch: userModelPatch(model),
        ...(model.api ? { api: model.api } : {}),
        ...(typeof model.baseUrl === "string" ? { baseUrl: model.baseUrl } : {}),
        ...(model["sourceMissing"] === true ? { sourceMissing: true } : {}),
      });
    }
  }

  const orphans = new Map<string, ModelLayer>();
  for (const [ref, patch] of Object.entries(input.overrides)) {
    let provider: string;
    let model: string;
    try {
      ({ provider, model } = parseModelRef(ref, { aliases }));
    } catch (error) {
      if (!isRegistryError(error)) throw error;
      diagnostics.push({
        severity: "warning",
        code: "override_invalid_ref",
        path: ["modelOverrides", ref],
        line: null,
        column: null,
        message: `Ignored the settings override for ${JSON.stringify(ref)}: ${error.message}`,
        source: SETTINGS_JSON_KEY,
      });
      continue;
    }
    const layer: ModelLayer = { layer: "settings", source: "user", patch: patch as ModelLayer["patch"] };
    const existing = entries.get(provider)?.get(model);
    if (existing) existing.layers.push(layer);
    else orphans.set(`${provider}/${model}`, layer);
  }

  for (const [providerId, byId] of entries) {
    const provider = providers.get(providerId);
    if (!provider) continue;
    const source: Provenance = provider.source === "user" ? "user" : provider.source === "plugin" ? "plugin" : "builtin";
    const base = providerLayer(provider.definition, source);
    for (const e of byId.values()) e.layers.unshift(base);
  }

  for (const [id, provider] of input.pluginGate ? providers : []) {
    const off = input.pluginGate!.disabled.get(id);
    // A bundled auth plugin is what the built-in `legacy` flag of its provider stood for: once the user enables it, the
    // provider is a normal choice. While it is off the flag stays (status keeps hiding it unless something is set up).
    const lift = off === undefined && input.pluginGate!.bundled.has(id) && provider.definition.legacy;
    if (off === undefined && !lift) continue;
    providers.set(id, {
      ...provider,
      ...(lift ? { definition: { ...provider.definition, legacy: false } } : {}),
      ...(off === undefined ? {} : { disabledBy: off }),
    });
  }

  const sorted = [...providers.values()].sort((a, b) => compareProviders(a.definition, b.definition));
  const allEntries = (): ModelEntry[] =>
    sorted.flatMap((p) => [...(entries.get(p.definition.id)?.values() ?? [])].sort((a, b) => compareText(a.id, b.id)));
  const orphanEntries = [...entries.keys()]
    .filter((id) => !providers.has(id))
    .sort(compareText)
    .flatMap((id) => [...entries.get(id)!.values()].sort((a, b) => compareText(a.id, b.id)));

  return {
    providers: sorted,
    getProvider: (id) => providers.get(id),
    aliases,
    entries(providerId) {
      if (providerId !== undefined) return [...(entries.get(providerId)?.values() ?? [])].sort((a, b) => compareText(a.id, b.id));
      return [...allEntries(), ...orphanEntries];
    },
    getEntry: (providerId, modelId) => entries.get(providerId)?.get(modelId),
    orphanOverride: (providerId, modelId) => orphans.get(`${providerId}/${modelId}`),
    mode,
    diagnostics,
    detected,
  };
}
