import type { Plugin } from "esbuild";
import { defineConfig, type Options } from "tsup";

// tsup hands its own format to esbuildOptions (esbuild itself may run as ESM before rollup emits CommonJS), so the
// format is passed on to the plugin below through a define that nothing in the source reads.
const FORMAT_MARK = "__MPR_TSUP_FORMAT__";

/**
 * In the CommonJS build, load msw with a guarded `require` (src/testing/msw-module-cjs.ts) instead of the ESM
 * file's top-level `await import("msw")`: msw is an optional peer dependency and never a static import.
 */
export const mswModuleCjs: Plugin = {
  name: "msw-module-cjs",
  setup(build) {
    if (build.initialOptions.define?.[FORMAT_MARK] !== '"cjs"') return;
    const replacement = new URL("./src/testing/msw-module-cjs.ts", import.meta.url).pathname;
    build.onResolve({ filter: /\/msw-module\.js$/ }, () => ({ path: replacement }));
  },
};

// The ESM build holds the CLI too, so dist/cli/index.js imports the same chunks as dist/index.js instead of a second
// copy of the core; its #! line comes from src/cli/index.ts (esbuild keeps an entry's hashbang).
const core = {
  index: "src/index.ts",
  "node/index": "src/node/index.ts",
  "redis/index": "src/redis/index.ts",
  "testing/index": "src/testing/index.ts",
};
// No source maps: src/ is not in the tarball, so a map could only point at files a user does not have (or embed them,
// which was half of a 9.2 MB package); dist keeps the source's names, so a stack trace still reads.
const shared = {
  dts: true,
  sourcemap: false,
  target: "node20",
  platform: "neutral",
  external: ["msw", "msw/node", "vitest", "redis"],
  splitting: true,
  treeshake: true,
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, [FORMAT_MARK]: JSON.stringify(format) };
    // Both builds are minified but for names (stack traces still name functions): the core ships twice (ESM and
    // CommonJS) and the ESM build carries zod, json5 and jsonc-parser; as written the package would unpack to 3.3 MB.
    options.minifyWhitespace = true;
    options.minifySyntax = true;
  },
  esbuildPlugins: [mswModuleCjs],
} satisfies Options;

// Chunks follow the set of entries that reach a module, so two extra (unexported) entries shape them for bundlers
// that tree-shake a host's import (measured by bench/package-size.ts):
// - internal/core is src/index.ts again: every module then sits in a shared chunk and dist/index.js is re-exports
//   only; otherwise the modules only index reaches land in index.js itself, and their top-level statements (which a
//   bundler keeps) pull in check-argument and zod for any import from the package;
// - internal/model-ref puts parseModelRef and the little it needs (refs data, RegistryError) in chunks of their own,
//   apart from the chunks that build zod schemas at their top level.
const splitPoints = { "internal/core": "./src/index.ts", "internal/model-ref": "src/refs/parse-model-ref.ts" };

export default defineConfig([
  {
    ...shared,
    entry: { ...core, "cli/index": "src/cli/index.ts", ...splitPoints },
    dts: { entry: { ...core, "cli/index": "src/cli/index.ts" } },
    format: ["esm"],
    // zod, json5 and jsonc-parser are bundled into the ESM chunks: Node's ESM loader resolves, reads and compiles each
    // file of a package on its own, and zod 4 alone is ~100 files (about 35 ms of a cold start; bundled, about 10).
    // The CommonJS build keeps requiring them (CommonJS loads files far faster), and they stay dependencies: the
    // declaration files import zod's types, and the CommonJS build loads all three.
    noExternal: ["zod", "json5", "jsonc-parser"],
    clean: true,
  },
  { ...shared, entry: core, format: ["cjs"], clean: false },
]);
