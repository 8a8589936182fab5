import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import type { ErrorKind } from "../schema/error-kind.js";
import type { ProviderStatus } from "./provider-statuses.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const CLASSIFY_PROVIDER_STATUS_INPUT_ARG = lazySchema(() => z.looseObject({ known: ARG.boolean, local: ARG.boolean }));

/**
 * The credential a provider would use right now, as far as status needs to know. Never carries the value.
 *
 * @example
 * ```ts
 * const c: StatusCredential = { type: "apiKey", source: "env", envVar: "OPENAI_API_KEY" };
 * ```
 */
export type StatusCredential =
  | {
      type: "oauth";
      source: "stored";
      /** The access token's expiry has passed. */
      expired: boolean;
      /** A refresh token exists and has not been rejected. */
      refreshable: boolean;
      /** The last refresh attempt was rejected (invalid_grant, token_expired, ...). */
      refreshRejected?: boolean;
    }
  | {
      type: "apiKey" | "token";
      source: "stored";
      /** A stored token past its `expiresAt` (it is not sent; a new one must be pasted). */
      expired?: boolean;
    }
  | { type: "apiKey" | "token"; source: "env"; envVar: string };

/**
 * What the last probe of this provider (with the current credential) found.
 *
 * @example
 * ```ts
 * const p: StatusProbe = { outcome: "ok", errorKind: null, modelCount: 12, authenticated: true };
 * ```
 */
export interface StatusProbe {
  outcome: "ok" | "error";
  errorKind: ErrorKind | null;
  /** Models the probe listed; `null` when it listed none because it failed. */
  modelCount: number | null;
  /**
   * The probe proved something about the credential: a success that verified the key (a listing known to reject bad
   * keys, a negative control, a live one-token request), or a rejection. A success that does not verify is `false`.
   */
  authenticated: boolean;
}

/**
 * Input of {@link classifyProviderStatus}: the facts, already gathered.
 *
 * @example
 * ```ts
 * const input: ClassifyProviderStatusInput = { known: true, local: false, modelCount: 30, credential: null, lastProbe: null };
 * ```
 */
export interface ClassifyProviderStatusInput {
  /** The provider id is known to the built-in catalog, a plugin manifest or models.json. */
  known: boolean;
  /** A local/custom provider configured in models.json (or a built-in local provider that was set up or probed). */
  local: boolean;
  /** Usable models the registry knows for this provider (catalog, discovered, models.json). */
  modelCount: number;
  /** The active credential, or `null` when there is none. */
  credential: StatusCredential | null;
  /** The last probe with the active credential, or `null` when never probed. */
  lastProbe: StatusProbe | null;
}

/**
 * Which row of the decision table decided, and why, in words.
 *
 * @example
 * ```ts
 * const r: ProviderStatusClassification = { status: "env", rule: 6, reason: "env key not verified by an authenticated probe" };
 * ```
 */
export interface ProviderStatusClassification {
  status: ProviderStatus;
  /** 1–7: the decision-table row that matched first. */
  rule: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  reason: string;
}

const AUTH_REJECTED: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["auth_invalid", "auth_expired"]);

/**
 * Classify a provider's status with the decision table; the first matching row wins:
 *
 * 1. id known to no catalog, plugin or models.json, yet models exist for it → `unknown`
 * 2. OAuth is the active credential and it is expired with no usable refresh, or the last refresh/probe was rejected → `broken_expired`
 * 3. the active key/token (stored or env) was rejected by the last probe (401/403) → `broken_invalid`
 * 4. local/custom provider: the last test reached it and it listed ≥ 1 model (and, when a key is sent, verified the key)
 *    → `healthy`; otherwise → `local`
 * 5. stored (owned) credential: ≥ 1 usable model → `healthy`; none → `unknown` (problem `no_models`)
 * 6. env-backed credential only: verified by an authenticated probe that listed ≥ 1 model → `healthy`; otherwise → `env`
 * 7. nothing → `missing`
 *
 * A probe that does not verify the key it sent (a listing that answers 200 to any key: Ollama, OpenRouter's model
 * list, most local servers) never makes a keyed provider `healthy`; a keyless local server needs no verification.
 * Pure and synchronous.
 *
 * @example
 * ```ts
 * // A host with its own credential store and probes gets the same status rules as getStatus().
 * const { status, reason } = classifyProviderStatus({
 *   known: true, local: false, modelCount: 40,
 *   credential: { type: "apiKey", source: "env", envVar: "OPENAI_API_KEY" },
 *   lastProbe: { outcome: "error", errorKind: "auth_invalid", modelCount: null, authenticated: true },
 * });
 * if (status === "broken_invalid") showReplaceKeyDialog(reason);
 * ```
 */
export function classifyProviderStatus(input: ClassifyProviderStatusInput): ProviderStatusClassification {
  checkArgument("classifyProviderStatus", "input", CLASSIFY_PROVIDER_STATUS_INPUT_ARG, input);
  return decideProviderStatus(input);
}

/**
 * {@link classifyProviderStatus} without its argument check, for status reports, which classify every provider on
 * every `getStatus()` from facts they gathered themselves.
 *
 * @example
 * ```ts
 * const { status, rule } = decideProviderStatus({ known: true, local: false, modelCount: 3, credential: null, lastProbe: null });
 * ```
 */
export function decideProviderStatus(input: ClassifyProviderStatusInput): ProviderStatusClassification {
  const { known, local, modelCount, credential, lastProbe } = input;
  const probeRejected = lastProbe?.outcome === "error" && lastProbe.errorKind !== null && AUTH_REJECTED.has(lastProbe.errorKind);

  if (!known && modelCount > 0) {
    return { status: "unknown", rule: 1, reason: `${modelCount} model(s) exist for a provider no catalog, plugin or models.json defines` };
  }
  if (credential?.type === "oauth") {
    if (credential.expired && !credential.refreshable) {
      return { status: "broken_expired", rule: 2, reason: "the OAuth access token expired and there is no usable refresh token" };
    }
    if (credential.refreshRejected) return { status: "broken_expired", rule: 2, reason: "the last OAuth refresh was rejected" };
    if (probeRejected) return { status: "broken_expired", rule: 2, reason: "the last probe rejected the OAuth token" };
  }
  if (credential?.type === "token" && credential.source === "stored" && credential.expired) {
    return { status: "broken_expired", rule: 2, reason: "the saved token expired" };
  }
  if (credential && credential.type !== "oauth" && probeRejected) {
    const where = credential.source === "env" ? `from ${credential.envVar}` : "(stored)";
    return { status: "broken_invalid", rule: 3, reason: `the last probe rejected the ${credential.type === "token" ? "token" : "API key"} ${where}` };
  }
  if (local) {
    const listed = lastProbe?.outcome === "ok" ? (lastProbe.modelCount ?? 0) : 0;
    // With no key there is nothing to verify; with one, a server that lists models for any key proves nothing about it.
    const keyProven = credential === null || lastProbe?.authenticated === true;
    if (listed >= 1 && keyProven) {
      return { status: "healthy", rule: 4, reason: `the last test reached the server and it listed ${listed} model(s)${credential === null ? "" : " with the key verified"}` };
    }
    return {
      status: "local",
      rule: 4,
      reason:
        lastProbe === null
          ? "configured, not tested yet"
          : lastProbe.outcome !== "ok"
            ? `the last test failed (${lastProbe.errorKind ?? "error"})`
            : listed === 0
              ? "reached, but it lists no models"
              : `reached and it listed ${listed} model(s), but the key was not verified (the listing may answer any key)`,
    };
  }
  if (credential?.source === "stored") {
    return modelCount >= 1
      ? { status: "healthy", rule: 5, reason: `owned credential with ${modelCount} usable model(s)` }
      : { status: "unknown", rule: 5, reason: "owned credential, but no usable models" };
  }
  if (credential?.source === "env") {
    const verified = lastProbe?.outcome === "ok" && lastProbe.authenticated && (lastProbe.modelCount ?? 0) >= 1;
    return verified
      ? { status: "healthy", rule: 6, reason: `${credential.envVar} verified by an authenticated probe that listed ${lastProbe?.modelCount} model(s)` }
      : {
          status: "env",
          rule: 6,
          reason:
            lastProbe === null
              ? `${credential.envVar} is set; not verified yet`
              : lastProbe.outcome === "ok" && !lastProbe.authenticated
                ? `${credential.envVar} is set; the last probe does not authenticate, so it proves nothing about the key`
                : `${credential.envVar} is set; the last probe did not verify it`,
        };
  }
  return { status: "missing", rule: 7, reason: "no credential and no local configuration" };
}
