export { BUILTIN_PROVIDERS, getBuiltinProvider } from "../refs/builtin-providers.js";
export { CURATED_MODELS, type CuratedModel } from "./curated-models.js";
export {
  AllowlistSchema,
  ModelAliasesSchema,
  ModelOverrideSchema,
  ModelOverridesSchema,
  type ModelOverride,
  type ModelOverrides,
} from "./catalog-settings.js";
export { providerEnvStem, providerEnvNames, findEnvCredential } from "./provider-env.js";
export {
  buildCatalog,
  compareProviders,
  type BuildCatalogInput,
  type Catalog,
  type CatalogProvider,
  type ModelEntry,
  type ModelsConfigLike,
  type ModelsConfigProvider,
  type ModelsConfigModel,
} from "./build-catalog.js";
export { resolveLayers, resolveLayersLean, LAYER_ORDER, type LayerName, type ModelLayer, type FieldExplanation, type LayeredMetadata } from "./model-layers.js";
export { resolveFromCatalog, explainFromCatalog, type ResolveContext, type ExplanationCore } from "./resolve-from-catalog.js";
export type {
  ModelProblem,
  CredentialAvailability,
  ProviderSummary,
  ResolvedModel,
  ModelExplanation,
} from "./resolved-model.js";
export { loadBundledSnapshot } from "./load-snapshot.js";
export { onboardingChoices, type OnboardingChoice, type OnboardingMethod } from "./onboarding-choices.js";
export { SNAPSHOT_STAMP } from "./snapshot-data.js";
export { decodeSnapshotModel, encodeSnapshotModel, type SnapshotModel, type SnapshotRow, type SnapshotStamp } from "./snapshot-codec.js";
export { modelsDevModelToMetadata } from "./models-dev-to-metadata.js";
export {
  readModelsDevProviders,
  ModelsDevModelSchema,
  ModelsDevProviderSchema,
  ModelsDevFixtureSchema,
  type ModelsDevModel,
  type ModelsDevSource,
} from "./models-dev-schema.js";
export {
  APPLIED_CATALOG_KEY,
  AppliedCatalogSchema,
  AppliedCatalogModelSchema,
  type AppliedCatalog,
  type AppliedCatalogInput,
} from "./applied-catalog.js";
export type { CatalogApi } from "./catalog-api.js";
