import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import * as z from "zod";
import type { ConfigError } from "../errors/config-error.js";
import type { RegistryError } from "../errors/registry-error.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { ModelMetadataSchema } from "../schema/model-metadata.js";
import { damageDetail, damagedDocumentRecovery } from "../storage/damaged-document.js";
import type { ModelProblem } from "./resolved-model.js";

/**
 * Schema of the `allowlist` section of settings.json: model refs (`provider/model`, or `provider/*` for a whole
 * provider). Empty means every model is allowed.
 *
 * @example
 * ```ts
 * AllowlistSchema.parse(["openai/gpt-5", "ollama/*"]);
 * ```
 */
export const AllowlistSchema = z.array(z.string().min(1));

/**
 * Schema of the `aliases` section of settings.json: alias → model ref. Aliases are matched case-insensitively.
 *
 * @example
 * ```ts
 * ModelAliasesSchema.parse({ sonnet: "anthropic/claude-sonnet-4-5" });
 * ```
 */
export const ModelAliasesSchema = z.record(z.string().min(1), z.string().min(1));

/**
 * One settings override: a partial {@link ModelMetadataSchema} patch; `cost` may itself be partial. Deep-merged
 * over every other layer (it is the highest one).
 *
 * @example
 * ```ts
 * // Validate an override from a settings form, then save it.
 * const patch = ModelOverrideSchema.parse({ contextWindow: Number(form.contextWindow) });
 * await registry.setModelOverride("openai/gpt-5", patch);
 * ```
 */
export const ModelOverrideSchema = ModelMetadataSchema.extend({
  cost: ModelMetadataSchema.shape.cost.unwrap().partial().nullable(),
}).partial();

/**
 * A settings override patch.
 *
 * @example
 * ```ts
 * const patch: ModelOverride = { tools: true };
 * ```
 */
export type ModelOverride = z.infer<typeof ModelOverrideSchema>;

/**
 * Schema of the `modelOverrides` section of settings.json: `provider/model` → patch.
 *
 * @example
 * ```ts
 * ModelOverridesSchema.parse({ "openai/gpt-5": { maxOutputTokens: 64000 } });
 * ```
 */
export const ModelOverridesSchema = z.record(z.string().min(1), ModelOverrideSchema);

/**
 * The `modelOverrides` section.
 *
 * @example
 * ```ts
 * const overrides: ModelOverrides = { "openai/gpt-5": { json: true } };
 * ```
 */
export type ModelOverrides = z.infer<typeof ModelOverridesSchema>;

/**
 * The catalog's sections of settings.json with their schemas and what each reads as when absent or damaged.
 *
 * @example
 * ```ts
 * const { values, damage } = await readSections(storage, "settings.json", CATALOG_SETTINGS_SECTIONS);
 * ```
 */
export const CATALOG_SETTINGS_SECTIONS = {
  allowlist: { schema: AllowlistSchema, fallback: [] as string[] },
  aliases: { schema: ModelAliasesSchema, fallback: {} as Record<string, string> },
  modelOverrides: { schema: ModelOverridesSchema, fallback: {} as ModelOverrides },
};

/**
 * The problem `resolveModel()` and `explain()` carry while settings.json is damaged: the answer was given without
 * its allowlist, aliases and overrides. `offered` is not changed by it (the damage is the file's, not the model's).
 *
 * @example
 * ```ts
 * if (damage) resolved.problems.push(settingsUnreadableProblem(damage));
 * ```
 */
export function settingsUnreadableProblem(damage: RegistryError): ModelProblem {
  return {
    code: "settings_unreadable",
    message: `settings.json ${damageDetail(damage)}, so this answer ignores its allowlist, aliases and model overrides.`,
    recovery: damage.recovery ?? damagedDocumentRecovery(SETTINGS_JSON_KEY),
  };
}

/**
 * The catalog diagnostic for a damaged settings.json (`getCatalogDiagnostics()`, `explain().diagnostics`).
 *
 * @example
 * ```ts
 * diagnostics.push(settingsUnreadableDiagnostic(damage));
 * ```
 */
export function settingsUnreadableDiagnostic(damage: RegistryError): Diagnostic {
  const problem = settingsUnreadableProblem(damage);
  const at = (damage as Partial<ConfigError>).diagnostics?.[0];
  return {
    severity: "error",
    code: "settings_unreadable",
    path: at?.path ?? [],
    line: at?.line ?? null,
    column: at?.column ?? null,
    message: problem.message,
    hint: problem.recovery,
    source: SETTINGS_JSON_KEY,
  };
}
