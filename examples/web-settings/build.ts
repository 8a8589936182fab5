// Bundles the page (and, when its files exist, the in-browser core page) with esbuild into out/, which is gitignored.
// Run: node --import tsx examples/web-settings/build.ts
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The example's folder, and the build output served by the server. */
export const exampleDir = import.meta.dirname;
export const outDir = path.join(exampleDir, "out");

async function copyStatic(fromDir: string, toDir: string): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const name of await readdir(fromDir)) {
    if (name.endsWith(".html") || name.endsWith(".css")) await copyFile(path.join(fromDir, name), path.join(toDir, name));
  }
}

/**
 * Builds the settings page into `out/` (`index.html`, `styles.css`, `app.js`) and, when
 * `in-browser/main.ts` and `in-browser/index.html` exist, the in-browser page into `out/in-browser/` (`main.js`).
 *
 * @example
 * await buildPages();
 */
export async function buildPages(): Promise<{ outDir: string; inBrowser: boolean }> {
  await rm(outDir, { recursive: true, force: true });
  const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", sourcemap: true, logLevel: "warning" } as const;
  await build({ ...common, entryPoints: [path.join(exampleDir, "page", "main.ts")], outfile: path.join(outDir, "app.js") });
  await copyStatic(path.join(exampleDir, "page"), outDir);

  const inBrowserDir = path.join(exampleDir, "in-browser");
  const inBrowser = existsSync(path.join(inBrowserDir, "main.ts")) && existsSync(path.join(inBrowserDir, "index.html"));
  if (inBrowser) {
    await build({ ...common, entryPoints: [path.join(inBrowserDir, "main.ts")], outfile: path.join(outDir, "in-browser", "main.js") });
    await copyStatic(inBrowserDir, path.join(outDir, "in-browser"));
  }
  return { outDir, inBrowser };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { inBrowser } = await buildPages();
  console.log(`Built the settings page into ${path.relative(process.cwd(), outDir)}/${inBrowser ? " (with in-browser/)" : ""}.`);
}
