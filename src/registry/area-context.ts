import type { Emitter } from "./events.js";
import type { RegistryContext } from "./options.js";
import type { Registry } from "./registry.js";

/**
 * What each part of the facade receives: the normalised ports, the event emitter, and a late-bound handle to the
 * whole registry for calls across parts (e.g. status asks the catalog for model counts).
 *
 * @example
 * ```ts
 * function createMyApi(ctx: AreaContext) {
 *   return { async count() { return (await ctx.registry().listModels()).length; } };
 * }
 * ```
 */
export interface AreaContext extends RegistryContext {
  readonly events: Emitter;
  /** The assembled registry. Call it lazily (inside methods), never while the facade is being built. */
  readonly registry: () => Registry;
}
