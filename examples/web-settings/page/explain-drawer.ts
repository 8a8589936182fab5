// The explain drawer: every value of a model with the layer it came from (built-in, models.dev, discovery,
// models.json, override), so a user can see why a number is what it is.
import type { ModelExplanation } from "../../../src/index.js";
import { api } from "./api.js";
import { fill, h } from "./dom.js";
import { errorBox } from "./feedback.js";

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "unknown";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function fieldRow(name: string, f: { value: unknown; source: string | null; layer: string | null; overridden: ReadonlyArray<{ layer: string; value: unknown }> }): HTMLElement {
  const unknown = f.value === null || f.value === undefined;
  return h(
    "tr",
    { "data-field": name },
    h("th", { scope: "row" }, name),
    h("td", { class: unknown ? "unknown" : "" }, valueText(f.value)),
    h("td", {}, f.source ?? "—"),
    h("td", {}, f.layer ?? "—"),
    h("td", {}, f.overridden.map((o) => `${o.layer}: ${valueText(o.value)}`).join("; ")),
  );
}

/**
 * Opens the drawer for a model ref and fills it from `/api/explain`. Focus returns to the opener on close.
 *
 * @example
 * button.addEventListener("click", () => void openExplain("openai/gpt-5"));
 */
export async function openExplain(ref: string): Promise<void> {
  const dialog = document.getElementById("explain") as HTMLDialogElement;
  const body = document.getElementById("explain-body") as HTMLElement;
  const title = document.getElementById("explain-title") as HTMLElement;
  title.textContent = `Where each value of ${ref} comes from`;
  fill(body, h("p", { class: "hint" }, "Loading…"));
  if (!dialog.open) dialog.showModal();
  try {
    const e = await api<ModelExplanation>(`/api/explain?ref=${encodeURIComponent(ref)}`);
    fill(
      body,
      h("p", {}, `Provider ${e.provider.id} (${e.provider.source ?? "unknown source"}) · credentials: ${e.provider.credentials.available ? `available via ${e.provider.credentials.via}` : "none"}`),
      h(
        "table",
        {},
        h("caption", { class: "visually-hidden" }, `Fields of ${e.ref} and their sources`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Source"), h("th", { scope: "col" }, "Layer"), h("th", { scope: "col" }, "Replaces"))),
        h(
          "tbody",
          {},
          fieldRow("api", e.provider.api),
          fieldRow("baseUrl", e.provider.baseUrl),
          Object.entries(e.fields).map(([name, f]) => fieldRow(name, f)),
        ),
      ),
      e.problems.length === 0 ? null : h("ul", { class: "warnings" }, e.problems.map((p) => h("li", {}, p.message))),
    );
  } catch (error) {
    fill(body, errorBox(error));
  }
}

/**
 * Wires the drawer's close button once.
 *
 * @example
 * setupExplainDrawer();
 */
export function setupExplainDrawer(): void {
  const dialog = document.getElementById("explain") as HTMLDialogElement;
  document.getElementById("explain-close")?.addEventListener("click", () => dialog.close());
}
