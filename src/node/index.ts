/**
 * Node-only helpers: file storage, plugin directory scanning, process env.
 *
 * @example
 * ```ts
 * import { createNodeRegistry } from "model-provider-registry/node";
 * const registry = createNodeRegistry();
 * ```
 *
 * @module
 */
export { createNodeRegistry, type NodeRegistryOptions } from "./create-node-registry.js";
export { createFileStorage, type FileStorage, type FileStorageOptions } from "./file-storage.js";
export { scanPluginDirs, type PluginScanResult } from "./scan-plugin-dirs.js";
