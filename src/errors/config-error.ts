import type { Diagnostic } from "../schema/diagnostic.js";
import { RegistryError, type RegistryErrorOptions } from "./registry-error.js";

/**
 * Options for {@link ConfigError}.
 *
 * @example
 * ```ts
 * new ConfigError({ message: "models.json does not parse.", diagnostics });
 * ```
 */
export interface ConfigErrorOptions extends RegistryErrorOptions {
  /** The problems found, each with path, line and column. */
  diagnostics?: readonly Diagnostic[];
}

/**
 * Thrown when user configuration cannot be used as asked, most often a write refused because the stored text does
 * not parse (the file is left byte-identical).
 *
 * @example
 * ```ts
 * try {
 *   await registry.updateModelsConfig([{ path: ["providers", "x", "baseUrl"], value: "http://127.0.0.1:8000/v1" }]);
 * } catch (error) {
 *   if (isRegistryError(error) && error.name === "ConfigError") console.log((error as ConfigError).diagnostics);
 * }
 * ```
 */
export class ConfigError extends RegistryError {
  override name = "ConfigError";
  readonly diagnostics: readonly Diagnostic[];

  constructor(options: ConfigErrorOptions) {
    super({ code: "config_error", ...options });
    this.diagnostics = options.diagnostics ?? [];
  }
}
