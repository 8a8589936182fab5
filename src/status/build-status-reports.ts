/**
 * Turning a status snapshot into `getStatus()` reports: each provider's badge, credential source, last check and
 * problems, plus the problems no single provider owns (saved tier choices, damaged files, nothing usable). Pure: it
 * reads only the snapshot, so a report is the same whether it follows a check or answers from storage.
 */
import { damageDetail } from "../storage/damaged-document.js";
import { SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import { ERROR_KINDS, type ErrorKind } from "../schema/error-kind.js";
import type { ProbeRecord } from "../schema/probe-record.js";
import { decideProviderStatus, type StatusProbe } from "./classify-provider-status.js";
import type { KeyVerification } from "./key-verification.js";
import { createProblem, type StatusProblem } from "./problems.js";
import { globalConfigProblems, providerProblems } from "./provider-problems.js";
import { USABLE_STATUSES } from "./provider-statuses.js";
import type { ProviderStatusReport } from "./status-report.js";
import { shownUrl } from "./shown-url.js";
import { withCredentialEndpoint } from "./credential-endpoint.js";
import type { ProviderFacts, StatusSnapshot } from "./status-snapshot.js";

/**
 * The credential source a report shows. A built-in local server (Ollama, LM Studio, vLLM, ...) says `local` only once
 * it is set up (models.json, a host env var such as OLLAMA_HOST, or a probe): until then nothing is configured, so
 * `none`, like any other provider that is `missing`.
 *
 * @example
 * ```ts
 * const result = { providerId: facts.id, credentialSource: credentialSourceOf(facts) };
 * ```
 */
export function credentialSourceOf(facts: ProviderFacts): string {
  return facts.credential?.sourceLabel ?? (facts.configured ? facts.noCredentialLabel : "none");
}

function lastCheckOf(record: ProbeRecord): NonNullable<ProviderStatusReport["lastCheck"]> {
  return {
    at: record.at,
    outcome: record.outcome,
    errorKind: record.errorKind,
    modelCount: record.modelCount,
    durationMs: record.durationMs,
    authenticated: record.authenticated,
    verifiedBy: record.verifiedBy,
    flavor: record.flavor,
  };
}

/**
 * A success counts as proof of the key only with a `verifiedBy`: records stored before key verification existed said
 * `authenticated` for any public host, and must not keep a provider `healthy`.
 */
function statusProbeOf<P extends StatusProbe & { verifiedBy?: KeyVerification | null }>(probe: P | null): P | null {
  if (probe === null || probe.outcome !== "ok" || !probe.authenticated || (probe.verifiedBy ?? null) !== null) return probe;
  return { ...probe, authenticated: false };
}

function reportFor(facts: ProviderFacts): ProviderStatusReport {
  const rejected = facts.credential?.rejected ?? null;
  // A rejection seen by a real call (the credentials area disabled the key) counts like a rejecting probe, unless a
  // later probe says otherwise.
  const probe: (ProbeRecord | (StatusProbe & { errorCode: string | null; message: string | null })) | null =
    rejected && (facts.probe === null || facts.probe.at < rejected.at)
      ? { outcome: "error", errorKind: ERROR_KINDS.includes(rejected.reason as ErrorKind) ? (rejected.reason as ErrorKind) : "auth_invalid", modelCount: null, authenticated: true, errorCode: "credential_disabled", message: null }
      : statusProbeOf(facts.probe);
  const active = facts.credential;
  // Other keys the provider rejected (a check or a real call disabled them): named, so the user can remove them.
  const rejectedOthers = facts.credentials.filter((c) => c !== active && c.rejected !== null && c.status.type !== "oauth").map((c) => c.label);
  const classification = decideProviderStatus({
    known: facts.known,
    local: facts.local,
    modelCount: facts.modelCount,
    credential: facts.credential?.status ?? null,
    lastProbe: probe,
  });
  const callUrl = withCredentialEndpoint(facts).baseUrl;
  const report: ProviderStatusReport = {
    providerId: facts.id,
    name: facts.name,
    status: classification.status,
    rule: classification.rule,
    reason: classification.reason,
    credentialSource: credentialSourceOf(facts),
    modelCount: facts.modelCount,
    problems: providerProblems({
      name: facts.name,
      classification,
      credential: facts.credential?.status ?? null,
      probe,
      baseUrl: facts.baseUrl,
      primaryEnvVar: facts.primaryEnvVar,
      configErrors: facts.configErrors,
      probeMessage: probe?.message ?? null,
      providerId: facts.id,
      rejectedCredentials: rejectedOthers,
      activeLabel: active?.label ?? null,
    }),
    local: facts.local,
    // Shown, not used: a key in the URL's query or user-info is redacted. The active credential's setup method may
    // send calls elsewhere (a Coding Plan key): show where they go.
    baseUrl: callUrl === null ? null : shownUrl(callUrl),
  };
  if (facts.probe) report.lastCheck = lastCheckOf(facts.probe);
  return report;
}

/**
 * The reports `getStatus()` returns, in catalog order: every provider the snapshot knows (legacy ones only when set
 * up, none of a disabled plugin), or only those in `only`, each with the setup-wide problems attached where they apply.
 *
 * @example
 * ```ts
 * const reports = buildStatusReports(await loader.load());
 * const broken = reports.filter((r) => r.status.startsWith("broken"));
 * ```
 */
export function buildStatusReports(snapshot: StatusSnapshot, only?: ReadonlySet<string>): ProviderStatusReport[] {
  const reports: ProviderStatusReport[] = [];
  // Providers of a disabled plugin are not offered anywhere, status included (asked for by id, they still report).
  const gated = new Set(snapshot.catalog.providers.flatMap((p) => (p.disabledBy === undefined ? [] : [p.definition.id])));
  for (const id of snapshot.order) {
    const facts = snapshot.providers.get(id);
    if (!facts) continue;
    if (only && !only.has(id)) continue;
    // Legacy providers are listed only when something is set up for them.
    if (!only && facts.definition?.legacy && !facts.configured) continue;
    if (!only && gated.has(id)) continue;
    reports.push(reportFor(facts));
  }
  // Saved tier choices that are no longer usable: warn on the provider's report, never hide the choice.
  const byId = new Map(reports.map((r) => [r.providerId, r]));
  for (const [tier, choice] of Object.entries(snapshot.tiers)) {
    const slash = choice.model.indexOf("/");
    if (slash <= 0) continue;
    const providerId = snapshot.catalog.aliases.get(choice.model.slice(0, slash).toLowerCase()) ?? choice.model.slice(0, slash).toLowerCase();
    const modelId = choice.model.slice(slash + 1);
    const facts = snapshot.providers.get(providerId);
    const report = byId.get(providerId);
    const status = report?.status ?? (facts ? reportFor(facts).status : "missing");
    const usableProvider = USABLE_STATUSES.has(status);
    const knownModel = facts?.modelIds.has(modelId) ?? false;
    if (usableProvider && knownModel) continue;
    const detail = !facts ? "the provider is not known" : !usableProvider ? `${facts.name} is ${status}` : `${facts.name} does not list this model`;
    const problem = createProblem("tier_model_unavailable", { tier, model: choice.model, detail });
    if (report) report.problems.push(problem);
    else if (!only || only.has(providerId)) {
      // The saved choice names a provider nothing defines: list it, so the broken choice is visible, not hidden.
      const placeholder: ProviderStatusReport = {
        providerId,
        name: providerId,
        status: "missing",
        rule: 7,
        reason: "no catalog, plugin or models.json defines this provider",
        credentialSource: "none",
        modelCount: 0,
        problems: [problem],
        local: false,
        baseUrl: null,
      };
      reports.push(placeholder);
      byId.set(providerId, placeholder);
    }
  }
  if (snapshot.authFileError !== null) {
    // Every report: any provider may have had a saved credential in it; none is pretended away as "not configured".
    const damaged = createProblem("credentials_unreadable", { detail: snapshot.authFileError });
    for (const r of reports) r.problems.unshift(damaged);
  }
  // A damaged state.json or settings.json is read as empty: every report may be missing its probe or a saved choice.
  const unreadable: StatusProblem[] = [];
  if (snapshot.settingsDamage) unreadable.push(createProblem("settings_unreadable", { file: SETTINGS_JSON_KEY, detail: damageDetail(snapshot.settingsDamage) }));
  if (snapshot.stateDamage) unreadable.push(createProblem("state_unreadable", { file: STATE_JSON_KEY, detail: damageDetail(snapshot.stateDamage) }));
  if (unreadable.length > 0) for (const r of reports) r.problems.push(...unreadable);
  if (snapshot.globalConfigErrors.length > 0) {
    const problems = globalConfigProblems(snapshot.globalConfigErrors);
    for (const r of reports) if (r.local || snapshot.providers.get(r.providerId)?.definition?.local) r.problems.push(...problems);
  }
  if (!only && !reports.some((r) => USABLE_STATUSES.has(r.status))) {
    const none = createProblem("no_usable_providers");
    for (const r of reports) if (r.status === "missing") r.problems.unshift(none);
  }
  return reports;
}
