export { RegistryError, isRegistryError, type RegistryErrorOptions } from "./registry-error.js";
export { ConfigError, type ConfigErrorOptions } from "./config-error.js";
export { ProviderCallError, type ProviderCallErrorOptions } from "./provider-call-error.js";
export { REGISTRY_ERROR_CODES, type RegistryErrorCode } from "./error-codes.js";
export { ERROR_KINDS, type ErrorKind, type ErrorScope, type FailoverAction } from "../schema/error-kind.js";
export {
  classifyError,
  createErrorClassifier,
  errorFacts,
  isRateLimitClass,
  isTransient,
  DEFAULT_ACTIONS,
  DEFAULT_SCOPES,
  type ErrorClassification,
  type ErrorFacts,
  type ErrorRule,
  type ClassifyErrorOptions,
} from "./classify-error.js";
export { parseDurationMs, retryAfterFromHeaders, retryAfterFromBody, retryAfterFromMessage, headerLookup } from "./retry-after.js";
