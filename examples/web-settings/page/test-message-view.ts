// A short test message to a tier, with the answer shown as it streams in.
import { ApiError } from "./api.js";
import { fill, h, uid } from "./dom.js";
import { announce, errorBox } from "./feedback.js";
import { readSse } from "./read-sse.js";

/**
 * The test message section.
 *
 * @example
 * const view = testMessageView(document.getElementById("view-test")!);
 */
export function testMessageView(root: HTMLElement): { load(): Promise<void> } {
  const ids = { target: uid("target"), prompt: uid("prompt") };
  const target = h("select", { id: ids.target }, ["LOW", "MED", "HIGH"].map((t) => h("option", { value: t }, t)));
  target.value = "MED";
  const prompt = h("textarea", { id: ids.prompt, rows: 2, style: "width: 100%" });
  prompt.value = "Say hello in one short sentence.";
  const send = h("button", { type: "submit" }, "Send test message");
  const stop = h("button", { type: "button", class: "secondary", disabled: true }, "Stop");
  const meta = h("p", { class: "hint" });
  const output = h("div", { class: "stream-out", id: "stream-output", "aria-live": "polite", "aria-label": "Streamed answer", role: "log" });
  const status = h("div", {});
  let controller: AbortController | null = null;

  async function run(): Promise<void> {
    controller = new AbortController();
    send.disabled = true;
    stop.disabled = false;
    fill(output);
    fill(status);
    fill(meta, `Sending to ${target.value}…`);
    output.dataset["state"] = "streaming";
    try {
      const response = await fetch("/api/test-message", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ target: target.value, text: prompt.value }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const err = ((await response.json().catch(() => null)) as { error?: { code: string; message: string; recovery: string | null } } | null)?.error;
        throw new ApiError(err?.code ?? "http", err?.message ?? `The server answered ${response.status}.`, err?.recovery ?? null);
      }
      for await (const event of readSse(response.body)) {
        const data = JSON.parse(event.data) as Record<string, unknown>;
        if (event.event === "start") {
          const thinking = data["thinking"] as { effective: string } | undefined;
          fill(meta, `Answering: ${String(data["provider"])}/${String(data["model"])}, thinking ${thinking?.effective ?? "off"}`);
        } else if (event.event === "text") {
          output.append(String(data["delta"]));
        } else if (event.event === "failover") {
          status.append(h("p", { class: "hint" }, `${String(data["from"])} failed (${String(data["kind"])}); trying ${String(data["to"])}.`));
        } else if (event.event === "error") {
          const recovery = typeof data["recovery"] === "string" ? data["recovery"] : null;
          status.append(errorBox(new ApiError(String(data["kind"] ?? "error"), String(data["message"]), recovery)));
        } else if (event.event === "done") {
          status.append(h("p", { class: "note-ok" }, `Done (${String(data["stopReason"])}).`));
        }
      }
      announce(`Answer: ${output.textContent ?? ""}`);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === "AbortError")) status.append(errorBox(error));
    } finally {
      output.dataset["state"] = "done";
      send.disabled = false;
      stop.disabled = true;
      controller = null;
    }
  }

  stop.addEventListener("click", () => controller?.abort());
  const form = h(
    "form",
    { class: "stack" },
    h(
      "div",
      { class: "row" },
      h("div", { class: "field" }, h("label", { for: ids.target }, "Tier"), target),
      h("div", { class: "field", style: "flex: 1; min-width: 16rem" }, h("label", { for: ids.prompt }, "Message"), prompt),
    ),
    h("div", { class: "row" }, send, stop),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run();
  });
  fill(
    root,
    h("h2", { id: "h-test" }, "Test message"),
    h("p", { class: "intro" }, "Sends a short message to the chosen tier and shows the answer as it streams."),
    h("div", { class: "stack" }, form, meta, output, status),
  );
  return { load: async () => {} };
}
