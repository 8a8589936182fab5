// Starts Debian's chromium (never a downloaded browser) through playwright-core for the browser tests.
// The flags keep chromium off the network: this machine has none, and without them chromium keeps retrying
// Google's hosts in the background.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where `.ci/run` installs Debian's chromium; `CHROMIUM_PATH` overrides it on other machines. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Launches headless chromium. Fails with the command to run when chromium is missing, instead of skipping.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Browser tests need Debian's chromium at ${chromiumPath}, which is missing. ` +
        "Install it with `apt-get install -y chromium` (.ci/run does this), or set CHROMIUM_PATH.",
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
