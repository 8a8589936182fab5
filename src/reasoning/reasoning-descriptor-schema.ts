import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { ThinkingLevelSchema } from "../schema/model-metadata.js";

/**
 * How a model's thinking is controlled:
 * - `none` — the model does not reason (only `off`);
 * - `toggle` — thinking is switched on or off, with no depth knob (`off`, and `medium` for "on");
 * - `always_on` — the model always reasons at its own fixed depth and takes no knob;
 * - `effort` — a discrete effort knob (OpenAI `reasoning_effort`, Anthropic adaptive effort, Gemini 3 `thinkingLevel`);
 * - `budget` — a thinking-token budget (Anthropic extended thinking, Gemini 2.5 `thinkingBudget`).
 * Whether `off` is possible is {@link ReasoningDescriptor.canDisable}, independent of the kind.
 *
 * @example
 * ```ts
 * ReasoningKindSchema.parse("budget");
 * ```
 */
export const ReasoningKindSchema = z.enum(["none", "toggle", "always_on", "effort", "budget"]);

/**
 * One `ReasoningKindSchema` value.
 *
 * @example
 * ```ts
 * const kind: ReasoningKind = "toggle";
 * ```
 */
export type ReasoningKind = z.infer<typeof ReasoningKindSchema>;

/**
 * The wire dialect a model's thinking knob speaks; {@link thinkingParams} turns a level into the fields of this dialect
 * for the api kind being called. `null` in a descriptor means "the native dialect of the api kind, if it has one".
 *
 * @example
 * ```ts
 * WireDialectSchema.parse("anthropic-adaptive");
 * ```
 */
export const WireDialectSchema = z.enum([
  /** `reasoning_effort` (chat completions, Mistral) or `reasoning.effort` (Responses). */
  "openai-effort",
  /** Anthropic extended thinking: `thinking: { type: "enabled", budget_tokens }`. */
  "anthropic-budget",
  /** Anthropic adaptive thinking: `thinking: { type: "adaptive" }` + `output_config.effort`. */
  "anthropic-adaptive",
  /** Gemini 2.5: `generationConfig.thinkingConfig.thinkingBudget`. */
  "gemini-budget",
  /** Gemini 3: `generationConfig.thinkingConfig.thinkingLevel`. */
  "gemini-level",
  /** Z.ai GLM (and Moonshot-style) `thinking: { type: "enabled" | "disabled" }`. */
  "zai-thinking",
  /** Qwen on DashScope: `enable_thinking` (+ `thinking_budget`). */
  "qwen-enable-thinking",
  /** DeepSeek V4: `thinking: { type }` + `reasoning_effort` for the depth. */
  "deepseek-thinking",
  /** Ollama native `think: true | false`. */
  "ollama-think",
  /** Ollama native `think: "low" | "medium" | "high"` (gpt-oss). */
  "ollama-think-effort",
  /** The model takes no thinking field at all (fixed always-on reasoners): nothing is ever sent. */
  "none",
]);

/**
 * One `WireDialectSchema` value.
 *
 * @example
 * ```ts
 * const dialect: WireDialect = "openai-effort";
 * ```
 */
export type WireDialect = z.infer<typeof WireDialectSchema>;

/**
 * Where a descriptor came from, strongest first: a user `override` (settings `reasoningOverrides`), curated `metadata`
 * (explicit `thinkingLevels` on the model), a `provider-rule` (the data table in `provider-reasoning-rules.ts`),
 * `models.dev` reasoning options carried by the model, a `model-id` / display-name heuristic, the catalog's
 * `reasoning-flag`, or `unknown`.
 *
 * @example
 * ```ts
 * ReasoningSourceSchema().parse("provider-rule");
 * ```
 */
export const ReasoningSourceSchema = lazySchema(() =>
  z.enum([
    "override",
    "metadata",
    "provider-rule",
    "models.dev",
    "model-id",
    "reasoning-flag",
    "unknown",
  ]),
);

/**
 * One `ReasoningSourceSchema` value.
 *
 * @example
 * ```ts
 * const source: ReasoningSource = "metadata";
 * ```
 */
export type ReasoningSource = z.infer<ReturnType<typeof ReasoningSourceSchema>>;

/**
 * Thinking-token budgets per level (budget models), e.g. `{ minimal: 1024, low: 2048, medium: 8192, high: 16384 }`.
 *
 * @example
 * ```ts
 * ThinkingBudgetsSchema.parse({ low: 2048, high: 16384 });
 * ```
 */
export const ThinkingBudgetsSchema = z.partialRecord(ThinkingLevelSchema, z.number().int().nonnegative());

/**
 * A problem with a descriptor, shown to users: `{ code, message, recovery }`.
 *
 * @example
 * ```ts
 * ReasoningProblemSchema().parse({ code: "reasoning_unknown", message: "…", recovery: "…" });
 * ```
 */
export const ReasoningProblemSchema = lazySchema(() => z.object({ code: z.string(), message: z.string(), recovery: z.string() }));

/**
 * A problem `{ code, message, recovery }`.
 *
 * @example
 * ```ts
 * const p: ReasoningProblem = { code: "reasoning_unknown", message: "…", recovery: "…" };
 * ```
 */
export type ReasoningProblem = z.infer<ReturnType<typeof ReasoningProblemSchema>>;

/**
 * The single answer to "what thinking does this model support": every picker, validator and wire mapping reads it.
 *
 * @example
 * ```ts
 * const d = ReasoningDescriptorSchema().parse({ kind: "toggle", levels: ["off", "medium"], default: "medium",
 *   canDisable: true, source: "provider-rule", rule: "zai-glm-toggle", wire: "zai-thinking",
 *   wireValues: null, budgets: null, budgetRange: null, problems: [] });
 * ```
 */
export const ReasoningDescriptorSchema = lazySchema(() =>
  z.object({
    kind: ReasoningKindSchema,
    /** Supported levels in ladder order; `null` when unknown (then only `off` is offered). */
    levels: z.array(ThinkingLevelSchema).nullable(),
    /** The level the provider applies when no thinking field is sent; `null` when unknown or dynamic. */
    default: ThinkingLevelSchema.nullable(),
    /** Whether thinking can be switched off; `null` when unknown. */
    canDisable: z.boolean().nullable(),
    source: ReasoningSourceSchema(),
    /** The rule, option or heuristic that produced the descriptor (for explain()). */
    rule: z.string().nullable(),
    wire: WireDialectSchema.nullable(),
    /** Wire value per level when it differs from the level name (e.g. `{ off: "none", medium: "default" }`). */
    wireValues: z.partialRecord(ThinkingLevelSchema, z.string()).nullable(),
    budgets: ThinkingBudgetsSchema.nullable(),
    /** Accepted thinking-budget range in tokens, when a source states it. */
    budgetRange: z.object({ min: z.number().int().nullable(), max: z.number().int().nullable() }).nullable(),
    problems: z.array(ReasoningProblemSchema()),
  }),
);

/**
 * Output of {@link reasoningDescriptor}.
 *
 * @example
 * ```ts
 * const d: ReasoningDescriptor = reasoningDescriptor({ provider: "openai", id: "gpt-5" });
 * d.levels; // ["minimal", "low", "medium", "high"]
 * ```
 */
export type ReasoningDescriptor = z.infer<ReturnType<typeof ReasoningDescriptorSchema>>;

/**
 * A user's correction of one model's descriptor (settings.json section `reasoningOverrides`, keyed by
 * `provider/model`). Every field is optional; given fields replace the derived ones. Setting `wire` is also how a
 * user opts a custom endpoint in to receiving thinking fields.
 *
 * @example
 * ```ts
 * ReasoningOverrideSchema.parse({ kind: "effort", levels: ["low", "medium", "high", "xhigh", "max"], wire: "openai-effort" });
 * ```
 */
export const ReasoningOverrideSchema = z.object({
  kind: ReasoningKindSchema.optional(),
  levels: z.array(ThinkingLevelSchema).min(1).optional(),
  default: ThinkingLevelSchema.nullable().optional(),
  canDisable: z.boolean().optional(),
  wire: WireDialectSchema.nullable().optional(),
  wireValues: z.partialRecord(ThinkingLevelSchema, z.string()).optional(),
  budgets: ThinkingBudgetsSchema.optional(),
});

/**
 * One entry of `reasoningOverrides`.
 *
 * @example
 * ```ts
 * const o: ReasoningOverride = { levels: ["off", "high", "max"] };
 * ```
 */
export type ReasoningOverride = z.infer<typeof ReasoningOverrideSchema>;

/**
 * The settings.json section `reasoningOverrides`: `{ "provider/model": ReasoningOverride }`.
 *
 * @example
 * ```ts
 * ReasoningOverridesSchema.parse({ "ollama/deepseek-v4": { levels: ["off", "high", "xhigh", "max"] } });
 * ```
 */
export const ReasoningOverridesSchema = z.record(z.string(), ReasoningOverrideSchema);

/**
 * The `reasoningOverrides` section.
 *
 * @example
 * ```ts
 * const overrides: ReasoningOverrides = {};
 * ```
 */
export type ReasoningOverrides = z.infer<typeof ReasoningOverridesSchema>;
