import { ARG, checkArgument } from "../errors/check-argument.js";
/**
 * The values OpenClaw assumes for a custom model that omits them. The registry never writes these into the data
 * (unknown stays `null`); it reports them as *assumed* so a caller building a request can use them knowingly.
 *
 * @example
 * ```ts
 * const maxTokens = model.maxTokens ?? OPENCLAW_MODEL_DEFAULTS.maxTokens;
 * ```
 */
export const OPENCLAW_MODEL_DEFAULTS = Object.freeze({
  reasoning: false,
  input: Object.freeze(["text"]) as readonly string[],
  cost: Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }),
  contextWindow: 200_000,
  maxTokens: 8192,
});

/**
 * The assumed values of one model: only the fields it leaves out.
 *
 * @example
 * ```ts
 * const assumed: AssumedModelDefaults = { contextWindow: 200000, maxTokens: 8192 };
 * ```
 */
export interface AssumedModelDefaults {
  reasoning?: boolean;
  input?: readonly string[];
  cost?: Partial<Record<"input" | "output" | "cacheRead" | "cacheWrite", number>>;
  contextWindow?: number;
  maxTokens?: number;
}

/**
 * What OpenClaw would assume for the fields `model` leaves out (`maxTokens` is `min(8192, contextWindow)`).
 * Returns an empty object when the model states everything.
 *
 * @example
 * ```ts
 * // Show which values OpenClaw would assume for each custom model, so users can write them down.
 * for (const model of config.providers.ollama?.models ?? []) {
 *   const assumed = Object.keys(assumedDefaults(model));
 *   if (assumed.length > 0) console.log(`${model.id}: assumes ${assumed.join(", ")}`);
 * }
 * ```
 */
export function assumedDefaults(model: {
  reasoning?: unknown;
  input?: unknown;
  cost?: unknown;
  contextWindow?: unknown;
  maxTokens?: unknown;
}): AssumedModelDefaults {
  checkArgument("assumedDefaults", "model", ARG.object, model);
  const assumed: AssumedModelDefaults = {};
  if (model.reasoning === undefined) assumed.reasoning = OPENCLAW_MODEL_DEFAULTS.reasoning;
  if (model.input === undefined) assumed.input = OPENCLAW_MODEL_DEFAULTS.input;
  const cost = typeof model.cost === "object" && model.cost !== null ? (model.cost as Record<string, unknown>) : undefined;
  const missingCost: NonNullable<AssumedModelDefaults["cost"]> = {};
  for (const field of ["input", "output", "cacheRead", "cacheWrite"] as const) {
    if (cost?.[field] === undefined) missingCost[field] = OPENCLAW_MODEL_DEFAULTS.cost[field];
  }
  if (Object.keys(missingCost).length > 0) assumed.cost = missingCost;
  const contextWindow = typeof model.contextWindow === "number" ? model.contextWindow : undefined;
  if (contextWindow === undefined) assumed.contextWindow = OPENCLAW_MODEL_DEFAULTS.contextWindow;
  if (model.maxTokens === undefined) {
    assumed.maxTokens = Math.min(OPENCLAW_MODEL_DEFAULTS.maxTokens, contextWindow ?? OPENCLAW_MODEL_DEFAULTS.contextWindow);
  }
  return assumed;
}
