/**
 * model-provider-registry: which LLM providers can I use right now, with which credentials, which models and
 * thinking levels — and what exactly is wrong when something is broken.
 *
 * The core is pure (Web APIs only); Node helpers live in `model-provider-registry/node`.
 *
 * @example
 * ```ts
 * import { createRegistry } from "model-provider-registry";
 * const registry = createRegistry({ env: hostEnv });
 * ```
 *
 * @module
 */
export * from "./registry/index.js";
export * from "./errors/index.js";
export * from "./schema/index.js";
export * from "./storage/index.js";
export * from "./config/index.js";
export * from "./catalog/index.js";
export * from "./refs/index.js";
export * from "./plugins/index.js";
export * from "./credentials/index.js";
export * from "./status/index.js";
export * from "./discovery/index.js";
export * from "./reasoning/index.js";
export * from "./refresh/index.js";
export * from "./transport/index.js";
export { silentLogger, type Storage, type Env, type Clock, type FetchPort, type Logger } from "./ports.js";
