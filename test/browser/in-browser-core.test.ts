// The pure core, unchanged, in a real browser: examples/web-settings/in-browser/ bundled by esbuild for the browser,
// served on one loopback origin, talking to a fake OpenAI-compatible provider on another origin through CORS.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inBrowserBuildOptions, IN_BROWSER_DIR } from "../../examples/web-settings/in-browser/build-options.js";
import { createFakeProvider, type FakeProvider } from "../../src/testing/index.js";
import { launchChromium } from "./support/chromium.js";
import { startCorsFakeServer, type CorsFakeServer } from "./support/cors-fake-server.js";
import { startStaticServer, type StaticServer } from "./support/static-server.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOT = path.join(ROOT, "docs/screenshots/in-browser-core.png");

const KEY = "sk-test-in-browser-7d3f9a2c51e84b06";
const REPLY = "Hello from the fake provider: this reply reaches the page in small streamed pieces.";

describe("the registry core in a browser (examples/web-settings/in-browser)", () => {
  let outDir: string;
  let metafile: Metafile;
  let bundle: Buffer;
  let site: StaticServer;
  let provider: CorsFakeServer;
  let fake: FakeProvider;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleMessages: string[] = [];
  const responseBodies: Promise<string>[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), "in-browser-core-"));
    // Laid out as examples/web-settings serves it: the page at /in-browser/, its script next to it.
    const pageDir = path.join(outDir, "in-browser");
    const result = await build({ ...inBrowserBuildOptions, outfile: path.join(pageDir, "main.js"), write: true });
    metafile = result.metafile;
    await copyFile(path.join(IN_BROWSER_DIR, "index.html"), path.join(pageDir, "index.html"));
    bundle = await readFile(path.join(pageDir, "main.js"));
    await writeFile(path.join(outDir, "blank.html"), "<!doctype html><html lang=en><title>blank</title><link rel=icon href=\"data:,\">");

    site = await startStaticServer(outDir);
    provider = await startCorsFakeServer({ allowOrigin: site.origin, chunkDelayMs: 25 });
    fake = createFakeProvider({
      kind: "openai-compatible",
      baseUrl: `${provider.origin}/v1`,
      models: [{ id: "fake-chat-1", contextWindow: 32_000 }, "fake-chat-2"],
      apiKey: KEY,
      chat: { text: REPLY, chunkSize: 6 },
    });
    provider.setHandler((request) => fake.fetch(request));

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    page = await context.newPage();
    page.on("console", (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => consoleMessages.push(`pageerror: ${error.message}`));
    page.on("response", (response) => responseBodies.push(response.text().catch(() => "")));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await provider?.close();
    await site?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("bundles for the browser with no node: import", () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((file) => file.startsWith("src/index.ts") || file.endsWith("/src/index.ts"))).toBe(true);
    expect(inputs.filter((file) => file.startsWith("node:"))).toEqual([]);
    const text = bundle.toString("utf8");
    expect(text).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    // The sizes, for the README and the report (no limit asserted: the bundled model catalog dominates them).
    console.info(`in-browser bundle: ${bundle.length} bytes raw, ${gzipSync(bundle).length} bytes gzipped`);
  });

  it("reaches healthy with a stored key, streams a reply delta by delta, keeps the key masked across a reload", async () => {
    const providerUrl = `${provider.origin}/v1`;
    await page.goto(`${site.origin}/in-browser/?provider=${encodeURIComponent(providerUrl)}`);
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.getByLabel("Base URL of an OpenAI-compatible server").inputValue()).toBe(providerUrl);
    expect(await page.getByTestId("status-badge").textContent()).toBe("missing");
    await expectAccessible(page, "first visit");

    // Save the provider without a key: the fake rejects the listing, and the page says what to do.
    await page.getByRole("button", { name: "Save provider" }).click();
    await page.waitForFunction(() => document.querySelector("[data-testid=status-badge]")?.textContent === "local");
    expect(await page.locator("#status .problems .recovery").first().textContent()).not.toBe("");
    expect(await page.locator("#status .problems").textContent()).toMatch(/auth_invalid/);
    await expectAccessible(page, "provider saved, no key");

    // The key, typed and submitted with the keyboard.
    const keyInput = page.getByLabel("API key for the custom provider");
    expect(await keyInput.getAttribute("type")).toBe("password");
    await keyInput.fill(KEY);
    await keyInput.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-testid=status-badge]")?.textContent === "healthy");
    expect(await keyInput.inputValue()).toBe("");
    expect(await page.getByTestId("credential").textContent()).toContain(`…${KEY.slice(-4)}`);
    expect(await page.locator("#models table").textContent()).toContain("custom/fake-chat-1");
    // The fake states no tool support: unknown, never "no".
    expect(await page.locator("#models tbody tr").first().locator("td").nth(2).textContent()).toBe("unknown");
    await expectAccessible(page, "healthy");

    // Keyboard focus is visible.
    await page.getByLabel("Message", { exact: true }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("send");
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe("solid");

    // Every state of the reply while it streams, as the page shows it.
    await page.evaluate(() => {
      const reply = document.getElementById("reply")!;
      const states: string[] = [];
      (window as unknown as { replyStates: string[] }).replyStates = states;
      new MutationObserver(() => states.push(reply.textContent ?? "")).observe(reply, { childList: true, characterData: true, subtree: true });
    });
    await page.keyboard.press("Enter");
    await page.waitForSelector("#reply[data-state=done]");
    expect(await page.locator("#reply").textContent()).toBe(REPLY);
    const states = await page.evaluate(() => (window as unknown as { replyStates: string[] }).replyStates);
    const intermediate = [...new Set(states)].filter((s) => s !== "" && s !== REPLY);
    expect(intermediate.length).toBeGreaterThanOrEqual(2);
    for (const s of intermediate) expect(REPLY.startsWith(s)).toBe(true);
    expect(await page.locator("#events").textContent()).toMatch(/^Done \(stop\) after \d+ text deltas\.$/);
    expect(fake.chatRequests).toHaveLength(1);
    expect(fake.chatRequests[0]).toMatchObject({ model: "fake-chat-1", credentialSent: true, keyIndex: 0 });
    expect(await page.content()).not.toContain(KEY);
    await expectAccessible(page, "streamed");
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT });

    // localStorage keeps everything across a reload: the credential (still masked) and the last check.
    const stored = await page.evaluate(() => Object.keys(localStorage).sort());
    expect(stored).toEqual(expect.arrayContaining(["model-registry:auth.json", "model-registry:models.json", "model-registry:state.json"]));
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.getByTestId("status-badge").textContent()).toBe("healthy");
    expect(await page.getByTestId("credential").textContent()).toContain(`…${KEY.slice(-4)}`);
    expect(await page.content()).not.toContain(KEY);
    await expectAccessible(page, "reloaded");

    // Memory storage: a fresh registry, and nothing of it survives a reload.
    await page.getByLabel("memory (gone on reload)").check();
    await page.waitForFunction(() => document.querySelector("[data-testid=status-badge]")?.textContent === "missing");
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.getByLabel("memory (gone on reload)").isChecked()).toBe(true);
    expect(await page.getByTestId("status-badge").textContent()).toBe("missing");
    expect(await page.getByTestId("credential").count()).toBe(0);
  });

  it("createWebStorage passes the storage conformance cases over chromium's localStorage, and its Web Lock holds off another tab", async () => {
    const harness = await build({
      stdin: { contents: WEB_STORAGE_HARNESS, resolveDir: ROOT, loader: "ts", sourcefile: "web-storage-harness.ts" },
      bundle: true,
      platform: "browser",
      format: "iife",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const code = harness.outputFiles[0]!.text;
    const tabs = await browser.newContext();
    try {
      const [first, second] = [await tabs.newPage(), await tabs.newPage()];
      for (const tab of [first, second]) {
        await tab.goto(`${site.origin}/blank.html`);
        await tab.addScriptTag({ content: code });
      }
      const result = await first.evaluate(() => (window as unknown as Harness).webStorageHarness.conformance());
      expect(result.crossTabLocks).toBe(true);
      expect(result.count).toBeGreaterThan(15);
      expect(result.failures).toEqual([]);

      // While one tab's update holds the key's Web Lock, the other tab's update waits for it (pending in the lock
      // manager, its fn not run), and runs once the first is done.
      await first.evaluate(() => (window as unknown as Harness).webStorageHarness.hold());
      await second.evaluate(() => (window as unknown as Harness).webStorageHarness.queue());
      await expect.poll(() => second.evaluate(async () => (await navigator.locks.query()).pending?.some((lock) => lock.name === "tabs:held") === true)).toBe(true);
      expect(await second.evaluate(() => (window as unknown as Harness).webStorageHarness.ran)).toBe(false);
      await first.evaluate(() => (window as unknown as Harness).webStorageHarness.release());
      await second.waitForFunction(() => (window as unknown as Harness).webStorageHarness.ran);
    } finally {
      await tabs.close();
    }
  });

  it("never shows the key in a network response body or a console message", async () => {
    const bodies = await Promise.all(responseBodies);
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter((body) => body.includes(KEY))).toEqual([]);
    expect(consoleMessages.filter((message) => message.includes(KEY))).toEqual([]);
    expect(consoleMessages.filter((message) => message.startsWith("pageerror"))).toEqual([]);
  });
});

/** What the harness below puts on `window`. */
interface Harness {
  webStorageHarness: {
    conformance(): Promise<{ count: number; failures: string[]; crossTabLocks: boolean }>;
    ran: boolean;
    hold(): Promise<void>;
    queue(): void;
    release(): void;
  };
}

/** Bundled for the page: the storage conformance cases, and updates that hold and wait for a key's Web Lock. */
const WEB_STORAGE_HARNESS = `
import { createWebStorage } from "./src/storage/web-storage.js";
import { storageConformance } from "./src/testing/storage-conformance.js";

let run = 0;
const cases = storageConformance({
  create: () => createWebStorage({ prefix: "conformance-" + run++ + ":" }),
  cleanup: (storage) => {
    const prefix = (storage as { prefix: string }).prefix;
    for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
  },
  requireUpdate: true,
});

(window as unknown as Record<string, unknown>).webStorageHarness = {
  async conformance() {
    const failures: string[] = [];
    for (const c of cases) await c.run().catch((error: unknown) => failures.push(c.name + ": " + String((error as Error)?.message ?? error)));
    return { count: cases.length, failures, crossTabLocks: createWebStorage().crossTabLocks };
  },
  ran: false,
  release: () => {},
  // Starts an update whose fn waits for release(): it holds the key's Web Lock until then.
  async hold() {
    const harness = (window as unknown as { webStorageHarness: { release: () => void } }).webStorageHarness;
    await new Promise<void>((started) => {
      void createWebStorage({ prefix: "tabs:" }).update("held", async () => {
        started();
        await new Promise<void>((resolve) => (harness.release = resolve));
        return "first";
      });
    });
  },
  // Starts an update that records when its fn runs.
  queue() {
    const harness = (window as unknown as { webStorageHarness: { ran: boolean } }).webStorageHarness;
    void createWebStorage({ prefix: "tabs:" }).update("held", () => {
      harness.ran = true;
      return "second";
    });
  },
};
`;

/** axe-core on the current state: no serious or critical violation. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  expect(
    violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
    `axe on "${state}"`,
  ).toEqual([]);
}
