// Providers in the registry's order (connected first) with status badges, problems and recovery texts, the masked
// keys each has, and a form to add a key with one of the provider's setup methods.
import type { ProviderRow } from "../server/provider-routes.js";
import { api } from "./api.js";
import { fill, h, uid } from "./dom.js";
import { announce, errorBox } from "./feedback.js";
import { statusBadge } from "./status-badge.js";

const KEY_KINDS = new Set(["apiKey", "token"]);

function problemList(row: ProviderRow): HTMLElement | null {
  if (row.problems.length === 0) return null;
  return h(
    "ul",
    { class: "problems" },
    row.problems.map((p) =>
      h("li", { class: `problem-${p.severity}` }, h("strong", {}, p.message), " ", h("span", { class: "recovery" }, `What to do: ${p.recovery}`)),
    ),
  );
}

/**
 * The providers section. `load()` fetches and renders; it is called each time the section is shown.
 *
 * @example
 * const view = providersView(document.getElementById("view-providers")!);
 * await view.load();
 */
export function providersView(root: HTMLElement): { load(): Promise<void> } {
  let rows: ProviderRow[] = [];
  const ids = { provider: uid("provider"), method: uid("method"), label: uid("label"), key: uid("key") };

  const providerSelect = h("select", { id: ids.provider, name: "provider" });
  const methodSelect = h("select", { id: ids.method, name: "method" });
  const labelInput = h("input", { id: ids.label, name: "label", placeholder: "default", autocomplete: "off" });
  const keyInput = h("input", { id: ids.key, name: "key", type: "password", autocomplete: "off", spellcheck: "false", required: true });
  const hint = h("p", { class: "hint" });
  const formStatus = h("div", {});
  const list = h("div", {});

  function selectedRow(): ProviderRow | undefined {
    return rows.find((r) => r.id === providerSelect.value);
  }

  function renderMethods(): void {
    const row = selectedRow();
    const methods = row?.methods ?? [];
    fill(
      methodSelect,
      methods.length === 0 ? h("option", { value: "" }, "API key") : null,
      methods.map((m) => h("option", { value: m.id, disabled: !KEY_KINDS.has(m.kind), "data-kind": m.kind }, KEY_KINDS.has(m.kind) ? m.label : `${m.label} (set up outside this page)`)),
    );
    const firstKey = methods.find((m) => KEY_KINDS.has(m.kind));
    if (firstKey) methodSelect.value = firstKey.id;
    // The live override and list variables are for operators; the plain per-provider variable is the one to suggest.
    const env = (row?.envNames ?? []).filter((n) => !n.includes("_LIVE_") && !n.endsWith("_KEYS")).slice(0, 2);
    fill(hint, env.length > 0 ? `Or set ${env.join(" or ")} in the server's environment. ` : "", "The key is sent once and never shown again; only its last four characters are listed.");
  }

  const form = h(
    "form",
    { class: "panel stack", "aria-labelledby": "h-connect" },
    h("h3", { id: "h-connect" }, "Add a key"),
    h(
      "div",
      { class: "row" },
      h("div", { class: "field" }, h("label", { for: ids.provider }, "Provider"), providerSelect),
      h("div", { class: "field" }, h("label", { for: ids.method }, "Setup method"), methodSelect),
      h("div", { class: "field" }, h("label", { for: ids.label }, "Label (optional)"), labelInput),
      h("div", { class: "field", style: "flex: 1; min-width: 14rem" }, h("label", { for: ids.key }, "API key or token"), keyInput),
      h("button", { type: "submit" }, "Save key"),
    ),
    hint,
    formStatus,
  );

  providerSelect.addEventListener("change", renderMethods);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void saveKey();
  });

  async function saveKey(): Promise<void> {
    const row = selectedRow();
    if (!row || keyInput.value.trim() === "") {
      fill(formStatus, errorBox(new Error("Choose a provider and paste a key.")));
      return;
    }
    const kind = methodSelect.selectedOptions[0]?.dataset["kind"];
    const body = { key: keyInput.value, type: kind === "token" ? "token" : "apiKey", label: labelInput.value || undefined, method: methodSelect.value || undefined };
    // The field is emptied before the request goes out, so the key lives in the page only as long as needed.
    keyInput.value = "";
    fill(formStatus, h("p", { class: "hint" }, `Saving and checking ${row.name}…`));
    try {
      const saved = await api<{ credential: { masked: string }; check: { outcome: string; message: string | null } | null }>(
        `/api/providers/${encodeURIComponent(row.id)}/credentials`,
        { body },
      );
      await load();
      const now = rows.find((r) => r.id === row.id);
      const text = `Saved key ${saved.credential.masked} for ${row.name}; status: ${now?.status ?? "unknown"}.`;
      fill(formStatus, h("p", { class: "note-ok" }, text));
      announce(text);
    } catch (error) {
      fill(formStatus, errorBox(error));
    }
  }

  async function removeCredential(row: ProviderRow, credentialId: string): Promise<void> {
    try {
      await api(`/api/providers/${encodeURIComponent(row.id)}/credentials/${encodeURIComponent(credentialId)}`, { method: "DELETE" });
      await load();
      announce(`Removed ${credentialId}.`);
    } catch (error) {
      list.prepend(errorBox(error));
    }
  }

  async function checkNow(row: ProviderRow, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await api(`/api/providers/${encodeURIComponent(row.id)}/check`, { method: "POST" });
      await load();
      announce(`Checked ${row.name}.`);
    } catch (error) {
      list.prepend(errorBox(error));
    } finally {
      button.disabled = false;
    }
  }

  function card(row: ProviderRow): HTMLElement {
    const headingId = uid("p");
    const check = h("button", { type: "button", class: "secondary" }, "Check now");
    check.addEventListener("click", () => void checkNow(row, check));
    const addKey = h("button", { type: "button", class: "secondary" }, "Add key…");
    addKey.addEventListener("click", () => {
      providerSelect.value = row.id;
      renderMethods();
      keyInput.focus();
    });
    return h(
      "li",
      { class: "provider", "data-provider": row.id, "aria-labelledby": headingId },
      h(
        "div",
        { class: "provider-head" },
        h("h3", { id: headingId }, row.name),
        h("code", {}, row.id),
        statusBadge(row.status),
        h("span", { class: "grow" }),
        row.status === "missing" ? null : check,
        row.methods.some((m) => KEY_KINDS.has(m.kind)) || row.methods.length === 0 ? addKey : null,
      ),
      h("p", { class: "reason" }, `${row.reason}${row.modelCount ? ` · ${row.modelCount} models` : ""}${row.baseUrl && row.local ? ` · ${row.baseUrl}` : ""}`),
      problemList(row),
      row.credentials.length === 0
        ? null
        : h(
            "ul",
            { class: "creds", "aria-label": `Keys of ${row.name}` },
            row.credentials.map((cr) => {
              const remove = h("button", { type: "button", class: "danger", "aria-label": `Remove key ${cr.label} ${cr.masked} of ${row.name}` }, "Remove");
              remove.addEventListener("click", () => void removeCredential(row, cr.id));
              return h("li", { "data-credential": cr.id }, h("span", {}, `${cr.label} `, h("code", {}, cr.masked), ` · ${cr.source}`), cr.removable ? remove : null);
            }),
          ),
    );
  }

  async function load(): Promise<void> {
    try {
      rows = await api<ProviderRow[]>("/api/providers");
    } catch (error) {
      fill(list, errorBox(error));
      return;
    }
    const chosen = providerSelect.value;
    fill(providerSelect, rows.map((r) => h("option", { value: r.id }, `${r.name} (${r.id})`)));
    if (chosen && rows.some((r) => r.id === chosen)) providerSelect.value = chosen;
    renderMethods();
    const connected = rows.filter((r) => r.status !== "missing" || r.credentials.length > 0);
    const others = rows.filter((r) => !connected.includes(r));
    fill(
      list,
      h("h3", { class: "visually-hidden" }, "Connected providers"),
      connected.length === 0 ? h("p", { class: "hint" }, "No provider is connected yet: add a key above, or add a local server.") : h("ul", { class: "providers", "aria-label": "Connected providers" }, connected.map(card)),
      others.length === 0 ? null : h("details", {}, h("summary", {}, `Not connected (${others.length})`), h("ul", { class: "providers", "aria-label": "Providers not connected" }, others.map(card))),
    );
  }

  fill(
    root,
    h("h2", { id: "h-providers" }, "Providers"),
    h("p", { class: "intro" }, "Connected providers come first. Each shows what the registry knows about it and, when something is wrong, what to do."),
    h("div", { class: "stack" }, form, list),
  );
  return { load };
}
