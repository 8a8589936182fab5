// Local and self-hosted servers: choose a preset, save its URL, then test it and fetch its models into models.json.
import type { ProviderRow } from "../server/provider-routes.js";
import { api } from "./api.js";
import { fill, h, uid } from "./dom.js";
import { announce, errorBox } from "./feedback.js";
import { statusBadge } from "./status-badge.js";

interface Preset {
  id: string;
  name: string;
  providerId: string;
  baseUrl: string | null;
  baseUrlTemplate: string | null;
  auth: string;
}

interface TestResult {
  reachable: boolean;
  latencyMs: number | null;
  auth: string;
  modelCount: number | null;
  flavor: string | null;
  message: string | null;
  recovery: string | null;
}

/**
 * The local servers section. `load()` is called each time the section is shown.
 *
 * @example
 * const view = localView(document.getElementById("view-local")!);
 * await view.load();
 */
export function localView(root: HTMLElement): { load(): Promise<void> } {
  let presets: Preset[] = [];
  const ids = { preset: uid("preset"), url: uid("url"), id: uid("local-id") };
  const presetSelect = h("select", { id: ids.preset });
  const urlInput = h("input", { id: ids.url, type: "url", autocomplete: "off", style: "min-width: 20rem" });
  const idInput = h("input", { id: ids.id, autocomplete: "off", placeholder: "preset's id" });
  const formStatus = h("div", {});
  const list = h("div", {});

  function presetChanged(): void {
    const preset = presets.find((p) => p.id === presetSelect.value);
    urlInput.value = preset?.baseUrl ?? "";
    urlInput.placeholder = preset?.baseUrlTemplate ?? "";
  }
  presetSelect.addEventListener("change", presetChanged);

  const form = h(
    "form",
    { class: "panel stack", "aria-labelledby": "h-add-local" },
    h("h3", { id: "h-add-local" }, "Add a local server"),
    h(
      "div",
      { class: "row" },
      h("div", { class: "field" }, h("label", { for: ids.preset }, "Preset"), presetSelect),
      h("div", { class: "field" }, h("label", { for: ids.url }, "Base URL"), urlInput),
      h("div", { class: "field" }, h("label", { for: ids.id }, "Provider id (optional)"), idInput),
      h("button", { type: "submit" }, "Add server"),
    ),
    formStatus,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void add();
  });

  async function add(): Promise<void> {
    try {
      const added = await api<{ providerId: string; baseUrl: string }>("/api/local", {
        body: { preset: presetSelect.value, baseUrl: urlInput.value || undefined, id: idInput.value || undefined },
      });
      fill(formStatus, h("p", { class: "note-ok" }, `Saved ${added.providerId} at ${added.baseUrl}. Test it, then fetch its models.`));
      announce(`Saved ${added.providerId}.`);
      await loadServers();
    } catch (error) {
      fill(formStatus, errorBox(error));
    }
  }

  async function runAction(row: ProviderRow, action: "test" | "fetch-models", out: HTMLElement, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    fill(out, h("p", { class: "hint" }, action === "test" ? "Testing…" : "Fetching models…"));
    try {
      if (action === "test") {
        const t = await api<TestResult>(`/api/local/${encodeURIComponent(row.id)}/test`, { method: "POST" });
        fill(
          out,
          t.reachable && !t.message
            ? h("p", { class: "note-ok" }, `Reachable in ${t.latencyMs ?? "?"} ms · ${t.modelCount ?? "unknown"} models · auth ${t.auth}${t.flavor ? ` · ${t.flavor}` : ""}`)
            : h("p", { class: "error" }, t.message ?? "Not reachable.", t.recovery ? h("br") : null, t.recovery ? `What to do: ${t.recovery}` : null),
        );
      } else {
        const r = await api<{ added: string[]; updated: string[]; total: number }>(`/api/local/${encodeURIComponent(row.id)}/fetch-models`, { method: "POST" });
        fill(out, h("p", { class: "note-ok" }, `${r.total} models listed · added: ${r.added.join(", ") || "none"} · updated: ${r.updated.join(", ") || "none"}`));
      }
      announce(out.textContent ?? "");
    } catch (error) {
      fill(out, errorBox(error));
    } finally {
      button.disabled = false;
    }
  }

  async function loadServers(): Promise<void> {
    const rows = (await api<ProviderRow[]>("/api/providers")).filter((r) => r.local && (r.status !== "missing" || r.baseUrl !== null) && r.source === "user");
    fill(
      list,
      rows.length === 0
        ? h("p", { class: "hint" }, "No local server is configured yet.")
        : h(
            "ul",
            { class: "providers", "aria-label": "Local servers" },
            rows.map((row) => {
              const out = h("div", { role: "status" });
              const test = h("button", { type: "button", class: "secondary", "aria-label": `Test ${row.id}` }, "Test");
              const fetchModels = h("button", { type: "button", class: "secondary", "aria-label": `Fetch models of ${row.id}` }, "Fetch models");
              test.addEventListener("click", () => void runAction(row, "test", out, test));
              fetchModels.addEventListener("click", () => void runAction(row, "fetch-models", out, fetchModels));
              return h(
                "li",
                { class: "provider", "data-local": row.id },
                h("div", { class: "provider-head" }, h("h3", {}, row.name), h("code", {}, row.baseUrl ?? ""), statusBadge(row.status), h("span", { class: "grow" }), test, fetchModels),
                h("p", { class: "reason" }, row.reason),
                out,
              );
            }),
          ),
    );
  }

  async function load(): Promise<void> {
    try {
      if (presets.length === 0) {
        presets = await api<Preset[]>("/api/local/presets");
        fill(presetSelect, presets.map((p) => h("option", { value: p.id }, p.name)));
        presetChanged();
      }
      await loadServers();
    } catch (error) {
      fill(list, errorBox(error));
    }
  }

  fill(
    root,
    h("h2", { id: "h-local" }, "Local servers"),
    h("p", { class: "intro" }, "Ollama, LM Studio, vLLM, LiteLLM or any OpenAI- or Anthropic-compatible endpoint. Saved in models.json."),
    h("div", { class: "stack" }, form, list),
  );
  return { load };
}
