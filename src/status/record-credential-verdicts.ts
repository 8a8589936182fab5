/**
 * What a check learned about individual keys, written where `run()` keeps it: keys the provider rejected are disabled
 * exactly as `run()` disables them (state.json `cooldowns`, fingerprinted) and a disabled key it accepted is lifted,
 * so status and `run()` agree. The credentials area owns the rules; this file is the status area's one door to them.
 */
import { classifyError } from "../errors/classify-error.js";
import { loadCandidates, readCredentialState } from "../credentials/credential-candidates.js";
import { createCredentialStore } from "../credentials/credential-store.js";
import { createUsageRecorder } from "../credentials/credential-usage.js";
import type { ProbeOutcome } from "./probe-provider.js";
import type { StatusServiceDeps } from "./status-deps.js";
import type { CredentialFacts, ProviderFacts } from "./status-snapshot.js";

/**
 * The verdicts of one provider's check: the keys it rejected (with the probe that rejected each) and a disabled key it
 * accepted.
 *
 * @example
 * ```ts
 * const verdicts: CredentialVerdicts = { facts, rejected: [{ credential: facts.credentials[0]!, outcome }], accepted: null };
 * ```
 */
export interface CredentialVerdicts {
  facts: ProviderFacts;
  rejected: Array<{ credential: CredentialFacts; outcome: ProbeOutcome }>;
  accepted: CredentialFacts | null;
}

/**
 * The recorder of credential verdicts for one registry. Recording never fails a check: a key that changed or vanished
 * meanwhile is not disabled, and any other failure is logged (the next check finds the same keys again).
 *
 * @example
 * ```ts
 * const recordCredentialVerdicts = createCredentialVerdictRecorder(ctx);
 * for (const check of checks) await recordCredentialVerdicts(check);
 * ```
 */
export function createCredentialVerdictRecorder(ctx: StatusServiceDeps): (check: CredentialVerdicts) => Promise<void> {
  const usage = createUsageRecorder({ storage: ctx.storage, now: ctx.now, events: { emit: ctx.emit }, logger: ctx.logger });
  const credentialStore = createCredentialStore({ storage: ctx.storage, now: ctx.now });

  return async function recordCredentialVerdicts(check: CredentialVerdicts): Promise<void> {
    if (check.rejected.length === 0 && check.accepted === null) return;
    try {
      if (check.accepted?.credentialId) await usage.clear([check.accepted.credentialId]);
      if (check.rejected.length === 0) return;
      const { facts } = check;
      const candidates = await loadCandidates(
        { store: credentialStore, env: ctx.env, envPrefix: ctx.envPrefix, now: ctx.now() },
        { providerId: facts.id, configKey: facts.config?.apiKey, definition: facts.definition ?? undefined },
        null,
        await readCredentialState(ctx.storage),
      );
      for (const r of check.rejected) {
        const candidate = candidates.find((c) => c.id === r.credential.credentialId);
        const used = r.credential.secret;
        if (!candidate || !used || !candidate.value.equals(used)) {
          ctx.logger.warn("A rejected credential changed or vanished during the check; it is not disabled.", { providerId: facts.id, credentialId: r.credential.credentialId });
          continue;
        }
        await usage.failure(candidate, null, classifyError(r.outcome.error ?? { status: r.outcome.httpStatus ?? 401 }), used);
      }
    } catch (error) {
      ctx.logger.warn("Could not record the credentials a check found rejected; the next check finds them again.", { providerId: check.facts.id, error: String(error) });
    }
  };
}
