import { ARG, checkArgument } from "../errors/check-argument.js";
import { ON_LEVEL, THINKING_LEVELS, thinkingLevelRank, type ThinkingLevel } from "./thinking-levels.js";
import type {
  ReasoningDescriptor,
  ReasoningKind,
  ReasoningOverride,
  ReasoningOverrides,
  ReasoningProblem,
  ReasoningSource,
} from "./reasoning-descriptor-schema.js";
import { reasoningModelKey, type ModelsDevReasoningOption, type ReasoningModel } from "./reasoning-model.js";
import { asReasoningModel, checkReasoningInput, type ReasoningInput } from "./to-reasoning-model.js";
import {
  MODEL_ID_REASONING_RULES,
  PROVIDER_REASONING_RULES,
  type ReasoningRule,
  type ReasoningRuleSpec,
} from "./provider-reasoning-rules.js";


/**
 * Options of {@link reasoningDescriptor}.
 *
 * @example
 * ```ts
 * const options: ReasoningDescriptorOptions = { overrides: { "lmstudio/qwen3-8b": { levels: ["off", "medium"] } } };
 * ```
 */
export interface ReasoningDescriptorOptions {
  /** settings.json `reasoningOverrides`, keyed by `provider/model`. */
  readonly overrides?: ReasoningOverrides | undefined;
  /** Replace the built-in provider rules (e.g. to test a new table). */
  readonly rules?: readonly ReasoningRule[] | undefined;
}

/** Default Anthropic-style budgets used when a budget model states only a range. */
const GENERIC_BUDGETS: Partial<Record<ThinkingLevel, number>> = { minimal: 1024, low: 2048, medium: 8192, high: 16384 };

/**
 * Derive what thinking a model supports. Sources, strongest first:
 * 1. a user override (settings `reasoningOverrides["provider/model"]`), applied on top of whatever is derived below;
 * 2. curated metadata (`thinkingLevels` / `defaultThinkingLevel` on the model);
 * 3. provider rules (the data table `PROVIDER_REASONING_RULES`) for the provider's own models;
 * 4. models.dev `reasoning_options` carried by the model (what a reseller states for the model it serves);
 * 5. the same rules as model-family rules on other providers (a reseller with no models.dev options);
 * 6. model id / display-name heuristics (`MODEL_ID_REASONING_RULES`), never against `reasoning: false`;
 * 7. the reasoning flag: `true` → effort minimal..high (whether off works is unknown), `false` → none;
 * 8. unknown: `levels: null`, a `reasoning_unknown` problem, and only `off` is offered.
 *
 * @example
 * ```ts
 * // Build a model's thinking control from what it supports.
 * const d = reasoningDescriptor({ provider: "zai", id: "glm-4.6" });
 * if (d.kind === "none") hideThinkingControl();
 * else showThinkingControl({ levels: d.levels, initial: d.default, allowOff: d.canDisable });
 * ```
 */
export function reasoningDescriptor(input: ReasoningInput, options: ReasoningDescriptorOptions = {}): ReasoningDescriptor {
  checkReasoningInput("reasoningDescriptor", input);
  checkArgument("reasoningDescriptor", "options", ARG.optionalObject, options);
  return describeReasoning(input, options);
}

/**
 * {@link reasoningDescriptor} without its argument checks, for callers inside the package that hold a well-formed
 * model (listModels() derives one per catalog model, so the checks would cost more than the derivation).
 *
 * @example
 * ```ts
 * const block = describeReasoning(resolved, { overrides }).levels;
 * ```
 */
export function describeReasoning(input: ReasoningInput, options: ReasoningDescriptorOptions = {}): ReasoningDescriptor {
  const model = asReasoningModel(input);
  const derived = deriveDescriptor(model, options.rules ?? PROVIDER_REASONING_RULES);
  const override = options.overrides?.[reasoningModelKey(model)];
  return override ? applyOverride(derived, override, reasoningModelKey(model)) : derived;
}

/**
 * The levels a picker should offer: the descriptor's levels, or only `off` when they are unknown.
 *
 * @example
 * ```ts
 * offeredLevels(reasoningDescriptor({ provider: "custom", id: "mystery" })); // ["off"]
 * ```
 */
export function offeredLevels(descriptor: Pick<ReasoningDescriptor, "levels">): readonly ThinkingLevel[] {
  return descriptor.levels ?? ["off"];
}

function deriveDescriptor(model: ReasoningModel, rules: readonly ReasoningRule[]): ReasoningDescriptor {
  const id = model.id.toLowerCase();
  const name = (model.name ?? "").toLowerCase();
  const home = findRule(rules, model, id, name, "home");
  const family = home ? undefined : findRule(rules, model, id, name, "family");
  const rule = home ?? family;
  const curated = model.thinkingLevels && model.thinkingLevels.length > 0 ? sortLevels(model.thinkingLevels) : null;

  if (curated) {
    const base = rule ? fromSpec(rule.spec, model, "metadata", rule.id) : null;
    const kind = base && sameSide(base.levels, curated) ? base.kind : kindFromLevels(curated);
    const fallbackDefault = base?.default !== undefined && base.default !== null && curated.includes(base.default) ? base.default : null;
    return {
      ...(base ?? emptyDescriptor("metadata", "metadata.thinkingLevels")),
      kind,
      levels: curated,
      default: model.defaultThinkingLevel && curated.includes(model.defaultThinkingLevel) ? model.defaultThinkingLevel : fallbackDefault,
      canDisable: curated.includes("off"),
      source: "metadata",
      rule: base ? `metadata.thinkingLevels (wire from ${base.rule ?? "rule"})` : "metadata.thinkingLevels",
      problems: [],
    };
  }
  if (home) return withDefault(fromSpec(home.spec, model, "provider-rule", home.id), model);

  const options = model.reasoningOptions;
  if (options && model.reasoning !== false && (options.length > 0 || model.reasoning === true)) {
    return withDefault(fromModelsDev(options, model), model);
  }
  if (family) {
    return withDefault(fromSpec(family.spec, model, "provider-rule", `${family.id} (family rule on ${model.provider})`), model);
  }

  if (model.reasoning !== false) {
    const heuristic = findRule(MODEL_ID_REASONING_RULES, model, id, name);
    if (heuristic) return withDefault(fromSpec(heuristic.spec, model, "model-id", heuristic.id), model);
  }

  if (model.reasoning === true) {
    return withDefault(
      {
        ...emptyDescriptor("reasoning-flag", "reasoning: true"),
        kind: "effort",
        levels: ["minimal", "low", "medium", "high"],
        default: null,
        canDisable: null,
        problems: [
          {
            code: "reasoning_levels_assumed",
            message: `Only the reasoning flag is known for ${reasoningModelKey(model)}: offering minimal..high; whether it accepts an effort field or can switch thinking off is unknown, so no thinking field is sent.`,
            recovery: `Add settings.reasoningOverrides["${reasoningModelKey(model)}"] with its levels and wire dialect to send thinking fields.`,
          },
        ],
      },
      model,
    );
  }
  if (model.reasoning === false) {
    return { ...emptyDescriptor("reasoning-flag", "reasoning: false"), kind: "none", levels: ["off"], default: "off", canDisable: true };
  }
  return {
    ...emptyDescriptor("unknown", null),
    kind: "none",
    problems: [
      {
        code: "reasoning_unknown",
        message: `No source says whether ${reasoningModelKey(model)} can think; only "off" is offered.`,
        recovery: `Set "reasoning" for it in models.json, or add settings.reasoningOverrides["${reasoningModelKey(model)}"] with its levels.`,
      },
    ],
  };
}

/**
 * `home`: rows without a provider list, or listing this provider. `family`: rows listing other providers (a reseller
 * serving the same model family), unless the row is exclusive.
 */
function findRule(
  rules: readonly ReasoningRule[],
  model: ReasoningModel,
  id: string,
  name: string,
  phase: "home" | "family" = "home",
): ReasoningRule | undefined {
  return rules.find(({ match }) => {
    const listed = !match.providers || match.providers.includes(model.provider);
    if (phase === "home" ? !listed : listed || match.exclusive) return false;
    if (match.apis && !(model.api && match.apis.includes(model.api))) return false;
    if (match.reasoning !== undefined && model.reasoning !== match.reasoning) return false;
    if (match.model && !match.model.test(id)) return false;
    if (match.name && !(name && match.name.test(name))) return false;
    return true;
  });
}

function fromSpec(spec: ReasoningRuleSpec, model: ReasoningModel, source: ReasoningSource, rule: string): ReasoningDescriptor {
  const wireApplies = !spec.wireProviders || spec.wireProviders.includes(model.provider);
  return {
    kind: spec.kind,
    levels: [...spec.levels],
    default: spec.default,
    canDisable: spec.canDisable,
    source,
    rule,
    wire: wireApplies ? spec.wire : null,
    wireValues: spec.wireValues ? { ...spec.wireValues } : null,
    budgets: spec.budgets ? { ...spec.budgets } : null,
    budgetRange: spec.budgetRange ? { ...spec.budgetRange } : null,
    problems: [],
  };
}

/**
 * models.dev options: `[]` on a reasoning model = fixed always-on; a toggle adds `off`; effort values map `none` → off
 * and keep provider labels (`default`) as wire values; a budget knob maps minimal..high onto budgets inside its range.
 */
function fromModelsDev(options: readonly ModelsDevReasoningOption[], model: ReasoningModel): ReasoningDescriptor {
  const base = emptyDescriptor("models.dev", "models.dev reasoning_options");
  const toggle = options.some((o) => o.type === "toggle");
  const effort = options.find((o): o is Extract<ModelsDevReasoningOption, { type: "effort" }> => o.type === "effort");
  const budget = options.find((o): o is Extract<ModelsDevReasoningOption, { type: "budget_tokens" }> => o.type === "budget_tokens");
  if (effort) {
    const wireValues: Partial<Record<ThinkingLevel, string>> = {};
    const levels = new Set<ThinkingLevel>();
    const unmapped: string[] = [];
    for (const value of effort.values) {
      const level = modelsDevEffortLevel(value);
      if (level === null) {
        unmapped.push(value);
        continue;
      }
      levels.add(level);
      if (level !== value) wireValues[level] = value;
    }
    if (toggle) levels.add("off");
    const sorted = sortLevels([...levels]);
    return {
      ...base,
      kind: sorted.length === 0 ? "none" : "effort",
      levels: sorted.length === 0 ? null : sorted,
      canDisable: sorted.includes("off"),
      wireValues: Object.keys(wireValues).length > 0 ? wireValues : null,
      problems: unmapped.length
        ? [
            {
              code: "reasoning_value_unmapped",
              message: `models.dev lists effort values ${unmapped.map((v) => JSON.stringify(v)).join(", ")} for ${reasoningModelKey(model)} that have no place on the thinking ladder; they are not offered.`,
              recovery: `Map them with settings.reasoningOverrides["${reasoningModelKey(model)}"].wireValues if you need them.`,
            },
          ]
        : [],
    };
  }
  if (budget) {
    const min = budget.min ?? null;
    const max = budget.max ?? null;
    const canDisable = toggle || min === 0;
    const budgets: Partial<Record<ThinkingLevel, number>> = canDisable ? { off: 0 } : {};
    for (const [level, tokens] of Object.entries(GENERIC_BUDGETS) as Array<[ThinkingLevel, number]>) {
      budgets[level] = Math.min(Math.max(tokens, min ?? 0), max ?? Number.POSITIVE_INFINITY);
    }
    return {
      ...base,
      kind: "budget",
      levels: canDisable ? ["off", "minimal", "low", "medium", "high"] : ["minimal", "low", "medium", "high"],
      canDisable,
      budgets,
      budgetRange: { min, max },
    };
  }
  if (toggle) return { ...base, kind: "toggle", levels: ["off", ON_LEVEL], default: null, canDisable: true };
  return { ...base, kind: "always_on", levels: [ON_LEVEL], default: ON_LEVEL, canDisable: false, wire: "none" };
}

function modelsDevEffortLevel(value: string): ThinkingLevel | null {
  const key = value.toLowerCase();
  if (key === "none") return "off";
  if (key === "default") return ON_LEVEL;
  return (THINKING_LEVELS as readonly string[]).includes(key) ? (key as ThinkingLevel) : null;
}

/** Curated default, when given and supported, beats a rule's default. */
function withDefault(descriptor: ReasoningDescriptor, model: ReasoningModel): ReasoningDescriptor {
  const curated = model.defaultThinkingLevel;
  if (curated && descriptor.levels?.includes(curated)) return { ...descriptor, default: curated };
  return descriptor;
}

function applyOverride(derived: ReasoningDescriptor, override: ReasoningOverride, key: string): ReasoningDescriptor {
  const levels = override.levels ? sortLevels(override.levels) : derived.levels;
  const kind: ReasoningKind = override.kind ?? (override.levels ? kindFromLevels(levels ?? ["off"]) : derived.kind);
  const wantedDefault = override.default !== undefined ? override.default : derived.default;
  const problems: ReasoningProblem[] = [];
  let defaultLevel = wantedDefault;
  if (wantedDefault !== null && levels && !levels.includes(wantedDefault)) {
    defaultLevel = null;
    problems.push({
      code: "reasoning_override_default_unsupported",
      message: `settings.reasoningOverrides["${key}"] sets default "${wantedDefault}", which is not one of its levels (${levels.join(", ")}); the default is treated as unknown.`,
      recovery: `Pick a default among ${levels.join(", ")}.`,
    });
  }
  return {
    kind,
    levels,
    default: defaultLevel,
    canDisable: override.canDisable ?? (override.levels ? (levels ?? []).includes("off") : derived.canDisable),
    source: "override",
    rule: `settings.reasoningOverrides["${key}"] over ${derived.source}${derived.rule ? ` (${derived.rule})` : ""}`,
    wire: override.wire !== undefined ? override.wire : derived.wire,
    wireValues: override.wireValues ? { ...derived.wireValues, ...override.wireValues } : derived.wireValues,
    budgets: override.budgets ? { ...derived.budgets, ...override.budgets } : derived.budgets,
    budgetRange: derived.budgetRange,
    problems,
  };
}

function emptyDescriptor(source: ReasoningSource, rule: string | null): ReasoningDescriptor {
  return {
    kind: "none",
    levels: null,
    default: null,
    canDisable: null,
    source,
    rule,
    wire: null,
    wireValues: null,
    budgets: null,
    budgetRange: null,
    problems: [],
  };
}

function sortLevels(levels: readonly ThinkingLevel[]): ThinkingLevel[] {
  return [...new Set(levels)].sort((a, b) => thinkingLevelRank(a) - thinkingLevelRank(b));
}

function kindFromLevels(levels: readonly ThinkingLevel[]): ReasoningKind {
  const thinking = levels.filter((l) => l !== "off");
  if (thinking.length === 0) return "none";
  if (!levels.includes("off") && thinking.length === 1) return "always_on";
  if (levels.includes("off") && thinking.length === 1 && thinking[0] === ON_LEVEL) return "toggle";
  return "effort";
}

/** A rule's kind still describes curated levels when both agree on whether thinking can be off. */
function sameSide(ruleLevels: readonly ThinkingLevel[] | null, curated: readonly ThinkingLevel[]): boolean {
  return (ruleLevels ?? []).includes("off") === curated.includes("off");
}
