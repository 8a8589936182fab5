import type { CredentialSummary } from "../../../src/index.js";
import { el } from "./dom.js";

/**
 * The stored credentials, masked as the registry masks them (the last characters only), each with a Remove button.
 *
 * @example
 * renderCredentials(list, await registry.listCredentials("custom"), (id) => registry.removeCredential("custom", id));
 */
export function renderCredentials(list: HTMLUListElement, credentials: readonly CredentialSummary[], onRemove: (id: string) => void): void {
  if (credentials.length === 0) {
    list.replaceChildren(el("li", {}, el("span", { class: "hint" }, "No key stored.")));
    return;
  }
  list.replaceChildren(
    ...credentials.map((c) => {
      const remove = el("button", { type: "button", class: "secondary", "aria-label": `Remove credential ${c.label}` }, "Remove");
      remove.addEventListener("click", () => onRemove(c.id));
      return el(
        "li",
        { "data-testid": "credential" },
        el("span", {}, el("strong", {}, c.label), " ", el("span", { class: "mono" }, c.masked), ` · ${c.source}`),
        c.removable ? remove : null,
      );
    }),
  );
}
