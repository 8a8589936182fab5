// Models of connected providers with their capabilities. A capability no source states reads "unknown", never "no".
import type { ModelRow } from "../server/model-routes.js";
import { api } from "./api.js";
import { capabilityText, numberText } from "./capability-text.js";
import { fill, h, uid } from "./dom.js";
import { openExplain } from "./explain-drawer.js";
import { errorBox } from "./feedback.js";

function cap(value: boolean | null): HTMLElement {
  const text = capabilityText(value);
  return h("td", { class: text === "unknown" ? "unknown" : "" }, text);
}

/**
 * The models section. `load()` is called each time the section is shown.
 *
 * @example
 * const view = modelsView(document.getElementById("view-models")!);
 * await view.load();
 */
export function modelsView(root: HTMLElement): { load(): Promise<void> } {
  const allId = uid("all");
  const all = h("input", { type: "checkbox", id: allId });
  const table = h("div", {});
  all.addEventListener("change", () => void load());

  async function load(): Promise<void> {
    let rows: ModelRow[];
    try {
      rows = await api<ModelRow[]>(`/api/models${all.checked ? "?all=1" : ""}`);
    } catch (error) {
      fill(table, errorBox(error));
      return;
    }
    fill(
      table,
      rows.length === 0
        ? h("p", { class: "hint" }, "No usable model yet: connect a provider first.")
        : h(
            "table",
            {},
            h("caption", { class: "visually-hidden" }, "Models and their capabilities"),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Model", "Context", "Tools", "JSON", "Vision", "Reasoning", "Thinking levels", ""].map((t) => h("th", { scope: "col" }, t)),
              ),
            ),
            h(
              "tbody",
              {},
              rows.slice(0, 300).map((m) => {
                const explain = h("button", { type: "button", class: "secondary", "aria-label": `Explain ${m.ref}` }, "Explain");
                explain.addEventListener("click", () => void openExplain(m.ref));
                return h(
                  "tr",
                  { "data-model": m.ref },
                  h("th", { scope: "row" }, h("code", {}, m.ref), m.name && m.name !== m.id ? h("div", { class: "hint" }, m.name) : null, m.sourceMissing ? h("div", { class: "hint" }, "no longer listed by its source") : null, m.offered ? null : h("div", { class: "hint" }, `Not offered yet: ${m.problems[0] ?? "see Explain"}`)),
                  h("td", { class: m.contextWindow === null ? "unknown" : "" }, numberText(m.contextWindow)),
                  cap(m.tools),
                  cap(m.json),
                  cap(m.vision),
                  cap(m.reasoning),
                  h("td", { class: m.thinkingLevels === null ? "unknown" : "" }, m.thinkingLevels === null ? "unknown" : m.thinkingLevels.join(", ")),
                  h("td", {}, explain),
                );
              }),
            ),
          ),
      rows.length > 300 ? h("p", { class: "hint" }, `Showing 300 of ${rows.length}.`) : null,
    );
  }

  fill(
    root,
    h("h2", { id: "h-models" }, "Models"),
    h("p", { class: "intro" }, "What each model can do, as far as any source says. “unknown” means no source states it."),
    h("div", { class: "row", style: "margin-bottom: 0.75rem" }, h("div", { style: "display:flex; gap:0.4rem; align-items:center" }, all, h("label", { for: allId, style: "margin:0; font-weight:400" }, "Include models of providers that are not connected"))),
    table,
  );
  return { load };
}
