import type { ModelMetadata } from "../schema/model-metadata.js";
import type { Usage } from "./stream-events.js";

/**
 * The USD cost of a call from the catalog's prices (USD per million tokens). `null` when the model has no prices, or
 * when a count that is not zero has no price: a partial sum would look like a real total.
 *
 * @example
 * ```ts
 * costOf({ input: 1000, output: 500, cacheRead: 0, cacheWrite: 0 }, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
 * // 0.0105
 * ```
 */
export function costOf(tokens: Omit<Usage, "cost">, prices: ModelMetadata["cost"]): number | null {
  if (prices === null) return null;
  let total = 0;
  for (const field of ["input", "output", "cacheRead", "cacheWrite"] as const) {
    const count = tokens[field];
    if (count === 0) continue;
    const price = prices[field];
    if (price === null) return null;
    total += (count * price) / 1_000_000;
  }
  // Rounded to a millionth of a cent so sums of many calls do not drift in the last digits.
  return Math.round(total * 1e8) / 1e8;
}
