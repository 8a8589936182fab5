import type { MswModule } from "./msw-module.js";

// The CommonJS build's stand-in for msw-module.ts (tsup.config.ts redirects the import): a guarded require, since
// CommonJS has no top-level await. msw stays optional either way.
declare const require: (id: string) => unknown;

let loaded: MswModule | null;
try {
  loaded = require("msw") as MswModule;
} catch {
  loaded = null;
}

/**
 * The host's msw module, or `null` when it is not installed (CommonJS build).
 *
 * @example
 * ```ts
 * if (mswModule() === null) console.log("use fake.fetch instead of fake.handlers");
 * ```
 */
export function mswModule(): MswModule | null {
  return loaded;
}
