// Entry of the settings page: one section visible at a time, chosen from the side navigation; each section reloads
// its data when shown, so a key added under Providers shows up under Models and Tiers without a page reload.
import { doctorView } from "./doctor-view.js";
import { setupExplainDrawer } from "./explain-drawer.js";
import { localView } from "./local-view.js";
import { modelsView } from "./models-view.js";
import { providersView } from "./providers-view.js";
import { refreshView } from "./refresh-view.js";
import { testMessageView } from "./test-message-view.js";
import { tiersView } from "./tiers-view.js";

const panel = (name: string) => document.querySelector<HTMLElement>(`[data-view-panel="${name}"]`)!;
const views: Record<string, { load(): Promise<void> }> = {
  providers: providersView(panel("providers")),
  local: localView(panel("local")),
  models: modelsView(panel("models")),
  tiers: tiersView(panel("tiers")),
  refresh: refreshView(panel("refresh")),
  doctor: doctorView(panel("doctor")),
  test: testMessageView(panel("test")),
};
setupExplainDrawer();

async function show(name: string, focus: boolean): Promise<void> {
  for (const button of document.querySelectorAll<HTMLButtonElement>("#nav button")) {
    if (button.dataset["view"] === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  for (const section of document.querySelectorAll<HTMLElement>("[data-view-panel]")) section.hidden = section.dataset["viewPanel"] !== name;
  document.body.dataset["view"] = name;
  document.body.dataset["ready"] = "false";
  await views[name]?.load();
  document.body.dataset["ready"] = "true";
  if (focus) panel(name).querySelector("h2")?.setAttribute("tabindex", "-1");
  if (focus) panel(name).querySelector<HTMLElement>("h2")?.focus();
}

for (const button of document.querySelectorAll<HTMLButtonElement>("#nav button")) {
  button.addEventListener("click", () => {
    const name = button.dataset["view"] ?? "providers";
    history.replaceState(null, "", `#${name}`);
    void show(name, true);
  });
}

const initial = location.hash.slice(1);
void show(initial in views ? initial : "providers", false);
