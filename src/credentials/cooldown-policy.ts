import type { ErrorClassification } from "../errors/classify-error.js";
import type { CooldownEntry, CredentialCooldown } from "../schema/credential-state.js";

/**
 * Generic backoff for rate limits: 1 min, 5 min, 25 min, then 1 h for every further consecutive failure.
 *
 * @example
 * ```ts
 * COOLDOWN_STEPS_MS[0]; // 60_000
 * ```
 */
export const COOLDOWN_STEPS_MS: readonly number[] = Object.freeze([60_000, 300_000, 1_500_000, 3_600_000]);

/**
 * Billing and exhausted-quota backoff: 5 h, doubling, capped at 24 h.
 *
 * @example
 * ```ts
 * BILLING_BACKOFF.baseMs; // 18_000_000
 * ```
 */
export const BILLING_BACKOFF = Object.freeze({ baseMs: 5 * 3_600_000, maxMs: 24 * 3_600_000 });

/**
 * How long a credential cools down after its `count`-th consecutive failure of a kind, or `null` when the kind does
 * not cool a credential down (auth failures disable instead; transient and request errors leave it alone).
 * A `retryAfterMs` stated by the provider wins over the backoff table (capped at 24 h).
 *
 * @example
 * ```ts
 * cooldownFor({ kind: "rate_limit" }, 2); // { ms: 300000, backoff: "generic" }
 * cooldownFor({ kind: "billing" }, 3); // { ms: 72000000 → capped 86400000, backoff: "billing" }
 * ```
 */
export function cooldownFor(
  classification: Pick<ErrorClassification, "kind" | "retryAfterMs">,
  count: number,
): { ms: number; backoff: "generic" | "billing" } | null {
  const n = Math.max(1, count);
  let backoff: "generic" | "billing";
  let ms: number;
  if (classification.kind === "rate_limit") {
    backoff = "generic";
    ms = COOLDOWN_STEPS_MS[Math.min(n, COOLDOWN_STEPS_MS.length) - 1]!;
  } else if (classification.kind === "quota_exhausted" || classification.kind === "billing") {
    backoff = "billing";
    ms = Math.min(BILLING_BACKOFF.baseMs * 2 ** (n - 1), BILLING_BACKOFF.maxMs);
  } else {
    return null;
  }
  if (classification.retryAfterMs !== undefined) ms = Math.min(Math.max(0, classification.retryAfterMs), BILLING_BACKOFF.maxMs);
  return { ms, backoff };
}

/**
 * The cooldown entries still in force at `now`. Expired entries are dropped, which is what resets their failure
 * counters: the next failure after an expiry starts the backoff from the first step again.
 *
 * @example
 * ```ts
 * activeEntries(state, Date.now()).length;
 * ```
 */
export function activeEntries(state: CredentialCooldown | undefined, now: number): CooldownEntry[] {
  return (state?.entries ?? []).filter((e) => e.until > now);
}

/**
 * The soonest time the credential is usable for `model` (a credential-wide cooldown or one for that model), or
 * `null` when it is usable now.
 *
 * @example
 * ```ts
 * coolingUntil(state, "gpt-4o", Date.now()); // null or an epoch ms
 * ```
 */
export function coolingUntil(state: CredentialCooldown | undefined, model: string | null, now: number): number | null {
  const relevant = activeEntries(state, now).filter((e) => e.model === null || (model !== null && e.model === model));
  return relevant.length === 0 ? null : Math.max(...relevant.map((e) => e.until));
}

/**
 * Record a failure in a credential's cooldown state (pure): escalates the matching active entry or starts a new one.
 * Returns the new state and the entry written, or `null` when the kind does not cool down.
 *
 * @example
 * ```ts
 * const { state, entry } = applyFailure(undefined, { providerId: "openai", model: "gpt-4o", classification, now });
 * ```
 */
export function applyFailure(
  current: CredentialCooldown | undefined,
  input: { providerId: string; model: string | null; classification: Pick<ErrorClassification, "kind" | "retryAfterMs" | "scope">; now: number },
): { state: CredentialCooldown; entry: CooldownEntry | null } {
  const { now, classification } = input;
  const active = activeEntries(current, now);
  const model = classification.scope === "model" ? input.model : null;
  const probe = cooldownFor(classification, 1);
  const base: CredentialCooldown = { providerId: input.providerId, entries: active, disabled: current?.disabled ?? null };
  if (probe === null) return { state: base, entry: null };
  const previous = active.find((e) => e.model === model && e.backoff === probe.backoff);
  const count = (previous?.count ?? 0) + 1;
  const duration = cooldownFor(classification, count)!;
  const entry: CooldownEntry = {
    model,
    until: now + duration.ms,
    reason: classification.kind,
    count,
    since: previous?.since ?? now,
    backoff: duration.backoff,
  };
  return { state: { ...base, entries: [...active.filter((e) => e !== previous), entry] }, entry };
}
