import type { ErrorKind } from "./index.js";

/**
 * Every `code` a {@link RegistryError} the package raises can carry, besides the {@link ErrorKind}s a
 * `ProviderCallError` uses as its code when it is given none. Typing the constructors with {@link RegistryErrorCode}
 * makes an unlisted code a compile error, so this list is complete by construction; docs/errors.md explains each one.
 *
 * @example
 * ```ts
 * // A host's own error table: one message per code the registry can throw, checked against the list in a test.
 * const ownMessages: Partial<Record<RegistryErrorCode, string>> = { unknown_provider: "No such provider." };
 * for (const code of REGISTRY_ERROR_CODES) if (!(code in ownMessages)) missing.push(code);
 * ```
 */
export const REGISTRY_ERROR_CODES = [
  // Arguments and options a host passes to a public function.
  "invalid_argument",
  "invalid_option",
  "invalid_thinking_level",
  "invalid_tier",
  "invalid_alias",
  "invalid_override",
  "invalid_reasoning_override",
  "invalid_oauth_provider",
  "no_keys",

  // Model refs and the catalog.
  "invalid_model_ref",
  "invalid_provider_id",
  "unknown_provider",
  "thinking_unsupported",

  // Plugins (registry.plugins, and a sign-in to a provider of a disabled plugin).
  "unknown_plugin",
  "plugin_disabled",

  // models.json edits (ConfigError).
  "config_error",
  "invalid_edit",
  "config_edit_failed",
  "config_unparsable",
  "config_invalid_root",
  "invalid_models_config_edit",

  // Stored documents and the storage adapters.
  "storage_unparsable",
  "storage_invalid",
  "storage_read_failed",
  "storage_write_failed",
  "storage_lock_failed",
  "storage_delete_failed",
  "storage_locked",
  "invalid_storage_key",

  // Credentials.
  "invalid_credential",
  "credential_is_reference",
  "credential_not_found",
  "credential_from_env",
  "unknown_setup_method",
  "no_credentials",
  "base_url_missing",

  // OAuth steps the registry checks itself.
  "oauth_no_code",
  "oauth_state_mismatch",
  "oauth_unreachable",
  "oauth_login_unavailable",
  "oauth_no_refresh_token",
  "oauth_refresh_invalid",
  "oauth_refresh_rejected",
  "oauth_refresh_failed",

  // OAuth server answers: `oauth_<error>` for the error codes of RFC 6749 sections 4.1.2.1 and 5.2 and RFC 8628 section 3.5
  // (see oauthErrorCode), `oauth_error` for none or any other.
  "oauth_error",
  "oauth_invalid_request",
  "oauth_invalid_client",
  "oauth_invalid_grant",
  "oauth_unauthorized_client",
  "oauth_unsupported_grant_type",
  "oauth_unsupported_response_type",
  "oauth_invalid_scope",
  "oauth_access_denied",
  "oauth_server_error",
  "oauth_temporarily_unavailable",
  "oauth_authorization_pending",
  "oauth_slow_down",
  "oauth_expired_token",

  // Local and custom providers (registry.local, custom models).
  "invalid_base_url",
  "base_url_required",
  "unknown_preset",
  "local_provider_not_found",
  "local_provider_exists",
  "fetch_models_failed",
  "invalid_model_id",
  "invalid_model_field",
  "custom_model_not_saved",

  // Transport and discovery: what the HTTP edge refuses or cannot read (ProviderCallError with a kind).
  "cross_origin_redirect",
  "opaque_redirect",
  "redirect_invalid",
  "response_too_large",
  "invalid_response",
  "endpoint_not_found",
  "discovery_unsupported",

  // Calls (stream / complete).
  "stream_error",
  "stream_malformed",
  "stream_truncated",
  "unsupported_api",
  "input_not_supported",
  "no_call_candidates",
  "invalid_role",

  // The command line (model-registry).
  "cli_usage",
  "unknown_model",
  "file_unreadable",

  // ./testing: conformance suites and the fake provider.
  "conformance_failed",
  "msw_not_installed",

  // A RegistryError built without a code.
  "registry_error",
] as const;

/**
 * A code a {@link RegistryError} carries: one of {@link REGISTRY_ERROR_CODES}, or an {@link ErrorKind} (a
 * `ProviderCallError` given no code uses its kind).
 *
 * @example
 * ```ts
 * const code: RegistryErrorCode = "invalid_model_ref";
 * ```
 */
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number] | ErrorKind;

// `E` for every listed `oauth_E` (distributes over the union).
type OAuthSuffix<C> = C extends `oauth_${infer E}` ? E : never;

// The `error` values an OAuth server may answer with (RFC 6749 sections 4.1.2.1 and 5.2, RFC 8628 section 3.5), each a listed code
// once prefixed; `satisfies` keeps the two lists in step.
const OAUTH_SERVER_ERRORS = [
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "unsupported_response_type",
  "invalid_scope",
  "access_denied",
  "server_error",
  "temporarily_unavailable",
  "authorization_pending",
  "slow_down",
  "expired_token",
] as const satisfies readonly OAuthSuffix<RegistryErrorCode>[];

/**
 * The code of an `OAuthError` built from an OAuth server's `error` field: `oauth_<error>` for a standard error,
 * `oauth_error` for none or a non-standard one (the server's own value stays on `OAuthError.oauthError`).
 *
 * @example
 * ```ts
 * oauthErrorCode("invalid_grant"); // "oauth_invalid_grant"
 * oauthErrorCode("vendor_specific"); // "oauth_error"
 * ```
 */
export function oauthErrorCode(serverError: string | null | undefined): RegistryErrorCode {
  const known = OAUTH_SERVER_ERRORS.find((e) => e === serverError);
  return known === undefined ? "oauth_error" : `oauth_${known}`;
}
