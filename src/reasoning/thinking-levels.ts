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
