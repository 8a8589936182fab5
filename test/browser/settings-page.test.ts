// The web-settings example in Debian's chromium: the real server (main.ts, file storage in a temp folder) in front of
// a fake OpenAI-compatible provider on a loopback port. Walks the main states of the page, checks each with axe-core,
// saves screenshots into docs/screenshots/, and checks that the key never comes back in any form.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeProvider, type FakeProvider } from "../../src/testing/index.js";
import { openSettingsPage, screenshotsDir as shots, seriousViolations, startLoopbackFake, startSettingsServer, type LoopbackFake, type PageRecord } from "./support/settings-harness.js";

const KEY = "sk-acme-SECRET-7f3a9c2e5b1d4f60";
const REPLY = "Hello from the acme fake, one small piece at a time.";

// Delays each chunk of a chat answer so the page receives the stream in several pieces, as over a real network.
function throttle(response: Response, ms: number): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, ms));
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

async function startFakeProvider(): Promise<{ fake: FakeProvider; server: LoopbackFake<FakeProvider>; baseUrl: string }> {
  const server = await startLoopbackFake(
    (origin) =>
      createFakeProvider({
        kind: "openai-compatible",
        baseUrl: `${origin}/v1`,
        apiKey: KEY,
        models: [{ id: "gpt-5-mini", contextWindow: 400000 }, { id: "gpt-5.2" }],
        chat: { text: REPLY, chunkSize: 6 },
      }),
    (request, response) => (new URL(request.url).pathname.endsWith("/chat/completions") ? throttle(response, 60) : response),
  );
  return { fake: server.fake, server, baseUrl: `${server.origin}/v1` };
}

async function optionsOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).locator("option").allTextContents();
}

describe("web-settings example in chromium", () => {
  let browser: Browser;
  let page: Page;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  let settings: Awaited<ReturnType<typeof startSettingsServer>>;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "web-settings-"));
  const serverLog: string[] = [];
  let record: PageRecord;

  async function state(name: string, screenshot?: string): Promise<void> {
    await page.waitForSelector("body[data-ready='true']");
    await record.snapshot();
    expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    if (screenshot) await page.screenshot({ path: path.join(shots, screenshot) });
  }

  async function go(view: string): Promise<void> {
    await page.locator(`#nav button[data-view='${view}']`).click();
    await page.waitForSelector(`body[data-view='${view}'][data-ready='true']`);
  }

  beforeAll(async () => {
    provider = await startFakeProvider();
    const dir = path.join(tmp, "registry");
    const home = path.join(tmp, "home");
    rmSync(dir, { recursive: true, force: true });
    for (const d of [dir, home]) rmSync(d, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => Promise.all([fs.mkdir(dir, { recursive: true }), fs.mkdir(home, { recursive: true })]));
    // A custom provider in models.json at the fake's loopback URL; its models are named like OpenAI's, so the
    // registry's family rules give them known thinking levels.
    writeFileSync(
      path.join(dir, "models.json"),
      JSON.stringify({
        providers: {
          acme: {
            baseUrl: provider.baseUrl,
            api: "openai-completions",
            models: [
              { id: "gpt-5-mini", name: "Acme Mini", reasoning: true, contextWindow: 400000 },
              { id: "gpt-5.2", name: "Acme Deep", reasoning: true },
            ],
          },
        },
      }),
    );
    // A saved HIGH tier whose level the model lacks (gpt-5-mini has no xhigh): the page must warn, not hide it.
    writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ tiers: { HIGH: { model: "acme/gpt-5-mini", thinking: "xhigh" } } }));
    settings = await startSettingsServer(dir, home, serverLog);
    ({ browser, page, record } = await openSettingsPage(settings.url));
  });

  afterAll(async () => {
    await browser?.close();
    settings?.child.kill("SIGTERM");
    await provider?.server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("adding a key turns the provider healthy; the key is listed masked", async () => {
    const card = page.locator("[data-provider='acme']");
    await state("providers before the key");
    await expect(card.locator(".badge").getAttribute("data-status")).resolves.toBe("local");

    await page.getByLabel("Provider", { exact: true }).selectOption("acme");
    await page.getByLabel("API key or token").fill(KEY);
    await page.getByRole("button", { name: "Save key" }).click();
    await card.locator(".badge[data-status='healthy']").waitFor();
    await expect(page.getByLabel("API key or token").inputValue()).resolves.toBe("");
    await expect(card.locator("[data-credential='acme:default'] code").textContent()).resolves.toBe(`…${KEY.slice(-4)}`);
    await expect(page.locator("[data-provider]").first().getAttribute("data-provider")).resolves.toBe("acme");
    await state("providers healthy", "web-settings-providers.png");
  });

  it("lists models with capabilities, unknown shown as unknown", async () => {
    await go("models");
    const row = page.locator("tr[data-model='acme/gpt-5-mini']");
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    // Context, tools, JSON, vision, reasoning, levels: tools/JSON/vision are stated nowhere for this model.
    expect(cells.slice(0, 6)).toEqual(["400,000", "unknown", "unknown", "unknown", "yes", "minimal, low, medium, high"]);
    expect(await page.locator("tr[data-model^='acme/'] td").allTextContents()).not.toContain("no");
    await state("models");
  });

  it("the thinking picker offers only the chosen model's levels and warns about a saved level it lacks", async () => {
    await page.getByRole("button", { name: "Tiers" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("body[data-view='tiers'][data-ready='true']");
    const high = page.locator("fieldset[data-tier='HIGH']");
    await high.locator(".warnings li").first().waitFor();
    await expect(high.locator(".warnings").textContent()).resolves.toMatch(/saved level “xhigh” is not offered by acme\/gpt-5-mini/);
    await expect(optionsOf(page, "fieldset[data-tier='HIGH'] select[name='thinking']")).resolves.toEqual(["minimal", "low", "medium", "high"]);

    const med = page.locator("fieldset[data-tier='MED']");
    await med.getByLabel("MED model").selectOption("acme/gpt-5.2");
    await expect.poll(() => optionsOf(page, "fieldset[data-tier='MED'] select[name='thinking']")).toEqual(["off", "low", "medium", "high", "xhigh"]);
    await med.getByLabel("MED model").selectOption("acme/gpt-5-mini");
    await expect.poll(() => optionsOf(page, "fieldset[data-tier='MED'] select[name='thinking']")).toEqual(["minimal", "low", "medium", "high"]);
    await med.getByLabel("MED thinking level").selectOption("low");
    await med.getByRole("button", { name: "Save MED" }).click();
    await page.locator("fieldset[data-tier='MED'] legend", { hasText: "saved" }).waitFor();
    await state("tiers", "web-settings-tiers.png");

    await page.locator("fieldset[data-tier='HIGH']").getByRole("button", { name: "Explain model" }).click();
    const drawer = page.locator("dialog#explain");
    await drawer.locator("tr[data-field='contextWindow']").waitFor();
    await expect(drawer.locator("tr[data-field='contextWindow'] td").allTextContents()).resolves.toEqual(["400000", "user", "models.json", "discovered: 400000"]);
    await expect(drawer.locator("tr[data-field='tools'] td").first().textContent()).resolves.toBe("unknown");
    await state("explain drawer", "web-settings-explain.png");
    await page.keyboard.press("Escape");
    await expect(drawer.isVisible()).resolves.toBe(false);
  });

  it("accepting a refresh change adds the new model", async () => {
    provider.fake.setModels([{ id: "gpt-5-mini", contextWindow: 400000 }, { id: "gpt-5.2" }, { id: "nova-2", contextWindow: 64000 }]);
    await go("models");
    await expect(page.locator("tr[data-model='acme/nova-2']").count()).resolves.toBe(0);

    await go("refresh");
    await page.getByRole("button", { name: "Check for catalog changes" }).click();
    const item = page.locator("fieldset[data-review-ref='acme/nova-2']");
    await item.waitFor();
    await item.getByLabel("Accept acme/nova-2").check();
    await state("refresh review", "web-settings-refresh.png");
    await page.getByRole("button", { name: "Apply accepted changes" }).click();
    await expect(page.locator("#view-refresh [role='status'] .note-ok").textContent()).resolves.toMatch(/added acme\/nova-2;/);

    await go("models");
    // In the catalog now; the registry offers it once the server itself reports the model (the next check).
    await expect(page.locator("tr[data-model='acme/nova-2'] th").textContent()).resolves.toMatch(/Not offered yet: .*has not reported it/);
    await page.locator("#nav button[data-view='providers']").click();
    await page.locator("[data-provider='acme']").getByRole("button", { name: "Check now" }).click();
    await page.locator("#announcer", { hasText: "Checked acme." }).waitFor({ state: "attached" });
    await go("models");
    await expect(page.locator("tr[data-model='acme/nova-2'] td").first().textContent()).resolves.toBe("64,000");
    await expect(page.locator("tr[data-model='acme/nova-2'] th").textContent()).resolves.not.toMatch(/Not offered/);

    // A field that changes later is a change of its own: accepted alone, it updates only that model.
    provider.fake.setModels([{ id: "gpt-5-mini", contextWindow: 400000 }, { id: "gpt-5.2" }, { id: "nova-2", contextWindow: 96000 }]);
    await go("refresh");
    await page.getByRole("button", { name: "Check for catalog changes" }).click();
    const change = page.locator("fieldset[data-review-ref='acme/nova-2'][data-review-kind='changed']");
    await change.waitFor();
    await expect(change.locator("li").textContent()).resolves.toMatch(/^contextWindow: 64000 → 96000/);
    await change.getByLabel("Accept acme/nova-2 contextWindow").check();
    await page.getByRole("button", { name: "Apply accepted changes" }).click();
    await expect(page.locator("#view-refresh [role='status'] .note-ok").textContent()).resolves.toBe(
      "Applied: added none; updated acme/nova-2; marked missing none.",
    );
  });

  it("doctor lists what is wrong", async () => {
    await go("doctor");
    await page.locator("#view-doctor table, #view-doctor .note-ok").first().waitFor();
    await state("doctor", "web-settings-doctor.png");
  });

  it("a test message to a tier streams in pieces", async () => {
    await go("test");
    await page.getByLabel("Tier", { exact: true }).selectOption("MED");
    await page.evaluate(() => {
      const out = document.getElementById("stream-output")!;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(out.textContent ?? "")).observe(out, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole("button", { name: "Send test message" }).click();
    await page.locator("#stream-output[data-state='done']").waitFor();
    await expect(page.locator("#stream-output").textContent()).resolves.toBe(REPLY);
    const seen = (await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).filter((s) => s.length > 0);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.startsWith(seen[i - 1]!)).toBe(true);
    expect(seen[0]!.length).toBeLessThan(REPLY.length);
    await expect(page.locator("#view-test .hint").first().textContent()).resolves.toMatch(/acme\/gpt-5-mini, thinking low/);
    await state("streamed answer", "web-settings-stream.png");
    expect(provider.fake.chatRequests.at(-1)).toMatchObject({ model: "gpt-5-mini", credentialSent: true });
  });

  it("never shows the key: not in page HTML, any response body, the console or the server log", async () => {
    const { htmlSnapshots, responseBodies, consoleMessages } = record;
    htmlSnapshots.push(await page.content());
    const bodies = await Promise.all(responseBodies);
    expect(bodies.length).toBeGreaterThan(10);
    const leaks = [
      ...htmlSnapshots.filter((s) => s.includes(KEY)).map(() => "page HTML"),
      ...bodies.filter((s) => s.includes(KEY)).map(() => "a response body"),
      ...consoleMessages.filter((s) => s.includes(KEY)).map(() => "the console"),
      ...serverLog.filter((s) => s.includes(KEY)).map(() => "the server log"),
    ];
    expect(leaks).toEqual([]);
    expect(consoleMessages.filter((m) => /error/i.test(m))).toEqual([]);
  });
});
