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
const shared = {
  dts: true,
  sourcemap: true,
  target: "node20",
  platform: "neutral",
  external: ["msw", "msw/node", "vitest", "redis"],
  splitting: true,
  treeshake: true,
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, [FORMAT_MARK]: JSON.stringify(format) };
  },
  esbuildPlugins: [mswModuleCjs],
} satisfies Options;

export default defineConfig([
  { ...shared, entry: { ...core, "cli/index": "src/cli/index.ts" }, format: ["esm"], clean: true },
  { ...shared, entry: core, format: ["cjs"], clean: false },
]);
