/**
 * model-provider-registry: which LLM providers can I use right now, with which credentials, which models and
 * thinking levels — and what exactly is wrong when something is broken.
 *
 * The core is pure (Web APIs only); Node helpers live in `model-provider-registry/node`.
 *
 * This file is the public surface of ".": an explicit list (no `export *`), so an area can export helpers for
 * in-package use without them becoming API. `test/contract/public-api.test.ts` holds it to the DESIGN contract and
 * to at most 150 runtime names.
 *
 * @example
 * ```ts
 * import { createRegistry } from "model-provider-registry";
 * const registry = createRegistry({ env: hostEnv });
 * for (const report of await registry.getStatus()) console.log(report.providerId, report.status);
 * ```
 *
 * @module
 */

// The facade: one registry per host, with its options and events.
export { createRegistry } from "./registry/index.js";
export type { Registry, RegistryOptions, RegistryEventMap, RegistryEventName, RegistryListener } from "./registry/index.js";

// Ports: what a host injects (storage, env, clock, fetch, logger).
export type { Storage, Env, Clock, FetchPort, Logger } from "./ports.js";

// Errors: the error classes, the guard, and error classification for hosts' own calls.
export {
  RegistryError,
  ConfigError,
  ProviderCallError,
  isRegistryError,
  REGISTRY_ERROR_CODES,
  ERROR_KINDS,
  classifyError,
  createErrorClassifier,
  errorFacts,
  isRateLimitClass,
  isTransient,
} from "./errors/index.js";
export type {
  RegistryErrorCode,
  RegistryErrorOptions,
  ConfigErrorOptions,
  ProviderCallErrorOptions,
  ErrorKind,
  ErrorScope,
  FailoverAction,
  ErrorClassification,
  ClassifyErrorOptions,
  ErrorFacts,
  ErrorRule,
} from "./errors/index.js";

// Schemas: the zod source of truth for models.json, settings.json and discovered models (plus the JSON Schema).
export {
  ModelsJsonSchema,
  ProviderConfigInputSchema,
  ModelConfigSchema,
  SettingsFileSchema,
  DiagnosticSchema,
  DiscoveredModelSchema,
  ModelMetadataSchema,
  ApiKindSchema,
  SetupMethodSchema,
  modelsJsonJsonSchema,
} from "./schema/index.js";
export type {
  ApiKind,
  AuthMethod,
  Diagnostic,
  DiscoveredCache,
  DiscoveredModel,
  DiscoveryKind,
  ModelMetadata,
  ModelsJsonInput,
  Provenance,
  ProviderConfigInput,
  ProviderDefinition,
  ProviderDefinitionInput,
  SetupAsk,
  SetupMethod,
  SetupMethodKind,
} from "./schema/index.js";

// Storage: the in-memory default and the browser's Web Storage (files live in "./node", Redis in "./redis").
export { createMemoryStorage, createWebStorage } from "./storage/index.js";
export type { WebStorage, WebStorageLike, WebLocksLike, WebStorageOptions } from "./storage/index.js";

// models.json: parse with diagnostics, edit preserving comments.
export { parseModelsJson, editModelsJson, formatDiagnostic, assumedDefaults, modelsJsonBackupKey, revealHeaders } from "./config/index.js";
export type {
  AssumedModelDefaults,
  ConfigHeaders,
  EditModelsJsonResult,
  JsonPath,
  ModelConfig,
  ModelsConfigSnapshot,
  ModelsJsonConfig,
  ModelsJsonEdit,
  ParseModelsJsonOptions,
  ParseModelsJsonResult,
  ProviderConfig,
  SecretRef,
  SecretRefIssue,
} from "./config/index.js";

// Catalog: built-in providers, the bundled snapshot, and resolving a model without a registry.
export {
  BUILTIN_PROVIDERS,
  getBuiltinProvider,
  providerEnvNames,
  providerEnvStem,
  findEnvCredential,
  buildCatalog,
  resolveFromCatalog,
  explainFromCatalog,
  loadBundledSnapshot,
  SNAPSHOT_STAMP,
  readModelsDevProviders,
  AppliedCatalogSchema,
  ModelOverrideSchema,
} from "./catalog/index.js";
export type {
  AppliedCatalog,
  BuildCatalogInput,
  Catalog,
  CatalogProvider,
  CredentialAvailability,
  ExplanationCore,
  FieldExplanation,
  LayerName,
  ModelEntry,
  ModelExplanation,
  ModelOverride,
  ModelOverrides,
  ModelsConfigLike,
  ModelsDevSource,
  ModelProblem,
  OnboardingChoice,
  OnboardingMethod,
  ProviderSummary,
  ResolveContext,
  ResolvedModel,
  SnapshotModel,
  SnapshotStamp,
} from "./catalog/index.js";

// Model refs: `provider/model`, provider aliases, allowlists, suggestions.
export {
  parseModelRef,
  formatModelRef,
  normalizeProviderId,
  splitAuthProfile,
  isAllowlisted,
  compileAllowlist,
  suggestSimilarIds,
} from "./refs/index.js";
export type { ModelRef, SuggestSimilarIdsOptions } from "./refs/index.js";

// Plugins: provider manifests in package.json.
export { parsePluginManifest, PluginManifestSchema } from "./plugins/index.js";
export type { PluginManifestResult, PluginProvider, PluginModel, PluginDefaultTier, PluginInfo, PluginsApi } from "./plugins/index.js";

// Credentials: Secret, env keys, key rotation, stored state, and the generic OAuth helpers.
export {
  Secret,
  OAuthError,
  resolveEnvApiKeys,
  envKeyNames,
  primaryEnvNames,
  withKeyRotation,
  PoolStrategySchema,
  loadCredentialState,
  startDeviceCodeFlow,
  createPkcePair,
  pkceChallenge,
  createOAuthState,
  buildAuthorizationUrl,
  parseAuthorizationInput,
  exchangeAuthorizationCode,
  refreshTokenGrant,
  requestToken,
} from "./credentials/index.js";
export type {
  CredentialSource,
  CredentialStatus,
  CredentialSummary,
  CredentialState,
  LoadedCredentialState,
  StoredCredential,
  SetCredentialOptions,
  OAuthCredentialInput,
  OAuthProvider,
  DeviceCodeOptions,
  DeviceCodeSession,
  TokenEndpointOptions,
  EnvApiKey,
  ResolveEnvApiKeysOptions,
  RotationKey,
  KeyInfo,
  KeyRotationOptions,
  RetryEvent,
  PoolStrategy,
  RunOptions,
  RunAttemptContext,
} from "./credentials/index.js";

// Status: provider statuses, problems with recovery steps, summaries.
export { PROVIDER_STATUSES, PROBLEM_CODES, PROBLEM_CATALOGUE, classifyProviderStatus, summarizeStatus } from "./status/index.js";
export type {
  ProviderStatus,
  ProviderStatusReport,
  ProviderStatusClassification,
  ClassifyProviderStatusInput,
  GetStatusOptions,
  StatusSummary,
  StatusCredential,
  StatusProbe,
  StatusProblem,
  ProblemCode,
  ProblemParams,
  LastCheck,
  CheckOptions,
  CheckResult,
  KeyVerification,
  LocalPreset,
  LocalProviderInput,
  LocalProviderPatch,
  LocalTestResult,
  LocalDetectOptions,
  DetectedServer,
  DetectablePreset,
  FetchModelsResult,
  CustomModel,
  CustomModelInput,
  DoctorReport,
  DoctorProblem,
  DoctorFix,
} from "./status/index.js";

// Discovery: one call for every listing dialect.
export { discoverModels } from "./discovery/index.js";
export type { DiscoveryRequest, DiscoveryResult, DiscoveryCallOptions, FullDiscoveredModel } from "./discovery/index.js";

// Reasoning: the thinking ladder, reasoning descriptors, wire fields, tiers.
export {
  THINKING_LEVELS,
  THINKING_LEVEL_ALIASES,
  TIERS,
  isThinkingLevel,
  normalizeThinkingLevel,
  reasoningDescriptor,
  resolveThinkingLevel,
  thinkingParams,
  planThinking,
  toReasoningModel,
  TiersSectionSchema,
  MODEL_ROLES,
} from "./reasoning/index.js";
export type {
  ThinkingLevel,
  ThinkingLevelsInfo,
  ThinkingResolution,
  ThinkingParamsOptions,
  ThinkingPlan,
  ReasoningDescriptor,
  ReasoningDescriptorOptions,
  ReasoningInput,
  ReasoningKind,
  ReasoningModel,
  ReasoningOverride,
  ReasoningProblem,
  ReasoningSource,
  WireDialect,
  Tier,
  TierChoice,
  TierSource,
  TierView,
  TierWarning,
  TiersSection,
  ResolvedTier,
  SetTierResult,
  ModelRole,
  RolesApi,
} from "./reasoning/index.js";

// Calls: stream() and complete() over every supported wire format (the code loads on the first call).
export type {
  ChatRequest,
  ChatMessage,
  Part,
  TextPart,
  ImagePart,
  ToolCallPart,
  ToolResultPart,
  ThinkingPart,
  ToolDefinition,
  ToolChoice,
  StreamEvent,
  Usage,
  StopReason,
  AssistantMessage,
  CallThinking,
  CallAttempt,
  CompleteResult,
  CallTarget,
  CallsApi,
} from "./calls/index.js";

// Refresh: review-first catalog updates (registry.refresh/saveReview/listReviews/applyReview) and the pure diff.
export { diffCatalog } from "./refresh/index.js";
export type {
  DiffCatalogOptions,
  CatalogEntry,
  CatalogDiff,
  ReviewModel,
  ChangedField,
  ReviewSource,
  RefreshReview,
  RefreshSource,
  RefreshOptions,
  ApplyReviewOptions,
  ReviewSelectItem,
  ApplyReviewResult,
  RefreshApi,
} from "./refresh/index.js";

// Redaction: scrub keys from anything a host logs or shows.
export { REDACTED, redactText, redactUrl, redactHeaders, redactValue, redactError, containsSecret, createRedactor } from "./transport/index.js";
export type { RedactOptions, Redactor } from "./transport/index.js";
