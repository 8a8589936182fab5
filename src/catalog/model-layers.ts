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
  return fieldOrderMatches() ? resolveLayersLeanIndexed(layers) : resolveLayersLeanGeneric(layers);
}

type LeanMetadata = { metadata: ModelMetadata; provenance: { [K in keyof ModelMetadata]: Provenance | null } };

type Cost = NonNullable<ModelMetadata["cost"]>;

/** The order {@link resolveLayersLeanIndexed} writes fields in; it is used only while it matches {@link MODEL_METADATA_FIELDS}. */
const INDEXED_ORDER: ReadonlyArray<keyof ModelMetadata> = [
  "name", "family", "contextWindow", "maxOutputTokens", "input", "output", "tools", "json", "reasoning", "thinkingLevels",
  "defaultThinkingLevel", "cost", "knowledge", "releaseDate", "openWeights", "manualSetup", "authHints", "maxContextWindow",
];
const COST_INDEX = INDEXED_ORDER.indexOf("cost");
const NO_VALUES: readonly unknown[] = INDEXED_ORDER.map(() => null);
let orderMatches: boolean | undefined;
function fieldOrderMatches(): boolean {
  return (orderMatches ??=
    INDEXED_ORDER.length === MODEL_METADATA_FIELDS.length && INDEXED_ORDER.every((f, i) => MODEL_METADATA_FIELDS[i] === f));
}

function mergeCost(base: Cost | null, patch: Partial<Cost>): Cost {
  const merged: Record<string, number | null> = base ? { ...base } : { input: null, output: null, cacheRead: null, cacheWrite: null };
  for (const k in patch) {
    const price = (patch as Record<string, number | null | undefined>)[k];
    if (price !== null && price !== undefined) merged[k] = price;
  }
  return merged as Cost;
}

/**
 * {@link resolveLayersLean} over two flat arrays (value and source per field index), with both results built as
 * fixed-shape literals: the same result as the generic form (values, sources, key order, freezing), about 2.5 times
 * faster on a cold start, where it runs once per model of a full listing before the JIT warms up. Kept small on
 * purpose: a fully unrolled form was faster still in the interpreter, but its concurrent optimization took 20-45 ms,
 * and a short-lived process (the CLI, the cold-start bench) waits for that at exit.
 */
function resolveLayersLeanIndexed(layers: readonly ModelLayer[]): LeanMetadata {
  const v = NO_VALUES.slice();
  const s = NO_VALUES.slice() as Array<Provenance | null>;
  // Indexed, not for-of: this runs once per model of the first listing, in cold code where for-of allocates.
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    const patch = layer.patch as Record<string, unknown>;
    for (let i = 0; i < v.length; i++) {
      const value = patch[INDEXED_ORDER[i]!];
      if (value === null || value === undefined) continue;
      v[i] = i === COST_INDEX ? mergeCost(v[i] as Cost | null, value as Partial<Cost>) : value;
      s[i] = layer.source;
    }
  }
  // Frozen: the result is memoised per catalog and shared by every ResolvedModel handed out, and arrays may be
  // the process-wide snapshot's own (copied first); a caller mutating a result must not change what others see.
  for (let i = 0; i < v.length; i++) {
    const value = v[i];
    if (value !== null && typeof value === "object") v[i] = Object.freeze(Array.isArray(value) ? [...value] : value);
  }
  const metadata = {
    name: v[0], family: v[1], contextWindow: v[2], maxOutputTokens: v[3], input: v[4], output: v[5], tools: v[6],
    json: v[7], reasoning: v[8], thinkingLevels: v[9], defaultThinkingLevel: v[10], cost: v[11], knowledge: v[12],
    releaseDate: v[13], openWeights: v[14], manualSetup: v[15], authHints: v[16], maxContextWindow: v[17],
  } as ModelMetadata;
  const provenance = {
    name: s[0], family: s[1], contextWindow: s[2], maxOutputTokens: s[3], input: s[4], output: s[5], tools: s[6],
    json: s[7], reasoning: s[8], thinkingLevels: s[9], defaultThinkingLevel: s[10], cost: s[11], knowledge: s[12],
    releaseDate: s[13], openWeights: s[14], manualSetup: s[15], authHints: s[16], maxContextWindow: s[17],
  } as LeanMetadata["provenance"];
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
