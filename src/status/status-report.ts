import type { ErrorKind } from "../schema/error-kind.js";
import type { KeyVerification } from "./key-verification.js";
import type { ProviderStatus } from "./provider-statuses.js";
import type { StatusProblem } from "./problems.js";

/**
 * The last check of a provider, as shown in a report.
 *
 * @example
 * ```ts
 * const c: LastCheck = { at: Date.now(), outcome: "ok", errorKind: null, modelCount: 3, durationMs: 41, authenticated: false, flavor: "ollama-native" };
 * ```
 */
export interface LastCheck {
  at: number;
  outcome: "ok" | "error";
  errorKind: ErrorKind | null;
  modelCount: number | null;
  durationMs: number;
  /** A success verified the key (see `verifiedBy`), or the provider rejected it. */
  authenticated: boolean;
  /** How a success verified the key: `listing`, `key_endpoint`, `negative_control`, `live_probe`; `null` when it did not. */
  verifiedBy?: KeyVerification | null;
  flavor: string | null;
}

/**
 * One provider's status, as `getStatus()` returns it: the badge (`status`), where the credential comes from (never
 * its value), how many models the registry knows, the last check, and the problems with recovery steps.
 *
 * @example
 * ```ts
 * for (const r of await registry.getStatus()) console.log(r.providerId, r.status, r.credentialSource, r.problems[0]?.recovery);
 * ```
 */
export interface ProviderStatusReport {
  providerId: string;
  name: string;
  status: ProviderStatus;
  /** Which decision-table row decided (1–7), and why. */
  rule: number;
  reason: string;
  /** `stored`, `oauth`, an env var NAME, `models.json`, `local`, or `none` — never the value. */
  credentialSource: string;
  /** Models the registry knows for this provider (catalog, discovered, models.json). */
  modelCount: number;
  lastCheck?: LastCheck;
  problems: StatusProblem[];
  /** A local/custom provider (models.json or a configured built-in local server). */
  local: boolean;
  baseUrl: string | null;
}

/**
 * Problems that concern the whole setup rather than one provider, for a banner.
 *
 * @example
 * ```ts
 * const { usable, problems } = summarizeStatus(await registry.getStatus());
 * ```
 */
export interface StatusSummary {
  /** Ids of providers whose models can be offered (`healthy`, `env`, `local`). */
  usable: string[];
  problems: StatusProblem[];
}
