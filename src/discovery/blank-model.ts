import { UNKNOWN_MODEL_METADATA, type ModelMetadata } from "../schema/model-metadata.js";

/**
 * A discovered model with every metadata field present: what the endpoint stated, `null` for the rest. Adapters
 * return this full shape so "unknown" is visible as `null` rather than a missing key.
 *
 * @example
 * ```ts
 * const m: FullDiscoveredModel = { ...blankModel("gpt-5"), contextWindow: 400000 };
 * ```
 */
export type FullDiscoveredModel = { id: string } & ModelMetadata & { extra?: Record<string, unknown> };

/**
 * Start a discovered model: the id and every metadata field `null`.
 *
 * @example
 * ```ts
 * blankModel("qwen3:8b").tools; // null
 * ```
 */
export function blankModel(id: string): FullDiscoveredModel {
  return { id, ...UNKNOWN_MODEL_METADATA };
}

/**
 * Drop `undefined` and `null` entries so `extra` only holds what the endpoint said.
 *
 * @example
 * ```ts
 * compactExtra({ root: "/adapters/x", parent: null }); // { root: "/adapters/x" }
 * ```
 */
export function compactExtra(extra: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== null) out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Map modality names from listing endpoints to the registry's names (`file` → `pdf`), dropping duplicates.
 *
 * @example
 * ```ts
 * modalities(["text", "image", "file"]); // ["text", "image", "pdf"]
 * ```
 */
export function modalities(values: readonly string[] | null | undefined): string[] | null {
  if (!values) return null;
  const out: string[] = [];
  for (const v of values) {
    const name = v === "file" ? "pdf" : v.toLowerCase();
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Attach `extra` only when non-empty.
 *
 * @example
 * ```ts
 * withExtra(blankModel("x"), { ownedBy: "system" }).extra; // { ownedBy: "system" }
 * ```
 */
export function withExtra(model: FullDiscoveredModel, extra: Record<string, unknown>): FullDiscoveredModel {
  const compact = compactExtra(extra);
  return compact ? { ...model, extra: compact } : model;
}
