import type { RegistryErrorCode } from "./error-codes.js";

const REGISTRY_ERROR = Symbol.for("model-provider-registry.error");

/**
 * Options every registry error constructor takes: one object, so new fields never shift positional arguments.
 *
 * @example
 * ```ts
 * new RegistryError({ code: "invalid_model_ref", message: "Expected provider/model, found \"gpt-4o\".", recovery: "Prefix the provider, e.g. openai/gpt-4o." });
 * ```
 */
export interface RegistryErrorOptions {
  /** What was expected, what was found. */
  message: string;
  /** Stable machine-readable code, e.g. `invalid_model_ref`, `config_unparsable`; one of {@link RegistryErrorCode}. */
  code?: RegistryErrorCode;
  /** What the user should do next. */
  recovery?: string;
  /** The underlying error; always preserved. */
  cause?: unknown;
}

/**
 * Base class of every error the registry throws across a public boundary.
 *
 * Use {@link isRegistryError} rather than `instanceof`: it also recognises errors from another copy of this
 * package or another realm (iframe, worker, vm context), because it checks a `Symbol.for` marker.
 *
 * @example
 * ```ts
 * try {
 *   parseModelRef("/gpt-4o");
 * } catch (error) {
 *   if (isRegistryError(error)) console.log(error.code, error.recovery);
 * }
 * ```
 */
export class RegistryError extends Error {
  override name: string = "RegistryError";
  /** Stable machine-readable code (docs/errors.md lists them all). */
  readonly code: RegistryErrorCode;
  /** What the user should do next, when known. */
  readonly recovery: string | undefined;

  constructor(options: RegistryErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? "registry_error";
    this.recovery = options.recovery;
    Object.defineProperty(this, REGISTRY_ERROR, { value: true, enumerable: false });
  }

  /**
   * Cross-realm, cross-version check.
   *
   * @example
   * ```ts
   * if (RegistryError.isInstance(error)) console.log(error.code);
   * ```
   */
  static isInstance(value: unknown): value is RegistryError {
    return isRegistryError(value);
  }
}

/**
 * True when `value` is a {@link RegistryError} (or subclass) from any copy of this package, in any realm.
 *
 * @example
 * ```ts
 * if (isRegistryError(error)) console.error(`${error.message}\n${error.recovery ?? ""}`);
 * ```
 */
export function isRegistryError(value: unknown): value is RegistryError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[REGISTRY_ERROR] === true;
}
