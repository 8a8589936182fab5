import { AllowlistSchema, ModelAliasesSchema, ModelOverridesSchema } from "../catalog/catalog-settings.js";
import { PluginStateSchema } from "../plugins/plugin-state.js";
import { LocalDetectionSettingsSchema } from "../schema/local-detection.js";
import { ReasoningOverridesSchema } from "./reasoning-descriptor-schema.js";
import { RolesSectionSchema } from "./model-roles.js";
import { TiersSectionSchema } from "./tiers.js";

/**
 * Every section of settings.json and its schema. Writes to settings.json are guarded by all of them
 * (`updateSection(..., { guard: SETTINGS_SECTION_SCHEMAS })`): a file with any damaged section is damaged as a whole
 * and left byte-identical, so saving a tier never rewrites a file whose allowlist needs repair.
 *
 * @example
 * ```ts
 * await updateSection(storage, "settings.json", "tiers", TiersSectionSchema, {}, fn, { guard: SETTINGS_SECTION_SCHEMAS });
 * ```
 */
export const SETTINGS_SECTION_SCHEMAS = Object.freeze({
  allowlist: AllowlistSchema,
  aliases: ModelAliasesSchema,
  modelOverrides: ModelOverridesSchema,
  tiers: TiersSectionSchema,
  reasoningOverrides: ReasoningOverridesSchema,
  roles: RolesSectionSchema,
  plugins: PluginStateSchema,
  localDetection: LocalDetectionSettingsSchema,
});
