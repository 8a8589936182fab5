import type { ResolvedModel } from "../../../src/index.js";
import { el } from "./dom.js";

/** A capability the registry does not know is "unknown", never "no". */
function capability(value: boolean | null | undefined): Node {
  if (value === null || value === undefined) return el("span", { class: "unknown" }, "unknown");
  return document.createTextNode(value ? "yes" : "no");
}

function count(value: number | null): Node {
  return value === null ? el("span", { class: "unknown" }, "unknown") : document.createTextNode(value.toLocaleString("en-US"));
}

/**
 * The provider's models as a table, and the same models as the message form's choices (the previous pick kept).
 *
 * @example
 * renderModels(byId("models", HTMLDivElement), byId("model", HTMLSelectElement), await registry.listModels({ provider: "custom" }));
 */
export function renderModels(container: HTMLElement, select: HTMLSelectElement, models: readonly ResolvedModel[]): void {
  const previous = select.value;
  select.replaceChildren(...models.map((m) => el("option", { value: m.ref }, m.name ?? m.id)));
  if (models.some((m) => m.ref === previous)) select.value = previous;
  if (models.length === 0) {
    container.replaceChildren(el("p", { class: "hint" }, "No models yet: save a provider and a key, then check it."));
    return;
  }
  const body = el("tbody");
  for (const m of models) {
    body.append(
      el(
        "tr",
        {},
        el("td", {}, el("code", {}, m.ref)),
        el("td", {}, count(m.limits.contextWindow)),
        el("td", {}, capability(m.capabilities.tools)),
        el("td", {}, capability(m.reasoning.supported)),
      ),
    );
  }
  const head = el("thead", {}, el("tr", {}, ...["Model", "Context window", "Tools", "Reasoning"].map((t) => el("th", { scope: "col" }, t))));
  container.replaceChildren(el("table", {}, head, body));
}
