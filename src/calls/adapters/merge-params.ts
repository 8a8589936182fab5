/**
 * A plain JSON object (not an array, not null).
 *
 * @example
 * ```ts
 * if (isRecord(chunk.error)) throw inStreamError({ api, body: chunk });
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep-merge wire fields (the engine's `thinkingParams`) into a request body: objects merge, anything else replaces.
 * Nested objects are copied, so an adapter that adjusts the merged body (a budget below max tokens) never changes
 * the caller's params; `__proto__` keys are skipped.
 *
 * @example
 * ```ts
 * const body = { generationConfig: { maxOutputTokens: 1024 } };
 * mergeParams(body, { generationConfig: { thinkingConfig: { thinkingBudget: 512 } } });
 * ```
 */
export function mergeParams(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) {
    if (key === "__proto__") continue;
    const value = source[key];
    if (isRecord(value)) {
      const current = target[key];
      const into: Record<string, unknown> = isRecord(current) ? { ...current } : {};
      mergeParams(into, value);
      target[key] = into;
    } else {
      target[key] = value;
    }
  }
}
