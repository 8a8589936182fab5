/**
 * Every write the status area makes to state.json — probe records and their listings (`probes`, `discovered`), the
 * last announced statuses (`statuses`), and dropping a removed provider's bookkeeping — in one place, because all of
 * them share one rule: a damaged state.json is left byte-identical (one warning), never written over, and never a
 * reason for the check or edit that produced the data to fail.
 */
import type { ConfigError } from "../errors/config-error.js";
import type { ProbePorts } from "./status-deps.js";
import { DiscoveredCacheSchema } from "../schema/discovered.js";
import { ProbesSectionSchema, StatusesSectionSchema, type ProbeRecord } from "../schema/probe-record.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { warnDamagedDocument } from "../storage/damaged-document.js";
import { updateSectionIfReadable } from "../storage/sections.js";
import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import type { ProbeOutcome } from "./probe-provider.js";
import type { ProviderStatusReport } from "./status-report.js";

/** Writes never go over a state.json whose other sections do not parse. */
const GUARD = { guard: STATE_SECTION_SCHEMAS };

/**
 * Record probe results and listings; returns the damage that stopped it (state.json left as it was), else `null`.
 *
 * @example
 * ```ts
 * const damaged = await persistProbes(ctx, [outcome]);
 * if (damaged === null) await recordCredentialVerdicts(check);
 * ```
 */
export async function persistProbes(ports: Pick<ProbePorts, "storage" | "logger">, outcomes: readonly ProbeOutcome[]): Promise<ConfigError | null> {
  const recorded = outcomes.filter((o) => o.record !== null);
  if (recorded.length === 0) return null;
  // Probe results are worth recording only when they can be: a damaged state.json is skipped (and left
  // byte-identical), never a reason for the check that produced them to fail.
  const skipped = await updateSectionIfReadable(ports.storage, STATE_JSON_KEY, "probes", ProbesSectionSchema, {}, (current) => {
    const next = { ...current };
    for (const o of recorded) next[o.providerId] = o.record as ProbeRecord;
    return next;
  }, GUARD);
  if (skipped) {
    warnDamagedDocument(ports.storage, ports.logger, STATE_JSON_KEY, skipped);
    return skipped;
  }
  const listed = recorded.filter((o) => o.models !== null);
  if (listed.length === 0) return null;
  return updateSectionIfReadable(ports.storage, STATE_JSON_KEY, "discovered", DiscoveredCacheSchema, {}, (current) => {
    const next = { ...current };
    for (const o of listed) next[o.providerId] = { at: (o.record as ProbeRecord).at, models: o.models ?? [] };
    return next;
  }, GUARD);
}

/**
 * Drop a removed provider's probe and listing. They are bookkeeping: dropped only when state.json can be written (a
 * damaged file is never written over: one warning instead).
 *
 * @example
 * ```ts
 * await ctx.config.updateModelsConfig([{ path: ["providers", "vllm"], value: undefined }]);
 * await forgetProviderState(ctx, "vllm");
 * ```
 */
export async function forgetProviderState(ports: Pick<ProbePorts, "storage" | "logger">, providerId: string): Promise<void> {
  const drop = <T extends Record<string, unknown>>(current: T): T => {
    const next = { ...current };
    delete next[providerId];
    return next;
  };
  const skipped =
    (await updateSectionIfReadable(ports.storage, STATE_JSON_KEY, "probes", ProbesSectionSchema, {}, drop, GUARD)) ??
    (await updateSectionIfReadable(ports.storage, STATE_JSON_KEY, "discovered", DiscoveredCacheSchema, {}, drop, GUARD));
  if (skipped) warnDamagedDocument(ports.storage, ports.logger, STATE_JSON_KEY, skipped);
}

/**
 * One status change to announce as a `status` event.
 *
 * @example
 * ```ts
 * const change: StatusChange = { providerId: "openai", from: "healthy", to: "broken_invalid" };
 * ```
 */
export interface StatusChange {
  providerId: string;
  from: string | null;
  to: string;
}

/**
 * Whether a report's status differs from the recorded one (a provider first seen as `missing` is no change).
 *
 * @example
 * ```ts
 * if (!reports.some((r) => statusChanged(snapshot.statuses, r))) return;
 * ```
 */
export function statusChanged(statuses: Record<string, string>, report: ProviderStatusReport): boolean {
  const from = statuses[report.providerId] ?? null;
  return from !== report.status && !(from === null && report.status === "missing");
}

/**
 * The recorder of announced statuses for one registry. Each change is decided inside the atomic update against the
 * latest stored statuses, and the updates are chained, so concurrent recomputations (a check and a background
 * refresh) announce each change once. It answers the changes to announce, or `null` when state.json is damaged: it
 * is left byte-identical, no statuses are recorded and no events are to be announced (the reports carry
 * `state_unreadable` instead).
 *
 * @example
 * ```ts
 * const recordStatuses = createStatusRecorder(ctx);
 * for (const change of (await recordStatuses(reports)) ?? []) ctx.emit("status", { ...change, at: ctx.now() });
 * ```
 */
export function createStatusRecorder(ports: Pick<ProbePorts, "storage" | "logger">): (reports: readonly ProviderStatusReport[]) => Promise<StatusChange[] | null> {
  let statusWrite: Promise<unknown> = Promise.resolve();
  return async (reports) => {
    let changes: StatusChange[] = [];
    const write = statusWrite.then(() =>
      updateSectionIfReadable(ports.storage, STATE_JSON_KEY, "statuses", StatusesSectionSchema, {}, (current) => {
        changes = reports.filter((r) => statusChanged(current, r)).map((r) => ({ providerId: r.providerId, from: current[r.providerId] ?? null, to: r.status }));
        const next = { ...current };
        for (const c of changes) next[c.providerId] = c.to;
        return next;
      }, GUARD),
    );
    statusWrite = write.catch(() => undefined);
    const skipped = await write;
    if (skipped) {
      warnDamagedDocument(ports.storage, ports.logger, STATE_JSON_KEY, skipped);
      return null;
    }
    return changes;
  };
}
