import type { CredentialSource } from "./credential-candidates.js";

/**
 * The state of one credential, a discriminated union on `kind`.
 *
 * @example
 * ```ts
 * if (entry.status.kind === "cooling_down") console.log(`usable again at ${new Date(entry.status.until).toISOString()}`);
 * ```
 */
export type CredentialStatus =
  | { kind: "active" }
  | { kind: "cooling_down"; until: number; reason: string; model: string | null }
  | { kind: "disabled"; reason: string; at: number }
  | { kind: "expired"; refreshable: boolean }
  | { kind: "broken_expired"; reason: string; at: number };

/**
 * A credential as listed: masked value only, with where it came from and its state.
 *
 * @example
 * ```ts
 * for (const c of await registry.listCredentials("openai")) console.log(c.id, c.source, c.masked, c.status.kind);
 * ```
 */
export interface CredentialSummary {
  id: string;
  providerId: string;
  type: "apiKey" | "token" | "oauth";
  source: CredentialSource;
  label: string;
  order: number | null;
  createdAt: number | null;
  lastUsedAt: number | null;
  /** `…abcd` (last 4 characters of values of 12+ characters), else `…`. */
  masked: string;
  expiresAt: number | null;
  /** Env-backed and models.json keys cannot be removed through the registry. */
  removable: boolean;
  status: CredentialStatus;
  /** Every active cooldown, including per-model ones that leave the credential usable for other models. */
  cooldowns: Array<{ model: string | null; until: number; reason: string }>;
}

/**
 * What {@link CredentialsApi.activeCredential} reports: the credential `run()` would use first for a provider.
 *
 * @example
 * ```ts
 * const active = await registry.activeCredential("openai");
 * if (active.source === "env") console.log(`using ${active.envVar}`);
 * ```
 */
export interface ActiveCredential {
  source: "stored" | "oauth" | "env" | "models.json" | "none";
  credentialId: string | null;
  /** The variable name when env-backed (also for a models.json `${VAR}` reference). */
  envVar: string | null;
  type: "apiKey" | "token" | "oauth" | null;
  label: string | null;
  masked: string | null;
  /** OAuth access token (or token with an expiry) past its expiry, 5-minute skew included. */
  expired: boolean;
  /** Expired but a refresh token and a registered OAuth provider can renew it. */
  refreshable: boolean;
  brokenExpired: { reason: string; at: number } | null;
  disabled: { reason: string; at: number } | null;
  coolingDownUntil: number | null;
  /** The provider works without a key (local servers). */
  keyless: boolean;
  /** How many credentials the provider has in total (stored + env + models.json). */
  total: number;
}
