// What the settings-page browser tests share: the real settings server started as a child process on a temp storage
// folder, fake providers from src/testing served on real loopback ports, the axe-core check, and a recorder of
// everything the page saw (HTML, response bodies, console) to search for a key.
import { spawn, type ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";

/** The repository root; the settings server runs from here. */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");
/** Where the tests save the README's screenshots. */
export const screenshotsDir = path.join(repoRoot, "docs", "screenshots");
const axePath = path.join(repoRoot, "node_modules", "axe-core", "axe.min.js");

/** A started settings server: the child process and the page's URL. */
export interface SettingsServer {
  child: ChildProcess;
  url: string;
}

/**
 * Starts `examples/web-settings/server/main.ts` on a free port with storage in `dir` and `HOME` set to `home` (so
 * nothing from the real user leaks in); everything it prints goes into `log`. Resolves with the printed URL.
 *
 * @example
 * const settings = await startSettingsServer(dir, home, serverLog);
 * await page.goto(settings.url);
 */
export async function startSettingsServer(dir: string, home: string, log: string[]): Promise<SettingsServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "examples/web-settings/server/main.ts", "--dir", dir, "--port", "0"], {
    cwd: repoRoot,
    env: { PATH: process.env["PATH"] ?? "", HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`settings server did not start: ${log.join("")}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      const text = d.toString();
      log.push(text);
      const match = /Settings page: (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`settings server exited with ${code}: ${log.join("")}`)));
  });
  return { child, url };
}

/** A fake served on a loopback port: the fake, its origin (`http://127.0.0.1:<port>`) and `close`. */
export interface LoopbackFake<F> {
  fake: F;
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves a fake provider on 127.0.0.1 (a free port). `make` receives the origin, because the fake answers only under
 * its own base URL; `wrap` may alter each answer (e.g. slow a stream down).
 *
 * @example
 * const ollama = await startLoopbackFake((origin) => createFakeProvider({ kind: "ollama", baseUrl: origin }));
 */
export async function startLoopbackFake<F extends { fetch: typeof fetch }>(
  make: (origin: string) => F,
  wrap?: (request: Request, response: Response) => Response,
): Promise<LoopbackFake<F>> {
  let fake: F | undefined;
  const server = serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (request) => {
      const response = await fake!.fetch(request);
      return wrap ? wrap(request, response) : response;
    },
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = make(origin);
  return {
    fake,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        (server as Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback port nothing listens on: opened, then closed again, so a request there is refused at once.
 *
 * @example
 * const down = `http://127.0.0.1:${await closedPort()}/v1`;
 */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The serious and critical axe-core violations on the page as it is now (axe is injected once per document).
 *
 * @example
 * expect(await seriousViolations(page)).toEqual([]);
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.targets.join(" ")}`);
}

/** What a page showed and received, recorded from the moment {@link recordPage} is called. */
export interface PageRecord {
  consoleMessages: string[];
  responseBodies: Array<Promise<string>>;
  htmlSnapshots: string[];
  /** Saves the page's current HTML into `htmlSnapshots`. */
  snapshot(): Promise<void>;
  /** Where `secret` appears: "page HTML", "a response body", "the console", "the server log" (once per hit). */
  leaksOf(secret: string, serverLog: readonly string[]): Promise<string[]>;
}

/**
 * Records every console message, page error and response body of `page`, for the "a key never comes back" checks.
 *
 * @example
 * const record = recordPage(page);
 * expect(await record.leaksOf(KEY, serverLog)).toEqual([]);
 */
export function recordPage(page: Page): PageRecord {
  const record: PageRecord = {
    consoleMessages: [],
    responseBodies: [],
    htmlSnapshots: [],
    snapshot: async () => {
      record.htmlSnapshots.push(await page.content());
    },
    leaksOf: async (secret, serverLog) => {
      const bodies = await Promise.all(record.responseBodies);
      return [
        ...record.htmlSnapshots.filter((s) => s.includes(secret)).map(() => "page HTML"),
        ...bodies.filter((s) => s.includes(secret)).map(() => "a response body"),
        ...record.consoleMessages.filter((s) => s.includes(secret)).map(() => "the console"),
        ...serverLog.filter((s) => s.includes(secret)).map(() => "the server log"),
      ];
    },
  };
  page.on("console", (m) => record.consoleMessages.push(m.text()));
  page.on("pageerror", (e) => record.consoleMessages.push(String(e)));
  page.on("response", (r) => record.responseBodies.push(r.text().catch(() => "")));
  return record;
}

/**
 * Debian's chromium with one settings-sized page (1100×800, 15 s per step) already recording, opened at `url`.
 *
 * @example
 * const { browser, page, record } = await openSettingsPage(settings.url);
 */
export async function openSettingsPage(url: string): Promise<{ browser: Browser; page: Page; record: PageRecord }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.setDefaultTimeout(15_000);
  const record = recordPage(page);
  await page.goto(url);
  return { browser, page, record };
}
