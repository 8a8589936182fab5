export { DiagnosticSchema, type Diagnostic } from "./diagnostic.js";
export { ProvenanceSchema, type Provenance } from "./provenance.js";
export { ApiKindSchema, type ApiKind } from "./api-kind.js";
export {
  ModelMetadataSchema,
  ModelCostSchema,
  ThinkingLevelSchema,
  MODEL_METADATA_FIELDS,
  UNKNOWN_MODEL_METADATA,
  type ModelMetadata,
} from "./model-metadata.js";
export {
  ProviderDefinitionSchema,
  AuthMethodSchema,
  DiscoveryKindSchema,
  type ProviderDefinition,
  type ProviderDefinitionInput,
  type AuthMethod,
  type DiscoveryKind,
} from "./provider-definition.js";
export {
  SetupMethodSchema,
  SetupMethodKindSchema,
  SetupAskSchema,
  type SetupMethod,
  type SetupMethodKind,
  type SetupAsk,
} from "./setup-method.js";
export { SettingsFileSchema, StateFileSchema, type SectionedDocument } from "./settings.js";
export {
  DiscoveredModelSchema,
  DiscoveredCacheSchema,
  type DiscoveredModel,
  type DiscoveredCache,
} from "./discovered.js";
export {
  ModelsJsonSchema,
  ProviderConfigInputSchema,
  ModelConfigSchema,
  ModelCostConfigSchema,
  ModelInputModalitySchema,
  SecretRefInputSchema,
  modelsJsonJsonSchema,
  type ModelsJsonInput,
  type ProviderConfigInput,
} from "./models-json.js";
