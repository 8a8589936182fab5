/**
 * The canonical thinking ladder, weakest first. Every provider's reasoning knob maps onto these seven steps.
 *
 * @example
 * ```ts
 * THINKING_LEVELS.indexOf("high") > THINKING_LEVELS.indexOf("low"); // true
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
 * THINKING_LEVEL_ALIASES["mid"]; // "medium"
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
 * isThinkingLevel("xhigh"); // true
 * isThinkingLevel("x-high"); // false — use normalizeThinkingLevel
 * ```
 */
export function isThinkingLevel(value: unknown): value is ThinkingLevel {
  return typeof value === "string" && (THINKING_LEVELS as readonly string[]).includes(value);
}
