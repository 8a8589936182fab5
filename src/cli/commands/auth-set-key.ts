import type { CliCommand } from "../command.js";
import { CredentialRowSchema, storeSecretCommand } from "../credential-input.js";

/**
 * `model-registry auth set-key <provider> [--label L] [--method M]`: store an API key read from stdin (when stdin is
 * not a terminal) or a hidden prompt. A key given as an argument is refused (exit 2) and never stored or echoed.
 *
 * @example
 * ```sh
 * printf %s "$OPENAI_KEY" | model-registry auth set-key openai --label work
 * ```
 */
export const authSetKeyCommand: CliCommand = {
  path: ["auth", "set-key"],
  summary: "store an API key from stdin or a hidden prompt",
  usage: "<provider> [--label L] [--method M]",
  options: {
    label: { type: "string", description: 'name of the key (default "default"); the same label replaces it', value: "L" },
    method: { type: "string", description: "setup method id, e.g. coding-plan-cn (model-registry onboard lists them)", value: "M" },
  },
  // No maximum here: a second argument is a key typed on the command line, refused without repeating it.
  args: { min: 1 },
  output: CredentialRowSchema,
  run: (ctx, input) => storeSecretCommand(ctx, input, "apiKey"),
};
