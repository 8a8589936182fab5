import type { ResolvedModel } from "../catalog/resolved-model.js";
import type { ReasoningOverrides } from "./reasoning-descriptor-schema.js";
import { reasoningDescriptor } from "./reasoning-descriptor.js";

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
export function withReasoningDescriptor(resolved: ResolvedModel, overrides: ReasoningOverrides = {}): ResolvedModel {
  const descriptor = reasoningDescriptor(resolved, { overrides });
  const levels = descriptor.levels;
  return {
    ...resolved,
    reasoning: {
      supported: levels === null ? resolved.metadata.reasoning : levels.some((level) => level !== "off"),
      levels: levels === null ? null : [...levels],
      defaultLevel: descriptor.default,
      options: resolved.reasoning.options,
    },
  };
}
