/**
 * The orchestration of `check()`: which providers to probe, probing them in parallel, moving past keys a provider
 * rejects (as `run()` does), the optional live step, and then storing the probes before the key verdicts. Apart from
 * report building and the status service because it is the only part that sends requests and changes state.
 */
import { credentialSourceOf } from "./build-status-reports.js";
import type { CheckOptions, CheckResult } from "./check-result.js";
import { monotonicNow } from "./monotonic-now.js";
import { probeProvider, type ProbeOutcome } from "./probe-provider.js";
import { proveKeyLive } from "./prove-key-live.js";
import { filterableProviderIds, resolveProviderFilter } from "./provider-id-filter.js";
import { createCredentialVerdictRecorder, type CredentialVerdicts } from "./record-credential-verdicts.js";
import type { StatusServiceDeps } from "./status-deps.js";
import { unknownProviderFacts, type CredentialFacts, type ProviderFacts, type StatusSnapshotLoader } from "./status-snapshot.js";
import { persistProbes } from "./status-state-writes.js";

/** At most this many keys of one provider are probed per check; the rest wait for the next check. */
const MAX_KEYS_PER_CHECK = 5;

/** One provider's check: the probe to store, the keys it rejected on the way, and a disabled key it accepted. */
interface ProviderCheck extends CredentialVerdicts {
  outcome: ProbeOutcome;
  live: CheckResult["liveProbe"];
}

/** A 401-class rejection of an API key or token (not OAuth, not a 403) that `run()` would also disable. */
function rejectsKey(outcome: ProbeOutcome, credential: CredentialFacts | null): credential is CredentialFacts {
  const record = outcome.record;
  return (
    credential !== null &&
    credential.status.type !== "oauth" &&
    credential.secret !== null &&
    credential.credentialId !== null &&
    record?.outcome === "error" &&
    (record.errorKind === "auth_invalid" || record.errorKind === "auth_expired") &&
    outcome.httpStatus !== 403
  );
}

/**
 * The checks of one registry: `probeTargets` resolves which providers `check()` means (an unknown id throws with
 * did-you-mean) and `probeMany` probes them; both store what they found and answer one {@link CheckResult} each.
 *
 * @example
 * ```ts
 * const checks = createProviderChecks(ctx, loader);
 * const failed = (await checks.probeTargets(["openai"])).filter((r) => r.outcome === "error");
 * ```
 */
export function createProviderChecks(ctx: StatusServiceDeps, loader: StatusSnapshotLoader) {
  const recordCredentialVerdicts = createCredentialVerdictRecorder(ctx);

  function toResult(o: ProbeOutcome, facts: ProviderFacts): CheckResult {
    if (!o.record) {
      return {
        providerId: o.providerId,
        outcome: "skipped",
        errorKind: null,
        errorCode: null,
        message: null,
        modelCount: null,
        durationMs: 0,
        authenticated: false,
        credentialSource: credentialSourceOf(facts),
        flavor: null,
        at: ctx.now(),
        reason: o.skipped,
        verifiedBy: null,
        liveProbe: null,
        rejectedCredentials: [],
      };
    }
    const r = o.record;
    return {
      providerId: o.providerId,
      outcome: r.outcome,
      errorKind: r.errorKind,
      errorCode: r.errorCode,
      message: r.message,
      modelCount: r.modelCount,
      durationMs: r.durationMs,
      authenticated: r.authenticated,
      credentialSource: r.credentialSource,
      flavor: r.flavor,
      at: r.at,
      reason: null,
      verifiedBy: r.outcome === "ok" ? r.verifiedBy : null,
      liveProbe: null,
      rejectedCredentials: [],
    };
  }

  /**
   * Probe a provider's active credential and, while the provider rejects it with a 401-class error, the next usable
   * one — like `run()` moving past a rejected key — at most {@link MAX_KEYS_PER_CHECK} keys, all within one
   * `timeoutMs`. A 403 stops here: a restricted key may be refused the listing yet chat fine, so it is not disabled.
   */
  async function checkProvider(facts: ProviderFacts, options: CheckOptions = {}): Promise<ProviderCheck> {
    const started = monotonicNow();
    let current = facts.credential;
    let outcome = await probeProvider(ctx, facts);
    const probed = new Map<string, ProbeOutcome>();
    const rejected: ProviderCheck["rejected"] = [];
    if (current?.credentialId) probed.set(current.credentialId, outcome);
    while (rejectsKey(outcome, current)) {
      rejected.push({ credential: current, outcome });
      if (rejected.length >= MAX_KEYS_PER_CHECK) break;
      const tried = new Set(rejected.map((r) => r.credential.credentialId));
      const next = facts.credentials.find((c) => c.usable && c.status.type !== "oauth" && c.secret !== null && !tried.has(c.credentialId));
      const remaining = ctx.timeoutMs - (monotonicNow() - started);
      if (!next || remaining < 1) break;
      const attempt = await probeProvider(ctx, { ...facts, credential: next, probe: null }, { timeoutMs: remaining });
      // A credential this listing cannot check (e.g. a token on an API-key-only endpoint): nothing more to learn here.
      if (attempt.record === null) break;
      current = next;
      outcome = attempt;
      if (next.credentialId) probed.set(next.credentialId, outcome);
    }
    let live: CheckResult["liveProbe"] = null;
    if (options.live) {
      const proved = await proveKeyLive(ctx, { ...facts, credential: current, probe: null }, outcome);
      live = proved.live;
      outcome = proved.outcome;
      if (current?.credentialId) probed.set(current.credentialId, outcome);
    }
    // Store the probe of the credential status will consider active once the rejected ones are disabled, so the
    // report carries it as its last check (when every key was rejected, that is the first of them again).
    const rejectedIds = new Set(rejected.map((r) => r.credential.credentialId));
    const nextActive = facts.credentials.find((c) => c.usable && !rejectedIds.has(c.credentialId)) ?? facts.credentials[0] ?? null;
    const persisted = (nextActive?.credentialId ? probed.get(nextActive.credentialId) : undefined) ?? outcome;
    // The provider just accepted a key that carries a disable mark: lift it, so run() agrees with the status.
    const accepted = outcome.record?.outcome === "ok" && outcome.record.authenticated && current?.rejected && current.credentialId ? current : null;
    return { facts, outcome: persisted, rejected, accepted, live };
  }

  async function probeMany(targets: readonly ProviderFacts[], options: CheckOptions = {}): Promise<CheckResult[]> {
    const checks = await Promise.all(targets.map((facts) => checkProvider(facts, options)));
    // Probes first, then the disable marks: a status recomputed on the `credential-disabled` event already sees the
    // probe of the key that took over.
    // Nothing more is written to a state.json that could not take the probes (it is damaged).
    if ((await persistProbes(ctx, checks.map((c) => c.outcome))) === null) for (const c of checks) await recordCredentialVerdicts(c);
    return checks.map((c) => ({ ...toResult(c.outcome, c.facts), liveProbe: c.live, rejectedCredentials: c.rejected.map((r) => r.credential.label) }));
  }

  async function probeTargets(providerIds?: string | readonly string[], options: CheckOptions = {}): Promise<CheckResult[]> {
    const snapshot = await loader.load();
    const wanted = providerIds === undefined ? undefined : resolveProviderFilter(typeof providerIds === "string" ? [providerIds] : providerIds, filterableProviderIds(snapshot));
    const targets: ProviderFacts[] = [];
    if (wanted) {
      for (const id of wanted) {
        // Only a provider named by nothing but a saved tier choice has no facts: it is reported as skipped.
        targets.push(snapshot.providers.get(id) ?? unknownProviderFacts(id, { local: false }));
      }
    } else {
      for (const id of snapshot.order) {
        const facts = snapshot.providers.get(id);
        if (facts?.configured && facts.known) targets.push(facts);
      }
    }
    return probeMany(targets, options);
  }

  return { probeMany, probeTargets };
}
