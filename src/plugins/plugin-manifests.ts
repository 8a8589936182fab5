import { parsePluginManifest, type PluginManifestResult, type PluginProvider } from "./parse-plugin-manifest.js";

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
  const all = (): PluginManifestResult[] =>
    (results ??= options.plugins.map((pkg) => parsePluginManifest(pkg, { manifestKey: options.manifestKey })));
  return {
    results: all,
    providers: () => (providers ??= all().flatMap((r) => r.providers)),
  };
}
