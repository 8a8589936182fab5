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
