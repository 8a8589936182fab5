import { RegistryError } from "../errors/registry-error.js";
import { offeredLevels, reasoningDescriptor } from "./reasoning-descriptor.js";
import {
  ReasoningOverrideSchema,
  ReasoningOverridesSchema,
  type ReasoningDescriptor,
  type ReasoningKind,
  type ReasoningOverride,
  type ReasoningProblem,
  type ReasoningSource,
} from "./reasoning-descriptor-schema.js";
import { resolveThinkingLevel, type ThinkingResolution } from "./resolve-thinking-level.js";
import { TIER_DEFAULTS } from "./tier-defaults.js";
import { createTierPeers, type TierModelLookup, type TierPeers, type TierPeersDeps } from "./tier-peers.js";
import { planThinking, type ThinkingParamsOptions, type ThinkingPlan } from "./thinking-params.js";
import { normalizeThinkingLevel, ON_LEVEL, type ThinkingLevel } from "./thinking-levels.js";
import { TIERS, TiersSectionSchema, type Tier, type TierChoice } from "./tiers.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import { updateSection } from "../storage/sections.js";
import type { EmitEvent } from "../schema/registry-events.js";
import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import { SETTINGS_SECTION_SCHEMAS } from "./settings-sections.js";
import { createRolesApi, type RolesApi } from "./model-roles.js";

/**
 * Where a tier's choice came from: saved by the user, a built-in default, a plugin manifest default, or a one-off
 * session override.
 *
 * @example
 * ```ts
 * const source: TierSource = "saved";
 * ```
 */
export type TierSource = "saved" | "default" | "plugin" | "override";

/**
 * A tier warning: `{ code, message, recovery }`. Codes: `model_unavailable`, `model_source_missing`,
 * `model_plugin_disabled`, `provider_broken`, `provider_missing_credentials`, `thinking_clamped`, `fallback_unavailable`, `no_usable_provider`.
 *
 * @example
 * ```ts
 * const w: TierWarning = { code: "thinking_clamped", message: "…", recovery: "…" };
 * ```
 */
export type TierWarning = ReasoningProblem;

/**
 * One tier as {@link ThinkingApi.getTiers} lists it: the saved choice, or the default that applies (marked as such).
 *
 * @example
 * ```ts
 * const view: TierView = { tier: "LOW", model: "openai/gpt-5.4-mini", thinking: "low", fallbacks: [], source: "default" };
 * ```
 */
export interface TierView {
  readonly tier: Tier;
  readonly model: string;
  readonly thinking: ThinkingLevel;
  readonly fallbacks: readonly string[];
  readonly source: Exclude<TierSource, "override">;
}

/**
 * What {@link ThinkingApi.resolveTier} returns: the model to call, the effective thinking level, fallbacks, where the
 * choice came from, and every warning (a broken saved choice is reported, never swapped silently).
 *
 * @example
 * ```ts
 * const r: ResolvedTier = await registry.resolveTier("HIGH");
 * if (r.thinking.clamped) console.warn(r.thinking.reason);
 * ```
 */
export interface ResolvedTier {
  readonly tier: Tier;
  /** `provider/model`, or `null` when no tier is saved and no provider with credentials has defaults. */
  readonly model: string | null;
  readonly thinking: ThinkingResolution;
  readonly descriptor: ReasoningDescriptor | null;
  readonly fallbacks: readonly string[];
  readonly source: TierSource;
  /** `false` when the model is unavailable or its provider has no working credential. */
  readonly usable: boolean;
  readonly warnings: readonly TierWarning[];
}

/**
 * Result of {@link ThinkingApi.setTier}: what was saved and the warnings (e.g. a model unknown to the catalog).
 *
 * @example
 * ```ts
 * const { saved, warnings } = await registry.setTier("MED", { model: "anthropic/claude-sonnet-4-6", thinking: "medium" });
 * ```
 */
export interface SetTierResult {
  readonly tier: Tier;
  readonly saved: TierChoice;
  readonly descriptor: ReasoningDescriptor;
  readonly warnings: readonly TierWarning[];
}

/**
 * What a thinking-level picker needs for one model.
 *
 * @example
 * ```ts
 * const info: ThinkingLevelsInfo = await registry.thinkingLevels("zai/glm-4.7");
 * info.levels; // ["off", "medium"]
 * ```
 */
export interface ThinkingLevelsInfo {
  readonly ref: string;
  readonly kind: ReasoningKind;
  /** The levels to offer (only `off` when support is unknown). */
  readonly levels: readonly ThinkingLevel[];
  readonly default: ThinkingLevel | null;
  readonly canDisable: boolean | null;
  readonly source: ReasoningSource;
  readonly descriptor: ReasoningDescriptor;
  /** Descriptor problems plus model availability problems. */
  readonly problems: readonly ReasoningProblem[];
}

/**
 * Thinking levels and tiers.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv });
 * await registry.setTier("HIGH", { model: "anthropic/claude-opus-4-8", thinking: "high" });
 * const high = await registry.resolveTier("HIGH");
 * ```
 */
export interface ThinkingApi extends RolesApi {
  /**
   * The three tiers: saved choices, else the defaults that apply (marked `default` or `plugin`), else `null`.
   *
   * @example
   * ```ts
   * const tiers = await registry.getTiers();
   * tiers.LOW?.source; // "saved" | "default" | "plugin"
   * ```
   */
  getTiers(): Promise<Record<Tier, TierView | null>>;
  /**
   * Save a tier. Validates the ref, normalises the level and rejects a level the model does not support with a
   * `thinking_unsupported` RegistryError listing the supported levels; returns warnings (model unknown to the
   * catalog, provider without credentials, fallback unknown).
   *
   * @example
   * ```ts
   * await registry.setTier("LOW", { model: "openai/gpt-5.4-mini", thinking: "low", fallbacks: ["google/gemini-3.1-flash-lite"] });
   * ```
   */
  setTier(tier: Tier | string, choice: { model: string; thinking: ThinkingLevel | string; fallbacks?: string[] }): Promise<SetTierResult>;
  /**
   * Forget a saved tier so its default applies again.
   *
   * @example
   * ```ts
   * await registry.resetTier("MED");
   * ```
   */
  resetTier(tier: Tier | string): Promise<void>;
  /**
   * Resolve a tier for use: apply a one-off override, report the effective thinking level and warn about anything
   * broken (saved model unavailable, provider without a working key, level clamped).
   *
   * @example
   * ```ts
   * const r = await registry.resolveTier("HIGH", { override: { thinking: "max" } });
   * r.thinking; // { requested: "max", effective: "high", clamped: true, reason: "…" }
   * ```
   */
  resolveTier(tier: Tier | string, options?: { override?: { model?: string; thinking?: ThinkingLevel | string } }): Promise<ResolvedTier>;
  /**
   * The thinking levels to offer for a model (for pickers), with the descriptor behind them.
   *
   * @example
   * ```ts
   * (await registry.thinkingLevels("openai/gpt-5.2")).levels; // ["off", "low", "medium", "high", "xhigh"]
   * ```
   */
  thinkingLevels(ref: string): Promise<ThinkingLevelsInfo>;
  /**
   * Plan the thinking fields of one request for a model: level resolution, wire fields for its api kind, warnings.
   *
   * @example
   * ```ts
   * const plan = await registry.planThinking("anthropic/claude-sonnet-4-5", "medium");
   * plan.params; // { thinking: { type: "enabled", budget_tokens: 8192 } }
   * ```
   */
  planThinking(ref: string, level: ThinkingLevel | string, options?: ThinkingParamsOptions & { api?: string }): Promise<ThinkingPlan>;
  /**
   * Correct a model's reasoning descriptor (settings `reasoningOverrides`); `null` removes the override.
   *
   * @example
   * ```ts
   * await registry.setReasoningOverride("lmstudio/qwen3-8b", { kind: "toggle", levels: ["off", "medium"], wire: "qwen-enable-thinking" });
   * ```
   */
  setReasoningOverride(ref: string, override: ReasoningOverride | null): Promise<void>;
}

/**
 * Build the thinking and tiers service ({@link ThinkingApi}): tiers, thinking levels and reasoning overrides, over
 * the catalog, status and credentials services it is given.
 *
 * @example
 * ```ts
 * const thinking = createThinkingService({ storage, env, envPrefix, logger, emit, plugins, catalog, status, credentials, config });
 * await thinking.getTiers();
 * ```
 */
export function createThinkingService(ctx: TierPeersDeps & { emit: EmitEvent }): ThinkingApi {
  const peers: TierPeers = createTierPeers(ctx);
  const roles = createRolesApi({
    storage: ctx.storage,
    emit: ctx.emit,
    guard: SETTINGS_SECTION_SCHEMAS,
    canonicalRef: peers.canonicalRef,
    isKnown: async (provider, model) => (await peers.lookupModel(provider, model)).known,
    warningsFor: async (provider, model) => modelWarnings(provider, model, await peers.lookupModel(provider, model)),
  });

  async function describe(provider: string, id: string): Promise<{ lookup: TierModelLookup; descriptor: ReasoningDescriptor }> {
    const [lookup, overrides] = await Promise.all([peers.lookupModel(provider, id), peers.readOverrides()]);
    return { lookup, descriptor: reasoningDescriptor(lookup.model, { overrides }) };
  }

  /** Defaults per tier: the first provider in order with a working credential and a default for that tier. */
  async function defaultsFor(tiers: readonly Tier[]): Promise<Map<Tier, TierView>> {
    const result = new Map<Tier, TierView>();
    const plugin = await peers.pluginTierDefaults();
    const candidates = peers.providerOrder().filter((id) => TIER_DEFAULTS[id] || plugin.some((t) => t.model.startsWith(`${id}/`)));
    for (const providerId of candidates) {
      if (tiers.every((t) => result.has(t))) break;
      const health = await peers.providerHealth(providerId);
      if (!health.credentialed) continue;
      for (const tier of tiers) {
        if (result.has(tier)) continue;
        const fromPlugin = plugin.find((t) => t.tier === tier && t.model.startsWith(`${providerId}/`));
        if (fromPlugin) {
          const thinking = fromPlugin.thinking ?? (await defaultLevel(fromPlugin.model));
          result.set(tier, { tier, model: fromPlugin.model, thinking, fallbacks: [], source: "plugin" });
          continue;
        }
        const builtin = TIER_DEFAULTS[providerId]?.[tier];
        if (builtin) {
          result.set(tier, { tier, model: `${providerId}/${builtin.model}`, thinking: builtin.thinking, fallbacks: [], source: "default" });
        }
      }
    }
    return result;
  }

  async function defaultLevel(ref: string): Promise<ThinkingLevel> {
    const { provider, model } = parseModelRef(ref);
    const { descriptor } = await describe(provider, model);
    return descriptor.default ?? offeredLevels(descriptor).find((l) => l !== "off") ?? "off";
  }

  async function modelWarnings(provider: string, id: string, lookup: TierModelLookup): Promise<TierWarning[]> {
    const warnings: TierWarning[] = [...lookup.problems];
    const health = await peers.providerHealth(provider);
    if (health.problem) warnings.push(health.problem);
    return warnings;
  }

  return {
    ...roles,
    async getTiers() {
      const saved = await peers.readTiers();
      const unset = TIERS.filter((t) => !saved[t]);
      const defaults = unset.length > 0 ? await defaultsFor(unset) : new Map<Tier, TierView>();
      const out = {} as Record<Tier, TierView | null>;
      for (const tier of TIERS) {
        const choice = saved[tier];
        out[tier] = choice
          ? { tier, model: choice.model, thinking: choice.thinking, fallbacks: choice.fallbacks ?? [], source: "saved" }
          : (defaults.get(tier) ?? null);
      }
      return out;
    },

    async setTier(tierInput, choice) {
      const tier = parseTier(tierInput);
      const ref = await peers.canonicalRef(choice.model);
      const model = `${ref.provider}/${ref.model}`;
      const thinking = normalizeThinkingLevel(choice.thinking);
      const { lookup, descriptor } = await describe(ref.provider, ref.model);
      const offered = offeredLevels(descriptor);
      if (!offered.includes(thinking)) {
        throw new RegistryError({
          code: "thinking_unsupported",
          message: `Expected a thinking level ${model} supports (${offered.join(", ")}), found "${thinking}".`,
          recovery:
            descriptor.levels === null
              ? `Its thinking support is unknown: choose "off", or declare its levels in settings.reasoningOverrides["${model}"].`
              : `Choose one of ${offered.join(", ")} for tier ${tier}, or pick a model that supports "${thinking}".`,
        });
      }
      const warnings: TierWarning[] = [];
      if (!lookup.known) {
        warnings.push({
          code: "model_unknown",
          message: `${model} is not known to the catalog; it was saved, but may not be callable.`,
          recovery: "Check the model id, fetch the provider's models, or add it to models.json.",
        });
      } else {
        warnings.push(...lookup.problems);
      }
      const health = await peers.providerHealth(ref.provider);
      if (health.problem) warnings.push(health.problem);
      const fallbacks: string[] = [];
      for (const fallback of choice.fallbacks ?? []) {
        const parsed = await peers.canonicalRef(fallback);
        const normalized = `${parsed.provider}/${parsed.model}`;
        fallbacks.push(normalized);
        const fallbackLookup = await peers.lookupModel(parsed.provider, parsed.model);
        if (!fallbackLookup.known) {
          warnings.push({
            code: "fallback_unavailable",
            message: `Fallback ${normalized} of tier ${tier} is not known to the catalog.`,
            recovery: "Check the model id or remove the fallback.",
          });
        }
      }
      const saved: TierChoice = { model, thinking, ...(fallbacks.length > 0 ? { fallbacks } : {}) };
      await updateSection(ctx.storage, SETTINGS_JSON_KEY, "tiers", TiersSectionSchema, {}, (current) => ({ ...current, [tier]: saved }), { guard: SETTINGS_SECTION_SCHEMAS });
      ctx.emit("config-change", { key: SETTINGS_JSON_KEY });
      return { tier, saved, descriptor, warnings };
    },

    async resetTier(tierInput) {
      const tier = parseTier(tierInput);
      await updateSection(ctx.storage, SETTINGS_JSON_KEY, "tiers", TiersSectionSchema, {}, (current) => {
        const next = { ...current };
        delete next[tier];
        return next;
      }, { guard: SETTINGS_SECTION_SCHEMAS });
      ctx.emit("config-change", { key: SETTINGS_JSON_KEY });
    },

    async resolveTier(tierInput, options = {}) {
      const tier = parseTier(tierInput);
      const override = options.override;
      const overrideThinking = override?.thinking !== undefined ? normalizeThinkingLevel(override.thinking) : undefined;
      const overrideModel = override?.model !== undefined ? await peers.canonicalRef(override.model) : undefined;
      const saved = (await peers.readTiers())[tier];
      const base: TierView | null = saved
        ? { tier, model: saved.model, thinking: saved.thinking, fallbacks: saved.fallbacks ?? [], source: "saved" }
        : ((await defaultsFor([tier])).get(tier) ?? null);
      const usesOverride = overrideModel !== undefined || overrideThinking !== undefined;
      const modelRef = overrideModel ? `${overrideModel.provider}/${overrideModel.model}` : (base?.model ?? null);
      if (modelRef === null) {
        const requested = overrideThinking ?? "off";
        return {
          tier,
          model: null,
          thinking: { requested, effective: "off", clamped: requested !== "off", reason: requested !== "off" ? "No model is set for this tier." : null },
          descriptor: null,
          fallbacks: [],
          source: usesOverride ? "override" : "default",
          usable: false,
          warnings: [
            {
              code: "no_usable_provider",
              message: `Tier ${tier} has no saved model and no provider with working credentials offers a default.`,
              recovery: "Connect a provider, add an API key, or configure a local provider; then choose a model in Admin → Model.",
            },
          ],
        };
      }
      const { provider, model } = parseModelRef(modelRef);
      const { lookup, descriptor } = await describe(provider, model);
      const requested: ThinkingLevel = overrideThinking ?? base?.thinking ?? descriptor.default ?? ON_LEVEL;
      const thinking = resolveThinkingLevel({ ...descriptor, label: modelRef }, requested);
      const warnings = await modelWarnings(provider, model, lookup);
      // A model dropped by the last refresh still resolves for saved choices: warn, but do not mark it unusable.
      const blocking = warnings.some((w) => w.code !== "model_source_missing");
      if (thinking.clamped) {
        warnings.push({
          code: "thinking_clamped",
          message: `Tier ${tier}: ${thinking.reason ?? `"${thinking.requested}" is used as "${thinking.effective}".`}`,
          recovery: `Choose one of ${offeredLevels(descriptor).join(", ")} for tier ${tier} in Admin → Model.`,
        });
      }
      const fallbacks = base?.source === "saved" && !overrideModel ? base.fallbacks : (overrideModel ? [] : (base?.fallbacks ?? []));
      for (const fallback of fallbacks) {
        const parsed = parseModelRef(fallback);
        const fallbackLookup = await peers.lookupModel(parsed.provider, parsed.model);
        if (!fallbackLookup.known || fallbackLookup.problems.length > 0) {
          warnings.push({
            code: "fallback_unavailable",
            message: `Fallback ${fallback} of tier ${tier} is unavailable.`,
            recovery: "Choose another fallback in Admin → Model.",
          });
        }
      }
      return {
        tier,
        model: modelRef,
        thinking,
        descriptor,
        fallbacks,
        source: usesOverride ? "override" : (base?.source ?? "default"),
        usable: !blocking,
        warnings,
      };
    },

    async thinkingLevels(refText) {
      const { provider, model } = await peers.canonicalRef(refText);
      const { lookup, descriptor } = await describe(provider, model);
      return {
        ref: `${provider}/${model}`,
        kind: descriptor.kind,
        levels: offeredLevels(descriptor),
        default: descriptor.default,
        canDisable: descriptor.canDisable,
        source: descriptor.source,
        descriptor,
        problems: [...descriptor.problems, ...lookup.problems],
      };
    },

    async planThinking(refText, level, options = {}) {
      const { provider, model } = await peers.canonicalRef(refText);
      const [lookup, overrides] = await Promise.all([peers.lookupModel(provider, model), peers.readOverrides()]);
      return planThinking(lookup.model, level, { ...options, overrides: { ...overrides, ...options.overrides } });
    },

    async setReasoningOverride(refText, override) {
      const { provider, model } = await peers.canonicalRef(refText);
      const key = `${provider}/${model}`;
      const parsed = override === null ? null : ReasoningOverrideSchema.safeParse(override);
      if (parsed && !parsed.success) {
        throw new RegistryError({
          code: "invalid_reasoning_override",
          message: `Expected a reasoning override { kind?, levels?, default?, canDisable?, wire?, wireValues?, budgets? } for ${key}, found: ${parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
            .join("; ")}.`,
          recovery: "Use thinking levels from off, minimal, low, medium, high, xhigh, max and a known wire dialect.",
          cause: parsed.error,
        });
      }
      await updateSection(ctx.storage, SETTINGS_JSON_KEY, "reasoningOverrides", ReasoningOverridesSchema, {}, (current) => {
        const next = { ...current };
        if (parsed?.success) next[key] = parsed.data;
        else delete next[key];
        return next;
      }, { guard: SETTINGS_SECTION_SCHEMAS });
      ctx.emit("config-change", { key: SETTINGS_JSON_KEY });
    },
  };
}

function parseTier(input: Tier | string): Tier {
  const tier = typeof input === "string" ? input.trim().toUpperCase() : input;
  const alias = tier === "MEDIUM" ? "MED" : tier;
  if ((TIERS as readonly string[]).includes(alias)) return alias as Tier;
  throw new RegistryError({
    code: "invalid_tier",
    message: `Expected a tier (${TIERS.join(", ")}), found ${JSON.stringify(input)}.`,
    recovery: `Use one of ${TIERS.join(", ")}.`,
  });
}
