// One wording and one colour per provider status, so the list reads the same everywhere.

const LABELS: Record<string, { text: string; tone: "ok" | "info" | "warn" | "bad" | "none" }> = {
  healthy: { text: "Healthy", tone: "ok" },
  env: { text: "Key in environment", tone: "info" },
  local: { text: "Local, not verified", tone: "info" },
  missing: { text: "Not connected", tone: "none" },
  broken_expired: { text: "Sign-in expired", tone: "bad" },
  broken_invalid: { text: "Key rejected", tone: "bad" },
  unknown: { text: "Unknown", tone: "warn" },
};

/**
 * A badge element for a provider status (`healthy`, `env`, `local`, `missing`, `broken_*`, `unknown`).
 *
 * @example
 * row.append(statusBadge("healthy")); // <span class="badge ok" data-status="healthy">Healthy</span>
 */
export function statusBadge(status: string): HTMLElement {
  const label = LABELS[status] ?? { text: status, tone: "warn" as const };
  const el = document.createElement("span");
  el.className = `badge ${label.tone}`;
  el.dataset["status"] = status;
  el.textContent = label.text;
  return el;
}
