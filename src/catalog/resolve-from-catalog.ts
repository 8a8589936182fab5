import { isAllowlisted } from "../refs/allowlist.js";
import type { ApiKind } from "../schema/api-kind.js";
import { MODEL_METADATA_FIELDS, UNKNOWN_MODEL_METADATA } from "../schema/model-metadata.js";
import type { Catalog, CatalogProvider } from "./build-catalog.js";
import { resolveLayers, type FieldExplanation, type ModelLayer } from "./model-layers.js";
import { providerEnvNames } from "./provider-env.js";
import type { CredentialAvailability, ModelExplanation, ModelProblem, ResolvedModel } from "./resolved-model.js";

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

const NO_CREDENTIALS: CredentialAvailability = { available: false, via: null, detail: null };

function unknownField<T>(): FieldExplanation<T> {
  return { value: null, source: null, layer: null, overridden: [] };
}

function noCredentialsProblem(provider: CatalogProvider, envPrefix: string | undefined): ModelProblem {
  const def = provider.definition;
  const names = providerEnvNames(def, envPrefix === undefined ? {} : { envPrefix }).filter((n) => !n.includes("_LIVE_"));
  const documented = def.auth.flatMap((a) => ("env" in a ? a.env : []));
  const shown = (documented.length > 0 ? documented : names).slice(0, 3);
  const oauthOnly = def.auth.length > 0 && def.auth.every((a) => a.type === "oauth");
  return {
    code: "no_credentials",
    message: oauthOnly
      ? `Provider "${def.id}" needs a sign-in and no OAuth credential is stored.`
      : `Provider "${def.id}" has no credentials: no stored credential, and none of ${shown.join(", ") || "its env vars"} is set.`,
    recovery: oauthOnly
      ? `Sign in to ${def.name} through the host's login flow.`
      : `Add a key with registry.setApiKey("${def.id}", key)${shown[0] ? ` or set ${shown[0]}` : ""}${def.docs ? `. ${def.docs}` : "."}`,
  };
}

/**
 * Resolve one model of an assembled catalog: layered metadata with provenance, api/baseUrl, and the problems that
 * keep it from being offered. Never throws for an unknown provider or model: those resolve with all-`null`
 * metadata and an `unknown_provider`/`unknown_model` problem.
 *
 * @example
 * ```ts
 * const { resolved } = resolveFromCatalog(catalog, { provider: "openai", model: "gpt-5" }, context);
 * resolved.limits.contextWindow; // 400000
 * ```
 */
export function resolveFromCatalog(
  catalog: Catalog,
  ref: { provider: string; model: string },
  context: ResolveContext,
): { resolved: ResolvedModel; explanation: Omit<ModelExplanation, "input" | "aliasOf" | "diagnostics"> } {
  const refText = `${ref.provider}/${ref.model}`;
  const provider = catalog.getProvider(ref.provider);
  const entry = catalog.getEntry(ref.provider, ref.model);
  const known = entry !== undefined;
  const layers: ModelLayer[] = entry ? entry.layers : [];
  const orphan = entry ? undefined : catalog.orphanOverride(ref.provider, ref.model);
  const layered = entry ? entry.resolve() : resolveLayers(orphan ? [orphan] : []);
  const metadata = layered.metadata;

  let api: FieldExplanation<ApiKind> = provider ? provider.api : unknownField();
  let baseUrl: FieldExplanation<string> = provider ? provider.baseUrl : unknownField();
  for (const layer of layers) {
    if (layer.api !== undefined) {
      api = { value: layer.api, source: layer.source, layer: layer.layer, overridden: api.source === null ? [] : [{ layer: layer.layer, source: api.source, value: api.value }] };
    }
    if (layer.baseUrl !== undefined) {
      baseUrl = {
        value: layer.baseUrl,
        source: layer.source,
        layer: layer.layer,
        overridden: baseUrl.source === null ? [] : [{ layer: layer.layer, source: baseUrl.source, value: baseUrl.value }],
      };
    }
  }
  const sourceMissing = layers.some((l) => l.sourceMissing === true);
  const reasoningOptions = [...layers].reverse().find((l) => l.reasoningOptions !== undefined)?.reasoningOptions ?? null;
  const credentials = provider ? context.credentials(provider.definition.id) : NO_CREDENTIALS;

  const problems: ModelProblem[] = [];
  const reasons: ModelProblem[] = [];
  if (!provider) {
    const problem = {
      code: "unknown_provider",
      message: `Provider "${ref.provider}" is not in the built-in catalog, a plugin manifest or models.json${known ? ", yet models are listed for it" : ""}.`,
      recovery: "Check the id against registry.listProviders(), install the plugin that defines it, or add it to models.json with a baseUrl and api.",
    };
    problems.push(problem);
    reasons.push(problem);
  } else if (!known) {
    const problem = {
      code: "unknown_model",
      message: `No source lists model "${ref.model}" for provider "${ref.provider}" (bundled snapshot, plugins, discovery, models.json); its metadata is unknown.`,
      recovery: `Check the id with registry.listModels({ provider: "${ref.provider}" }), refresh the catalog or run discovery, or add it to models.json with its limits.`,
    };
    problems.push(problem);
    // An explicit allowlist entry is trusted even when no source lists the model.
    const exact = context.allowlist.filter((e) => !e.trim().endsWith("/*"));
    if (!(exact.length > 0 && isAllowlisted(refText, exact))) reasons.push(problem);
  }
  if (provider?.definition.legacy) {
    const problem = {
      code: "legacy_provider",
      message: `Provider "${provider.definition.id}" (${provider.definition.name}) is a legacy/compatibility provider and is not offered as a first-run choice.`,
      recovery: `Saved choices keep resolving; for new setups pick a provider from registry.listProviders() that is not legacy.${provider.definition.docs ? ` ${provider.definition.docs}` : ""}`,
    };
    problems.push(problem);
    reasons.push(problem);
  }
  if (!isAllowlisted(refText, context.allowlist)) {
    const problem = {
      code: "not_allowlisted",
      message: `Model "${refText}" is not in the allowlist (${context.allowlist.length} entr${context.allowlist.length === 1 ? "y" : "ies"}).`,
      recovery: `Add it with registry.setAllowlist([...current, "${refText}"]), or clear the allowlist to allow every model.`,
    };
    problems.push(problem);
    reasons.push(problem);
  }
  if (provider && !credentials.available) {
    const problem = noCredentialsProblem(provider, context.envPrefix);
    problems.push(problem);
    reasons.push(problem);
  }
  if (sourceMissing) {
    const problem = {
      code: "source_missing",
      message: `Model "${refText}" is no longer listed by its source (last applied refresh); it is kept so saved choices still resolve.`,
      recovery: "Choose another model for new work; keep this one only while it still answers.",
    };
    problems.push(problem);
    reasons.push(problem);
  }
  const offered = reasons.length === 0;

  const provenance = {} as ResolvedModel["provenance"];
  for (const field of MODEL_METADATA_FIELDS) provenance[field] = layered.fields[field].source;
  provenance.api = api.source;
  provenance.baseUrl = baseUrl.source;

  const resolved: ResolvedModel = {
    ref: refText,
    provider: ref.provider,
    id: ref.model,
    name: metadata.name,
    api: api.value,
    baseUrl: baseUrl.value,
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
    limits: { contextWindow: metadata.contextWindow, maxOutputTokens: metadata.maxOutputTokens },
    cost: metadata.cost,
    reasoning: {
      supported: metadata.reasoning,
      levels: metadata.thinkingLevels,
      defaultLevel: metadata.defaultThinkingLevel,
      options: reasoningOptions,
    },
    metadata: known || orphan ? metadata : { ...UNKNOWN_MODEL_METADATA },
    provenance,
    known,
    offered,
    sourceMissing,
    problems,
  };
  return {
    resolved,
    explanation: {
      ref: refText,
      provider: {
        id: ref.provider,
        known: provider !== undefined,
        source: provider?.source ?? null,
        legacy: provider?.definition.legacy ?? false,
        api,
        baseUrl,
        credentials,
      },
      model: { id: ref.model, known },
      fields: layered.fields,
      layers: [...layers, ...(orphan ? [orphan] : [])].map((l) => ({
        layer: l.layer,
        source: l.source,
        fields: [
          ...Object.keys(l.patch).filter((k) => (l.patch as Record<string, unknown>)[k] !== null && (l.patch as Record<string, unknown>)[k] !== undefined),
          ...(l.api !== undefined ? ["api"] : []),
          ...(l.baseUrl !== undefined ? ["baseUrl"] : []),
        ],
      })),
      offered,
      reasons,
      problems,
    },
  };
}
