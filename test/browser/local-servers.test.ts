// The settings page's "Local servers" section in Debian's chromium: the real settings server on an empty temp storage
// folder, an Ollama fake (native API: /api/tags, /api/show, /api/version) and an OpenAI-compatible fake behind the
// vLLM preset (/v1/models), each on its own loopback port, and a closed port standing for a server that is down.
// Adds servers with the keyboard only, tests them, fetches their models into models.json, checks them under Models,
// and checks every state with axe-core.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeProvider, type FakeProvider } from "../../src/testing/index.js";
import {
  closedPort,
  openSettingsPage,
  screenshotsDir,
  seriousViolations,
  startLoopbackFake,
  startSettingsServer,
  type LoopbackFake,
  type PageRecord,
  type SettingsServer,
} from "./support/settings-harness.js";

const GATEWAY_KEY = "sk-gateway-SECRET-5e8d2c1a9b7f4e30";

describe("local servers section in chromium", () => {
  let browser: Browser;
  let page: Page;
  let record: PageRecord;
  let settings: SettingsServer;
  let ollama: LoopbackFake<FakeProvider>;
  let vllm: LoopbackFake<FakeProvider>;
  let gateway: LoopbackFake<FakeProvider>;
  let downUrl: string;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "web-settings-local-"));
  const dir = path.join(tmp, "registry");
  const serverLog: string[] = [];

  const server = (id: string): Locator => page.locator(`li[data-local='${id}']`);
  const modelsJson = (): { providers: Record<string, { baseUrl?: string; models?: Array<{ id: string; contextWindow?: number }> }> } =>
    JSON.parse(readFileSync(path.join(dir, "models.json"), "utf8"));

  async function state(name: string): Promise<void> {
    await page.waitForSelector("body[data-ready='true']");
    await record.snapshot();
    expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  }

  async function go(view: string): Promise<void> {
    await page.locator(`#nav button[data-view='${view}']`).click();
    await page.waitForSelector(`body[data-view='${view}'][data-ready='true']`);
  }

  // The section's heading has focus after the nav click; Tab walks the add form from there.
  async function tabTo(label: string): Promise<void> {
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const id = el?.id;
        return (id ? document.querySelector(`label[for='${id}']`)?.textContent : null) ?? el?.textContent ?? "";
      });
      if (focused === label) return;
    }
    throw new Error(`Tab never reached “${label}”`);
  }

  async function choosePresetByKeyboard(presetId: string): Promise<void> {
    const select = page.getByLabel("Preset", { exact: true });
    for (let i = 0; i < 10 && (await select.inputValue()) !== presetId; i++) await page.keyboard.press("ArrowDown");
    await expect(select.inputValue()).resolves.toBe(presetId);
  }

  async function typeInto(label: string, text: string): Promise<void> {
    await tabTo(label);
    await page.keyboard.press("Control+A");
    await page.keyboard.type(text);
  }

  beforeAll(async () => {
    ollama = await startLoopbackFake((origin) =>
      createFakeProvider({ kind: "ollama", baseUrl: origin, models: [{ id: "qwen3:8b", contextWindow: 40960, tools: true, reasoning: true }, { id: "llama3.2:3b" }] }),
    );
    vllm = await startLoopbackFake((origin) =>
      createFakeProvider({ kind: "openai-compatible", baseUrl: `${origin}/v1`, models: [{ id: "Qwen/Qwen3-8B", contextWindow: 32768 }] }),
    );
    // An OpenAI-compatible server started with a key (vLLM --api-key, a gateway): it answers 401 without it.
    gateway = await startLoopbackFake((origin) =>
      createFakeProvider({ kind: "openai-compatible", baseUrl: `${origin}/v1`, apiKey: GATEWAY_KEY, models: [{ id: "team-model" }] }),
    );
    downUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const home = path.join(tmp, "home");
    for (const d of [dir, home]) mkdirSync(d, { recursive: true });
    settings = await startSettingsServer(dir, home, serverLog);
    ({ browser, page, record } = await openSettingsPage(settings.url));
  });

  afterAll(async () => {
    await browser?.close();
    settings?.child.kill("SIGTERM");
    await ollama?.close();
    await vllm?.close();
    await gateway?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("adds an Ollama server with the keyboard only (Tab, Enter); it appears in the list", async () => {
    await go("local");
    await expect(page.locator("#view-local").getByText("No local server is configured yet.").count()).resolves.toBe(1);
    await state("no local server");

    await tabTo("Preset");
    await choosePresetByKeyboard("ollama");
    await expect(page.getByLabel("Base URL").inputValue()).resolves.toBe("http://127.0.0.1:11434");
    await typeInto("Base URL", ollama.origin);
    await tabTo("Provider id (optional)");
    await page.keyboard.press("Enter"); // implicit submission from a text field
    await server("ollama").waitFor();
    await expect(page.locator("#view-local form .note-ok").textContent()).resolves.toBe(`Saved ollama at ${ollama.origin}. Test it, then fetch its models.`);
    await expect(server("ollama").locator(".server-url").textContent()).resolves.toBe(ollama.origin);
    await expect(server("ollama").locator(".badge").getAttribute("data-status")).resolves.toBe("local");
    await expect(server("ollama").locator(".reason").textContent()).resolves.toBe("configured, not tested yet");
    expect(modelsJson().providers["ollama"]).toMatchObject({ baseUrl: ollama.origin });
    await state("ollama added");
  });

  it("Test reaches Ollama: the models it lists, no key needed, its API and version; the badge turns healthy", async () => {
    await server("ollama").getByRole("button", { name: "Test ollama" }).click();
    const result = server("ollama").locator(".result");
    await result.locator(".note-ok").waitFor();
    await expect(result.locator(".note-ok").textContent()).resolves.toMatch(/^Reachable in \d+ ms · 2 models · no key needed · API: ollama-native · version 0\.30\.2$/);
    await expect(result.locator(".hint code").allTextContents()).resolves.toEqual(expect.arrayContaining(["qwen3:8b", "llama3.2:3b"]));
    await server("ollama").locator(".badge[data-status='healthy']").waitFor();
    await expect(server("ollama").locator(".reason").textContent()).resolves.toBe("the last test reached the server and it listed 2 model(s)");
    // The button keeps the focus: the row was updated in place, not rebuilt.
    await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).resolves.toBe("Test ollama");
    await state("ollama tested");
  });

  it("Fetch models saves Ollama's models into models.json; Models shows them, unknown as unknown", async () => {
    await server("ollama").getByRole("button", { name: "Fetch models of ollama" }).click();
    const ok = server("ollama").locator(".result .note-ok");
    await ok.waitFor();
    await expect(ok.textContent()).resolves.toMatch(/^Saved 2 models to models\.json · added: (qwen3:8b, llama3\.2:3b|llama3\.2:3b, qwen3:8b) · updated: none\. See Models\.$/);
    const saved = modelsJson().providers["ollama"]!;
    expect(saved.models?.map((m) => m.id).sort()).toEqual(["llama3.2:3b", "qwen3:8b"]);
    expect(saved.models?.find((m) => m.id === "qwen3:8b")).toMatchObject({ contextWindow: 40960 });
    await state("ollama models fetched");

    await go("models");
    const qwen = await page.locator("tr[data-model='ollama/qwen3:8b'] td").allTextContents();
    // Context, tools, JSON, vision, reasoning: Ollama states tools and thinking in its capability list; JSON nowhere.
    expect(qwen.slice(0, 5)).toEqual(["40,960", "yes", "unknown", "no", "yes"]);
    const llama = await page.locator("tr[data-model='ollama/llama3.2:3b'] td").allTextContents();
    // This one came without any capability list: nothing is known, and nothing reads "no".
    expect(llama.slice(0, 6)).toEqual(["unknown", "unknown", "unknown", "unknown", "unknown", "unknown"]);
    await expect(page.locator("tr[data-model='ollama/llama3.2:3b'] td.unknown").count()).resolves.toBe(6);
    await state("models with ollama's");
  });

  it("adds a vLLM server (OpenAI-compatible /v1/models) by keyboard, tests it and fetches its model", async () => {
    await go("local");
    await tabTo("Preset");
    await choosePresetByKeyboard("vllm");
    await typeInto("Base URL", `${vllm.origin}/v1`);
    await tabTo("Add server");
    await page.keyboard.press("Enter");
    await server("vllm").waitFor();
    await expect(server("vllm").locator(".server-url").textContent()).resolves.toBe(`${vllm.origin}/v1`);

    await server("vllm").getByRole("button", { name: "Test vllm" }).click();
    const result = server("vllm").locator(".result");
    await result.locator(".note-ok").waitFor();
    await expect(result.locator(".note-ok").textContent()).resolves.toMatch(/^Reachable in \d+ ms · 1 model · no key needed · API: openai-compatible$/);
    await expect(result.locator(".hint code").allTextContents()).resolves.toEqual(["Qwen/Qwen3-8B"]);
    await server("vllm").locator(".badge[data-status='healthy']").waitFor();

    await server("vllm").getByRole("button", { name: "Fetch models of vllm" }).click();
    await expect(server("vllm").locator(".result .note-ok").textContent()).resolves.toBe("Saved 1 model to models.json · added: Qwen/Qwen3-8B · updated: none. See Models.");
    expect(modelsJson().providers["vllm"]).toMatchObject({ baseUrl: `${vllm.origin}/v1`, models: [{ id: "Qwen/Qwen3-8B", contextWindow: 32768 }] });
    await state("vllm fetched");

    await go("models");
    const cells = await page.locator("tr[data-model='vllm/Qwen/Qwen3-8B'] td").allTextContents();
    expect(cells.slice(0, 5)).toEqual(["32,768", "unknown", "unknown", "unknown", "unknown"]);
  });

  it("a server that is down shows the registry's problem and what to do, never a crash", async () => {
    await go("local");
    await page.getByLabel("Preset", { exact: true }).selectOption("custom-openai");
    await expect(page.getByLabel("Base URL").getAttribute("placeholder")).resolves.toBe("http://<host>:<port>/v1");
    // No default URL: the field is required, so the browser asks for one before anything is sent.
    await page.getByLabel("Base URL").fill("");
    await page.getByRole("button", { name: "Add server" }).click();
    await expect(page.getByLabel("Base URL").evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).resolves.toBe(true);
    // A URL the registry refuses: its message and recovery, next to the form.
    await page.getByLabel("Base URL").fill("ftp://gpu-box/v1");
    await page.getByRole("button", { name: "Add server" }).click();
    await expect(page.locator("#view-local form .error").textContent()).resolves.toBe(
      'Expected an http(s) base URL, found ftp: in "ftp://gpu-box/v1".What to do: Use e.g. http://127.0.0.1:8000/v1.',
    );
    await state("a refused URL");

    await page.getByLabel("Base URL").fill(downUrl);
    await page.getByLabel("Provider id (optional)").fill("gpu-box");
    await page.getByRole("button", { name: "Add server" }).click();
    await server("gpu-box").waitFor();

    await server("gpu-box").getByRole("button", { name: "Test gpu-box" }).click();
    const error = server("gpu-box").locator(".result .error");
    await error.waitFor();
    // The cause after the colon is whatever Node's fetch reports (ECONNREFUSED, "fetch failed"), scrubbed by the registry.
    const reach = `Could not reach ${downUrl}/models: [^\\n]+\\.`;
    await expect(error.textContent()).resolves.toMatch(
      new RegExp(`^Not reachable\\. ${reach}What to do: Start the local server, test the URL \\(${downUrl}\\), fetch models, and save\\.$`),
    );
    // The row's reason and problems follow once the list is reloaded after the test.
    await server("gpu-box").locator(".reason", { hasText: /^the last test failed \(network\)$/ }).waitFor();
    await expect(server("gpu-box").locator(".problems li").textContent()).resolves.toBe(
      `gpu-box at ${downUrl} could not be reached (network). What to do: Start the local server, test the URL (${downUrl}), fetch models, and save.`,
    );
    await state("server down, tested");

    await server("gpu-box").getByRole("button", { name: "Fetch models of gpu-box" }).click();
    const failed = server("gpu-box").locator(".result .error[role='alert']");
    await failed.waitFor();
    await expect(failed.textContent()).resolves.toMatch(
      new RegExp(`^Could not list models from gpu-box at ${downUrl}: ${reach}What to do: Start the local server, test the URL, fetch models, and save\\.$`),
    );
    const text = (await page.locator("#view-local").textContent()) ?? "";
    expect(text).not.toMatch(/\bat \S+:\d+:\d+|TypeError|failed unexpectedly/);
    await state("server down, fetch failed");
    await page.screenshot({ path: path.join(screenshotsDir, "web-settings-local.png"), fullPage: true });
  });

  it("a server that needs a key gets it in the add form: stored once, masked, never shown again; Test passes with it", async () => {
    await page.getByLabel("Preset", { exact: true }).selectOption("custom-openai");
    await page.getByLabel("Base URL").fill(`${gateway.origin}/v1`);
    await page.getByLabel("Provider id (optional)").fill("team-gateway");
    await page.getByLabel("API key (optional)").fill(GATEWAY_KEY);
    await page.getByRole("button", { name: "Add server" }).click();
    const saved = page.locator(".form-status .note-ok", { hasText: "Saved team-gateway" });
    await saved.waitFor();
    await expect(saved.textContent()).resolves.toMatch(/^Saved team-gateway at .*\. Its key is stored \(…[0-9a-z]{4}\)\./);
    await expect(page.getByLabel("API key (optional)").inputValue()).resolves.toBe("");
    expect(readFileSync(path.join(dir, "models.json"), "utf8")).not.toContain(GATEWAY_KEY);
    await server("team-gateway").getByRole("button", { name: "Test team-gateway" }).click();
    await expect(server("team-gateway").locator(".result .note-ok").textContent()).resolves.toMatch(/^Reachable in \d+ ms · 1 model · key accepted/);
    await state("gateway with a key");
    await record.snapshot();
    expect(await record.leaksOf(GATEWAY_KEY, serverLog)).toEqual([]);
    await server("team-gateway").getByRole("button", { name: "Remove team-gateway" }).click();
    await server("team-gateway").waitFor({ state: "detached" });
  });

  it("Remove takes a server out of the list and models.json", async () => {
    await server("gpu-box").getByRole("button", { name: "Remove gpu-box" }).click();
    await server("gpu-box").waitFor({ state: "detached" });
    expect(modelsJson().providers["gpu-box"]).toBeUndefined();
    await expect(page.locator("li[data-local]").evaluateAll((els) => els.map((e) => e.getAttribute("data-local")))).resolves.toEqual(["ollama", "vllm"]);
    await state("server removed");
  });

  it("no script error reached the console, and the server logged no unexpected failure", async () => {
    // Chromium logs each 4xx answer as "Failed to load resource"; the page shows those, so they are not errors here.
    expect(record.consoleMessages.filter((m) => /error/i.test(m) && !m.startsWith("Failed to load resource"))).toEqual([]);
    expect(serverLog.join("")).not.toMatch(/unexpected/);
  });
});
