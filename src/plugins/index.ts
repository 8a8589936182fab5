export {
  parsePluginManifest,
  type PluginManifestResult,
  type PluginProvider,
  type PluginModel,
  type PluginDefaultTier,
} from "./parse-plugin-manifest.js";
export {
  PluginManifestSchema,
  PluginProviderSchema,
  PluginModelSchema,
  PluginTiersSchema,
  PluginAuthSchema,
  PLUGIN_MANIFEST_VERSION,
} from "./plugin-manifest-schema.js";
export { createPluginManifests, type PluginManifests, type PluginEntry, type PluginGate } from "./plugin-manifests.js";
export { PluginStateSchema, PLUGIN_STATE_SECTION, isPluginEnabled, type PluginState } from "./plugin-state.js";
export { BUNDLED_AUTH_PLUGINS, type BundledPlugin } from "./bundled-auth-plugins.js";
export { createPluginsService, type PluginsApi, type PluginsService, type PluginsServiceDeps, type PluginInfo } from "./plugins-service.js";
