import * as z from "zod";
import { RegistryError } from "../errors/registry-error.js";
import type { Storage } from "../ports.js";
import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import { readSection, updateSection } from "../storage/sections.js";
import type { EmitEvent } from "../schema/registry-events.js";

/**
 * The model roles Fased names: the `primary` model, the `fallback` used when it fails, and a cheaper `task` model for
 * side jobs (titles, summaries).
 *
 * @example
 * ```ts
 * for (const role of MODEL_ROLES) console.log(role, (await registry.getRoles())[role]);
 * ```
 */
export const MODEL_ROLES = ["primary", "fallback", "task"] as const;

/**
 * One of {@link MODEL_ROLES}.
 *
 * @example
 * ```ts
 * const role: ModelRole = "task";
 * ```
 */
export type ModelRole = (typeof MODEL_ROLES)[number];

/**
 * The `roles` section of settings.json: a canonical model ref per role.
 *
 * @example
 * ```ts
 * RolesSectionSchema.parse({ primary: "anthropic/claude-sonnet-4-5", task: "openai/gpt-5-mini" });
 * ```
 */
export const RolesSectionSchema = z.object({
  primary: z.string().min(1).optional(),
  fallback: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
});

/**
 * The saved roles (absent = not set).
 *
 * @example
 * ```ts
 * const roles: RolesSection = { primary: "openai/gpt-5" };
 * ```
 */
export type RolesSection = z.infer<typeof RolesSectionSchema>;

/**
 * Model roles (`primary | fallback | task`), stored in settings.json. A role is a call target too:
 * `stream("primary", request)` tries the primary model, then the fallback role.
 *
 * @example
 * ```ts
 * await registry.setRole("task", "openai/gpt-5-mini");
 * const { primary, fallback, task } = await registry.getRoles();
 * ```
 */
export interface RolesApi {
  /**
   * The saved role refs; `null` for a role that is not set.
   *
   * @example
   * ```ts
   * const roles = await registry.getRoles();
   * if (roles.primary === null) showOnboarding();
   * ```
   */
  getRoles(): Promise<Record<ModelRole, string | null>>;
  /**
   * Save the model of a role as a canonical ref (`z.ai/glm-4.7` is saved as `zai/glm-4.7`); `null` clears it.
   * Returns what was saved and warnings (a model the catalog does not know is saved, with a warning).
   *
   * @example
   * ```ts
   * const { ref, warnings } = await registry.setRole("primary", "z.ai/glm-4.7");
   * ```
   */
  setRole(role: ModelRole | string, ref: string | null): Promise<{ role: ModelRole; ref: string | null; warnings: Array<{ code: string; message: string; recovery: string }> }>;
  /**
   * A role for use: its ref and what is wrong with it, as for tiers — a model the last refresh no longer found still
   * resolves (warning `model_source_missing`, still usable); an unknown model, a provider without credentials or a
   * disabled plugin make it unusable, with the warning saying why. `null` ref when the role is not set.
   *
   * @example
   * ```ts
   * const { ref, usable, warnings } = await registry.resolveRole("primary");
   * for (const w of warnings) banner.warn(`${w.message} ${w.recovery}`);
   * ```
   */
  resolveRole(role: ModelRole | string): Promise<{ role: ModelRole; ref: string | null; usable: boolean; warnings: Array<{ code: string; message: string; recovery: string }> }>;
}

/**
 * Build {@link RolesApi} over settings.json, with the lookups tiers use (canonical refs, catalog knowledge).
 *
 * @example
 * ```ts
 * const roles = createRolesApi({ storage, emit, guard: SETTINGS_SECTION_SCHEMAS, canonicalRef, isKnown });
 * ```
 */
export function createRolesApi(ctx: {
  storage: Storage;
  emit: EmitEvent;
  guard: Readonly<Record<string, z.ZodType>>;
  canonicalRef(text: string): Promise<{ provider: string; model: string }>;
  isKnown(provider: string, model: string): Promise<boolean>;
  /** Why a model cannot be used now (the same warnings a tier on it gets). */
  warningsFor(provider: string, model: string): Promise<Array<{ code: string; message: string; recovery: string }>>;
}): RolesApi {
  const api: RolesApi = {
    async getRoles() {
      // A damaged settings.json is an error here (as for tiers): a call must not silently use another model.
      const roles = await readSection(ctx.storage, SETTINGS_JSON_KEY, "roles", RolesSectionSchema, {});
      return { primary: roles.primary ?? null, fallback: roles.fallback ?? null, task: roles.task ?? null };
    },
    async setRole(roleInput, refText) {
      const role = parseRole(roleInput);
      const warnings: Array<{ code: string; message: string; recovery: string }> = [];
      let ref: string | null = null;
      if (refText !== null) {
        const parsed = await ctx.canonicalRef(refText);
        ref = `${parsed.provider}/${parsed.model}`;
        if (!(await ctx.isKnown(parsed.provider, parsed.model))) {
          warnings.push({
            code: "model_unknown",
            message: `${ref} is not known to the catalog; it was saved as the ${role} model, but may not be callable.`,
            recovery: "Check the model id, fetch the provider's models, or add it to models.json.",
          });
        }
      }
      await updateSection(ctx.storage, SETTINGS_JSON_KEY, "roles", RolesSectionSchema, {}, (current) => {
        const next = { ...current };
        if (ref === null) delete next[role];
        else next[role] = ref;
        return next;
      }, { guard: ctx.guard });
      ctx.emit("config-change", { key: SETTINGS_JSON_KEY });
      return { role, ref, warnings };
    },
    async resolveRole(roleInput) {
      const role = parseRole(roleInput);
      const ref = (await api.getRoles())[role];
      if (ref === null) return { role, ref, usable: false, warnings: [] };
      const slash = ref.indexOf("/");
      const warnings = await ctx.warningsFor(ref.slice(0, slash), ref.slice(slash + 1));
      // As for tiers: a model dropped by the last refresh still resolves for saved choices; it only warns.
      return { role, ref, usable: !warnings.some((w) => w.code !== "model_source_missing"), warnings };
    },
  };
  return api;
}

/**
 * Read a role name (case-insensitive), or throw `invalid_role`.
 *
 * @example
 * ```ts
 * parseRole("Primary"); // "primary"
 * ```
 */
export function parseRole(input: unknown): ModelRole {
  const role = typeof input === "string" ? input.trim().toLowerCase() : input;
  if ((MODEL_ROLES as readonly unknown[]).includes(role)) return role as ModelRole;
  throw new RegistryError({
    code: "invalid_role",
    message: `Expected a model role (${MODEL_ROLES.join(", ")}), found ${JSON.stringify(input)}.`,
    recovery: `Use one of ${MODEL_ROLES.join(", ")}.`,
  });
}
