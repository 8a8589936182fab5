import { RegistryError } from "../errors/registry-error.js";
import { ON_LEVEL, THINKING_LEVEL_ALIASES, THINKING_LEVELS, type ThinkingLevel } from "../schema/thinking-levels.js";

// The ladder itself is plain data in schema/ (schema, catalog, discovery and plugins read it); what stays here checks
// and folds user input, which throws RegistryErrors and so cannot sit below errors/.
export { ON_LEVEL, THINKING_LEVEL_ALIASES, THINKING_LEVELS, isThinkingLevel, type ThinkingLevel } from "../schema/thinking-levels.js";

// Checked at the entry of thinkingLevelRank (built once, not per call).

/**
 * Position of a level on the ladder (`off` = 0 … `max` = 6).
 *
 * @example
 * ```ts
 * thinkingLevelRank("high") > thinkingLevelRank("low"); // true
 * ```
 */
export function thinkingLevelRank(level: ThinkingLevel): number {
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
