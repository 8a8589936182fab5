import * as z from "zod";
import type { ThinkingLevel } from "./thinking-levels.js";

/**
 * One entry of models.dev's `reasoning_options` (a list per model): a `toggle` (thinking can be switched on/off), an
 * `effort` knob with its wire `values` (`none` = off, provider labels such as `default` kept verbatim), or a
 * `budget_tokens` knob with an optional range.
 *
 * @example
 * ```ts
 * ModelsDevReasoningOptionSchema.parse({ type: "effort", values: ["none", "low", "medium", "high"] });
 * ```
 */
export const ModelsDevReasoningOptionSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("toggle") }),
  z.looseObject({ type: z.literal("effort"), values: z.array(z.string()) }),
  z.looseObject({ type: z.literal("budget_tokens"), min: z.number().optional(), max: z.number().optional() }),
]);

/**
 * One models.dev reasoning option.
 *
 * @example
 * ```ts
 * const option: ModelsDevReasoningOption = { type: "toggle" };
 * ```
 */
export type ModelsDevReasoningOption = z.infer<typeof ModelsDevReasoningOptionSchema>;

/**
 * What reasoning derivation needs to know about a model: its provider id, wire model id and api kind, plus whatever
 * metadata the catalog resolved. Only `provider` and `id` are required; every other field may be `null`/absent
 * (unknown), and the derivation says so rather than guessing.
 *
 * @example
 * ```ts
 * const model: ReasoningModel = { provider: "openai", id: "gpt-5-mini", api: "openai-responses", reasoning: true };
 * ```
 */
export interface ReasoningModel {
  /** Provider id, e.g. `openai`, `ollama`. */
  readonly provider: string;
  /** Wire model id, verbatim (`anthropic/claude-sonnet-4.5` on OpenRouter keeps its slash). */
  readonly id: string;
  /** The api kind the provider is called with; `null`/absent when unknown. */
  readonly api?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly family?: string | null | undefined;
  /** The catalog's reasoning flag; `null` = unknown. */
  readonly reasoning?: boolean | null | undefined;
  /** Curated levels (ModelMetadata.thinkingLevels). */
  readonly thinkingLevels?: readonly ThinkingLevel[] | null | undefined;
  /** Curated default (ModelMetadata.defaultThinkingLevel). */
  readonly defaultThinkingLevel?: ThinkingLevel | null | undefined;
  /** Maximum output tokens, used to keep thinking budgets below it. */
  readonly maxOutputTokens?: number | null | undefined;
  /** models.dev `reasoning_options`, when the source carried them. */
  readonly reasoningOptions?: readonly ModelsDevReasoningOption[] | null | undefined;
  /**
   * `custom` when the provider is defined only by the user (models.json) or is an unknown endpoint: such endpoints
   * receive no thinking field unless the user opts in. `known` for a provider the registry knows (built-in or from a
   * plugin). `null`/absent: decided from the provider id — a built-in provider other than `custom` is `known`,
   * anything else `custom`.
   */
  readonly endpoint?: "known" | "custom" | null | undefined;
}

/**
 * The `provider/model` key used by `reasoningOverrides` and tiers.
 *
 * @example
 * ```ts
 * reasoningModelKey({ provider: "openrouter", id: "anthropic/claude-sonnet-4.5" }); // "openrouter/anthropic/claude-sonnet-4.5"
 * ```
 */
export function reasoningModelKey(model: Pick<ReasoningModel, "provider" | "id">): string {
  return `${model.provider}/${model.id}`;
}
