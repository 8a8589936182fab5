import os from "node:os";
import path from "node:path";
import { createRegistry } from "../registry/create-registry.js";
import type { RegistryOptions } from "../registry/options.js";
import type { Registry } from "../registry/registry.js";
import { createFileStorage } from "./file-storage.js";

/**
 * Options of {@link createNodeRegistry}: the registry options, plus where files live.
 *
 * @example
 * ```ts
 * const options: NodeRegistryOptions = { dir: "/home/me/.myapp/agent" };
 * ```
 */
export interface NodeRegistryOptions extends RegistryOptions {
  /** Directory for file storage (`~` expands). Default `~/.model-registry`. Ignored when `storage` is given. */
  dir?: string;
}

/**
 * The registry with Node defaults: files under `dir` (models.json, auth.json 0600, settings.json, state.json, with
 * atomic writes, backups and cross-process locks) and `process.env`. Any option given wins over these defaults.
 *
 * @example
 * ```ts
 * import { createNodeRegistry } from "model-provider-registry/node";
 * const registry = createNodeRegistry({ dir: "~/.myapp" });
 * const { diagnostics } = await registry.getModelsConfig(); // reads ~/.myapp/models.json
 * ```
 */
export function createNodeRegistry(options: NodeRegistryOptions = {}): Registry {
  const { dir, ...rest } = options;
  return createRegistry({
    ...rest,
    storage: rest.storage ?? createFileStorage({ dir: dir ?? path.join(os.homedir(), ".model-registry") }),
    env: rest.env ?? process.env,
  });
}
