import type { ResolvedModel } from "../catalog/resolved-model.js";
import type { ReasoningOverrides } from "./reasoning-descriptor-schema.js";
import { describeReasoning } from "./reasoning-descriptor.js";

/**
 * A resolved model whose `reasoning` block is read from its reasoning descriptor — the same
 * {@link reasoningDescriptor} call, over the same metadata and `reasoningOverrides`, that `thinkingLevels()`,
 * `resolveTier()` and `planThinking()` use — so `resolveModel(ref).reasoning` and `thinkingLevels(ref)` cannot
 * disagree. `levels` stays `null` when no source says (where `thinkingLevels` offers only `off`); `supported` is the
 * catalog's flag when the levels are unknown, else whether any level above `off` is available.
 *
 * @example
 * ```ts
 * const model = withReasoningDescriptor(resolveFromCatalog(catalog, ref, context), overrides);
 * model.reasoning.levels; // ["off", "minimal", "low", "medium", "high"] for anthropic/claude-sonnet-4-5
 * ```
 */
export function withReasoningDescriptor(resolved: ResolvedModel, overrides: ReasoningOverrides = NO_OVERRIDES): ResolvedModel {
  // Derived on first read, then kept: listModels() returns the whole catalog (~1,500 models) and most hosts read the
  // block of a few, so deriving all of them up front would make every listing several times slower. The property is
  // an ordinary enumerable one to every reader (spread, JSON, inspect, structuredClone) and can be reassigned.
  let block: ReasoningBlock | undefined;
  // Accessors written in the literal keep the object in V8's fast mode (defineProperty on a copy would not).
  return {
    ...resolved,
    get reasoning(): ReasoningBlock {
      return (block ??= reasoningBlock(resolved, overrides));
    },
    set reasoning(value: ReasoningBlock) {
      block = value;
    },
  };
}

type ReasoningBlock = ResolvedModel["reasoning"];

const NO_OVERRIDES: ReasoningOverrides = {};

/**
 * listModels() derives thousands of descriptors per call; a resolved model's metadata object is frozen and shared
 * with the catalog's memo, so the block is cached per (overrides, metadata, ref, api) and rebuilt with the catalog.
 */
const cache = new WeakMap<ReasoningOverrides, WeakMap<object, Map<string, ReasoningBlock>>>();

function reasoningBlock(resolved: ResolvedModel, overrides: ReasoningOverrides): ReasoningBlock {
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
