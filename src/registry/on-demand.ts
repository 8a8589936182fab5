/**
 * The code a registry loads on demand, behind ONE dynamic import: the calls engine with its wire adapters (first
 * `stream()`/`complete()`) and the refresh source readers (first `refresh()`). Each `import()` target is a bundle entry
 * of its own, and every entry splits the modules it shares with the start path into another chunk file: with one
 * target, importing the package loads 4 files instead of 9 (each ESM file costs the loader about a millisecond).
 *
 * @example
 * ```ts
 * const { createCallsService, adapterFor } = await import("./on-demand.js");
 * ```
 *
 * @module
 */
export { createCallsService } from "../calls/calls-service.js";
export { adapterFor } from "../calls/adapters/adapter-for.js";
export * as refreshSources from "../refresh/refresh-sources.js";
