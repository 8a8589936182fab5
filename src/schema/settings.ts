import * as z from "zod";

/**
 * Schema of `settings.json`: a JSON object whose sections belong to different parts of the registry. Unknown
 * sections are kept, so an older or newer version of the package never drops what another wrote.
 *
 * Sections: `allowlist`, `aliases`, `modelOverrides` (catalog), `tiers`, `reasoningOverrides` (thinking).
 * Each part validates its own section with its own schema.
 *
 * @example
 * ```ts
 * // A host that syncs settings.json between machines checks the downloaded copy before storing it.
 * const parsed = SettingsFileSchema.safeParse(JSON.parse(downloaded));
 * if (parsed.success) await storage.set("settings.json", downloaded);
 * else console.warn("sync: settings.json from the server does not match this version", parsed.error.issues);
 * ```
 */
export const SettingsFileSchema = z.looseObject({});

/**
 * Schema of `state.json`: machine-written state (probe results, cooldowns, usage), sections owned by parts of the
 * registry: `probes` (status), `cooldowns`, `usage`, `oauth` (credentials).
 *
 * @example
 * ```ts
 * const state = await readJson(storage, "state.json", StateFileSchema, {});
 * ```
 */
export const StateFileSchema = z.looseObject({});

/**
 * Contents of settings.json or state.json: an object of sections.
 *
 * @example
 * ```ts
 * const doc: SectionedDocument = { tiers: {} };
 * ```
 */
export type SectionedDocument = z.infer<typeof SettingsFileSchema>;
