import type { ProviderStatusReport } from "../../../src/index.js";
import { el } from "./dom.js";

/**
 * Shows one provider's status: the badge, why, and each problem with what to do about it.
 *
 * @example
 * renderStatus(byId("status", HTMLDivElement), (await registry.getStatus({ providers: ["custom"] }))[0]);
 */
export function renderStatus(container: HTMLElement, report: ProviderStatusReport | undefined): void {
  if (report === undefined) {
    container.replaceChildren(el("p", {}, "No status yet."));
    return;
  }
  const line = el(
    "div",
    { class: "status-line" },
    el("strong", {}, report.name),
    el("span", { class: "badge", "data-status": report.status, "data-testid": "status-badge" }, report.status),
  );
  const reason = el("p", { class: "reason" }, report.reason);
  const facts = el(
    "p",
    { class: "hint" },
    `Base URL: ${report.baseUrl ?? "not set"} · credential: ${report.credentialSource} · models: ${report.modelCount}`,
    report.lastCheck ? ` · last check: ${report.lastCheck.outcome}${report.lastCheck.errorKind ? ` (${report.lastCheck.errorKind})` : ""}` : " · not checked yet",
  );
  const problems = el("ul", { class: "problems", "aria-label": "Problems" });
  for (const problem of report.problems) {
    problems.append(
      el(
        "li",
        { "data-severity": problem.severity },
        el("span", {}, problem.message),
        el("span", { class: "recovery" }, problem.recovery),
      ),
    );
  }
  container.replaceChildren(line, reason, facts, ...(report.problems.length > 0 ? [problems] : []));
}
