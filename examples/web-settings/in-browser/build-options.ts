/**
 * How the in-browser page is bundled: the one set of esbuild options shared by `examples/web-settings/build.ts` and
 * `test/browser/in-browser-core.test.ts`, so the page that is tested is the page that is served. Runs in Node (it is
 * not part of the bundle). Add `outfile` (or `outdir`) and `write` where you build.
 *
 * platform "browser" makes esbuild refuse any `node:` import reaching the bundle, which is the proof that the core
 * under src/ runs unchanged in a browser.
 */
import { fileURLToPath } from "node:url";
import type { BuildOptions } from "esbuild";

/** The page's directory: index.html is served from here, main.js is written next to it in the output. */
export const IN_BROWSER_DIR = fileURLToPath(new URL(".", import.meta.url));

/**
 * esbuild options for `main.ts` → `main.js` (an ES module loaded by index.html as `./main.js`).
 *
 * @example
 * await build({ ...inBrowserBuildOptions, outfile: join(outDir, "in-browser", "main.js") });
 */
export const inBrowserBuildOptions = {
  entryPoints: [fileURLToPath(new URL("./main.ts", import.meta.url))],
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  metafile: true,
  logLevel: "silent",
} satisfies BuildOptions;
