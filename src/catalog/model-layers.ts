import type { ApiKind } from "../schema/api-kind.js";
import { MODEL_METADATA_FIELDS, type ModelMetadata } from "../schema/model-metadata.js";
import type { Provenance } from "../schema/provenance.js";

/**
 * The layers a model's metadata is assembled from, lowest first. Each maps to a {@link Provenance}:
 * `provider` (facts derived from the provider definition: manual setup, auth hints) and `curated` are `builtin`
 * (or `plugin`/`user` for providers defined there), `snapshot` is `models.dev`, `refresh` (the applied refresh in
 * catalog.json) carries each model's stated source, `plugin` is `plugin`,
 * `discovered` is `discovered`, and both `models.json` and `settings` (overrides) are `user`.
 *
 * @example
 * ```ts
 * const order: readonly LayerName[] = LAYER_ORDER;
 * ```
 */
export type LayerName =
  | "provider"
  | "curated"
  | "snapshot"
  | "refresh"
  | "plugin"
  | "discovered"
  | "models.json"
  | "settings";

/**
 * Layer names in precedence order, lowest first.
 *
 * @example
 * ```ts
 * LAYER_ORDER.indexOf("models.json") > LAYER_ORDER.indexOf("discovered"); // true
 * ```
 */
export const LAYER_ORDER: readonly LayerName[] = Object.freeze([
  "provider",
  "curated",
  "snapshot",
  "refresh",
  "plugin",
  "discovered",
  "models.json",
  "settings",
]);

/**
 * What one layer states about one model. `patch` holds only stated fields (`null`/absent = not stated, so a lower
 * layer's value survives); `cost` may be partial and is deep-merged.
 *
 * @example
 * ```ts
 * const layer: ModelLayer = { layer: "models.json", source: "user", patch: { contextWindow: 32000 } };
 * ```
 */
export interface ModelLayer {
  layer: LayerName;
  source: Provenance;
  patch: Partial<Omit<ModelMetadata, "cost">> & { cost?: Partial<NonNullable<ModelMetadata["cost"]>> | null };
  api?: ApiKind;
  baseUrl?: string;
  reasoningOptions?: Array<Record<string, unknown>> | null;
  sourceMissing?: boolean;
  /** The source says the model needs an SDK/protocol no api kind covers (see SnapshotModel.unsupportedSdk). */
  unsupportedSdk?: string;
}

/**
 * How one field was resolved: its effective value, the layer and source that set it (`null` when no layer states
 * it), and the values of lower layers it overrode (lowest first).
 *
 * @example
 * ```ts
 * const f: FieldExplanation<number> = { value: 32000, source: "user", layer: "models.json",
 *   overridden: [{ layer: "snapshot", source: "models.dev", value: 128000 }] };
 * ```
 */
export interface FieldExplanation<T = unknown> {
  value: T | null;
  source: Provenance | null;
  layer: LayerName | null;
  overridden: Array<{ layer: LayerName; source: Provenance; value: unknown }>;
}

/**
 * The result of layering: effective metadata plus a per-field explanation.
 *
 * @example
 * ```ts
 * const { metadata, fields } = resolveLayers(layers);
 * fields.contextWindow.source; // "user"
 * ```
 */
export interface LayeredMetadata {
  metadata: ModelMetadata;
  fields: { [K in keyof ModelMetadata]: FieldExplanation<ModelMetadata[K]> };
}

const stated = (v: unknown): boolean => v !== null && v !== undefined;

/**
 * Resolve layers (lowest first) into effective metadata: for every field the highest layer stating a value wins;
 * `cost` is merged per price. Unknown stays `null`.
 *
 * @example
 * ```ts
 * resolveLayers([
 *   { layer: "snapshot", source: "models.dev", patch: { contextWindow: 128000, tools: true } },
 *   { layer: "models.json", source: "user", patch: { contextWindow: 32000 } },
 * ]).metadata.contextWindow; // 32000
 * ```
 */
export function resolveLayers(layers: readonly ModelLayer[]): LayeredMetadata {
  const metadata = {} as Record<keyof ModelMetadata, unknown>;
  const fields = {} as Record<keyof ModelMetadata, FieldExplanation>;
  for (const field of MODEL_METADATA_FIELDS) {
    const explanation: FieldExplanation = { value: null, source: null, layer: null, overridden: [] };
    for (const layer of layers) {
      const value = layer.patch[field];
      if (!stated(value)) continue;
      if (field === "cost") {
        const base = (explanation.value as Record<string, number | null> | null) ?? {
          input: null,
          output: null,
          cacheRead: null,
          cacheWrite: null,
        };
        const merged = { ...base };
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (stated(v)) merged[k] = v as number;
        if (explanation.source !== null) {
          explanation.overridden.push({ layer: explanation.layer!, source: explanation.source, value: explanation.value });
        }
        explanation.value = merged;
      } else {
        if (explanation.source !== null) {
          explanation.overridden.push({ layer: explanation.layer!, source: explanation.source, value: explanation.value });
        }
        explanation.value = Array.isArray(value) ? [...value] : value;
      }
      explanation.source = layer.source;
      explanation.layer = layer.layer;
    }
    metadata[field] = explanation.value;
    fields[field] = explanation;
  }
  return { metadata: metadata as ModelMetadata, fields: fields as LayeredMetadata["fields"] };
}

/**
 * The effective metadata and the source of each field, without the per-field history: what listing needs, at a
 * fraction of {@link resolveLayers}' allocations (it runs once per model when the whole catalog is listed).
 *
 * @example
 * ```ts
 * const { metadata, provenance } = resolveLayersLean(layers);
 * provenance.contextWindow; // "models.dev"
 * ```
 */
export function resolveLayersLean(layers: readonly ModelLayer[]): LeanMetadata {
  return fieldOrderMatches() ? resolveLayersLeanUnrolled(layers) : resolveLayersLeanGeneric(layers);
}

type LeanMetadata = { metadata: ModelMetadata; provenance: { [K in keyof ModelMetadata]: Provenance | null } };

type Cost = NonNullable<ModelMetadata["cost"]>;

/** Freeze a resolved value the way the generic path does: arrays are copied first (they may be the snapshot's own). */
function frozen<T>(value: T): T {
  return value !== null && typeof value === "object" ? (Object.freeze(Array.isArray(value) ? [...value] : value) as T) : value;
}

/** The unrolled path below writes fields in this order; it is used only while it matches {@link MODEL_METADATA_FIELDS}. */
const UNROLLED_ORDER: ReadonlyArray<keyof ModelMetadata> = [
  "name", "family", "contextWindow", "maxOutputTokens", "input", "output", "tools", "json", "reasoning", "thinkingLevels",
  "defaultThinkingLevel", "cost", "knowledge", "releaseDate", "openWeights", "manualSetup", "authHints",
];
let orderMatches: boolean | undefined;
function fieldOrderMatches(): boolean {
  return (orderMatches ??=
    UNROLLED_ORDER.length === MODEL_METADATA_FIELDS.length && UNROLLED_ORDER.every((f, i) => MODEL_METADATA_FIELDS[i] === f));
}

/**
 * {@link resolveLayersLean} with the field loop unrolled: the same result (values, sources, key order, freezing),
 * about four times faster on a cold start, where this runs once per model of a full listing before the JIT warms up.
 */
function resolveLayersLeanUnrolled(layers: readonly ModelLayer[]): LeanMetadata {
  let name = null, family = null, contextWindow = null, maxOutputTokens = null, input = null, output = null;
  let tools = null, json = null, reasoning = null, thinkingLevels = null, defaultThinkingLevel = null;
  let cost: Cost | null = null, knowledge = null, releaseDate = null, openWeights = null, manualSetup = null, authHints = null;
  let sName = null, sFamily = null, sContextWindow = null, sMaxOutputTokens = null, sInput = null, sOutput = null;
  let sTools = null, sJson = null, sReasoning = null, sThinkingLevels = null, sDefaultThinkingLevel = null;
  let sCost = null, sKnowledge = null, sReleaseDate = null, sOpenWeights = null, sManualSetup = null, sAuthHints = null;
  for (const layer of layers) {
    const p = layer.patch;
    const s = layer.source;
    if (p.name !== null && p.name !== undefined) {
      name = p.name;
      sName = s;
    }
    if (p.family !== null && p.family !== undefined) {
      family = p.family;
      sFamily = s;
    }
    if (p.contextWindow !== null && p.contextWindow !== undefined) {
      contextWindow = p.contextWindow;
      sContextWindow = s;
    }
    if (p.maxOutputTokens !== null && p.maxOutputTokens !== undefined) {
      maxOutputTokens = p.maxOutputTokens;
      sMaxOutputTokens = s;
    }
    if (p.input !== null && p.input !== undefined) {
      input = p.input;
      sInput = s;
    }
    if (p.output !== null && p.output !== undefined) {
      output = p.output;
      sOutput = s;
    }
    if (p.tools !== null && p.tools !== undefined) {
      tools = p.tools;
      sTools = s;
    }
    if (p.json !== null && p.json !== undefined) {
      json = p.json;
      sJson = s;
    }
    if (p.reasoning !== null && p.reasoning !== undefined) {
      reasoning = p.reasoning;
      sReasoning = s;
    }
    if (p.thinkingLevels !== null && p.thinkingLevels !== undefined) {
      thinkingLevels = p.thinkingLevels;
      sThinkingLevels = s;
    }
    if (p.defaultThinkingLevel !== null && p.defaultThinkingLevel !== undefined) {
      defaultThinkingLevel = p.defaultThinkingLevel;
      sDefaultThinkingLevel = s;
    }
    if (p.cost !== null && p.cost !== undefined) {
      const merged: Record<string, number | null> = cost ? { ...cost } : { input: null, output: null, cacheRead: null, cacheWrite: null };
      for (const k in p.cost) {
        const price = (p.cost as Record<string, number | null | undefined>)[k];
        if (price !== null && price !== undefined) merged[k] = price;
      }
      cost = merged as Cost;
      sCost = s;
    }
    if (p.knowledge !== null && p.knowledge !== undefined) {
      knowledge = p.knowledge;
      sKnowledge = s;
    }
    if (p.releaseDate !== null && p.releaseDate !== undefined) {
      releaseDate = p.releaseDate;
      sReleaseDate = s;
    }
    if (p.openWeights !== null && p.openWeights !== undefined) {
      openWeights = p.openWeights;
      sOpenWeights = s;
    }
    if (p.manualSetup !== null && p.manualSetup !== undefined) {
      manualSetup = p.manualSetup;
      sManualSetup = s;
    }
    if (p.authHints !== null && p.authHints !== undefined) {
      authHints = p.authHints;
      sAuthHints = s;
    }
  }
  // Every field goes through frozen(), as in the generic path, so an object a layer states anywhere is frozen too.
  const metadata: ModelMetadata = {
    name: frozen(name), family: frozen(family), contextWindow: frozen(contextWindow), maxOutputTokens: frozen(maxOutputTokens),
    input: frozen(input), output: frozen(output), tools: frozen(tools), json: frozen(json), reasoning: frozen(reasoning),
    thinkingLevels: frozen(thinkingLevels), defaultThinkingLevel: frozen(defaultThinkingLevel), cost: frozen(cost),
    knowledge: frozen(knowledge), releaseDate: frozen(releaseDate), openWeights: frozen(openWeights),
    manualSetup: frozen(manualSetup), authHints: frozen(authHints),
  };
  const provenance: LeanMetadata["provenance"] = {
    name: sName, family: sFamily, contextWindow: sContextWindow, maxOutputTokens: sMaxOutputTokens, input: sInput,
    output: sOutput, tools: sTools, json: sJson, reasoning: sReasoning, thinkingLevels: sThinkingLevels,
    defaultThinkingLevel: sDefaultThinkingLevel, cost: sCost, knowledge: sKnowledge, releaseDate: sReleaseDate,
    openWeights: sOpenWeights, manualSetup: sManualSetup, authHints: sAuthHints,
  };
  return { metadata: Object.freeze(metadata), provenance: Object.freeze(provenance) };
}

/** The field-generic form of {@link resolveLayersLean} (used if the metadata fields ever change order or number). */
function resolveLayersLeanGeneric(layers: readonly ModelLayer[]): LeanMetadata {
  const metadata = {} as Record<keyof ModelMetadata, unknown>;
  const provenance = {} as Record<keyof ModelMetadata, Provenance | null>;
  for (const field of MODEL_METADATA_FIELDS) {
    let value: unknown = null;
    let source: Provenance | null = null;
    for (const layer of layers) {
      const v = layer.patch[field];
      if (v === null || v === undefined) continue;
      if (field === "cost") {
        const base = (value as Record<string, number | null> | null) ?? { input: null, output: null, cacheRead: null, cacheWrite: null };
        const merged = { ...base };
        for (const k in v as Record<string, unknown>) {
          const price = (v as Record<string, number | null | undefined>)[k];
          if (price !== null && price !== undefined) merged[k] = price;
        }
        value = merged;
      } else value = v;
      source = layer.source;
    }
    // Frozen: the result is memoised per catalog and shared by every ResolvedModel handed out, and arrays may be
    // the process-wide snapshot's own; a caller mutating a result must not change what others see.
    metadata[field] = value !== null && typeof value === "object" ? Object.freeze(Array.isArray(value) ? [...value] : value) : value;
    provenance[field] = source;
  }
  return {
    metadata: Object.freeze(metadata) as ModelMetadata,
    provenance: Object.freeze(provenance) as { [K in keyof ModelMetadata]: Provenance | null },
  };
}
