import * as z from "zod";

/**
 * Schema of the `plugins` section of settings.json: the plugins (package.json `name`, or a bundled plugin's name) the
 * user explicitly enabled or disabled. An explicit choice overrides the plugin's `enabledByDefault`; a plugin in
 * neither list follows its default, so a plugin that changes its default in a new version still does what the user
 * last asked for.
 *
 * @example
 * ```ts
 * PluginStateSchema.parse({ enabled: ["google-antigravity-auth"], disabled: ["sero-alibaba-plugin"] });
 * ```
 */
export const PluginStateSchema = z.looseObject({
  enabled: z.array(z.string().min(1)).default([]),
  disabled: z.array(z.string().min(1)).default([]),
});

/**
 * The `plugins` section of settings.json.
 *
 * @example
 * ```ts
 * const state: PluginState = { enabled: ["qwen-portal-auth"], disabled: [] };
 * ```
 */
export type PluginState = z.output<typeof PluginStateSchema>;

/**
 * The `plugins` section as a reader asks for it (`readSections`): an absent or damaged section reads as "no
 * explicit choice", so every plugin follows its default.
 *
 * @example
 * ```ts
 * const { values } = await readSections(storage, "settings.json", { plugins: PLUGIN_STATE_SECTION });
 * ```
 */
export const PLUGIN_STATE_SECTION = { schema: PluginStateSchema, fallback: { enabled: [], disabled: [] } as PluginState };

/**
 * Whether a plugin is enabled: the user's explicit choice when there is one, else its `enabledByDefault`. A plugin
 * without a name cannot be chosen, so it always follows its default.
 *
 * @example
 * ```ts
 * isPluginEnabled({ enabled: ["qwen-portal-auth"], disabled: [] }, "qwen-portal-auth", false); // true
 * ```
 */
export function isPluginEnabled(state: PluginState, name: string | null, enabledByDefault: boolean): boolean {
  if (name === null) return enabledByDefault;
  if (state.disabled.includes(name)) return false;
  if (state.enabled.includes(name)) return true;
  return enabledByDefault;
}
