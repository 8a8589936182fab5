import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { RegistryError } from "../errors/registry-error.js";
import type { ConfigError } from "../errors/config-error.js";
import { classifyError } from "../errors/classify-error.js";
import type { Logger, Storage } from "../ports.js";
import type { EmitEvent } from "../schema/registry-events.js";
import { updateText } from "../storage/json-document.js";
import { updateSection } from "../storage/sections.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { redactText } from "../transport/redact.js";
import { AUTH_FILE_KEY, parseAuthFile, type StoredCredential } from "./auth-file.js";
import { OAuthSectionSchema, type OAuthSection } from "../schema/credential-state.js";
import { isUnreadableState } from "./credential-state-read.js";
import { isOAuthExpired, isTerminalRefreshError, type OAuthProvider } from "./oauth-credential.js";
import { Secret } from "../schema/secret.js";
import { fingerprint } from "./stable-hash.js";

type OAuthStored = Extract<StoredCredential, { type: "oauth" }>;

/** One in-flight refresh per storage and credential, shared by every registry in this process. */
const inFlight = new WeakMap<Storage, Map<string, Promise<OAuthStored>>>();

/**
 * Dependencies of {@link refreshOAuthCredential}.
 *
 * @example
 * ```ts
 * const deps: OAuthRefreshDeps = { storage, now: Date.now };
 * ```
 */
export interface OAuthRefreshDeps {
  storage: Storage;
  now: () => number;
  events?: { emit: EmitEvent };
  logger?: Logger;
  /**
   * Told when the OAuth mark could not be recorded because `state.json` is damaged (nothing is written over it; the
   * refreshed tokens in `auth.json` are unaffected). Default: a scrubbed warning on `logger`.
   */
  onStateUnreadable?: (error: ConfigError) => void;
}

/** The OAuth section of state.json is bookkeeping: a damaged state.json drops the mark, never the refresh. */
async function recordOAuthState(deps: OAuthRefreshDeps, fn: (section: OAuthSection) => OAuthSection): Promise<void> {
  try {
    await updateSection(deps.storage, STATE_JSON_KEY, "oauth", OAuthSectionSchema, {}, fn, { guard: STATE_SECTION_SCHEMAS });
  } catch (error) {
    if (!isUnreadableState(error)) throw error;
    if (deps.onStateUnreadable) deps.onStateUnreadable(error);
    else deps.logger?.warn("state.json is damaged: the OAuth refresh state is not recorded until it is fixed or deleted.", { code: error.code, error: redactText(error.message) });
  }
}

/**
 * Make sure an OAuth credential has a usable access token, refreshing it through `provider` when it is expired
 * (5-minute skew) or when `force` is set (the server rejected a token that looked valid).
 *
 * Single flight: concurrent callers in this process share one refresh; across processes the refresh runs inside
 * `storage.update("auth.json")`, whose lock (file storage) makes a second process wait and then re-read the rotated
 * token instead of refreshing again (which would burn a rotating refresh token). The rotated tokens are written in
 * the same atomic update. A terminal failure (`invalid_grant`, reused refresh token) marks the credential
 * `broken_expired` in `state.json` (section `oauth`) and throws a `ProviderCallError` of kind `auth_expired`.
 *
 * @example
 * ```ts
 * const fresh = await refreshOAuthCredential(deps, { credentialId: "anthropic:oauth", provider });
 * ```
 */
export function refreshOAuthCredential(
  deps: OAuthRefreshDeps,
  input: { credentialId: string; provider: OAuthProvider; force?: boolean; rejectedAccess?: Secret },
): Promise<OAuthStored> {
  let map = inFlight.get(deps.storage);
  if (!map) {
    map = new Map();
    inFlight.set(deps.storage, map);
  }
  const existing = map.get(input.credentialId);
  if (existing) return existing;
  const promise = runRefresh(deps, input).finally(() => {
    map.delete(input.credentialId);
  });
  map.set(input.credentialId, promise);
  return promise;
}

async function runRefresh(
  deps: OAuthRefreshDeps,
  input: { credentialId: string; provider: OAuthProvider; force?: boolean; rejectedAccess?: Secret },
): Promise<OAuthStored> {
  let result: OAuthStored | undefined;
  let providerId = "";
  let refreshFingerprint: string | null = null;
  const known: string[] = [];
  try {
    await updateText(deps.storage, AUTH_FILE_KEY, async (text) => {
      const file = parseAuthFile(text);
      const index = file.credentials.findIndex((c) => c.id === input.credentialId);
      const current = file.credentials[index];
      if (!current || current.type !== "oauth") {
        throw new RegistryError({
          code: "credential_not_found",
          message: `Expected an OAuth credential "${input.credentialId}" in auth.json, found ${current ? `a ${current.type} credential` : "none"}.`,
          recovery: "Sign in again and store the result with setOAuthCredential().",
        });
      }
      providerId = current.providerId;
      known.push(current.access, ...(current.refresh === null ? [] : [current.refresh]));
      // Re-check under the lock: another caller or process may have refreshed while we waited.
      const rotatedMeanwhile = input.rejectedAccess !== undefined && !input.rejectedAccess.equals(current.access);
      if (!isOAuthExpired(current, deps.now()) && (!input.force || rotatedMeanwhile)) {
        result = current;
        return undefined;
      }
      if (current.refresh === null) {
        throw new ProviderCallError({
          kind: "auth_expired",
          code: "oauth_no_refresh_token",
          providerId,
          credentialId: current.id,
          message: `The OAuth access token of "${current.id}" has expired and there is no refresh token to renew it.`,
          recovery: `Sign in to ${providerId} again.`,
        });
      }
      refreshFingerprint = fingerprint(current.refresh);
      const tokens = await input.provider.refresh({
        providerId,
        credentialId: current.id,
        access: new Secret(current.access),
        refresh: new Secret(current.refresh),
        expiresAt: current.expiresAt,
        accountId: current.accountId,
      });
      const reveal = (v: string | Secret) => (typeof v === "string" ? v : v.reveal());
      const next: OAuthStored = {
        ...current,
        access: reveal(tokens.access),
        refresh: tokens.refresh === undefined || tokens.refresh === null ? current.refresh : reveal(tokens.refresh),
        expiresAt: tokens.expiresAt,
        accountId: tokens.accountId ?? current.accountId,
        updatedAt: deps.now(),
      };
      if (next.access === "" || !Number.isFinite(next.expiresAt)) {
        throw new RegistryError({
          code: "oauth_refresh_invalid",
          message: `Expected the OAuth provider "${input.provider.id}" to return an access token and a numeric expiresAt, found ${next.access === "" ? "an empty token" : `expiresAt ${String(next.expiresAt)}`}.`,
          recovery: "Fix the host's OAuthProvider.refresh implementation.",
        });
      }
      result = next;
      const credentials = [...file.credentials];
      credentials[index] = next;
      return `${JSON.stringify({ ...file, credentials }, null, 2)}\n`;
    });
  } catch (error) {
    const noRefresh = error instanceof ProviderCallError && error.code === "oauth_no_refresh_token";
    if (!noRefresh && refreshFingerprint === null) throw error;
    const terminal = isTerminalRefreshError(error) || (error instanceof ProviderCallError && error.code === "oauth_no_refresh_token");
    const kind = terminal ? "auth_expired" : classifyError(error, { now: deps.now }).kind;
    if (terminal) {
      await recordOAuthState(deps, (section) => ({
        ...section,
        [input.credentialId]: {
          providerId,
          state: "broken_expired" as const,
          reason: terminal ? terminalReason(error) : kind,
          at: deps.now(),
          fingerprint: refreshFingerprint,
          lastRefreshAt: section[input.credentialId]?.lastRefreshAt ?? null,
        },
      }));
    }
    deps.events?.emit("oauth-refresh", { providerId, credentialId: input.credentialId, ok: false, errorKind: kind });
    deps.logger?.warn("OAuth refresh failed.", { providerId, credentialId: input.credentialId, kind, terminal });
    if (error instanceof ProviderCallError) throw error;
    throw new ProviderCallError({
      kind: terminal ? "auth_expired" : kind,
      code: terminal ? "oauth_refresh_rejected" : "oauth_refresh_failed",
      providerId,
      credentialId: input.credentialId,
      message: terminal
        ? `The OAuth refresh token of "${input.credentialId}" was rejected (${terminalReason(error)}); the sign-in is no longer valid.`
        : `Refreshing the OAuth token of "${input.credentialId}" failed (${kind}): ${redactText(error instanceof Error ? error.message : String(error), { secrets: known }).slice(0, 200)}`,
      recovery: terminal ? `Sign in to ${providerId} again.` : "Check the network and try again; the stored sign-in is unchanged.",
      cause: error instanceof Error ? new Error(redactText(error.message, { secrets: known })) : undefined,
    });
  }
  const fresh = result!;
  if (refreshFingerprint !== null) {
    await recordOAuthState(deps, (section) => ({
      ...section,
      [input.credentialId]: {
        providerId: fresh.providerId,
        state: "ok" as const,
        reason: null,
        at: deps.now(),
        fingerprint: fresh.refresh === null ? null : fingerprint(fresh.refresh),
        lastRefreshAt: deps.now(),
      },
    }));
    deps.events?.emit("oauth-refresh", { providerId: fresh.providerId, credentialId: fresh.id, ok: true, errorKind: null });
  }
  return fresh;
}

function terminalReason(error: unknown): string {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : JSON.stringify(error) ?? String(error);
  const match = /\b(invalid_grant|refresh_token_reused|invalid_client|unauthorized_client|token_expired)\b/i.exec(text);
  if (match?.[1]) return match[1];
  if (/no refresh token/i.test(text)) return "no_refresh_token";
  return "refresh_rejected";
}
