/**
 * The registry's pure core, unchanged, running in a page: a custom OpenAI-compatible provider at a base URL the user
 * gives (`?provider=http://127.0.0.1:PORT/v1` prefills it), a key stored in the browser, the provider's status with
 * its problems and recovery, its models, and a test message streamed delta by delta. Everything goes through
 * `createRegistry` from `src/index.ts`; the only network calls are the page's own fetches to that base URL.
 *
 * Bundled by esbuild for the browser (see README.md next to this file).
 */
import { createRegistry, isRegistryError, type Registry } from "../../../src/index.js";
import { renderCredentials } from "./credentials-view.js";
import { byId } from "./dom.js";
import { renderModels } from "./models-view.js";
import { renderStatus } from "./status-view.js";
import { savedStorageChoice, saveStorageChoice, storageFor, type StorageChoice } from "./storage-choice.js";

/** The provider id the `custom-openai` preset writes into models.json. */
const PROVIDER = "custom";

const providerForm = byId("provider-form", HTMLFormElement);
const baseUrlInput = byId("base-url", HTMLInputElement);
const keyForm = byId("key-form", HTMLFormElement);
const keyInput = byId("api-key", HTMLInputElement);
const credentialList = byId("credentials", HTMLUListElement);
const statusBox = byId("status", HTMLDivElement);
const checkButton = byId("check", HTMLButtonElement);
const notice = byId("notice", HTMLParagraphElement);
const modelsBox = byId("models", HTMLDivElement);
const messageForm = byId("message-form", HTMLFormElement);
const modelSelect = byId("model", HTMLSelectElement);
const messageInput = byId("message", HTMLTextAreaElement);
const sendButton = byId("send", HTMLButtonElement);
const reply = byId("reply", HTMLDivElement);
const events = byId("events", HTMLParagraphElement);

const prefill = new URLSearchParams(globalThis.location.search).get("provider");
let registry: Registry = createPageRegistry(savedStorageChoice());

function createPageRegistry(choice: StorageChoice): Registry {
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="storage"]')) radio.checked = radio.value === choice;
  // fetch bound to the window: a bare reference to it called as a method of another object throws "Illegal invocation".
  return createRegistry({ storage: storageFor(choice), fetch: globalThis.fetch.bind(globalThis) });
}

function say(text: string, kind: "info" | "error" = "info"): void {
  notice.textContent = text;
  notice.dataset.kind = kind;
}

/** A RegistryError says what happened and what to do; anything else is shown by its message only. */
function sayError(error: unknown): void {
  if (isRegistryError(error)) say(`${error.message} ${error.recovery ?? ""}`.trim(), "error");
  else say(error instanceof Error ? error.message : String(error), "error");
}

/** Runs one user action with its button disabled, so a double click cannot start it twice. */
async function busy(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    sayError(error);
  } finally {
    button.disabled = false;
  }
}

/** Re-reads everything shown from the registry; `check` probes the server first. */
async function refresh(check: boolean): Promise<void> {
  const [before] = await registry.getStatus({ providers: [PROVIDER] });
  const configured = before?.baseUrl !== null && before?.baseUrl !== undefined;
  const [report] = check && configured ? await registry.getStatus({ providers: [PROVIDER], check: true }) : [before];
  renderStatus(statusBox, report);
  if (baseUrlInput.value === "") baseUrlInput.value = report?.baseUrl ?? prefill ?? "";
  renderCredentials(credentialList, await registry.listCredentials(PROVIDER), (id) => {
    void busy(checkButton, async () => {
      await registry.removeCredential(PROVIDER, id);
      say("Key removed.");
      await refresh(false);
    });
  });
  const models = configured ? await registry.listModels({ provider: PROVIDER }) : [];
  renderModels(modelsBox, modelSelect, models);
  sendButton.disabled = models.length === 0;
}

providerForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void busy(providerForm.querySelector("button")!, async () => {
    const baseUrl = baseUrlInput.value.trim();
    try {
      await registry.local.add({ preset: "custom-openai", baseUrl });
    } catch (error) {
      if (!(isRegistryError(error) && error.code === "local_provider_exists")) throw error;
      await registry.local.update(PROVIDER, { baseUrl });
    }
    say("Provider saved; checking it…");
    await refresh(true);
    say("Provider saved and checked.");
  });
});

keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void busy(keyForm.querySelector("button")!, async () => {
    const key = keyInput.value;
    // Cleared before anything else can fail: the key is never left in the page after it is handed over.
    keyInput.value = "";
    await registry.setApiKey(PROVIDER, key);
    say("Key saved; checking the provider…");
    await refresh(true);
    say("Key saved and checked.");
  });
});

checkButton.addEventListener("click", () => {
  void busy(checkButton, async () => {
    say("Checking…");
    await refresh(true);
    say("Checked.");
  });
});

messageForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void busy(sendButton, async () => {
    reply.replaceChildren();
    reply.setAttribute("aria-busy", "true");
    reply.dataset.state = "streaming";
    events.textContent = "";
    let deltas = 0;
    try {
      for await (const e of registry.stream(modelSelect.value, { messages: [{ role: "user", content: messageInput.value }], maxTokens: 200 })) {
        if (e.type === "text") {
          // One text node per delta: the reply grows as the deltas arrive.
          reply.append(document.createTextNode(e.delta));
          deltas += 1;
        } else if (e.type === "start") {
          events.textContent = `Streaming from ${e.provider}/${e.model} with credential ${e.credential}…`;
        } else if (e.type === "done") {
          events.textContent = `Done (${e.stopReason}) after ${deltas} text deltas.`;
        } else if (e.type === "error") {
          sayError(e.error);
        }
      }
    } finally {
      reply.setAttribute("aria-busy", "false");
      reply.dataset.state = "done";
    }
  });
});

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="storage"]')) {
  radio.addEventListener("change", () => {
    const choice: StorageChoice = radio.value === "memory" ? "memory" : "local";
    saveStorageChoice(choice);
    registry = createPageRegistry(choice);
    baseUrlInput.value = "";
    reply.replaceChildren();
    events.textContent = "";
    say(choice === "local" ? "Using localStorage: what you save survives a reload." : "Using memory: a reload starts from scratch.");
    void refresh(false).catch(sayError);
  });
}

void refresh(false).then(
  () => {
    document.body.dataset.ready = "true";
  },
  sayError,
);
