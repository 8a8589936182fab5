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
