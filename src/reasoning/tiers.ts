import * as z from "zod";
import { ThinkingLevelSchema } from "../schema/model-metadata.js";

/**
 * The everyday model tiers, cheapest first: LOW (fast, lightweight, lower cost), MED (balanced everyday work),
 * HIGH (stronger reasoning, complex work). Each tier stores a model and a thinking level.
 *
 * @example
 * ```ts
 * // A settings page with one row per tier.
 * const tiers = await registry.getTiers();
 * for (const tier of TIERS) console.log(tier, tiers[tier]?.model ?? "(unset)", tiers[tier]?.thinking ?? "");
 * ```
 */
export const TIERS = ["LOW", "MED", "HIGH"] as const;

/**
 * One of {@link TIERS}.
 *
 * @example
 * ```ts
 * const tier: Tier = "MED";
 * ```
 */
export type Tier = (typeof TIERS)[number];

/**
 * Schema of a tier name.
 *
 * @example
 * ```ts
 * TierSchema.parse("HIGH");
 * ```
 */
export const TierSchema = z.enum(TIERS);

/**
 * One saved tier choice: `{ model: "provider/model", thinking, fallbacks? }`. This is the stored shape of
 * settings.json `tiers.<TIER>` (the status part reads it to report saved tier models that became unavailable).
 *
 * @example
 * ```ts
 * TierChoiceSchema.parse({ model: "anthropic/claude-sonnet-4-6", thinking: "medium", fallbacks: ["openai/gpt-5.4"] });
 * ```
 */
export const TierChoiceSchema = z.looseObject({
  model: z.string().min(3).regex(/^[^/\s]+\/\S/, "provider/model"),
  thinking: ThinkingLevelSchema,
  fallbacks: z.array(z.string()).optional(),
});

/**
 * A saved tier choice.
 *
 * @example
 * ```ts
 * const choice: TierChoice = { model: "openai/gpt-5.4-mini", thinking: "low" };
 * ```
 */
export type TierChoice = z.infer<typeof TierChoiceSchema>;

/**
 * Schema of the settings.json section `tiers`: `{ LOW?, MED?, HIGH? }`. Unknown keys are kept.
 *
 * @example
 * ```ts
 * // Import tiers from a team's shared config, then save each one.
 * const tiers = TiersSectionSchema.parse(sharedConfig.tiers);
 * for (const [tier, choice] of Object.entries(tiers)) if (choice) await registry.setTier(tier, choice);
 * ```
 */
export const TiersSectionSchema = z.looseObject({
  LOW: TierChoiceSchema.optional(),
  MED: TierChoiceSchema.optional(),
  HIGH: TierChoiceSchema.optional(),
});

/**
 * The `tiers` section.
 *
 * @example
 * ```ts
 * const section: TiersSection = {};
 * ```
 */
export type TiersSection = z.infer<typeof TiersSectionSchema>;

/**
 * Per-provider default tiers (the built-in table and plugin manifests share this shape).
 *
 * @example
 * ```ts
 * const defaults: ProviderTierDefaults = { LOW: { model: "qwen-flash", thinking: "off" } };
 * ```
 */
export type ProviderTierDefaults = Partial<Record<Tier, { readonly model: string; readonly thinking: z.infer<typeof ThinkingLevelSchema> }>>;
