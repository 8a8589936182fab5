import type { CliCommand } from "../command.js";
import { CredentialRowSchema, storeSecretCommand } from "../credential-input.js";

/**
 * `model-registry auth paste-token <provider> [--label L]`: store a static bearer token (e.g. `claude setup-token`)
 * read from stdin or a hidden prompt; like `auth set-key`, never from an argument.
 *
 * @example
 * ```sh
 * printf %s "$SETUP_TOKEN" | model-registry auth paste-token anthropic
 * ```
 */
export const authPasteTokenCommand: CliCommand = {
  path: ["auth", "paste-token"],
  summary: "store a token from stdin or a hidden prompt",
  usage: "<provider> [--label L]",
  options: {
    label: { type: "string", description: 'name of the token (default "token"); the same label replaces it', value: "L" },
  },
  args: { min: 1 },
  output: CredentialRowSchema,
  run: (ctx, input) => storeSecretCommand(ctx, input, "token"),
};
