import type { Diagnostic } from "../schema/diagnostic.js";
import { BUNDLED_AUTH_PLUGINS } from "./bundled-auth-plugins.js";
import { parsePluginManifest, type PluginManifestResult, type PluginProvider } from "./parse-plugin-manifest.js";
import { isPluginEnabled, type PluginState } from "./plugin-state.js";

/**
 * One plugin the registry knows: a bundled one (`source: "bundled"`, gating built-in providers) or a package with a
 * manifest (`source: "package"`, named by its package.json `name`), with the providers it contributes or gates.
 *
 * @example
 * ```ts
 * const entry: PluginEntry = { name: "sero-alibaba-plugin", enabledByDefault: true, source: "package",
 *   providers: ["alibaba-coding-plan"], diagnostics: [] };
 * ```
 */
export interface PluginEntry {
  name: string;
  enabledByDefault: boolean;
  source: "package" | "bundled";
  providers: readonly string[];
  diagnostics: readonly Diagnostic[];
}

/**
 * Which providers a plugin state switches off: provider id → the disabled plugin's name, and the ids of providers
 * gated by a bundled plugin (their built-in `legacy` flag stands for "needs the plugin", so an enabled plugin lifts it).
 *
 * @example
 * ```ts
 * const gate: PluginGate = manifests.gate({ enabled: [], disabled: [] });
 * gate.disabled.get("google-antigravity"); // "google-antigravity-auth"
 * ```
 */
export interface PluginGate {
  disabled: ReadonlyMap<string, string>;
  bundled: ReadonlySet<string>;
}

/**
 * The plugin manifests of one registry, parsed once on first use and shared by every service (catalog, config,
 * credentials, status, tiers), so they all see the same providers and a manifest's diagnostics are produced once.
 *
 * @example
 * ```ts
 * const manifests = createPluginManifests({ plugins: [pkg], manifestKey: "sero" });
 * manifests.providers().map((p) => p.id);
 * ```
 */
export interface PluginManifests {
  /** One result per package.json, in the order given. */
  results(): readonly PluginManifestResult[];
  /** Every provider of every manifest, in order (a later duplicate id is kept; consumers decide who wins). */
  providers(): readonly PluginProvider[];
  /** The bundled plugins, then every named package with a manifest (one entry per name), in order. */
  plugins(): readonly PluginEntry[];
  /** What a plugin state (settings.json `plugins`) switches off; the same state always yields the same object. */
  gate(state: PluginState): PluginGate;
}

/**
 * Create the {@link PluginManifests} of a registry. Nothing is parsed until a method is called.
 *
 * @example
 * ```ts
 * const manifests = createPluginManifests({ plugins: [], manifestKey: "modelRegistry" });
 * manifests.results(); // []
 * ```
 */
export function createPluginManifests(options: { plugins: readonly unknown[]; manifestKey: string }): PluginManifests {
  let results: PluginManifestResult[] | undefined;
  let providers: PluginProvider[] | undefined;
  let entries: PluginEntry[] | undefined;
  let lastGate: { key: string; gate: PluginGate } | undefined;
  const all = (): PluginManifestResult[] =>
    (results ??= options.plugins.map((pkg) => parsePluginManifest(pkg, { manifestKey: options.manifestKey })));

  function plugins(): PluginEntry[] {
    if (entries) return entries;
    const byName = new Map<string, PluginEntry>();
    for (const b of BUNDLED_AUTH_PLUGINS) {
      byName.set(b.name, { name: b.name, enabledByDefault: b.enabledByDefault, source: "bundled", providers: b.providers, diagnostics: [] });
    }
    all().forEach((result, i) => {
      const pkg = options.plugins[i];
      const declared = typeof pkg === "object" && pkg !== null && (pkg as Record<string, unknown>)[options.manifestKey] !== undefined;
      if (!declared || result.name === null) return;
      const ids = result.providers.map((p) => p.id);
      const seen = byName.get(result.name);
      // The same package found twice (two plugin dirs) is one plugin: enabling it enables both copies.
      if (seen) byName.set(result.name, { ...seen, providers: [...seen.providers, ...ids], diagnostics: [...seen.diagnostics, ...result.diagnostics] });
      else byName.set(result.name, { name: result.name, enabledByDefault: result.enabledByDefault, source: "package", providers: ids, diagnostics: result.diagnostics });
    });
    return (entries = [...byName.values()]);
  }

  function gate(state: PluginState): PluginGate {
    const key = JSON.stringify([state.enabled, state.disabled]);
    if (lastGate?.key === key) return lastGate.gate;
    const disabled = new Map<string, string>();
    const bundled = new Set<string>();
    // A provider id belongs to the first plugin that declares it (built-ins, then plugins in order), as in the catalog.
    const owner = new Map<string, { name: string | null; enabledByDefault: boolean }>();
    for (const b of BUNDLED_AUTH_PLUGINS) {
      for (const id of b.providers) {
        bundled.add(id);
        owner.set(id, b);
      }
    }
    for (const r of all()) for (const p of r.providers) if (!owner.has(p.id)) owner.set(p.id, r);
    for (const [id, plugin] of owner) {
      if (!isPluginEnabled(state, plugin.name, plugin.enabledByDefault)) disabled.set(id, plugin.name ?? "(unnamed package)");
    }
    const result = { disabled, bundled };
    lastGate = { key, gate: result };
    return result;
  }

  return {
    results: all,
    providers: () => (providers ??= all().flatMap((r) => r.providers)),
    plugins,
    gate,
  };
}
