import type { z } from "zod";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { RegistryError } from "../errors/registry-error.js";
import type { Storage } from "../ports.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import { suggestSimilarIds } from "../refs/suggest-similar-ids.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import type { EmitEvent } from "../schema/registry-events.js";
import { readSections, updateSection } from "../storage/sections.js";
import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import type { PluginEntry, PluginManifests } from "./plugin-manifests.js";
import { isPluginEnabled, PLUGIN_STATE_SECTION, PluginStateSchema, type PluginState } from "./plugin-state.js";

/**
 * One plugin as `registry.plugins.list()` shows it: whether it is enabled now (the user's explicit choice, else
 * `enabledByDefault`), where it comes from, the provider ids it contributes (package) or gates (bundled), and the
 * diagnostics of its manifest.
 *
 * @example
 * ```ts
 * for (const p of await registry.plugins.list()) {
 *   settingsPage.addToggle({ label: p.name, on: p.enabled, hint: p.providers.join(", "), onChange: (on) =>
 *     on ? registry.plugins.enable(p.name) : registry.plugins.disable(p.name) });
 * }
 * ```
 */
export interface PluginInfo {
  name: string;
  enabled: boolean;
  enabledByDefault: boolean;
  source: "package" | "bundled";
  providers: string[];
  diagnostics: Diagnostic[];
}

/**
 * `registry.plugins`: list the plugins and switch them on or off. The choice is stored in settings.json
 * (`plugins: { enabled, disabled }`), so it holds for every registry on the same storage.
 *
 * @example
 * ```ts
 * await registry.plugins.enable("google-antigravity-auth");
 * await registry.loginOAuth("google-antigravity"); // through the host's registerOAuthProvider object
 * ```
 */
export interface PluginsApi {
  /**
   * Every plugin: the bundled auth plugins, then each named package with a manifest.
   *
   * @example
   * ```ts
   * const off = (await registry.plugins.list()).filter((p) => !p.enabled).map((p) => p.name);
   * ```
   */
  list(): Promise<PluginInfo[]>;
  /**
   * Enable a plugin by name (package.json `name`, or a bundled plugin's name); its providers are offered again.
   * An unknown name throws `unknown_plugin` with the closest names.
   *
   * @example
   * ```ts
   * await registry.plugins.enable("qwen-portal-auth");
   * ```
   */
  enable(name: string): Promise<PluginInfo>;
  /**
   * Disable a plugin by name: its providers are left out of `listProviders()` and their models are not offered;
   * saved choices still resolve, with a `plugin_disabled` problem.
   *
   * @example
   * ```ts
   * await registry.plugins.disable("sero-alibaba-plugin");
   * ```
   */
  disable(name: string): Promise<PluginInfo>;
}

/**
 * The plugins service: {@link PluginsApi} plus the check the facade runs before a sign-in.
 *
 * @example
 * ```ts
 * const plugins = createPluginsService({ storage, emit, manifests, guard: SETTINGS_SECTION_SCHEMAS });
 * await plugins.checkLogin("qwen-portal"); // throws plugin_disabled until qwen-portal-auth is enabled
 * ```
 */
export interface PluginsService extends PluginsApi {
  /** Throws `plugin_disabled` when the provider belongs to a disabled plugin; anything else passes (the login decides). */
  checkLogin(providerId: unknown): Promise<void>;
}

/**
 * What the plugins service needs: storage (settings.json), `emit` (a `config-change` drops the catalog's cache), the
 * registry's manifests, and every settings.json section schema (a write refuses while another section is damaged).
 *
 * @example
 * ```ts
 * const deps: PluginsServiceDeps = { storage, emit, manifests, guard: SETTINGS_SECTION_SCHEMAS };
 * ```
 */
export interface PluginsServiceDeps {
  storage: Storage;
  emit: EmitEvent;
  manifests: PluginManifests;
  guard: Readonly<Record<string, z.ZodType>>;
}

/**
 * Build the {@link PluginsService}. Nothing is read until a method is called.
 *
 * @example
 * ```ts
 * const plugins = createPluginsService({ storage, emit, manifests, guard: SETTINGS_SECTION_SCHEMAS });
 * (await plugins.list()).map((p) => `${p.name}: ${p.enabled ? "on" : "off"}`);
 * ```
 */
export function createPluginsService(ctx: PluginsServiceDeps): PluginsService {
  const info = (entry: PluginEntry, state: PluginState): PluginInfo => ({
    name: entry.name,
    enabled: isPluginEnabled(state, entry.name, entry.enabledByDefault),
    enabledByDefault: entry.enabledByDefault,
    source: entry.source,
    providers: [...entry.providers],
    diagnostics: [...entry.diagnostics],
  });

  // A damaged settings.json reads as "no explicit choice" here; the catalog reports the damage, and writes refuse.
  async function readState(): Promise<PluginState> {
    return (await readSections(ctx.storage, SETTINGS_JSON_KEY, { plugins: PLUGIN_STATE_SECTION })).values.plugins;
  }

  function find(method: "enable" | "disable", name: unknown): PluginEntry {
    checkArgument(`plugins.${method}`, "name", ARG.string, name);
    const entries = ctx.manifests.plugins();
    const wanted = (name as string).trim();
    const entry = entries.find((e) => e.name === wanted) ?? entries.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
    if (entry) return entry;
    const names = entries.map((e) => e.name);
    const [best] = suggestSimilarIds(wanted, names);
    throw new RegistryError({
      code: "unknown_plugin",
      message: `Expected the name of a plugin (a bundled one or a package.json "name" with a manifest), found ${JSON.stringify(wanted)}.`,
      recovery: `${best ? `Did you mean "${best}"? ` : ""}registry.plugins.list() shows the known plugins: ${names.join(", ") || "none"}.`,
    });
  }

  async function choose(method: "enable" | "disable", name: string): Promise<PluginInfo> {
    const entry = find(method, name);
    // An explicit choice is stored even when it equals the default: a later version flipping its default must not
    // undo what the user asked for.
    const written = await updateSection(
      ctx.storage,
      SETTINGS_JSON_KEY,
      "plugins",
      PluginStateSchema,
      PLUGIN_STATE_SECTION.fallback,
      (current) => {
        const enabled = current.enabled.filter((n) => n !== entry.name);
        const disabled = current.disabled.filter((n) => n !== entry.name);
        (method === "enable" ? enabled : disabled).push(entry.name);
        return { ...current, enabled, disabled };
      },
      { guard: ctx.guard },
    );
    ctx.emit("config-change", { key: SETTINGS_JSON_KEY });
    return info(entry, written);
  }

  return {
    async list() {
      const state = await readState();
      return ctx.manifests.plugins().map((e) => info(e, state));
    },
    enable: (name) => choose("enable", name),
    disable: (name) => choose("disable", name),
    async checkLogin(providerId) {
      if (typeof providerId !== "string" || providerId.trim() === "") return;
      const gate = ctx.manifests.gate(await readState());
      const plugin = gate.disabled.get(normalizeProviderId(providerId));
      if (plugin === undefined) return;
      throw new RegistryError({
        code: "plugin_disabled",
        message: `Expected the plugin "${plugin}" to be enabled before signing in to "${normalizeProviderId(providerId)}", found it disabled.`,
        recovery: `Enable it with registry.plugins.enable("${plugin}"), then sign in again (the login uses the OAuth provider registered with registerOAuthProvider).`,
      });
    },
  };
}
