// LOW / MED / HIGH: a model and a thinking level each. The thinking picker offers only the levels the chosen model
// has, and a saved level the model lacks is called out with the level calls will really use.
import type { ModelRow } from "../server/model-routes.js";
import type { ResolvedTier, ThinkingLevelsInfo, TierView } from "../../../src/index.js";
import { api } from "./api.js";
import { fill, h, uid } from "./dom.js";
import { openExplain } from "./explain-drawer.js";
import { announce, errorBox } from "./feedback.js";

interface TierRow {
  tier: "LOW" | "MED" | "HIGH";
  saved: TierView | null;
  resolved: ResolvedTier;
}

const levelCache = new Map<string, Promise<ThinkingLevelsInfo>>();

function levelsOf(ref: string): Promise<ThinkingLevelsInfo> {
  let info = levelCache.get(ref);
  if (!info) {
    info = api<ThinkingLevelsInfo>(`/api/thinking-levels?ref=${encodeURIComponent(ref)}`);
    info.catch(() => levelCache.delete(ref));
    levelCache.set(ref, info);
  }
  return info;
}

function tierEditor(row: TierRow, models: ModelRow[], reload: () => Promise<void>): HTMLElement {
  const ids = { model: uid("tier-model"), thinking: uid("tier-thinking") };
  const current = row.saved?.model ?? row.resolved.model;
  const savedLevel = row.saved?.thinking ?? null;
  const refs = models.filter((m) => m.offered).map((m) => m.ref);
  if (current && !refs.includes(current)) refs.unshift(current);

  const modelSelect = h("select", { id: ids.model, name: "model" }, h("option", { value: "" }, "Choose a model…"), refs.map((r) => h("option", { value: r }, r)));
  modelSelect.value = current ?? "";
  const thinkingSelect = h("select", { id: ids.thinking, name: "thinking" });
  const warnings = h("ul", { class: "warnings", "aria-live": "polite" });
  const status = h("div", {});
  const save = h("button", { type: "button" }, `Save ${row.tier}`);
  const explain = h("button", { type: "button", class: "secondary" }, "Explain model");
  const reset = h("button", { type: "button", class: "secondary" }, "Use default");

  async function renderLevels(): Promise<void> {
    const ref = modelSelect.value;
    const messages: string[] = [];
    if (!ref) {
      fill(thinkingSelect);
      thinkingSelect.disabled = true;
    } else {
      const info = await levelsOf(ref);
      thinkingSelect.disabled = false;
      fill(thinkingSelect, info.levels.map((l) => h("option", { value: l }, l)));
      const clamped = ref === row.resolved.model && row.resolved.thinking.clamped ? row.resolved.thinking.effective : null;
      const preferred = savedLevel !== null && info.levels.includes(savedLevel) ? savedLevel : (clamped ?? info.default ?? info.levels[0] ?? "off");
      thinkingSelect.value = preferred;
      if (savedLevel !== null && !info.levels.includes(savedLevel)) {
        const clamp = ref === row.resolved.model && row.resolved.thinking.clamped ? ` Calls use “${row.resolved.thinking.effective}” until you save another level.` : "";
        messages.push(`The saved level “${savedLevel}” is not offered by ${ref} (it offers ${info.levels.join(", ")}).${clamp}`);
      }
      for (const p of info.problems) messages.push(p.message);
    }
    if (ref === (row.saved?.model ?? row.resolved.model)) {
      // The clamp is already said above in the page's words; the registry's other warnings follow as they are.
      for (const w of row.resolved.warnings) if (!(w.code === "thinking_clamped" && messages.length > 0)) messages.push(`${w.message} ${w.recovery}`);
    }
    fill(warnings, messages.map((m) => h("li", {}, m)));
  }

  modelSelect.addEventListener("change", () => void renderLevels().catch((e: unknown) => fill(status, errorBox(e))));
  save.addEventListener("click", async () => {
    try {
      const result = await api<{ result: { warnings: Array<{ message: string }> } }>(`/api/tiers/${row.tier}`, {
        method: "PUT",
        body: { model: modelSelect.value, thinking: thinkingSelect.value },
      });
      announce(`Saved ${row.tier}: ${modelSelect.value}, thinking ${thinkingSelect.value}.`);
      await reload();
      void result;
    } catch (error) {
      fill(status, errorBox(error));
    }
  });
  explain.addEventListener("click", () => {
    if (modelSelect.value) void openExplain(modelSelect.value);
  });
  reset.addEventListener("click", async () => {
    try {
      await api(`/api/tiers/${row.tier}`, { method: "DELETE" });
      announce(`${row.tier} uses its default again.`);
      await reload();
    } catch (error) {
      fill(status, errorBox(error));
    }
  });

  const sourceText = row.saved ? "saved" : row.resolved.model ? `default (${row.resolved.source})` : "not set";
  const fieldset = h(
    "fieldset",
    { "data-tier": row.tier },
    h("legend", {}, `${row.tier} · ${sourceText}`),
    h(
      "div",
      { class: "row" },
      h("div", { class: "field", style: "min-width: 18rem" }, h("label", { for: ids.model }, `${row.tier} model`), modelSelect),
      h("div", { class: "field" }, h("label", { for: ids.thinking }, `${row.tier} thinking level`), thinkingSelect),
      save,
      explain,
      row.saved ? reset : null,
    ),
    h(
      "p",
      { class: "hint" },
      row.resolved.model
        ? `Calls to ${row.tier} use ${row.resolved.model} with thinking “${row.resolved.thinking.effective}”${row.resolved.usable ? "" : " (not usable right now)"}.`
        : `${row.tier} has no model yet.`,
    ),
    warnings,
    status,
  );
  void renderLevels().catch((e: unknown) => fill(status, errorBox(e)));
  return fieldset;
}

/**
 * The tiers section. `load()` is called each time the section is shown.
 *
 * @example
 * const view = tiersView(document.getElementById("view-tiers")!);
 * await view.load();
 */
export function tiersView(root: HTMLElement): { load(): Promise<void> } {
  const editors = h("div", { class: "tiers" });

  async function load(): Promise<void> {
    levelCache.clear();
    try {
      const [rows, models] = await Promise.all([api<TierRow[]>("/api/tiers"), api<ModelRow[]>("/api/models")]);
      fill(editors, rows.map((row) => tierEditor(row, models, load)));
    } catch (error) {
      fill(editors, errorBox(error));
    }
  }

  fill(
    root,
    h("h2", { id: "h-tiers" }, "Tiers"),
    h("p", { class: "intro" }, "Three everyday choices, each a model and a thinking level. The thinking picker lists only what the chosen model supports."),
    editors,
  );
  return { load };
}
