/**
 * The status service: one object per registry that composes snapshot loading, checks, report building and state.json
 * writes into `getStatus()` and `check()`, and owns what spans them (status events, recomputing after a change).
 */
import type { ConfigError } from "../errors/config-error.js";
import { buildStatusReports } from "./build-status-reports.js";
import { createProviderChecks } from "./check-providers.js";
import type { CheckOptions, CheckResult } from "./check-result.js";
import type { ProbeOutcome } from "./probe-provider.js";
import { filterableProviderIds, resolveProviderFilter } from "./provider-id-filter.js";
import type { ProviderStatusReport } from "./status-report.js";
import type { StatusServiceDeps } from "./status-deps.js";
import { createStatusSnapshotLoader, type StatusSnapshot } from "./status-snapshot.js";
import { createStatusRecorder, persistProbes, statusChanged } from "./status-state-writes.js";

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
 * Whether an expired OAuth sign-in can be refreshed depends on a registered OAuth flow, which only the credentials
 * area knows: ask it, and mark the snapshot's credential accordingly. Reads only.
 *
 * @example
 * ```ts
 * const snapshot = await loader.load();
 * await refineOAuthStatuses(ctx, snapshot);
 * const reports = buildStatusReports(snapshot);
 * ```
 */
export async function refineOAuthStatuses(ctx: Pick<StatusServiceDeps, "credentials" | "logger">, snapshot: StatusSnapshot): Promise<void> {
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

/**
 * Status, checks and change events for one registry: the engine behind `getStatus()` and `check()`. It composes the
 * parts (snapshot loading, checks, report building, state.json writes) and owns what spans them: the OAuth refresh
 * view from the credentials service, announcing status changes, and recomputing after a check or another change.
 *
 * @example
 * ```ts
 * const service = createStatusService(ctx);
 * const reports = await service.getStatus({ check: true });
 * ```
 */
export function createStatusService(ctx: StatusServiceDeps) {
  const loader = createStatusSnapshotLoader(ctx);
  const checks = createProviderChecks(ctx, loader);
  const recordStatuses = createStatusRecorder(ctx);
  let computedOnce = false;

  const refineOAuth = (snapshot: StatusSnapshot) => refineOAuthStatuses(ctx, snapshot);

  async function announce(snapshot: StatusSnapshot, reports: readonly ProviderStatusReport[]): Promise<void> {
    if (!reports.some((r) => statusChanged(snapshot.statuses, r))) return;
    const changes = await recordStatuses(reports);
    if (changes === null) return;
    const at = ctx.now();
    for (const c of changes) ctx.emit("status", { ...c, at });
  }

  async function getStatus(options: GetStatusOptions = {}): Promise<ProviderStatusReport[]> {
    if (options.check) await checks.probeTargets(options.providers);
    const snapshot = await loader.load();
    await refineOAuth(snapshot);
    // An unknown id throws (with did-you-mean) rather than silently answering with no reports.
    const only = options.providers ? new Set(resolveProviderFilter(options.providers, filterableProviderIds(snapshot))) : undefined;
    const reports = buildStatusReports(snapshot, only);
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
    return persistProbes(ctx, outcomes);
  }

  async function check(providerIds?: string | readonly string[], options: CheckOptions = {}): Promise<CheckResult[]> {
    const results = await checks.probeTargets(providerIds, options);
    // Recompute statuses so listeners hear about changes the probes caused.
    try {
      const fresh = await loader.load();
      await refineOAuth(fresh);
      await announce(fresh, buildStatusReports(fresh));
    } catch (error) {
      ctx.logger.warn("Could not recompute statuses after a check.", { error: String(error) });
    }
    return results;
  }

  /** Recompute and announce after another part changed credentials or config, once status is in use. */
  function refreshAfterChange(): void {
    if (!computedOnce) return;
    void getStatus().catch((error: unknown) => ctx.logger.warn("Could not recompute statuses after a change.", { error: String(error) }));
  }

  return { getStatus, check, loader, probeMany: checks.probeMany, persist, refreshAfterChange };
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
