export { Secret } from "../schema/secret.js";
export { resolveEnvApiKeys, envStemFor, envKeyNames, primaryEnvNames, type EnvApiKey, type ResolveEnvApiKeysOptions } from "./env-keys.js";
export { withKeyRotation, type RotationKey, type KeyInfo, type RetryEvent, type KeyRotationOptions } from "./key-rotation.js";
export { planAttempts, poolOrder, PoolStrategySchema, type PoolCandidate, type PoolStrategy } from "./credential-pool.js";
export { checkRunOptions, type CheckedRunOptions } from "./run-options-check.js";
export { cooldownFor, applyFailure, activeEntries, coolingUntil, COOLDOWN_STEPS_MS, BILLING_BACKOFF } from "./cooldown-policy.js";
export { stableHash, fingerprint } from "./stable-hash.js";
export { AuthFileSchema, StoredCredentialSchema, AUTH_FILE_KEY, type AuthFile, type StoredCredential } from "./auth-file.js";
export {
  CooldownEntrySchema,
  CredentialCooldownSchema,
  CooldownsSectionSchema,
  UsageEntrySchema,
  UsageSectionSchema,
  OAuthStateEntrySchema,
  OAuthSectionSchema,
  type CooldownEntry,
  type CredentialCooldown,
  type CooldownsSection,
  type UsageEntry,
  type UsageSection,
  type OAuthSection,
  type OAuthStateEntry,
} from "../schema/credential-state.js";
export { createCredentialStore, credentialValue, type CredentialStore, type SetCredentialOptions } from "./credential-store.js";
export { recoveryFor, type CredentialOrigin } from "./failure-recovery.js";
export {
  OAUTH_EXPIRY_SKEW_MS,
  isOAuthExpired,
  isTerminalRefreshError,
  type OAuthProvider,
  type OAuthCredentialInput,
  type OAuthRefreshInput,
} from "./oauth-credential.js";
export { refreshOAuthCredential, type OAuthRefreshDeps } from "./oauth-refresh.js";
export { parseAuthFile } from "./auth-file.js";
export type { CredentialSummary, CredentialStatus, ActiveCredential } from "./credential-summary.js";
export type { RunAttemptContext, RunOptions } from "./run-options.js";
export type { CredentialsApi } from "./credentials-api.js";
export { OAuthError } from "./oauth-error.js";
export { requestToken, refreshTokenGrant, type TokenEndpointOptions } from "./oauth-token-endpoint.js";
export { pkceChallenge, createPkcePair, createOAuthState, buildAuthorizationUrl, parseAuthorizationInput, exchangeAuthorizationCode } from "./oauth-pkce.js";
export { startDeviceCodeFlow, type DeviceCodeOptions, type DeviceCodeSession } from "./oauth-device-code.js";
export { loadCandidates, readCredentialState, type CredentialCandidate, type CredentialSource, type CredentialState } from "./credential-candidates.js";
export { createUsageRecorder, type UsageRecorder } from "./credential-usage.js";
export { loadCredentialState, isUnreadableState, type LoadedCredentialState } from "./credential-state-read.js";
export { STATE_JSON_KEY as STATE_FILE_KEY } from "../storage/storage-keys.js";
