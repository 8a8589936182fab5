/**
 * The summary a host shows above the reports: which providers are usable, and each setup-wide problem once. Apart
 * from report building because hosts call it on reports they already hold (and it checks its argument as public API).
 */
import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import { createProblem, type StatusProblem } from "./problems.js";
import { USABLE_STATUSES } from "./provider-statuses.js";
import type { ProviderStatusReport, StatusSummary } from "./status-report.js";

/** Setup-wide problems: each appears once in the summary, whichever reports carry it. */
const SETUP_WIDE = new Set(["tier_model_unavailable", "models_json_invalid", "credentials_unreadable", "settings_unreadable", "state_unreadable"]);

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const SUMMARIZE_STATUS_REPORTS_ARG = lazySchema(() => z.array(z.looseObject({ providerId: ARG.string, status: ARG.string, problems: ARG.list })));

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
