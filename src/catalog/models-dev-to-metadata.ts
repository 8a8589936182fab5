import type { ThinkingLevel } from "../schema/thinking-levels.js";
import type { ModelMetadata } from "../schema/model-metadata.js";
import type { ModelsDevModel } from "./models-dev-schema.js";

const EFFORT_TO_LEVEL: Readonly<Record<string, ThinkingLevel>> = {
  none: "off",
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
  max: "max",
};
const LEVEL_ORDER: readonly ThinkingLevel[] = ["off", "minimal", "low", "medium", "high", "xhigh", "max"];

const positive = (n: number | undefined): number | null => (typeof n === "number" && n > 0 ? Math.round(n) : null);
const flag = (b: boolean | undefined): boolean | null => (typeof b === "boolean" ? b : null);
const text = (s: string | undefined): string | null => (typeof s === "string" && s !== "" ? s : null);
const price = (n: number | undefined): number | null => (typeof n === "number" && Number.isFinite(n) ? n : null);

/**
 * Map one models.dev model to the registry's {@link ModelMetadata}. What models.dev does not state stays `null`:
 * a `0` context or output limit (models.dev's "unknown"), an absent `structured_output`, an absent cost. Thinking
 * levels come only from an `effort` reasoning option (`none` → `off`; provider labels like `default` dropped);
 * `toggle`/`budget_tokens` options are returned raw in `reasoningOptions` for the thinking rules to interpret.
 *
 * @example
 * ```ts
 * const { metadata } = modelsDevModelToMetadata({ id: "gpt-5", limit: { context: 400000, output: 128000 } });
 * metadata.contextWindow; // 400000
 * metadata.json; // null — models.dev did not say
 * ```
 */
export function modelsDevModelToMetadata(model: ModelsDevModel): {
  metadata: ModelMetadata;
  reasoningOptions: Array<Record<string, unknown>> | null;
  status: string | null;
} {
  const options = Array.isArray(model.reasoning_options) ? model.reasoning_options : null;
  let thinkingLevels: ThinkingLevel[] | null = null;
  for (const option of options ?? []) {
    if (option.type !== "effort" || !Array.isArray(option["values"])) continue;
    const levels: Set<ThinkingLevel> = new Set(thinkingLevels ?? []);
    for (const value of option["values"] as unknown[]) {
      const level = typeof value === "string" ? EFFORT_TO_LEVEL[value] : undefined;
      if (level) levels.add(level);
    }
    thinkingLevels = LEVEL_ORDER.filter((l) => levels.has(l));
  }
  const cost = model.cost
    ? {
        input: price(model.cost.input),
        output: price(model.cost.output),
        cacheRead: price(model.cost.cache_read),
        cacheWrite: price(model.cost.cache_write),
      }
    : null;
  return {
    metadata: {
      name: text(model.name),
      family: text(model.family),
      contextWindow: positive(model.limit?.context),
      maxOutputTokens: positive(model.limit?.output),
      input: model.modalities?.input ? [...model.modalities.input] : null,
      output: model.modalities?.output ? [...model.modalities.output] : null,
      tools: flag(model.tool_call),
      json: flag(model.structured_output),
      reasoning: flag(model.reasoning),
      thinkingLevels: thinkingLevels && thinkingLevels.length > 0 ? thinkingLevels : null,
      defaultThinkingLevel: null,
      cost,
      knowledge: text(model.knowledge),
      releaseDate: text(model.release_date),
      openWeights: flag(model.open_weights),
      manualSetup: null,
      authHints: null,
      maxContextWindow: null,
    },
    reasoningOptions: options && options.length > 0 ? options.map((o) => ({ ...o })) : null,
    status: text(model.status),
  };
}
