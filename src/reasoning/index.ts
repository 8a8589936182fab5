export {
  THINKING_LEVELS,
  THINKING_LEVEL_ALIASES,
  ON_LEVEL,
  isThinkingLevel,
  thinkingLevelRank,
  normalizeThinkingLevel,
  type ThinkingLevel,
} from "./thinking-levels.js";
export {
  ReasoningKindSchema,
  WireDialectSchema,
  ReasoningSourceSchema,
  ThinkingBudgetsSchema,
  ReasoningProblemSchema,
  ReasoningDescriptorSchema,
  ReasoningOverrideSchema,
  ReasoningOverridesSchema,
  type ReasoningKind,
  type WireDialect,
  type ReasoningSource,
  type ReasoningProblem,
  type ReasoningDescriptor,
  type ReasoningOverride,
  type ReasoningOverrides,
} from "./reasoning-descriptor-schema.js";
export {
  ModelsDevReasoningOptionSchema,
  reasoningModelKey,
  type ModelsDevReasoningOption,
  type ReasoningModel,
} from "./reasoning-model.js";
export {
  PROVIDER_REASONING_RULES,
  MODEL_ID_REASONING_RULES,
  type ReasoningRule,
  type ReasoningRuleSpec,
} from "./provider-reasoning-rules.js";
export { reasoningDescriptor, offeredLevels, type ReasoningDescriptorOptions } from "./reasoning-descriptor.js";
export { resolveThinkingLevel, nearestLevel, type ThinkingResolution } from "./resolve-thinking-level.js";
export { planThinking, thinkingParams, type ThinkingParamsOptions, type ThinkingPlan } from "./thinking-params.js";
export {
  TIERS,
  TierSchema,
  TierChoiceSchema,
  TiersSectionSchema,
  type Tier,
  type TierChoice,
  type TiersSection,
  type ProviderTierDefaults,
} from "./tiers.js";
export { TIER_DEFAULTS } from "./tier-defaults.js";
export { asReasoningModel, toReasoningModel, type ReasoningInput } from "./to-reasoning-model.js";
export { createTierPeers, type TierPeers, type TierModelLookup, type TierProviderHealth } from "./tier-peers.js";
export type {
  TierView,
  ResolvedTier,
  SetTierResult,
  ThinkingLevelsInfo,
  TierSource,
  TierWarning,
  ThinkingApi,
} from "./thinking-service.js";
export { MODEL_ROLES, RolesSectionSchema, parseRole, createRolesApi, type ModelRole, type RolesApi, type RolesSection } from "./model-roles.js";
