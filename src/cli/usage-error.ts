import { RegistryError } from "../errors/registry-error.js";

/**
 * A command line that cannot run: an unknown command or option, a missing or extra argument, a key given as an
 * argument. Exit code 2; the message says what was expected and found, the recovery what to type instead.
 *
 * @example
 * ```ts
 * throw new UsageError({ message: 'Expected a model ref after "explain", found nothing.', recovery: "model-registry explain openai/gpt-5" });
 * ```
 */
export class UsageError extends RegistryError {
  override name = "UsageError";
  constructor(options: { message: string; recovery: string }) {
    super({ code: "cli_usage", message: options.message, recovery: options.recovery });
  }
}
