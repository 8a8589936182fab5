import type * as Msw from "msw";

/**
 * The msw module as the testing entry uses it (only `http.get` / `http.post`).
 *
 * @example
 * ```ts
 * const msw: MswModule | null = mswModule();
 * ```
 */
export type MswModule = Pick<typeof Msw, "http">;

// msw is an optional peer dependency: loaded when the host has it, never a static import, so
// `model-provider-registry/testing` imports (fixed clock, fake providers over `fake.fetch`) without it.
// The CommonJS build swaps this file for msw-module-cjs.ts (see tsup.config.ts): top-level await is ESM-only.
let loaded: MswModule | null;
try {
  loaded = await import("msw");
} catch {
  loaded = null;
}

/**
 * The host's msw module, or `null` when it is not installed.
 *
 * @example
 * ```ts
 * if (mswModule() === null) console.log("use fake.fetch instead of fake.handlers");
 * ```
 */
export function mswModule(): MswModule | null {
  return loaded;
}
