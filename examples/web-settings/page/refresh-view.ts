// Catalog refresh as a review: each change (a model the sources add or no longer list, or one changed field) gets its
// own accept / reject choice, and only the accepted ones are applied. Nothing is ever deleted.
import type { RefreshReview } from "../../../src/index.js";
import { api } from "./api.js";
import { fill, h, uid } from "./dom.js";
import { announce, errorBox } from "./feedback.js";

interface ReviewItem {
  /** What applyReview({ select }) takes for this change: a ref (a new or missing model) or one changed field. */
  select: string | { ref: string; field: string };
  ref: string;
  kind: "new" | "changed" | "missing";
  title: string;
  details: string[];
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? "unknown" : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** One item per change: a new model, a missing model, or one changed field, each accepted or rejected on its own. */
function itemsOf(review: RefreshReview): ReviewItem[] {
  return [
    ...review.newModels.map((m): ReviewItem => ({ select: m.ref, ref: m.ref, kind: "new", title: m.ref, details: [`new from ${m.source}`] })),
    ...review.missing.map((m): ReviewItem => ({
      select: m.ref,
      ref: m.ref,
      kind: "missing",
      title: m.ref,
      details: ["no longer listed by its source (kept, marked missing)"],
    })),
    ...review.changed.map((c): ReviewItem => ({
      select: { ref: c.ref, field: c.field },
      ref: c.ref,
      kind: "changed",
      title: `${c.ref} ${c.field}`,
      details: [`${c.field}: ${valueText(c.from)} → ${valueText(c.to)} (${c.source})`],
    })),
  ];
}

/**
 * The refresh section. `load()` lists saved reviews; "Check for changes" runs a new refresh.
 *
 * @example
 * const view = refreshView(document.getElementById("view-refresh")!);
 * await view.load();
 */
export function refreshView(root: HTMLElement): { load(): Promise<void> } {
  const run = h("button", { type: "button" }, "Check for catalog changes");
  const reviewBox = h("div", { class: "stack" });
  const saved = h("div", {});

  function renderReview(id: string, review: RefreshReview): void {
    const items = itemsOf(review);
    const failed = review.sources.filter((s) => !s.ok);
    const choices = new Map<ReviewItem, HTMLInputElement>();
    const result = h("div", { role: "status" });
    const apply = h("button", { type: "button" }, "Apply accepted changes");
    apply.addEventListener("click", async () => {
      const select = items.filter((i) => choices.get(i)?.checked).map((i) => i.select);
      if (select.length === 0) {
        fill(result, h("p", { class: "hint" }, "Nothing accepted; nothing applied."));
        return;
      }
      try {
        const r = await api<{ added: string[]; updated: string[]; markedMissing: string[] }>(`/api/reviews/${encodeURIComponent(id)}/apply`, { body: { select } });
        const text = `Applied: added ${r.added.join(", ") || "none"}; updated ${r.updated.join(", ") || "none"}; marked missing ${r.markedMissing.join(", ") || "none"}.`;
        fill(result, h("p", { class: "note-ok" }, text));
        announce(text);
      } catch (error) {
        fill(result, errorBox(error));
      }
    });
    fill(
      reviewBox,
      h("h3", {}, `Review ${id}`),
      h("p", { class: "hint" }, `Sources: ${review.sources.map((s) => `${s.name} ${s.ok ? "ok" : "failed"}`).join(" · ")}`),
      failed.map((s) => h("p", { class: "error" }, `${s.name} failed: ${"error" in s ? String(s.error) : "unknown error"}`)),
      items.length === 0
        ? h("p", {}, "The catalog is up to date: no new, changed or missing models.")
        : [
            h(
              "div",
              { class: "stack", role: "group", "aria-label": "Changes to accept or reject" },
              items.map((item) => {
                const name = uid("choice");
                const accept = h("input", { type: "radio", name, value: "accept" });
                const reject = h("input", { type: "radio", name, value: "reject", checked: true });
                choices.set(item, accept);
                return h(
                  "fieldset",
                  { class: "review-item", "data-review-ref": item.ref, "data-review-kind": item.kind },
                  h("legend", {}, `${item.kind === "new" ? "New" : item.kind === "missing" ? "Missing" : "Changed"}: ${item.title}`),
                  h("ul", { class: "problems" }, item.details.map((d) => h("li", {}, d))),
                  h("label", { class: "choice" }, accept, `Accept ${item.title}`),
                  h("label", { class: "choice" }, reject, `Reject ${item.title}`),
                );
              }),
            ),
            apply,
          ],
      result,
    );
  }

  run.addEventListener("click", async () => {
    run.disabled = true;
    fill(reviewBox, h("p", { class: "hint" }, "Asking the sources…"));
    try {
      const { id, review } = await api<{ id: string; review: RefreshReview }>("/api/refresh", { method: "POST" });
      renderReview(id, review);
      announce(`Review ready: ${itemsOf(review).length} changes.`);
      await loadSaved();
    } catch (error) {
      fill(reviewBox, errorBox(error));
    } finally {
      run.disabled = false;
    }
  });

  async function loadSaved(): Promise<void> {
    const reviews = await api<RefreshReview[]>("/api/reviews");
    fill(
      saved,
      reviews.length === 0
        ? null
        : h(
            "details",
            {},
            h("summary", {}, `Saved reviews (${reviews.length})`),
            h(
              "ul",
              {},
              reviews.slice(0, 10).map((r) => {
                const open = h("button", { type: "button", class: "secondary", "aria-label": `Open review ${r.id}` }, "Open");
                open.addEventListener("click", () => renderReview(r.id, r));
                return h("li", {}, `${new Date(r.createdAt).toLocaleString()} · ${itemsOf(r).length} changes `, open);
              }),
            ),
          ),
    );
  }

  async function load(): Promise<void> {
    try {
      await loadSaved();
    } catch (error) {
      fill(saved, errorBox(error));
    }
  }

  fill(
    root,
    h("h2", { id: "h-refresh" }, "Catalog refresh"),
    h("p", { class: "intro" }, "Compare the catalog with what providers list now. Nothing changes until you accept it, and nothing is ever deleted."),
    h("div", { class: "stack" }, h("div", {}, run), reviewBox, saved),
  );
  return { load };
}
