/**
 * The live step of `check(id, { live: true })`: the glue between a listing that could not prove a key and the
 * one-token request (`live-probe.ts`) that can. Apart from the check orchestration because it decides, on its own
 * rules, whether a live request is needed or possible at all, and how its answer rewrites the probe record.
 */
import { ProviderCallError } from "../errors/provider-call-error.js";
import { ApiKindSchema } from "../schema/api-kind.js";
import type { ErrorKind } from "../schema/error-kind.js";
import type { ProbeRecord } from "../schema/probe-record.js";
import { redactText } from "../transport/redact.js";
import type { CheckResult } from "./check-result.js";
import { liveProbeRequest, sendLiveProbe } from "./live-probe.js";
import { monotonicNow } from "./monotonic-now.js";
import { withCredentialEndpoint } from "./credential-endpoint.js";
import type { ProbeOutcome } from "./probe-provider.js";
import type { ProbePorts } from "./status-deps.js";
import type { ProviderFacts } from "./status-snapshot.js";

/**
 * The live step of `check(id, { live: true })`: one one-token request with the key the listing could not verify
 * (or, for a provider without a listing endpoint, instead of the listing). Success marks the probe `live_probe`
 * verified; a 401/403 turns it into the rejection status reads as `broken_invalid`; any other failure leaves the
 * listing's result as it was and is reported in `liveProbe`.
 *
 * @example
 * ```ts
 * const { outcome, live } = await proveKeyLive(ctx, { ...facts, credential: current, probe: null }, listing);
 * if (live.outcome === "error") console.log(live.errorKind, outcome.record?.errorCode);
 * ```
 */
export async function proveKeyLive(
  ctx: Pick<ProbePorts, "fetch" | "now" | "timeoutMs">,
  facts: ProviderFacts,
  listing: ProbeOutcome,
): Promise<{ outcome: ProbeOutcome; live: NonNullable<CheckResult["liveProbe"]> }> {
  facts = withCredentialEndpoint(facts);
  const skip = (reason: string) => ({ outcome: listing, live: { outcome: "skipped" as const, errorKind: null, message: null, reason, latencyMs: null, timeToFirstTokenMs: null } });
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
  const api = configured.success ? configured.data : (credential.endpoint?.api ?? facts.definition?.api ?? "openai-completions");
  const request = liveProbeRequest(api, facts.baseUrl, model, key);
  if (request === null) return skip(`no one-token probe for the ${api} api`);
  const started = monotonicNow();
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
    const timing = await sendLiveProbe({ baseUrl: facts.baseUrl, fetch: ctx.fetch, apiKey: key, headers: facts.headers, timeoutMs: ctx.timeoutMs }, request);
    const verified: ProbeRecord = { ...base, authenticated: true, verifiedBy: "live_probe", durationMs: base.durationMs + Math.round(monotonicNow() - started) };
    return { outcome: { ...listing, record: verified, skipped: null }, live: { outcome: "ok", errorKind: null, message: null, reason: null, ...timing } };
  } catch (error) {
    const kind: ErrorKind = error instanceof ProviderCallError ? error.kind : "unknown";
    const message = redactText(error instanceof Error ? error.message : String(error), { secrets: [key] });
    const live = { outcome: "error" as const, errorKind: kind, message, reason: null, latencyMs: null, timeToFirstTokenMs: null };
    if (kind !== "auth_invalid" && kind !== "auth_expired") return { outcome: listing, live };
    const rejected: ProbeRecord = {
      ...base,
      at,
      outcome: "error",
      errorKind: kind,
      errorCode: "live_probe_rejected",
      message,
      modelCount: null,
      durationMs: Math.round(monotonicNow() - started),
      authenticated: true,
      verifiedBy: null,
    };
    return {
      outcome: { ...listing, record: rejected, skipped: null, error, httpStatus: error instanceof ProviderCallError ? (error.status ?? null) : null },
      live,
    };
  }
}
