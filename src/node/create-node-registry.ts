import os from "node:os";
import path from "node:path";
import { createRegistry } from "../registry/create-registry.js";
import type { RegistryOptions } from "../registry/options.js";
import type { Registry } from "../registry/registry.js";

/**
 * Options of {@link createNodeRegistry}: the registry options, plus where files live.
 *
 * @example
 * ```ts
 * const options: NodeRegistryOptions = { dir: "/home/me/.myapp/agent" };
 * ```
 */
export interface NodeRegistryOptions extends RegistryOptions {
  /** Directory for file storage. Default `~/.model-registry`. Ignored when `storage` is given. */
  dir?: string;
}

/**
 * The registry with Node defaults: `process.env` and (once file storage lands) files under `dir`.
 *
 * @example
 * ```ts
 * const registry = createNodeRegistry({ dir: path.join(os.homedir(), ".myapp") });
 * ```
 */
export function createNodeRegistry(options: NodeRegistryOptions = {}): Registry {
  const { dir = path.join(os.homedir(), ".model-registry"), ...rest } = options;
  void dir;
  return createRegistry({ env: process.env, ...rest });
}
