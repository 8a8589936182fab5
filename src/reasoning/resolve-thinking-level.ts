import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import { normalizeThinkingLevel, thinkingLevelRank, type ThinkingLevel } from "./thinking-levels.js";
import type { ReasoningDescriptor } from "./reasoning-descriptor-schema.js";
import { offeredLevels, reasoningDescriptor, type ReasoningDescriptorOptions } from "./reasoning-descriptor.js";
import { reasoningModelKey } from "./reasoning-model.js";
import { asReasoningModel, checkReasoningInput, type ReasoningInput } from "./to-reasoning-model.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const RESOLVE_THINKING_LEVEL_MODEL_ARG = lazySchema(() => z.union([z.looseObject({ provider: ARG.string, id: ARG.string }), z.looseObject({ kind: ARG.string, levels: z.array(z.string()).nullable() })]).describe("a model ({ provider, id }) or a reasoning descriptor"));
const RESOLVE_THINKING_LEVEL_REQUESTED_ARG = lazySchema(() => z.union([z.string(), z.boolean()]).describe("a thinking level"));

/**
 * Result of {@link resolveThinkingLevel}: what was asked, what will be used, and why they differ.
 *
 * @example
 * ```ts
 * const r: ThinkingResolution = { requested: "xhigh", effective: "high", clamped: true, reason: "…" };
 * ```
 */
export interface ThinkingResolution {
  readonly requested: ThinkingLevel;
  readonly effective: ThinkingLevel;
  readonly clamped: boolean;
  /** Why `effective` differs from `requested`; `null` when it does not. */
  readonly reason: string | null;
}

/**
 * Pick the level a model will actually use for a requested one. Policy (the same everywhere):
 * - a supported level is used as is;
 * - a thinking level (anything but `off`) goes to the nearest supported thinking level on the ladder, ties to the
 *   LOWER one; it never turns thinking off while the model can think, and never jumps to the model's default;
 * - `off` on a model that cannot switch thinking off goes to its lowest level, with a reason;
 * - on a model that cannot think (or whose support is unknown) every request resolves to `off`, with a reason.
 * `requested` may be an alias (`"x-high"`, `"on"`); an unknown string throws `invalid_thinking_level`.
 *
 * @example
 * ```ts
 * // Tell users when their level was clamped for this model.
 * const r = resolveThinkingLevel({ provider: "openai", id: "gpt-5" }, userLevel);
 * if (r.clamped) statusBar.warn(r.reason);
 * statusBar.show(`thinking: ${r.effective}`);
 * ```
 */
export function resolveThinkingLevel(
  input: ReasoningInput | (ReasoningDescriptor & { readonly label?: string }),
  requested: ThinkingLevel | string | boolean,
  options: ReasoningDescriptorOptions = {},
): ThinkingResolution {
  checkArgument("resolveThinkingLevel", "model", RESOLVE_THINKING_LEVEL_MODEL_ARG, input);
  if (!("kind" in input)) checkReasoningInput("resolveThinkingLevel", input);
  checkArgument("resolveThinkingLevel", "requested", RESOLVE_THINKING_LEVEL_REQUESTED_ARG, requested);
  checkArgument("resolveThinkingLevel", "options", ARG.optionalObject, options);
  const level = normalizeThinkingLevel(requested);
  const model = "kind" in input ? input : asReasoningModel(input);
  const descriptor = "kind" in model ? model : reasoningDescriptor(model, options);
  const label = "kind" in model ? (model.label ?? "This model") : reasoningModelKey(model);
  const offered = offeredLevels(descriptor);
  if (offered.includes(level)) return { requested: level, effective: level, clamped: false, reason: null };

  const thinking = offered.filter((l) => l !== "off").sort((a, b) => thinkingLevelRank(a) - thinkingLevelRank(b));
  if (level === "off") {
    const lowest = thinking[0] ?? "off";
    return {
      requested: level,
      effective: lowest,
      clamped: true,
      reason: `${label} cannot switch thinking off; its lowest level "${lowest}" is used (supported: ${offered.join(", ")}).`,
    };
  }
  if (thinking.length === 0) {
    const why = descriptor.levels === null ? "it is unknown whether it can think" : "it does not think";
    return {
      requested: level,
      effective: "off",
      clamped: true,
      reason: `${label} cannot use "${level}": ${why}, so thinking is off.`,
    };
  }
  const effective = nearestLevel(level, thinking);
  return {
    requested: level,
    effective,
    clamped: true,
    reason: `${label} does not support "${level}"; the nearest supported level "${effective}" is used (supported: ${offered.join(", ")}).`,
  };
}

/**
 * The supported level nearest to `level` on the ladder; on a tie, the lower one.
 *
 * @example
 * ```ts
 * nearestLevel("medium", ["low", "high"]); // "low"
 * ```
 */
export function nearestLevel(level: ThinkingLevel, supported: readonly ThinkingLevel[]): ThinkingLevel {
  const target = thinkingLevelRank(level);
  let best: ThinkingLevel | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of supported) {
    const distance = Math.abs(thinkingLevelRank(candidate) - target);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && thinkingLevelRank(candidate) < thinkingLevelRank(best))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return "off";
  return best;
}
