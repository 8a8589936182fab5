import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import type { ThinkingLevel } from "./thinking-levels.js";
import type { ReasoningDescriptor, ReasoningProblem, WireDialect } from "./reasoning-descriptor-schema.js";
import { reasoningDescriptor, type ReasoningDescriptorOptions } from "./reasoning-descriptor.js";
import { reasoningModelKey, type ReasoningModel } from "./reasoning-model.js";
import { asReasoningModel, checkReasoningInput, type ReasoningInput } from "./to-reasoning-model.js";
import { resolveThinkingLevel, type ThinkingResolution } from "./resolve-thinking-level.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const PLAN_THINKING_LEVEL_ARG = lazySchema(() => z.union([z.string(), z.boolean()]).describe("a thinking level"));
const THINKING_PARAMS_LEVEL_ARG = lazySchema(() => z.union([z.string(), z.boolean()]).describe("a thinking level"));
const THINKING_PARAMS_API_ARG = lazySchema(() => z.string().nullish());

/**
 * Options of {@link planThinking} / {@link thinkingParams}.
 *
 * @example
 * ```ts
 * const options: ThinkingParamsOptions = { allowUnverified: true };
 * ```
 */
export interface ThinkingParamsOptions extends ReasoningDescriptorOptions {
  /**
   * Send thinking fields even when the descriptor is only a heuristic (model id, reasoning flag) or the endpoint is a
   * custom one. Off by default: unknown endpoints receive nothing unless the user opts in (here, or with a
   * `reasoningOverrides` entry).
   */
  readonly allowUnverified?: boolean | undefined;
}

/**
 * What {@link planThinking} decided: the level resolution, the fields to merge into the request body, the dialect
 * used, and warnings for anything clamped or not sent.
 *
 * @example
 * ```ts
 * const plan: ThinkingPlan = planThinking({ provider: "openai", id: "gpt-5" }, "high", { api: "openai-responses" });
 * plan.params; // { reasoning: { effort: "high" } }
 * ```
 */
export interface ThinkingPlan {
  readonly descriptor: ReasoningDescriptor;
  readonly resolution: ThinkingResolution;
  /** Fields to deep-merge into the request body; `{}` when nothing may be sent. */
  readonly params: Record<string, unknown>;
  readonly dialect: WireDialect | null;
  readonly warnings: ReasoningProblem[];
}

const DIALECT_APIS: Readonly<Record<WireDialect, readonly string[]>> = {
  "openai-effort": ["openai-completions", "openai-responses", "openai-codex-responses", "azure-openai-responses", "mistral-conversations"],
  "anthropic-budget": ["anthropic-messages", "bedrock-converse-stream"],
  "anthropic-adaptive": ["anthropic-messages", "bedrock-converse-stream"],
  "gemini-budget": ["google-generative-ai", "google-vertex", "google-gemini-cli"],
  "gemini-level": ["google-generative-ai", "google-vertex", "google-gemini-cli"],
  "zai-thinking": ["openai-completions"],
  "qwen-enable-thinking": ["openai-completions"],
  "deepseek-thinking": ["openai-completions"],
  "ollama-think": ["ollama"],
  "ollama-think-effort": ["ollama"],
  none: [],
};

const RESPONSES_APIS = new Set(["openai-responses", "openai-codex-responses", "azure-openai-responses"]);
const TRUSTED_FOR_NATIVE = new Set(["override", "metadata", "models.dev"]);

/**
 * Decide the thinking fields for one request: resolve the level against the model's descriptor, pick the wire
 * dialect for the api kind, and build the fields. Nothing is sent (`params: {}`, with a warning) when the model takes
 * no thinking field, when the dialect does not fit the api kind, when the descriptor is only a heuristic, or when
 * the endpoint is custom — unless `allowUnverified` (or a user override) opts in.
 *
 * @example
 * ```ts
 * const plan = planThinking({ provider: "anthropic", id: "claude-sonnet-4-5", maxOutputTokens: 64000 }, "medium", { api: "anthropic-messages" });
 * for (const w of plan.warnings) console.warn(w.message);
 * const body = { model: "claude-sonnet-4-5", max_tokens: 16000, messages, ...plan.params };
 * ```
 */
export function planThinking(
  input: ReasoningInput,
  level: ThinkingLevel | string | boolean,
  options: ThinkingParamsOptions & { readonly api?: string | null | undefined } = {},
): ThinkingPlan {
  checkReasoningInput("planThinking", input);
  checkArgument("planThinking", "level", PLAN_THINKING_LEVEL_ARG, level);
  checkArgument("planThinking", "options", ARG.optionalObject, options);
  const read = asReasoningModel(input);
  // The api the request goes over decides which rule applies (gpt-oss over Ollama's native api thinks with `think`,
  // over chat completions with `reasoning_effort`), so the descriptor is derived for that api, not the model's default.
  const api = options.api ?? read.api ?? null;
  const model: ReasoningModel = api === (read.api ?? null) ? read : { ...read, api };
  const descriptor = reasoningDescriptor(model, options);
  const key = reasoningModelKey(model);
  const resolution = resolveThinkingLevel({ ...descriptor, label: key }, level);
  const warnings: ReasoningProblem[] = [];
  if (resolution.clamped) {
    warnings.push({
      code: "thinking_clamped",
      message: resolution.reason ?? `"${resolution.requested}" was clamped to "${resolution.effective}".`,
      recovery: `Choose one of ${(descriptor.levels ?? ["off"]).join(", ")} for ${key}.`,
    });
  }
  const none = (dialect: WireDialect | null, warning?: ReasoningProblem): ThinkingPlan => ({
    descriptor,
    resolution,
    params: {},
    dialect,
    warnings: warning ? [...warnings, warning] : warnings,
  });

  if (descriptor.kind === "none" || descriptor.wire === "none") return none(descriptor.wire);
  const unverified = descriptor.source === "model-id" || descriptor.source === "reasoning-flag" || descriptor.source === "unknown";
  const custom = model.endpoint === "custom" && descriptor.source !== "override";
  if ((unverified || custom) && !options.allowUnverified) {
    return none(null, {
      code: "thinking_not_sent",
      message: custom
        ? `${key} is served by a custom endpoint; no thinking field is sent to it unless you opt in.`
        : `Thinking support of ${key} is only inferred (${descriptor.rule ?? descriptor.source}); no thinking field is sent.`,
      recovery: `Add settings.reasoningOverrides["${key}"] with its levels and wire dialect, or pass allowUnverified: true.`,
    });
  }
  const dialect = descriptor.wire ?? (TRUSTED_FOR_NATIVE.has(descriptor.source) || options.allowUnverified ? nativeDialect(descriptor, api) : null);
  if (dialect === null) {
    return none(null, {
      code: "thinking_wire_unknown",
      message: `No known thinking field for ${key}${api ? ` over ${api}` : ""}; "${resolution.effective}" is not sent.`,
      recovery: `Set settings.reasoningOverrides["${key}"].wire to the dialect its endpoint accepts.`,
    });
  }
  if (!api || !DIALECT_APIS[dialect].includes(api)) {
    return none(dialect, {
      code: "thinking_wire_mismatch",
      message: `${key} takes ${dialect} thinking fields, which the api kind ${api ?? "(unknown)"} cannot carry; nothing is sent.`,
      recovery: `Call ${key} through an api kind that accepts ${dialect} (${DIALECT_APIS[dialect].join(", ")}), or override its wire dialect.`,
    });
  }
  const built = buildParams(dialect, api, resolution.effective, descriptor, model, warnings);
  return { descriptor, resolution, params: built, dialect, warnings };
}

/**
 * The request-body fields that carry `level` for this model over `api` — `reasoning_effort` (chat completions),
 * `reasoning.effort` (Responses), Anthropic `thinking` budget or adaptive `output_config.effort`, Gemini
 * `generationConfig.thinkingConfig`, Ollama `think`, Z.ai `thinking.type`, Qwen `enable_thinking` — after clamping the
 * level. `{}` when the model cannot take one (see {@link planThinking} for the warnings).
 *
 * @example
 * ```ts
 * // Merge the provider's thinking fields into your own request body.
 * const body = { model: "gpt-5-mini", messages, ...thinkingParams({ provider: "openai", id: "gpt-5-mini" }, "low", "openai-completions") };
 * const res = await fetch(`${baseUrl}/chat/completions`, { method: "POST", headers, body: JSON.stringify(body) });
 * ```
 */
export function thinkingParams(
  model: ReasoningInput,
  level: ThinkingLevel | string | boolean,
  api?: string | null,
  options: ThinkingParamsOptions = {},
): Record<string, unknown> {
  checkReasoningInput("thinkingParams", model);
  checkArgument("thinkingParams", "level", THINKING_PARAMS_LEVEL_ARG, level);
  checkArgument("thinkingParams", "api", THINKING_PARAMS_API_ARG, api);
  checkArgument("thinkingParams", "options", ARG.optionalObject, options);
  return planThinking(model, level, { ...options, api }).params;
}

function nativeDialect(descriptor: ReasoningDescriptor, api: string | null): WireDialect | null {
  if (!api) return null;
  const family = api.startsWith("openai") || api.startsWith("azure") || api === "mistral-conversations"
    ? "openai"
    : api === "anthropic-messages" || api === "bedrock-converse-stream"
      ? "anthropic"
      : api.startsWith("google")
        ? "google"
        : api === "ollama"
          ? "ollama"
          : null;
  switch (descriptor.kind) {
    case "effort":
      return family === "openai" ? "openai-effort" : family === "anthropic" ? "anthropic-adaptive" : family === "google" ? "gemini-level" : family === "ollama" ? "ollama-think-effort" : null;
    case "budget":
      return family === "anthropic" ? "anthropic-budget" : family === "google" ? "gemini-budget" : null;
    case "toggle":
      return family === "ollama" ? "ollama-think" : null;
    default:
      return null;
  }
}

function buildParams(
  dialect: WireDialect,
  api: string,
  level: ThinkingLevel,
  descriptor: ReasoningDescriptor,
  model: ReasoningModel,
  warnings: ReasoningProblem[],
): Record<string, unknown> {
  const value = descriptor.wireValues?.[level] ?? (level === "off" ? "none" : level);
  const bedrock = api === "bedrock-converse-stream";
  const anthropic = (fields: Record<string, unknown>) => (bedrock ? { additionalModelRequestFields: fields } : fields);
  const gemini = (thinkingConfig: Record<string, unknown>) => ({ generationConfig: { thinkingConfig } });
  switch (dialect) {
    case "openai-effort":
      return RESPONSES_APIS.has(api) ? { reasoning: { effort: value } } : { reasoning_effort: value };
    case "anthropic-budget":
      if (level === "off") return anthropic({ thinking: { type: "disabled" } });
      return anthropic({ thinking: { type: "enabled", budget_tokens: budgetFor(level, descriptor, model, warnings) } });
    case "anthropic-adaptive":
      if (level === "off") return anthropic({ thinking: { type: "disabled" } });
      return anthropic({ thinking: { type: "adaptive" }, output_config: { effort: value } });
    case "gemini-budget":
      return gemini({ thinkingBudget: level === "off" ? 0 : budgetFor(level, descriptor, model, warnings) });
    case "gemini-level":
      return gemini({ thinkingLevel: value });
    case "zai-thinking":
      return { thinking: { type: level === "off" ? "disabled" : "enabled" } };
    case "qwen-enable-thinking":
      if (level === "off") return { enable_thinking: false };
      return descriptor.kind === "budget"
        ? { enable_thinking: true, thinking_budget: budgetFor(level, descriptor, model, warnings) }
        : { enable_thinking: true };
    case "deepseek-thinking":
      return level === "off" ? { thinking: { type: "disabled" } } : { thinking: { type: "enabled" }, reasoning_effort: value };
    case "ollama-think":
      return { think: level !== "off" };
    case "ollama-think-effort":
      return { think: level === "off" ? false : value };
    case "none":
      return {};
  }
}

const FALLBACK_BUDGETS: Partial<Record<ThinkingLevel, number>> = { minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32768, max: 65536 };

/** The budget for a level, kept inside the stated range and below the model's output limit (with a warning). */
function budgetFor(level: ThinkingLevel, descriptor: ReasoningDescriptor, model: ReasoningModel, warnings: ReasoningProblem[]): number {
  let budget = descriptor.budgets?.[level] ?? FALLBACK_BUDGETS[level] ?? 1024;
  const min = descriptor.budgetRange?.min ?? null;
  const max = descriptor.budgetRange?.max ?? null;
  if (min !== null && budget < min) budget = min;
  if (max !== null && budget > max) budget = max;
  const limit = model.maxOutputTokens ?? null;
  if (limit !== null && budget >= limit) {
    const reduced = Math.max(min ?? 1, limit - 1024);
    warnings.push({
      code: "thinking_budget_reduced",
      message: `The ${level} thinking budget (${budget} tokens) does not fit under ${reasoningModelKey(model)}'s output limit of ${limit}; ${reduced} is used.`,
      recovery: "Pick a lower thinking level, or raise the request's max tokens if the model allows more.",
    });
    budget = reduced;
  }
  return budget;
}
