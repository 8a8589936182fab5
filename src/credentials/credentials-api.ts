import type { ActiveCredential, CredentialSummary } from "./credential-summary.js";
import type { SetCredentialOptions } from "./credential-store.js";
import type { OAuthCredentialInput, OAuthProvider } from "./oauth-credential.js";
import type { RunAttemptContext, RunOptions } from "./run-options.js";
import type { Secret } from "../schema/secret.js";

/**
 * Stored credentials, env keys, key rotation, cooldowns, OAuth refresh and `run()`.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv, storage });
 * await registry.setApiKey("openai", "sk-…", { label: "work" });
 * const reply = await registry.run("openai/gpt-4o-mini", ({ apiKey, baseUrl }) => callOpenAI(apiKey!, baseUrl!));
 * ```
 */
export interface CredentialsApi {
  /**
   * Store an API key in `auth.json`. The same label (default `"default"`) replaces the earlier key and lifts any
   * disable or cooldown recorded for it.
   *
   * @example
   * ```ts
   * await registry.setApiKey("openai", "sk-…", { label: "backup", order: 2 });
   * ```
   */
  setApiKey(providerId: string, key: string | Secret, options?: SetCredentialOptions): Promise<CredentialSummary>;
  /**
   * Store a static bearer token (e.g. `claude setup-token`), optionally with an expiry.
   *
   * @example
   * ```ts
   * await registry.setToken("anthropic", token, { label: "setup-token" });
   * ```
   */
  setToken(providerId: string, token: string | Secret, options?: SetCredentialOptions & { expiresAt?: number | null }): Promise<CredentialSummary>;
  /**
   * Store an OAuth credential `{ access, refresh?, expiresAt, accountId? }` (epoch ms). Replacing a sign-in lifts a
   * `broken_expired` mark.
   *
   * @example
   * ```ts
   * await registry.setOAuthCredential("anthropic", { access, refresh, expiresAt: Date.now() + 3600_000 });
   * ```
   */
  setOAuthCredential(providerId: string, credential: OAuthCredentialInput, options?: SetCredentialOptions): Promise<CredentialSummary>;
  /**
   * Every credential with masked values: stored ones and env-backed ones (`source: "env:<VAR>"`), plus a models.json
   * key, for one provider or all.
   *
   * @example
   * ```ts
   * const list = await registry.listCredentials("google");
   * ```
   */
  listCredentials(providerId?: string): Promise<CredentialSummary[]>;
  /**
   * Remove one stored credential, or all stored credentials of a provider. Env-backed keys cannot be removed (unset
   * the variable instead); asking to is an error.
   *
   * @example
   * ```ts
   * await registry.removeCredential("openai", "openai:backup");
   * ```
   */
  removeCredential(providerId: string, credentialId?: string): Promise<{ removed: string[] }>;
  /**
   * Clear cooldowns and disable marks (for one provider or all), e.g. after the user fixed billing.
   * OAuth `broken_expired` marks stay: they need a new sign-in.
   *
   * @example
   * ```ts
   * await registry.resetCooldowns("openai");
   * ```
   */
  resetCooldowns(providerId?: string): Promise<void>;
  /**
   * Register the host's OAuth integration for a provider (refresh, optional login). Returns the function that
   * unregisters it.
   *
   * @example
   * ```ts
   * const off = registry.registerOAuthProvider({ id: "acme", refresh: async (c) => myRefresh(c.refresh!.reveal()) });
   * ```
   */
  registerOAuthProvider(provider: OAuthProvider): () => void;
  /**
   * Run the registered OAuth provider's interactive `login()` and store the resulting credential.
   *
   * @example
   * ```ts
   * registry.registerOAuthProvider({ id: "acme", login: () => deviceCodeLogin(), refresh });
   * await registry.loginOAuth("acme", { label: "work account" });
   * ```
   */
  loginOAuth(providerId: string, options?: SetCredentialOptions & { signal?: AbortSignal }): Promise<CredentialSummary>;
  /**
   * Refresh a stored OAuth credential now (single flight, cross-process safe). `force` refreshes even when the token
   * has not expired (e.g. the server rejected it).
   *
   * @example
   * ```ts
   * await registry.refreshOAuthCredential("anthropic:oauth", { force: true });
   * ```
   */
  refreshOAuthCredential(credentialId: string, options?: { force?: boolean }): Promise<CredentialSummary>;
  /**
   * The credential `run()` would try first for a provider (failover order), with its expiry, disable and cooldown
   * state; `source: "none"` when there is none.
   *
   * @example
   * ```ts
   * const { source, envVar, disabled } = await registry.activeCredential("openai");
   * ```
   */
  activeCredential(providerId: string): Promise<ActiveCredential>;
  /**
   * Run a provider call with the provider's credentials: stored profiles in pool order, then env keys, then a
   * models.json key. Rate limits and exhausted quotas cool the credential down and move to the next; a rejected key
   * is disabled until replaced and the next one is tried; an expired OAuth token is refreshed (once more on a 401);
   * other errors are thrown at once as a `ProviderCallError` (scrubbed of every key). A caller's abort is never
   * retried. Usage and cooldowns are persisted in `state.json`; a damaged `state.json` is read as "no cooldowns, no
   * usage" (one scrubbed warning), left byte-identical, and nothing is recorded until it is fixed or deleted.
   *
   * @example
   * ```ts
   * const text = await registry.run("google/gemini-2.5-flash", async ({ apiKey, baseUrl }) => {
   *   const res = await fetch(`${baseUrl}/models/gemini-2.5-flash:generateContent`, {
   *     method: "POST", headers: { "x-goog-api-key": apiKey!, "content-type": "application/json" }, body });
   *   if (!res.ok) throw { status: res.status, headers: res.headers, body: await res.text() };
   *   return res.json();
   * });
   * ```
   */
  run<T>(target: string, attempt: (context: RunAttemptContext) => Promise<T>, options?: RunOptions): Promise<T>;
}
