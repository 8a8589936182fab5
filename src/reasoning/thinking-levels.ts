import { z } from "zod";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { RegistryError } from "../errors/registry-error.js";


/**
 * The canonical thinking ladder, weakest first. Every provider's reasoning knob maps onto these seven steps.
 *
 * @example
 * ```ts
 * // A thinking slider: one stop per level, enabled where the model offers it.
 * const { levels } = reasoningDescriptor({ provider: "anthropic", id: "claude-opus-4-6" });
 * slider.setStops(THINKING_LEVELS.map((level) => ({ level, enabled: levels.includes(level) })));
 * ```
 */
export const THINKING_LEVELS = ["off", "minimal", "low", "medium", "high", "xhigh", "max"] as const;

/**
 * One step of {@link THINKING_LEVELS}.
 *
 * @example
 * ```ts
 * const level: ThinkingLevel = "medium";
 * ```
 */
export type ThinkingLevel = (typeof THINKING_LEVELS)[number];

/**
 * What each accepted spelling of a thinking level means, after collapsing case, spaces, `_` and `-`
 * (`"Extra High"`, `"extra-high"` and `"x_high"` all collapse to one key).
 *
 * `on`/`enabled`/`true` mean "thinking on at the model's own depth", which the ladder spells `medium`: a toggle
 * model (on/off only) exposes its "on" state as `medium`, and an effort model asked for "on" gets its middle level.
 *
 * @example
 * ```ts
 * // Autocomplete for a --thinking flag: the levels plus the aliases users type.
 * const suggestions = [...THINKING_LEVELS, ...Object.keys(THINKING_LEVEL_ALIASES)];
 * ```
 */
export const THINKING_LEVEL_ALIASES: Readonly<Record<string, ThinkingLevel>> = Object.freeze({
  off: "off",
  none: "off",
  disabled: "off",
  disable: "off",
  false: "off",
  no: "off",
  on: "medium",
  enabled: "medium",
  enable: "medium",
  true: "medium",
  yes: "medium",
  minimal: "minimal",
  min: "minimal",
  low: "low",
  medium: "medium",
  mid: "medium",
  med: "medium",
  high: "high",
  xhigh: "xhigh",
  extrahigh: "xhigh",
  max: "max",
  maximum: "max",
});

/**
 * The ladder position of "thinking on at the model's own depth": a toggle model's "on" state, a fixed always-on
 * reasoner's only level, and what the `on` alias means.
 *
 * @example
 * ```ts
 * reasoningDescriptor({ provider: "zai", id: "glm-4.6" }).levels; // ["off", ON_LEVEL]
 * ```
 */
export const ON_LEVEL: ThinkingLevel = "medium";

/**
 * True when `value` is exactly one of {@link THINKING_LEVELS} (no alias folding).
 *
 * @example
 * ```ts
 * // Narrow a stored value before using it as a level.
 * const level = isThinkingLevel(saved) ? saved : "medium";
 * const { effective } = resolveThinkingLevel(model, level);
 * ```
 */
export function isThinkingLevel(value: unknown): value is ThinkingLevel {
  return typeof value === "string" && (THINKING_LEVELS as readonly string[]).includes(value);
}

// Checked at the entry of thinkingLevelRank (built once, not per call).
const THINKING_LEVEL_RANK_LEVEL_ARG = z.enum(THINKING_LEVELS);

/**
 * Position of a level on the ladder (`off` = 0 … `max` = 6).
 *
 * @example
 * ```ts
 * thinkingLevelRank("high") > thinkingLevelRank("low"); // true
 * ```
 */
export function thinkingLevelRank(level: ThinkingLevel): number {
  checkArgument("thinkingLevelRank", "level", THINKING_LEVEL_RANK_LEVEL_ARG, level);
  return THINKING_LEVELS.indexOf(level);
}

/**
 * Turn what a user typed (or a config value) into a canonical {@link ThinkingLevel}. Case, surrounding space and the
 * separators ` `, `_`, `-` are ignored; aliases: `none`/`disabled`/`false` → off, `on`/`enabled`/`true` → medium,
 * `min` → minimal, `mid`/`med` → medium, `x-high`/`extra high` → xhigh, `maximum` → max. Booleans are accepted
 * (`false` → off, `true` → medium). Anything else throws a {@link RegistryError} (`invalid_thinking_level`) that lists
 * the valid levels.
 *
 * @example
 * ```ts
 * // Read a level the user typed ("Extra High", "mid"); a typo is a RegistryError listing the valid levels.
 * try {
 *   await registry.setTier("HIGH", { model: "openai/gpt-5", thinking: normalizeThinkingLevel(input) });
 * } catch (error) {
 *   if (isRegistryError(error)) console.log(error.recovery);
 * }
 * ```
 */
export function normalizeThinkingLevel(input: unknown): ThinkingLevel {
  if (typeof input === "boolean") return input ? ON_LEVEL : "off";
  if (typeof input === "string") {
    const key = input.trim().toLowerCase().replace(/[\s_-]+/g, "");
    const level = THINKING_LEVEL_ALIASES[key];
    if (level !== undefined) return level;
  }
  const found = typeof input === "string" ? JSON.stringify(input) : input === null ? "null" : typeof input;
  throw new RegistryError({
    code: "invalid_thinking_level",
    message: `Expected a thinking level (${THINKING_LEVELS.join(", ")}), found ${found}.`,
    recovery: `Use one of ${THINKING_LEVELS.join(", ")} (aliases: on, none, min, mid, x-high, maximum).`,
  });
}
