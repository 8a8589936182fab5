import { z } from "zod";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { classifyError } from "../errors/classify-error.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { redactText } from "../transport/redact.js";
import type { ConfigError } from "../errors/config-error.js";
import { loadCandidates, readCredentialState } from "../credentials/credential-candidates.js";
import { createCredentialStore } from "../credentials/credential-store.js";
import { createUsageRecorder } from "../credentials/credential-usage.js";
import { SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import { ApiKindSchema } from "../schema/api-kind.js";
import { DiscoveredCacheSchema } from "../schema/discovered.js";
import { damageDetail, warnDamagedDocument } from "../storage/damaged-document.js";
import { updateSectionIfReadable } from "../storage/sections.js";
import { ERROR_KINDS, type ErrorKind } from "../schema/error-kind.js";
import { classifyProviderStatus, type StatusProbe } from "./classify-provider-status.js";
import { ProbesSectionSchema, StatusesSectionSchema, type ProbeRecord } from "../schema/probe-record.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { probeProvider, type ProbeOutcome } from "./probe-provider.js";
import type { KeyVerification } from "./key-verification.js";
import { liveProbeRequest, sendLiveProbe } from "./live-probe.js";
import { createProblem, type StatusProblem } from "./problems.js";
import { resolveProviderFilter } from "./provider-id-filter.js";
import { globalConfigProblems, providerProblems } from "./provider-problems.js";
import { USABLE_STATUSES } from "./provider-statuses.js";
import type { ProviderStatusReport, StatusSummary } from "./status-report.js";
import { shownUrl } from "./shown-url.js";
import type { StatusServiceDeps } from "./status-deps.js";
import { createStatusSnapshotLoader, type CredentialFacts, type ProviderFacts, type StatusSnapshot } from "./status-snapshot.js";

/** Setup-wide problems: each appears once in the summary, whichever reports carry it. */
const SETUP_WIDE = new Set(["tier_model_unavailable", "models_json_invalid", "credentials_unreadable", "settings_unreadable", "state_unreadable"]);

// Argument shapes checked at the entry of the public functions below (built once, not per call).
const SUMMARIZE_STATUS_REPORTS_ARG = z.array(z.looseObject({ providerId: ARG.string, status: ARG.string, problems: ARG.list }));

/**
 * The result of checking one provider.
 *
 * @example
 * ```ts
 * const [openai] = await registry.check("openai");
 * if (openai?.outcome === "error") console.log(openai.errorKind);
 * ```
 */
export interface CheckResult {
  providerId: string;
  /** `skipped` when no request was made; `reason` says why. */
  outcome: "ok" | "error" | "skipped";
  errorKind: ProbeRecord["errorKind"];
  errorCode: string | null;
  message: string | null;
  modelCount: number | null;
  durationMs: number;
  authenticated: boolean;
  credentialSource: string;
  flavor: string | null;
  at: number;
  reason: string | null;
  /** How the key was verified (`listing`, `key_endpoint`, `negative_control`, `live_probe`), or `null` when it was not. */
  verifiedBy: KeyVerification | null;
  /**
   * The one-token request of `check(id, { live: true })`: `null` when not asked for; `skipped` with a `reason` when it
   * was not needed (the key was already verified or rejected) or not possible (no model, an api kind without one).
   */
  liveProbe: { outcome: "ok" | "error" | "skipped"; errorKind: ProbeRecord["errorKind"]; message: string | null; reason: string | null } | null;
  /**
   * Credentials the provider rejected during this check (401-class), by name — `OPENAI_API_KEYS (key 1 of 2)`,
   * `saved key "openai:work"` — never by value. Each was disabled like a rejected key in `run()`, and the next key
   * was checked; the rest of the result describes the last key checked.
   */
  rejectedCredentials: string[];
}

/**
 * Options of `check()`.
 *
 * @example
 * ```ts
 * await registry.check("my-proxy", { live: true });
 * ```
 */
export interface CheckOptions {
  /**
   * Where the listing cannot prove the key (it answers any key), send one one-token request with it (`max_tokens: 1`
   * or the api kind's equivalent): its success verifies the key, its 401/403 makes the provider `broken_invalid`.
   * Costs one token per provider. Default `false`.
   */
  live?: boolean;
}

/** At most this many keys of one provider are probed per check; the rest wait for the next check. */
const MAX_KEYS_PER_CHECK = 5;

const clock = () => (typeof globalThis.performance?.now === "function" ? globalThis.performance.now() : Date.now());

/** One provider's check: the probe to store, the keys it rejected on the way, and a disabled key it accepted. */
interface ProviderCheck {
  facts: ProviderFacts;
  outcome: ProbeOutcome;
  live: CheckResult["liveProbe"];
  rejected: Array<{ credential: CredentialFacts; outcome: ProbeOutcome }>;
  accepted: CredentialFacts | null;
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
 * Options of `getStatus()`.
 *
 * @example
 * ```ts
 * await registry.getStatus({ check: true, providers: ["openai", "ollama"] });
 * ```
 */
export interface GetStatusOptions {
  /** Probe first (configured providers, or those listed in `providers`). Default `false`: answer from cache. */
  check?: boolean;
  /** Only these provider ids. */
  providers?: readonly string[];
}

/**
 * Build a {@link StatusSummary} from reports: which providers are usable, and the setup-wide problems.
 *
 * @example
 * ```ts
 * const summary = summarizeStatus(await registry.getStatus());
 * if (summary.usable.length === 0) showOnboarding(summary.problems[0]?.recovery);
 * ```
 */
export function summarizeStatus(reports: readonly ProviderStatusReport[]): StatusSummary {
  checkArgument("summarizeStatus", "reports", SUMMARIZE_STATUS_REPORTS_ARG, reports);
  const usable = reports.filter((r) => USABLE_STATUSES.has(r.status)).map((r) => r.providerId);
  const problems: StatusProblem[] = [];
  if (usable.length === 0) problems.push(createProblem("no_usable_providers"));
  const seen = new Set<string>();
  for (const r of reports) {
    for (const p of r.problems) {
      if (SETUP_WIDE.has(p.code) && !seen.has(p.message)) {
        seen.add(p.message);
        problems.push(p);
      }
    }
  }
  return { usable, problems };
}

/** Ids a filter may name: every provider the snapshot knows, plus providers only a saved tier choice names. */
function filterableIds(snapshot: StatusSnapshot): { ids: Set<string>; aliases: ReadonlyMap<string, string> } {
  const ids = new Set(snapshot.providers.keys());
  for (const choice of Object.values(snapshot.tiers)) {
    const slash = choice.model.indexOf("/");
    if (slash <= 0) continue;
    const p = choice.model.slice(0, slash).toLowerCase();
    ids.add(snapshot.catalog.aliases.get(p) ?? p);
  }
  return { ids, aliases: snapshot.catalog.aliases };
}

/**
 * The credential source a report shows. A built-in local server (Ollama, LM Studio, vLLM, ...) says `local` only once
 * it is set up (models.json, a host env var such as OLLAMA_HOST, or a probe): until then nothing is configured, so
 * `none`, like any other provider that is `missing`.
 */
function credentialSourceOf(facts: ProviderFacts): string {
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
  const classification = classifyProviderStatus({
    known: facts.known,
    local: facts.local,
    modelCount: facts.modelCount,
    credential: facts.credential?.status ?? null,
    lastProbe: probe,
  });
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
    // Shown, not used: a key in the URL's query or user-info is redacted.
    baseUrl: facts.baseUrl === null ? null : shownUrl(facts.baseUrl),
  };
  if (facts.probe) report.lastCheck = lastCheckOf(facts.probe);
  return report;
}

/**
 * Status, checks and change events for one registry: the engine behind `getStatus()` and `check()`.
 *
 * @example
 * ```ts
 * const service = createStatusService(ctx);
 * const reports = await service.getStatus({ check: true });
 * ```
 */
export function createStatusService(ctx: StatusServiceDeps) {
  const loader = createStatusSnapshotLoader(ctx);
  const usage = createUsageRecorder({ storage: ctx.storage, now: ctx.now, events: { emit: ctx.emit }, logger: ctx.logger });
  const credentialStore = createCredentialStore({ storage: ctx.storage, now: ctx.now });
  let computedOnce = false;
  let statusWrite: Promise<unknown> = Promise.resolve();

  function buildReports(snapshot: StatusSnapshot, only?: ReadonlySet<string>): ProviderStatusReport[] {
    const reports: ProviderStatusReport[] = [];
    for (const id of snapshot.order) {
      const facts = snapshot.providers.get(id);
      if (!facts) continue;
      if (only && !only.has(id)) continue;
      // Legacy providers are listed only when something is set up for them.
      if (!only && facts.definition?.legacy && !facts.configured) continue;
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

  /** Whether an expired OAuth token can be refreshed depends on a registered OAuth flow, which only the credentials area knows. */
  async function refineOAuth(snapshot: StatusSnapshot): Promise<void> {
    for (const facts of snapshot.providers.values()) {
      const status = facts.credential?.status;
      if (status?.type !== "oauth" || !status.expired || !status.refreshable) continue;
      try {
        const active = await ctx.credentials.activeCredential(facts.id);
        if (active.credentialId === facts.credential?.credentialId) status.refreshable = active.refreshable;
      } catch (error) {
        ctx.logger.debug("activeCredential failed; keeping the stored refresh token as refreshable.", { providerId: facts.id, error: String(error) });
      }
    }
  }

  async function announce(snapshot: StatusSnapshot, reports: readonly ProviderStatusReport[]): Promise<void> {
    const differs = (statuses: Record<string, string>, r: ProviderStatusReport) => {
      const from = statuses[r.providerId] ?? null;
      return from !== r.status && !(from === null && r.status === "missing");
    };
    if (!reports.some((r) => differs(snapshot.statuses, r))) return;
    // Decide inside the atomic update against the latest stored statuses, so concurrent recomputations (a check and
    // a background refresh) announce each change once.
    let changes: Array<{ providerId: string; from: string | null; to: string }> = [];
    // A damaged state.json is left byte-identical: no statuses are recorded and no events announced (the reports
    // carry state_unreadable instead).
    const write = statusWrite.then(() =>
      updateSectionIfReadable(ctx.storage, STATE_JSON_KEY, "statuses", StatusesSectionSchema, {}, (current) => {
        changes = reports.filter((r) => differs(current, r)).map((r) => ({ providerId: r.providerId, from: current[r.providerId] ?? null, to: r.status }));
        const next = { ...current };
        for (const c of changes) next[c.providerId] = c.to;
        return next;
      }, { guard: STATE_SECTION_SCHEMAS }),
    );
    statusWrite = write.catch(() => undefined);
    const skipped = await write;
    if (skipped) {
      warnDamagedDocument(ctx.storage, ctx.logger, STATE_JSON_KEY, skipped);
      return;
    }
    const at = ctx.now();
    for (const c of changes) ctx.emit("status", { ...c, at });
  }

  async function getStatus(options: GetStatusOptions = {}): Promise<ProviderStatusReport[]> {
    if (options.check) await probeTargets(options.providers);
    const snapshot = await loader.load();
    await refineOAuth(snapshot);
    // An unknown id throws (with did-you-mean) rather than silently answering with no reports.
    const only = options.providers ? new Set(resolveProviderFilter(options.providers, filterableIds(snapshot))) : undefined;
    const reports = buildReports(snapshot, only);
    computedOnce = true;
    try {
      await announce(snapshot, reports);
    } catch (error) {
      ctx.logger.warn("Could not record provider statuses; status events may repeat.", { error: String(error) });
    }
    return reports;
  }

  /** Record probe results and listings; returns the damage that stopped it (state.json left as it was), else `null`. */
  async function persist(outcomes: readonly ProbeOutcome[]): Promise<ConfigError | null> {
    const recorded = outcomes.filter((o) => o.record !== null);
    if (recorded.length === 0) return null;
    // Probe results are worth recording only when they can be: a damaged state.json is skipped (and left
    // byte-identical), never a reason for the check that produced them to fail.
    const guard = { guard: STATE_SECTION_SCHEMAS };
    const skipped = await updateSectionIfReadable(ctx.storage, STATE_JSON_KEY, "probes", ProbesSectionSchema, {}, (current) => {
      const next = { ...current };
      for (const o of recorded) next[o.providerId] = o.record as ProbeRecord;
      return next;
    }, guard);
    if (skipped) {
      warnDamagedDocument(ctx.storage, ctx.logger, STATE_JSON_KEY, skipped);
      return skipped;
    }
    const listed = recorded.filter((o) => o.models !== null);
    if (listed.length === 0) return null;
    return updateSectionIfReadable(ctx.storage, STATE_JSON_KEY, "discovered", DiscoveredCacheSchema, {}, (current) => {
      const next = { ...current };
      for (const o of listed) next[o.providerId] = { at: (o.record as ProbeRecord).at, models: o.models ?? [] };
      return next;
    }, guard);
  }

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
    const started = clock();
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
      const remaining = ctx.timeoutMs - (clock() - started);
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
      const proved = await proveLive({ ...facts, credential: current, probe: null }, outcome);
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

  /**
   * The live step of `check(id, { live: true })`: one one-token request with the key the listing could not verify
   * (or, for a provider without a listing endpoint, instead of the listing). Success marks the probe `live_probe`
   * verified; a 401/403 turns it into the rejection status reads as `broken_invalid`; any other failure leaves the
   * listing's result as it was and is reported in `liveProbe`.
   */
  async function proveLive(facts: ProviderFacts, listing: ProbeOutcome): Promise<{ outcome: ProbeOutcome; live: NonNullable<CheckResult["liveProbe"]> }> {
    const skip = (reason: string) => ({ outcome: listing, live: { outcome: "skipped" as const, errorKind: null, message: null, reason } });
    const credential = facts.credential;
    const key = credential?.secret ?? null;
    if (!credential || !key || key.reveal() === "") return skip("no key to verify");
    if (credential.status.type === "oauth") return skip("OAuth sign-ins are verified by their refresh state");
    const record = listing.record;
    if (record?.outcome === "ok" && record.verifiedBy !== null) return skip(`the key is already verified (${record.verifiedBy})`);
    if (record?.outcome === "error") {
      return skip(record.authenticated ? "the listing already rejected the key" : `the listing failed (${record.errorKind ?? "error"}); fix that first`);
    }
    // No record: only a provider without a listing endpoint is probed live; other skips (no base URL, ...) stand.
    if (record === null && facts.discovery !== "none") return skip(listing.skipped ?? "the provider cannot be checked");
    if (!facts.baseUrl || /<[^>]+>|\{[^}]+\}/.test(facts.baseUrl)) return skip("no usable base URL configured");
    const listed = listing.models?.map((m) => m.id) ?? [];
    const known = [...facts.modelIds];
    const model = known.find((id) => listed.includes(id)) ?? known[0] ?? listed[0];
    if (model === undefined) return skip("no model to send the one-token request to");
    const configured = ApiKindSchema.safeParse(facts.config?.api);
    const api = configured.success ? configured.data : (facts.definition?.api ?? "openai-completions");
    const request = liveProbeRequest(api, facts.baseUrl, model, key);
    if (request === null) return skip(`no one-token probe for the ${api} api`);
    const started = clock();
    const at = ctx.now();
    const base: ProbeRecord = record ?? {
      at,
      outcome: "ok",
      errorKind: null,
      errorCode: null,
      message: null,
      // No listing: the models the registry knows are what the verified key can use.
      modelCount: facts.modelCount,
      durationMs: 0,
      authenticated: false,
      verifiedBy: null,
      credentialSource: credential.sourceLabel,
      credentialId: credential.credentialId,
      flavor: null,
      endpoint: null,
    };
    try {
      await sendLiveProbe({ baseUrl: facts.baseUrl, fetch: ctx.fetch, apiKey: key, headers: facts.headers, timeoutMs: ctx.timeoutMs }, request);
      const verified: ProbeRecord = { ...base, authenticated: true, verifiedBy: "live_probe", durationMs: base.durationMs + Math.round(clock() - started) };
      return { outcome: { ...listing, record: verified, skipped: null }, live: { outcome: "ok", errorKind: null, message: null, reason: null } };
    } catch (error) {
      const kind: ErrorKind = error instanceof ProviderCallError ? error.kind : "unknown";
      const message = redactText(error instanceof Error ? error.message : String(error), { secrets: [key] });
      const live = { outcome: "error" as const, errorKind: kind, message, reason: null };
      if (kind !== "auth_invalid" && kind !== "auth_expired") return { outcome: listing, live };
      const rejected: ProbeRecord = {
        ...base,
        at,
        outcome: "error",
        errorKind: kind,
        errorCode: "live_probe_rejected",
        message,
        modelCount: null,
        durationMs: Math.round(clock() - started),
        authenticated: true,
        verifiedBy: null,
      };
      return {
        outcome: { ...listing, record: rejected, skipped: null, error, httpStatus: error instanceof ProviderCallError ? (error.status ?? null) : null },
        live,
      };
    }
  }

  /** Disable the rejected keys exactly as `run()` does (state.json `cooldowns`, fingerprinted), and lift accepted ones. */
  async function recordCredentialVerdicts(check: ProviderCheck): Promise<void> {
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
  }

  async function probeMany(targets: readonly ProviderFacts[], options: CheckOptions = {}): Promise<CheckResult[]> {
    const checks = await Promise.all(targets.map((facts) => checkProvider(facts, options)));
    // Probes first, then the disable marks: a status recomputed on the `credential-disabled` event already sees the
    // probe of the key that took over.
    // Nothing more is written to a state.json that could not take the probes (it is damaged).
    if ((await persist(checks.map((c) => c.outcome))) === null) for (const c of checks) await recordCredentialVerdicts(c);
    return checks.map((c) => ({ ...toResult(c.outcome, c.facts), liveProbe: c.live, rejectedCredentials: c.rejected.map((r) => r.credential.label) }));
  }

  async function check(providerIds?: string | readonly string[], options: CheckOptions = {}): Promise<CheckResult[]> {
    const results = await probeTargets(providerIds, options);
    // Recompute statuses so listeners hear about changes the probes caused.
    try {
      const fresh = await loader.load();
      await refineOAuth(fresh);
      await announce(fresh, buildReports(fresh));
    } catch (error) {
      ctx.logger.warn("Could not recompute statuses after a check.", { error: String(error) });
    }
    return results;
  }

  async function probeTargets(providerIds?: string | readonly string[], options: CheckOptions = {}): Promise<CheckResult[]> {
    const snapshot = await loader.load();
    const wanted = providerIds === undefined ? undefined : resolveProviderFilter(typeof providerIds === "string" ? [providerIds] : providerIds, filterableIds(snapshot));
    const targets: ProviderFacts[] = [];
    if (wanted) {
      for (const id of wanted) {
        // Only a provider named by nothing but a saved tier choice has no facts: it is reported as skipped.
        const facts = snapshot.providers.get(id);
        if (facts) targets.push(facts);
        else {
          targets.push({
            id,
            name: id,
            definition: null,
            known: false,
            local: false,
            configured: false,
            config: null,
            baseUrl: null,
            discovery: "none",
            headers: {},
            modelCount: 0,
            modelIds: new Set(),
            credential: null,
            credentials: [],
            noCredentialLabel: "none",
            primaryEnvVar: null,
            probe: null,
            configErrors: [],
          });
        }
      }
    } else {
      for (const id of snapshot.order) {
        const facts = snapshot.providers.get(id);
        if (facts?.configured && facts.known) targets.push(facts);
      }
    }
    return probeMany(targets, options);
  }

  /** Recompute and announce after another part changed credentials or config, once status is in use. */
  function refreshAfterChange(): void {
    if (!computedOnce) return;
    void getStatus().catch((error: unknown) => ctx.logger.warn("Could not recompute statuses after a change.", { error: String(error) }));
  }

  return { getStatus, check, loader, probeMany, persist, refreshAfterChange };
}

/**
 * The engine created by {@link createStatusService}.
 *
 * @example
 * ```ts
 * const service: StatusService = createStatusService(ctx);
 * ```
 */
export type StatusService = ReturnType<typeof createStatusService>;
