import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import { isAllowlisted } from "../refs/allowlist.js";
import { suggestSimilarIds } from "../refs/suggest-similar-ids.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { ModelMetadata } from "../schema/model-metadata.js";
import { UNKNOWN_MODEL_METADATA } from "../schema/model-metadata.js";
import type { Provenance } from "../schema/provenance.js";
import { shownUrl } from "../transport/redact.js";
import type { Catalog, CatalogProvider } from "./build-catalog.js";
import { resolveLayers, resolveLayersLean, type FieldExplanation, type ModelLayer } from "./model-layers.js";
import { envNamesOf } from "./provider-env.js";
import type { CredentialAvailability, ModelExplanation, ModelProblem, ResolvedModel } from "./resolved-model.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const RESOLVE_FROM_CATALOG_CATALOG_ARG = lazySchema(() => z.custom<object>((v) => typeof (v as { getEntry?: unknown } | null)?.getEntry === "function", "a Catalog (from buildCatalog)"));
const RESOLVE_FROM_CATALOG_REF_ARG = lazySchema(() => z.looseObject({ provider: ARG.string, model: ARG.string }));
const EXPLAIN_FROM_CATALOG_CATALOG_ARG = lazySchema(() => z.custom<object>((v) => typeof (v as { getEntry?: unknown } | null)?.getEntry === "function", "a Catalog (from buildCatalog)"));
const EXPLAIN_FROM_CATALOG_REF_ARG = lazySchema(() => z.looseObject({ provider: ARG.string, model: ARG.string }));

/**
 * What resolution needs beyond the catalog: the allowlist and each provider's credential availability.
 *
 * @example
 * ```ts
 * const context: ResolveContext = { allowlist: [], credentials: () => ({ available: true, via: "local", detail: null }) };
 * ```
 */
export interface ResolveContext {
  allowlist: readonly string[];
  credentials: (providerId: string) => CredentialAvailability;
  envPrefix?: string;
}

/**
 * The explain-only part of a resolution (everything `explain()` adds to a {@link ResolvedModel}).
 *
 * @example
 * ```ts
 * const details: ExplanationCore = explainFromCatalog(catalog, ref, context);
 * ```
 */
export type ExplanationCore = Omit<ModelExplanation, "input" | "aliasOf" | "diagnostics">;

const NO_CREDENTIALS: CredentialAvailability = { available: false, via: null, detail: null };
const EMPTY_PROVENANCE = Object.freeze(
  Object.fromEntries(Object.keys(UNKNOWN_MODEL_METADATA).map((k) => [k, null])),
) as { [K in keyof ModelMetadata]: Provenance | null };

function unknownField<T>(): FieldExplanation<T> {
  return { value: null, source: null, layer: null, overridden: [] };
}

const credentialProblems = new WeakMap<CatalogProvider, ModelProblem>();

const unusableProblems = new WeakMap<CatalogProvider, ModelProblem>();

function unusableCredentialsProblem(provider: CatalogProvider): ModelProblem {
  let problem = unusableProblems.get(provider);
  if (!problem) {
    const def = provider.definition;
    problem = {
      code: "credentials_unusable",
      message: `Provider "${def.id}" has stored credentials, but every one is disabled (rejected) or expired without a way to refresh.`,
      recovery: `Replace or remove the key (registry.removeCredential("${def.id}")), then connect again; OAuth logins need a new sign-in.`,
    };
    unusableProblems.set(provider, problem);
  }
  return problem;
}

function credentialsProblem(provider: CatalogProvider, credentials: CredentialAvailability, envPrefix: string | undefined): ModelProblem {
  return credentials.via === "stored" && credentials.detail === "unusable"
    ? unusableCredentialsProblem(provider)
    : noCredentialsProblem(provider, envPrefix);
}

function noCredentialsProblem(provider: CatalogProvider, envPrefix: string | undefined): ModelProblem {
  const cached = credentialProblems.get(provider);
  if (cached) return cached;
  const def = provider.definition;
  const names = envNamesOf(def, envPrefix === undefined ? {} : { envPrefix }).filter((n) => !n.includes("_LIVE_"));
  // API-key names first: they are what most users set.
  const documented = [...def.auth.filter((a) => a.type === "apiKey"), ...def.auth.filter((a) => a.type === "token")].flatMap((a) =>
    "env" in a ? a.env : [],
  );
  const shown = (documented.length > 0 ? documented : names).slice(0, 3);
  const oauthOnly = def.auth.length > 0 && def.auth.every((a) => a.type === "oauth");
  const problem: ModelProblem = {
    code: "no_credentials",
    message: oauthOnly
      ? `Provider "${def.id}" needs a sign-in and no OAuth credential is stored.`
      : `Provider "${def.id}" has no credentials: no stored credential, and none of ${shown.join(", ") || "its env vars"} is set.`,
    recovery: oauthOnly
      ? `Sign in to ${def.name} through the host's login flow.`
      : `Add a key with registry.setApiKey("${def.id}", key)${shown[0] ? ` or set ${shown[0]}` : ""}${def.docs ? `. ${def.docs}` : "."}`,
  };
  credentialProblems.set(provider, problem);
  return problem;
}

const legacyProblems = new WeakMap<CatalogProvider, ModelProblem>();

function legacyProblem(provider: CatalogProvider): ModelProblem {
  let problem = legacyProblems.get(provider);
  if (!problem) {
    const def = provider.definition;
    problem = {
      code: "legacy_provider",
      message: `Provider "${def.id}" (${def.name}) is a legacy/compatibility provider and is not offered as a first-run choice.`,
      recovery: `Saved choices keep resolving; for new setups pick a provider from registry.listProviders() that is not legacy.${def.docs ? ` ${def.docs}` : ""}`,
    };
    legacyProblems.set(provider, problem);
  }
  return problem;
}

const pluginProblems = new WeakMap<CatalogProvider, ModelProblem>();

function pluginDisabledProblem(provider: CatalogProvider, plugin: string): ModelProblem {
  let problem = pluginProblems.get(provider);
  if (!problem) {
    const def = provider.definition;
    problem = {
      code: "plugin_disabled",
      message: `Provider "${def.id}" (${def.name}) comes from the plugin "${plugin}", which is disabled, so its models are not offered.`,
      recovery: `Enable it with registry.plugins.enable("${plugin}"); saved choices keep resolving meanwhile.`,
    };
    pluginProblems.set(provider, problem);
  }
  return problem;
}

// Keyed by the provider, then by its credential answer object: a listing's lookup hands every model of a provider the
// same answer object, so thousands of models share one frozen list without building a key string each.
const sharedProblems = new WeakMap<CatalogProvider, WeakMap<CredentialAvailability, Map<string, ModelProblem[]>>>();

function providerOnlyProblems(provider: CatalogProvider, credentials: CredentialAvailability, envPrefix: string | undefined): ModelProblem[] {
  let byAnswer = sharedProblems.get(provider);
  if (!byAnswer) {
    byAnswer = new WeakMap();
    sharedProblems.set(provider, byAnswer);
  }
  let byPrefix = byAnswer.get(credentials);
  if (!byPrefix) {
    byPrefix = new Map();
    byAnswer.set(credentials, byPrefix);
  }
  let list = byPrefix.get(envPrefix ?? "");
  if (!list) {
    const problems: ModelProblem[] = [];
    if (provider.disabledBy !== undefined) problems.push(pluginDisabledProblem(provider, provider.disabledBy));
    if (provider.definition.legacy) problems.push(legacyProblem(provider));
    if (!credentials.available) problems.push(credentialsProblem(provider, credentials, envPrefix));
    // Frozen through and through: every model of the provider shares the list and its problems.
    for (const problem of problems) deepFreeze(problem);
    list = Object.freeze(problems) as ModelProblem[];
    byPrefix.set(envPrefix ?? "", list);
  }
  return list;
}

/**
 * The ref is kept verbatim (no fuzzy collapsing: an endpoint may serve exactly this id), so a near miss such as
 * OpenRouter's `anthropic/claude-sonnet-4-5` for `anthropic/claude-sonnet-4.5` is only *suggested*, never resolved.
 */
function unknownModelProblem(catalog: Catalog, ref: { provider: string; model: string }): ModelProblem {
  const ids = suggestSimilarIds(
    ref.model,
    catalog.entries(ref.provider).map((e) => e.id),
  ).map((id) => `${ref.provider}/${id}`);
  const message = `No source lists model "${ref.model}" for provider "${ref.provider}" (bundled snapshot, plugins, discovery, models.json); its metadata is unknown.`;
  if (ids.length === 0) {
    return {
      code: "unknown_model",
      message,
      recovery: `Check the id with registry.listModels({ provider: "${ref.provider}" }), refresh the catalog or run discovery, or add it to models.json with its limits.`,
    };
  }
  return {
    code: "unknown_model",
    message,
    recovery: `Did you mean ${orList(ids)}? Use ${ids.length === 1 ? "that id" : "one of those ids"}, or add the model to models.json if your endpoint serves this exact id.`,
    suggestions: ids,
  };
}

/**
 * A provider id no catalog, plugin or models.json defines, with the closest known ids (aliases suggest the id they
 * stand for). Shared by resolution (a problem) and `listModels({ provider })` (a thrown `unknown_provider`).
 *
 * @example
 * ```ts
 * unknownProviderProblem(catalog, "openrouterr").suggestions; // ["openrouter"]
 * ```
 */
export function unknownProviderProblem(catalog: Catalog, providerId: string, modelsListed = false): ModelProblem {
  const candidates = [...catalog.providers.map((p) => p.definition.id), ...catalog.aliases.keys()];
  const ids = [...new Set(suggestSimilarIds(providerId, candidates).map((id) => catalog.aliases.get(id) ?? id))];
  const where = "the built-in catalog, a plugin manifest or models.json";
  const message = `Provider "${providerId}" is not in ${where}${modelsListed ? ", yet models are listed for it" : ""}.`;
  const generic = "Check the id against registry.listProviders(), install the plugin that defines it, or add it to models.json with a baseUrl and api.";
  if (ids.length === 0) return { code: "unknown_provider", message, recovery: generic };
  return {
    code: "unknown_provider",
    message,
    recovery: `Did you mean ${orList(ids.map((id) => `"${id}"`))}? ${generic}`,
    suggestions: ids,
  };
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

const shownBaseUrls = new WeakMap<FieldExplanation<string>, FieldExplanation<string>>();

/**
 * The base URL as resolution shows it: credentials in it (`?key=`, `user:pass@`) redacted, in the effective value and
 * in every overridden value. Resolved models, `explain()` and provider listings leave the registry and get logged;
 * only `run()` hands the attempt the URL as configured (it reads models.json itself). Cached per field object, so a
 * listing of thousands of models of one provider redacts its URL once.
 */
function shownBaseUrl(field: FieldExplanation<string>): FieldExplanation<string> {
  let shown = shownBaseUrls.get(field);
  if (!shown) {
    const value = field.value === null ? null : shownUrl(field.value);
    const overridden = field.overridden.map((o) => (typeof o.value === "string" ? { ...o, value: shownUrl(o.value) } : o));
    const same = value === field.value && overridden.every((o, i) => o.value === field.overridden[i]?.value);
    shown = same ? field : { ...field, value, overridden };
    shownBaseUrls.set(field, shown);
  }
  return shown;
}

interface Core {
  refText: string;
  provider: CatalogProvider | undefined;
  known: boolean;
  layers: readonly ModelLayer[];
  orphan: ModelLayer | undefined;
  api: FieldExplanation<ApiKind>;
  baseUrl: FieldExplanation<string>;
  sourceMissing: boolean;
  reasoningOptions: Array<Record<string, unknown>> | null;
  credentials: CredentialAvailability;
  problems: ModelProblem[];
  reasons: ModelProblem[];
}

function core(catalog: Catalog, ref: { provider: string; model: string }, context: ResolveContext): Core {
  const refText = `${ref.provider}/${ref.model}`;
  const provider = catalog.getProvider(ref.provider);
  const entry = catalog.getEntry(ref.provider, ref.model);
  const known = entry !== undefined;
  const layers: readonly ModelLayer[] = entry ? entry.layers : [];
  const orphan = entry ? undefined : catalog.orphanOverride(ref.provider, ref.model);

  let api: FieldExplanation<ApiKind> = provider ? provider.api : unknownField();
  let baseUrl: FieldExplanation<string> = provider ? provider.baseUrl : unknownField();
  let sourceMissing = false;
  let unsupportedSdk: string | null = null;
  let reasoningOptions: Array<Record<string, unknown>> | null = null;
  // Indexed, not for-of: listModels() runs this for every model while it is still cold, where each for-of step
  // allocates an iterator result.
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    if (layer.api !== undefined) {
      api = {
        value: layer.api,
        source: layer.source,
        layer: layer.layer,
        overridden: api.source === null ? [] : [...api.overridden, { layer: api.layer ?? "provider", source: api.source, value: api.value }],
      };
    }
    if (layer.baseUrl !== undefined) {
      baseUrl = {
        value: layer.baseUrl,
        source: layer.source,
        layer: layer.layer,
        overridden: baseUrl.source === null ? [] : [...baseUrl.overridden, { layer: baseUrl.layer ?? "provider", source: baseUrl.source, value: baseUrl.value }],
      };
    }
    if (layer.sourceMissing === true) sourceMissing = true;
    // A later layer that states an api (models.json) settles how the model is called.
    if (layer.unsupportedSdk !== undefined) unsupportedSdk = layer.unsupportedSdk;
    else if (layer.api !== undefined) unsupportedSdk = null;
    if (layer.reasoningOptions !== undefined) reasoningOptions = layer.reasoningOptions;
  }
  baseUrl = shownBaseUrl(baseUrl);
  const credentials = provider ? context.credentials(provider.definition.id) : NO_CREDENTIALS;

  // Fast path for the common case (listing thousands of known models): the problems depend on the provider only,
  // so one frozen array per provider is shared instead of building one per model.
  // A local server's models are offered once the server reported them (discovery) or the user listed them
  // (models.json); a catalog suggestion alone (models.dev lists a few LM Studio models) says nothing about this machine.
  const unconfirmedLocal =
    provider !== undefined && provider.definition.local && known && !layers.some((l) => l.layer === "discovered" || l.layer === "models.json");
  // A models.json provider with no URL anywhere (models.json, model, catalog, plugin) cannot be called: never offered.
  const urlMissing = provider !== undefined && provider.config !== null && baseUrl.value === null;
  if (provider && known && !unconfirmedLocal && !urlMissing && context.allowlist.length === 0 && unsupportedSdk === null && !sourceMissing) {
    const shared = providerOnlyProblems(provider, credentials, context.envPrefix);
    return { refText, provider, known, layers, orphan, api, baseUrl, sourceMissing, reasoningOptions, credentials, problems: shared, reasons: shared };
  }
  const problems: ModelProblem[] = [];
  const reasons: ModelProblem[] = [];
  const add = (problem: ModelProblem, blocks = true): void => {
    problems.push(problem);
    if (blocks) reasons.push(problem);
  };
  if (!provider) {
    add(unknownProviderProblem(catalog, ref.provider, known));
  } else if (!known) {
    // An explicit allowlist entry is trusted even when no source lists the model.
    const exact = context.allowlist.filter((e) => !e.trim().endsWith("/*"));
    add(unknownModelProblem(catalog, ref), !(exact.length > 0 && isAllowlisted(refText, exact)));
  }
  if (provider?.disabledBy !== undefined) add(pluginDisabledProblem(provider, provider.disabledBy));
  if (provider?.definition.legacy) add(legacyProblem(provider));
  if (context.allowlist.length > 0 && !isAllowlisted(refText, context.allowlist)) {
    add({
      code: "not_allowlisted",
      message: `Model "${refText}" is not in the allowlist (${context.allowlist.length} entr${context.allowlist.length === 1 ? "y" : "ies"}).`,
      recovery: `Add it with registry.setAllowlist([...current, "${refText}"]), or clear the allowlist to allow every model.`,
    });
  }
  if (provider && !credentials.available) add(credentialsProblem(provider, credentials, context.envPrefix));
  if (unconfirmedLocal) {
    add({
      code: "local_model_unconfirmed",
      message: `Model "${refText}" comes from the catalog, but your ${provider.definition.name} server has not reported it.`,
      recovery: `Start the local server, test the URL and fetch its models, or add the model to models.json.`,
    });
  }
  if (urlMissing) {
    add({
      code: "base_url_missing",
      message: `Provider "${provider.definition.id}" has no baseUrl in models.json and no default one, so "${refText}" cannot be called.`,
      recovery: `Add "baseUrl" to providers.${provider.definition.id} in models.json (e.g. local.update("${provider.definition.id}", { baseUrl: "http://127.0.0.1:8000/v1" })).`,
    });
  }
  if (unsupportedSdk !== null) {
    add({
      code: "api_unsupported",
      message: `Model "${refText}" is served over a protocol no supported api kind speaks (models.dev names ${unsupportedSdk}); calling it with "${api.value}" would fail.`,
      recovery: `Configure it in models.json with an api and baseUrl that serve it, or choose another model.`,
    });
  }
  if (sourceMissing) {
    add({
      code: "source_missing",
      message: `Model "${refText}" is no longer listed by its source (last applied refresh); it is kept so saved choices still resolve.`,
      recovery: "Choose another model for new work; keep this one only while it still answers.",
    });
  }
  return { refText, provider, known, layers, orphan, api, baseUrl, sourceMissing, reasoningOptions, credentials, problems, reasons };
}

type ReasoningBlock = ResolvedModel["reasoning"];

/** What a model's `reasoning` block is derived from, and the block once derived (or assigned). */
interface LazyReasoning {
  metadata: ModelMetadata;
  options: ReasoningBlock["options"];
  describe: ((resolved: ResolvedModel) => ReasoningBlock) | undefined;
  block: ReasoningBlock | undefined;
}

const lazyReasoning = new WeakMap<object, LazyReasoning>();

// The block is derived on first read, then kept: listModels() returns the whole catalog (~1,500 models) and hosts
// read the block of a few. While it is being derived, a read sees the raw block (what the sources said), so
// derivation never feeds on itself.
function readReasoning(this: ResolvedModel): ReasoningBlock {
  const state = lazyReasoning.get(this);
  if (state === undefined) return undefined as unknown as ReasoningBlock;
  if (state.block === undefined) {
    const m = state.metadata;
    state.block = { supported: m.reasoning, levels: m.thinkingLevels, defaultLevel: m.defaultThinkingLevel, options: state.options };
    if (state.describe) state.block = state.describe(this);
    // A frozen (cached, shared) model hands every later reader the same block: frozen like the model.
    if (Object.isFrozen(this)) deepFreeze(state.block);
  }
  return state.block;
}

function writeReasoning(this: ResolvedModel, value: ReasoningBlock): void {
  // Frozen models keep this shared setter (redefining the property per model would cost each its fast hidden class):
  // the write fails as a write to any frozen field does in strict mode.
  if (Object.isFrozen(this)) throw new TypeError("Cannot assign to read only property 'reasoning' of a cached model; copy it first ({ ...model }).");
  const state = lazyReasoning.get(this);
  if (state) state.block = value;
}

/**
 * One accessor pair shared by every resolved model: `reasoning` is an ordinary enumerable, reassignable own property
 * to every reader (spread, JSON, inspect, structuredClone), and since all models carry the same pair they share one
 * hidden class and stay in V8's fast mode (accessors written in the literal are new closures per model, which sends
 * each model to dictionary mode: twice the memory of a listing, and slower to build).
 */
const REASONING_ACCESSOR: PropertyDescriptor = { get: readReasoning, set: writeReasoning, enumerable: true, configurable: true };

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
    return;
  }
  // Plain data all the way down, except a model's lazy `reasoning`, which is skipped: reading it would derive
  // what nobody asked for (it is frozen when first read).
  for (const key in value) if (key !== "reasoning" || !lazyReasoning.has(value)) deepFreeze((value as Record<string, unknown>)[key]);
}

/**
 * Make a resolved model immutable, deeply, so the catalog service can hand the same object to every caller: writes
 * throw in strict mode (silently do nothing otherwise), and the lazy `reasoning` block is frozen when first derived.
 *
 * @example
 * ```ts
 * const model = freezeResolvedModel(resolveCatalogModel(catalog, ref, context));
 * Object.isFrozen(model.limits); // true
 * ```
 */
export function freezeResolvedModel(model: ResolvedModel): ResolvedModel {
  if (Object.isFrozen(model)) return model;
  const block = lazyReasoning.get(model)?.block;
  if (block !== undefined) deepFreeze(block);
  // A walk over every key: this freezes one model at a time (resolveModel, a model with a settings problem added,
  // whose own `reasoning` is then plain data). A listing freezes by shape instead (`frozen` in resolveCatalogModel).
  deepFreeze(model);
  return model;
}

/**
 * Resolve one model of an assembled catalog: layered metadata with per-field provenance, api/baseUrl, and the
 * problems that keep it from being offered. Never throws for an unknown provider or model: those resolve with
 * all-`null` metadata and an `unknown_provider`/`unknown_model` problem. The returned `metadata` is frozen (it is
 * shared with the catalog's memo).
 *
 * @example
 * ```ts
 * const context = { allowlist: [], credentials: () => ({ available: true, via: null, detail: null }) };
 * const m = resolveFromCatalog(catalog, parseModelRef("openai/gpt-5"), context);
 * if (m.limits.contextWindow !== null && promptTokens > m.limits.contextWindow) prompt = truncate(prompt, m.limits.contextWindow);
 * ```
 */
export function resolveFromCatalog(
  catalog: Catalog,
  ref: { provider: string; model: string },
  context: ResolveContext,
): ResolvedModel {
  checkArgument("resolveFromCatalog", "catalog", RESOLVE_FROM_CATALOG_CATALOG_ARG, catalog);
  checkArgument("resolveFromCatalog", "ref", RESOLVE_FROM_CATALOG_REF_ARG, ref);
  checkArgument("resolveFromCatalog", "context", ARG.object, context);
  return resolveCatalogModel(catalog, ref, context);
}

/**
 * {@link resolveFromCatalog} without its argument checks, for the catalog service, which resolves every model of
 * the catalog in listModels() from values it built itself.
 *
 * @example
 * ```ts
 * const models = refs.map((ref) => resolveCatalogModel(catalog, ref, context));
 * ```
 */
export function resolveCatalogModel(
  catalog: Catalog,
  ref: { provider: string; model: string },
  context: ResolveContext,
  /** Derives the `reasoning` block from the model as resolved (with its raw block); run on the block's first read. */
  describe?: (resolved: ResolvedModel) => ResolvedModel["reasoning"],
  /** Return it as {@link freezeResolvedModel} would (the catalog service caches and shares what it lists). */
  frozen = false,
): ResolvedModel {
  const c = core(catalog, ref, context);
  const entry = c.known ? catalog.getEntry(ref.provider, ref.model) : undefined;
  const lean = entry ? entry.resolveLean() : c.orphan ? resolveLayersLean([c.orphan]) : undefined;
  const metadata: ModelMetadata = lean ? lean.metadata : UNKNOWN_MODEL_METADATA;
  const provenance = { ...(lean ? lean.provenance : EMPTY_PROVENANCE), api: c.api.source, baseUrl: c.baseUrl.source };
  // Built in two steps around the accessor so the keys keep their documented order (JSON, inspect, Object.keys).
  const model = {
    ref: c.refText,
    provider: ref.provider,
    id: ref.model,
    name: metadata.name,
    api: c.api.value,
    baseUrl: c.baseUrl.value,
    capabilities: {
      input: metadata.input,
      output: metadata.output,
      tools: metadata.tools,
      json: metadata.json,
      reasoning: metadata.reasoning,
      openWeights: metadata.openWeights,
      manualSetup: metadata.manualSetup,
      authHints: metadata.authHints,
    },
    limits: { contextWindow: metadata.contextWindow, maxOutputTokens: metadata.maxOutputTokens, maxContextWindow: metadata.maxContextWindow },
    cost: metadata.cost,
  } as ResolvedModel;
  lazyReasoning.set(model, { metadata, options: c.reasoningOptions, describe, block: undefined });
  Object.defineProperty(model, "reasoning", REASONING_ACCESSOR);
  model.metadata = metadata;
  model.provenance = provenance;
  model.known = c.known;
  model.offered = c.reasons.length === 0;
  model.sourceMissing = c.sourceMissing;
  model.problems = c.problems;
  // Frozen here rather than by a call to freezeResolvedModel per model: a listing makes that call hot enough for V8 to
  // compile it on its own, which cost a first listModels() more than the freezing itself. The parts built above are
  // frozen by hand; metadata, cost and a provider's shared problem list come frozen already.
  if (frozen) {
    Object.freeze(model.capabilities);
    Object.freeze(model.limits);
    Object.freeze(provenance);
    if (!Object.isFrozen(model.problems)) deepFreeze(model.problems);
    Object.freeze(model);
  }
  return model;
}

/**
 * Everything `explain()` shows about one model beyond {@link resolveFromCatalog}: each field's value, source and
 * the lower-layer values it overrode, provider api/baseUrl history and credentials, the layers that mention the
 * model, and the reasons it is not offered.
 *
 * @example
 * ```ts
 * const e = explainFromCatalog(catalog, parseModelRef("openai/gpt-5"), context);
 * for (const [field, f] of Object.entries(e.fields)) console.log(field, f.value, "from", f.layer ?? "nowhere");
 * ```
 */
export function explainFromCatalog(
  catalog: Catalog,
  ref: { provider: string; model: string },
  context: ResolveContext,
): ExplanationCore {
  checkArgument("explainFromCatalog", "catalog", EXPLAIN_FROM_CATALOG_CATALOG_ARG, catalog);
  checkArgument("explainFromCatalog", "ref", EXPLAIN_FROM_CATALOG_REF_ARG, ref);
  checkArgument("explainFromCatalog", "context", ARG.object, context);
  const c = core(catalog, ref, context);
  const entry = c.known ? catalog.getEntry(ref.provider, ref.model) : undefined;
  const layered = entry ? entry.resolve() : resolveLayers(c.orphan ? [c.orphan] : []);
  const layers = [...c.layers, ...(c.orphan ? [c.orphan] : [])];
  return {
    ref: c.refText,
    provider: {
      id: ref.provider,
      known: c.provider !== undefined,
      source: c.provider?.source ?? null,
      legacy: c.provider?.definition.legacy ?? false,
      api: c.api,
      baseUrl: c.baseUrl,
      credentials: c.credentials,
    },
    model: { id: ref.model, known: c.known },
    fields: layered.fields,
    layers: layers.map((l) => ({
      layer: l.layer,
      source: l.source,
      fields: [
        ...Object.keys(l.patch).filter((k) => {
          const v = (l.patch as Record<string, unknown>)[k];
          return v !== null && v !== undefined;
        }),
        ...(l.api !== undefined ? ["api"] : []),
        ...(l.baseUrl !== undefined ? ["baseUrl"] : []),
      ],
    })),
    offered: c.reasons.length === 0,
    reasons: c.reasons,
    problems: c.problems,
  };
}
