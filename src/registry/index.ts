export { createRegistry } from "./create-registry.js";
export { normalizeRegistryOptions, guardLogger, type RegistryOptions, type RegistryContext } from "./options.js";
export type { Registry } from "./registry.js";
export { createEmitter, type Emitter, type EmitEvent, type SubscribeEvent, type RegistryEventMap, type RegistryEventName, type RegistryListener } from "./events.js";
