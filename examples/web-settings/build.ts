// Bundles the settings page and the in-browser core page with esbuild into out/, which is gitignored.
// Run: node --import tsx examples/web-settings/build.ts
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { IN_BROWSER_DIR, inBrowserBuildOptions } from "./in-browser/build-options.js";

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
 * Builds the settings page into `out/` (`index.html`, `styles.css`, `app.js`) and the in-browser core page into
 * `out/in-browser/` (`index.html`, `main.js`), with the options its own test bundles it with.
 *
 * @example
 * await buildPages();
 */
export async function buildPages(): Promise<{ outDir: string }> {
  await rm(outDir, { recursive: true, force: true });
  const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", sourcemap: true, logLevel: "warning" } as const;
  await build({ ...common, entryPoints: [path.join(exampleDir, "page", "main.ts")], outfile: path.join(outDir, "app.js") });
  await copyStatic(path.join(exampleDir, "page"), outDir);
  await build({ ...inBrowserBuildOptions, metafile: false, outfile: path.join(outDir, "in-browser", "main.js") });
  await copyStatic(IN_BROWSER_DIR, path.join(outDir, "in-browser"));
  return { outDir };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildPages();
  console.log(`Built the settings page and the in-browser page into ${path.relative(process.cwd(), outDir)}/.`);
}
