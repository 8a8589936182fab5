/**
 * models.json: parse (JSON5) with located per-provider diagnostics and secret refs, and comment-preserving edits.
 *
 * @example
 * ```ts
 * import { parseModelsJson, editModelsJson } from "model-provider-registry";
 * const { config, diagnostics } = parseModelsJson(text, { env: hostEnv });
 * ```
 *
 * @module
 */
export { parseModelsJson } from "./parse-models-json.js";
export type {
  ModelsJsonConfig,
  ProviderConfig,
  ModelConfig,
  ParseModelsJsonResult,
  ParseModelsJsonOptions,
} from "./models-json-config.js";
export { revealHeaders, type ConfigHeaders } from "./config-headers.js";
export { resolveSecretRef, type SecretRef, type SecretRefIssue } from "./secret-ref.js";
export { assumedDefaults, OPENCLAW_MODEL_DEFAULTS, type AssumedModelDefaults } from "./assumed-defaults.js";
export {
  editModelsJson,
  modelsJsonBackupKey,
  EMPTY_MODELS_JSON,
  type EditModelsJsonResult,
} from "./edit-models-json.js";
export { applyJsonEdits, type ModelsJsonEdit } from "./apply-json-edits.js";
export { formatDiagnostic } from "./format-diagnostic.js";
export { formatJsonPath } from "./json-path-text.js";
export type { JsonPath } from "./json5-scanner.js";
export type { ModelsConfigSnapshot, ConfigApi } from "./config-service.js";
