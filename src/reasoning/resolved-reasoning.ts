import type { ResolvedModel } from "../catalog/resolved-model.js";
import type { ReasoningOverrides } from "./reasoning-descriptor-schema.js";
import { describeReasoning } from "./reasoning-descriptor.js";

type ReasoningBlock = ResolvedModel["reasoning"];

const NO_OVERRIDES: ReasoningOverrides = {};

/**
 * listModels() derives thousands of descriptors per call; a resolved model's metadata object is frozen and shared
 * with the catalog's memo, so the block is cached per (overrides, metadata, ref, api) and rebuilt with the catalog.
 */
const cache = new WeakMap<ReasoningOverrides, WeakMap<object, Map<string, ReasoningBlock>>>();

/**
 * The `reasoning` block of a resolved model (whose `reasoning` still holds what the sources said), read from its
 * reasoning descriptor: the same {@link describeReasoning} call, over the same metadata and `reasoningOverrides`,
 * that `thinkingLevels()`, `resolveTier()` and `planThinking()` use, so `resolveModel(ref).reasoning` and
 * `thinkingLevels(ref)` cannot disagree. `levels` stays `null` when no source says; `supported` is the catalog's flag
 * when the levels are unknown, else whether any level above `off` is available. The catalog service runs it on the
 * first read of a model's block.
 *
 * @example
 * ```ts
 * const model = resolveCatalogModel(catalog, ref, context, (raw) => reasoningBlock(raw, overrides));
 * ```
 */
export function reasoningBlock(resolved: ResolvedModel, overrides: ReasoningOverrides = NO_OVERRIDES): ReasoningBlock {
  let byMetadata = cache.get(overrides);
  if (!byMetadata) cache.set(overrides, (byMetadata = new WeakMap()));
  let byRef = byMetadata.get(resolved.metadata);
  if (!byRef) byMetadata.set(resolved.metadata, (byRef = new Map()));
  const key = `${resolved.ref}\u0000${resolved.api ?? ""}`;
  const hit = byRef.get(key);
  if (hit && hit.options === resolved.reasoning.options) return copy(hit);
  const descriptor = describeReasoning(resolved, { overrides });
  const levels = descriptor.levels;
  const block: ReasoningBlock = {
    supported: levels === null ? resolved.metadata.reasoning : levels.some((level) => level !== "off"),
    levels: levels === null ? null : [...levels],
    defaultLevel: descriptor.default,
    options: resolved.reasoning.options,
  };
  byRef.set(key, block);
  return copy(block);
}

/** Callers may change what they get; the cached block stays as derived. */
function copy(block: ReasoningBlock): ReasoningBlock {
  return { ...block, levels: block.levels === null ? null : [...block.levels] };
}
