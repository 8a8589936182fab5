// doctor(): everything wrong with the stored files and cached statuses, each with its recovery, and the edits
// that fix some of them as diffs.
import type { DoctorReport } from "../../../src/index.js";
import { api } from "./api.js";
import { fill, h } from "./dom.js";
import { errorBox } from "./feedback.js";

/**
 * The doctor section. `load()` runs doctor (it reads files only, no network).
 *
 * @example
 * const view = doctorView(document.getElementById("view-doctor")!);
 * await view.load();
 */
export function doctorView(root: HTMLElement): { load(): Promise<void> } {
  const out = h("div", { class: "stack" });

  async function load(): Promise<void> {
    try {
      const report = await api<DoctorReport>("/api/doctor");
      fill(
        out,
        report.problems.length === 0
          ? h("p", { class: "note-ok" }, "No problems found.")
          : h(
              "table",
              {},
              h("caption", { class: "visually-hidden" }, "Problems found by doctor"),
              h("thead", {}, h("tr", {}, ["Severity", "Where", "Problem", "What to do"].map((t) => h("th", { scope: "col" }, t)))),
              h(
                "tbody",
                {},
                report.problems.map((p) =>
                  h(
                    "tr",
                    { "data-problem": p.code },
                    h("td", {}, h("span", { class: `badge ${p.severity === "error" ? "bad" : p.severity === "warning" ? "warn" : "info"}` }, p.severity)),
                    h("td", {}, `${p.source}${p.line ? `:${p.line}` : ""}${p.providers.length ? ` (${p.providers.join(", ")})` : ""}`),
                    h("td", {}, p.message),
                    h("td", {}, p.recovery),
                  ),
                ),
              ),
            ),
        report.fixes.length === 0
          ? null
          : [h("h3", {}, "Suggested fixes"), ...report.fixes.map((f) => h("div", {}, h("p", {}, f.description), h("pre", { class: "diff" }, f.diff)))],
      );
    } catch (error) {
      fill(out, errorBox(error));
    }
  }

  const again = h("button", { type: "button", class: "secondary" }, "Run doctor again");
  again.addEventListener("click", () => void load());
  fill(
    root,
    h("h2", { id: "h-doctor" }, "Doctor"),
    h("p", { class: "intro" }, "Reads the stored files and cached statuses; sends nothing."),
    h("div", { class: "stack" }, h("div", {}, again), out),
  );
  return { load };
}
