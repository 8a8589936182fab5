// Local and self-hosted servers: choose a preset, save its URL, then test it and fetch its models into models.json.
// Each server's row keeps its last result in place while its badge and problems update, so a keyboard or
// screen-reader user stays on the button they pressed.
import type { LocalPreset as Preset, LocalTestResult as TestResult } from "../../../src/index.js";
import type { ModelRow } from "../server/model-routes.js";
import type { ProviderRow } from "../server/provider-routes.js";
import { api } from "./api.js";
import { fill, h, uid } from "./dom.js";
import { announce, errorBox } from "./feedback.js";
import { statusBadge } from "./status-badge.js";

const AUTH_TEXT: Record<TestResult["auth"], string> = {
  ok: "key accepted",
  rejected: "key rejected",
  required: "needs a key",
  not_required: "no key needed",
  unknown: "key need unknown",
};

/** The parts of a server's row that change after a test, a fetch or a reload. */
interface ServerRow {
  li: HTMLLIElement;
  url: HTMLElement;
  badge: HTMLElement;
  reason: HTMLElement;
  problems: HTMLElement;
}

function problemItems(row: ProviderRow): HTMLElement[] {
  return row.problems
    .filter((p) => p.code !== "not_configured")
    .map((p) => h("li", { class: `problem-${p.severity}` }, h("strong", {}, p.message), p.recovery ? ` What to do: ${p.recovery}` : null));
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
  const rows = new Map<string, ServerRow>();
  let renderedKey: string | null = null;
  const ids = { preset: uid("preset"), url: uid("url"), id: uid("local-id"), key: uid("local-key"), note: uid("preset-note") };
  const presetSelect = h("select", { id: ids.preset, "aria-describedby": ids.note });
  const urlInput = h("input", { id: ids.url, type: "url", autocomplete: "off", spellcheck: "false", class: "url-field" });
  const idInput = h("input", { id: ids.id, autocomplete: "off", spellcheck: "false", class: "id-field" });
  // A server started with a key (vLLM --api-key, a gateway) gets it like any provider: stored once, never shown again.
  const keyInput = h("input", { id: ids.key, type: "password", autocomplete: "off", spellcheck: "false", class: "key-field" });
  const presetNote = h("p", { class: "hint", id: ids.note });
  const formStatus = h("div", { class: "form-status" });
  const list = h("div", {});

  function presetChanged(): void {
    const preset = presets.find((p) => p.id === presetSelect.value);
    urlInput.value = preset?.baseUrl ?? "";
    urlInput.placeholder = preset?.baseUrlTemplate ?? "";
    urlInput.required = preset !== undefined && preset.baseUrl === null;
    keyInput.placeholder = preset?.auth === "required" ? "required" : "only if the server asks";
    idInput.placeholder = preset?.providerId ?? "";
    presetNote.textContent = preset ? `${preset.notes}${preset.baseUrl === null ? " This preset has no default URL: enter the server's." : ""}` : "";
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
      h("div", { class: "field grow-field" }, h("label", { for: ids.url }, "Base URL"), urlInput),
      h("div", { class: "field" }, h("label", { for: ids.id }, "Provider id (optional)"), idInput),
      h("div", { class: "field" }, h("label", { for: ids.key }, "API key (optional)"), keyInput),
      h("button", { type: "submit" }, "Add server"),
    ),
    presetNote,
    formStatus,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void add();
  });

  async function add(): Promise<void> {
    const key = keyInput.value.trim();
    // Out of the page before any request goes out: the key is posted once and never read back.
    keyInput.value = "";
    try {
      const added = await api<{ providerId: string; baseUrl: string }>("/api/local", {
        body: { preset: presetSelect.value, baseUrl: urlInput.value || undefined, id: idInput.value || undefined },
      });
      let keyNote = "";
      if (key !== "") {
        const saved = await api<{ credential: { masked?: string | null } }>(`/api/providers/${encodeURIComponent(added.providerId)}/credentials`, { body: { key } });
        keyNote = ` Its key is stored (${saved.credential.masked ?? "masked"}).`;
      }
      fill(formStatus, h("p", { class: "note-ok" }, `Saved ${added.providerId} at ${added.baseUrl}.${keyNote} Test it, then fetch its models.`));
      idInput.value = "";
      announce(`Saved ${added.providerId}.${keyNote} Test it, then fetch its models.`);
      await loadServers();
    } catch (error) {
      fill(formStatus, errorBox(error));
    }
  }

  async function testServer(id: string, out: HTMLElement): Promise<void> {
    const t = await api<TestResult>(`/api/local/${encodeURIComponent(id)}/test`, { method: "POST" });
    if (!t.reachable) {
      fill(out, h("p", { class: "error" }, h("strong", {}, "Not reachable. "), t.message ?? "", t.recovery ? h("br") : null, t.recovery ? `What to do: ${t.recovery}` : null));
      return;
    }
    const facts = [
      `Reachable in ${t.latencyMs ?? "?"} ms`,
      `${t.modelCount ?? "unknown"} model${t.modelCount === 1 ? "" : "s"}`,
      AUTH_TEXT[t.auth],
      t.flavor ? `API: ${t.flavor}` : null,
      t.serverVersion ? `version ${t.serverVersion}` : null,
    ].filter((x): x is string => x !== null);
    // The test stored what the server listed; the catalog shows those models before they are fetched into models.json.
    const listed = (await api<ModelRow[]>(`/api/models?provider=${encodeURIComponent(id)}&all=1`)).filter((m) => m.provider === id);
    fill(
      out,
      h("p", { class: t.message ? "warning" : "note-ok" }, facts.join(" · ")),
      t.message ? h("p", { class: "warning" }, t.message, t.recovery ? h("br") : null, t.recovery ? `What to do: ${t.recovery}` : null) : null,
      listed.length > 0 ? h("p", { class: "hint" }, "Lists: ", listed.slice(0, 20).map((m, i) => [i > 0 ? ", " : "", h("code", {}, m.id)]).flat(), listed.length > 20 ? `, and ${listed.length - 20} more` : "") : null,
    );
  }

  async function fetchModels(id: string, out: HTMLElement): Promise<void> {
    const r = await api<{ added: string[]; updated: string[]; notListed: string[]; total: number }>(`/api/local/${encodeURIComponent(id)}/fetch-models`, { method: "POST" });
    fill(
      out,
      h("p", { class: "note-ok" }, `Saved ${r.total} model${r.total === 1 ? "" : "s"} to models.json · added: ${r.added.join(", ") || "none"} · updated: ${r.updated.join(", ") || "none"}. See Models.`),
      r.notListed.length > 0 ? h("p", { class: "hint" }, `Kept in models.json, no longer listed by the server: ${r.notListed.join(", ")}.`) : null,
    );
  }

  async function runAction(id: string, label: string, out: HTMLElement, button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
    // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start.
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    fill(out, h("p", { class: "hint" }, `${label}…`));
    try {
      await action();
      announce(`${id}: ${out.textContent ?? ""}`);
    } catch (error) {
      fill(out, errorBox(error));
      announce(`${id}: ${out.textContent ?? ""}`);
    } finally {
      button.removeAttribute("aria-disabled");
      // The row's badge and problems follow what the action found out (a test is stored as the server's last check).
      await loadServers().catch(() => undefined);
    }
  }

  async function remove(id: string, out: HTMLElement): Promise<void> {
    try {
      await api(`/api/local/${encodeURIComponent(id)}`, { method: "DELETE" });
      announce(`Removed ${id} from models.json.`);
      fill(formStatus, h("p", { class: "note-ok" }, `Removed ${id} from models.json.`));
      await loadServers();
      form.querySelector<HTMLElement>("select")?.focus();
    } catch (error) {
      fill(out, errorBox(error));
    }
  }

  function createRow(row: ProviderRow): ServerRow {
    const out = h("div", { role: "status", class: "result" });
    const test = h("button", { type: "button", class: "secondary", "aria-label": `Test ${row.id}` }, "Test");
    const fetchButton = h("button", { type: "button", class: "secondary", "aria-label": `Fetch models of ${row.id}` }, "Fetch models");
    const removeButton = h("button", { type: "button", class: "danger", "aria-label": `Remove ${row.id}` }, "Remove");
    test.addEventListener("click", () => void runAction(row.id, "Testing", out, test, () => testServer(row.id, out)));
    fetchButton.addEventListener("click", () => void runAction(row.id, "Fetching models", out, fetchButton, () => fetchModels(row.id, out)));
    removeButton.addEventListener("click", () => void remove(row.id, out));
    const parts = { url: h("code", { class: "server-url" }), badge: h("span", {}), reason: h("p", { class: "reason" }), problems: h("ul", { class: "problems" }) };
    const li = h(
      "li",
      { class: "provider", "data-local": row.id },
      h("div", { class: "provider-head" }, h("h3", {}, row.name === row.id ? row.id : `${row.name} (${row.id})`), parts.url, parts.badge, h("span", { class: "grow" }), test, fetchButton, removeButton),
      parts.reason,
      parts.problems,
      out,
    );
    return { li, ...parts };
  }

  function updateRow(server: ServerRow, row: ProviderRow): void {
    server.url.textContent = row.baseUrl ?? "no URL";
    fill(server.badge, statusBadge(row.status));
    server.reason.textContent = row.reason;
    const items = problemItems(row);
    fill(server.problems, items);
    server.problems.hidden = items.length === 0;
  }

  async function loadServers(): Promise<void> {
    const [all, { configured }] = await Promise.all([api<ProviderRow[]>("/api/providers"), api<{ configured: string[] }>("/api/local")]);
    // Servers models.json configures, and local servers the registry found running (detected or checked).
    const shown = all.filter((r) => configured.includes(r.id) || (r.local && r.status !== "missing"));
    for (const id of [...rows.keys()]) if (!shown.some((r) => r.id === id)) rows.delete(id);
    for (const r of shown) {
      if (!rows.has(r.id)) rows.set(r.id, createRow(r));
      updateRow(rows.get(r.id)!, r);
    }
    // Rebuilt only when servers came or went: moving a focused button out of the page would drop the focus.
    const key = shown.map((r) => r.id).join("\n");
    if (key === renderedKey) return;
    renderedKey = key;
    fill(
      list,
      shown.length === 0
        ? h("p", { class: "hint" }, "No local server is configured yet.")
        : h("ul", { class: "providers", "aria-label": "Local servers" }, shown.map((r) => rows.get(r.id)!.li)),
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
      renderedKey = null;
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
