import type { CliCommand } from "../command.js";
import { authListCommand } from "./auth-list.js";
import { authLoginCommand } from "./auth-login.js";
import { authPasteTokenCommand } from "./auth-paste-token.js";
import { authRemoveCommand } from "./auth-remove.js";
import { authSetKeyCommand } from "./auth-set-key.js";
import { onboardCommand } from "./onboard.js";
import { tiersCommand } from "./tiers.js";

/**
 * Every `model-registry` command, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo(version), COMMANDS);
 * ```
 */
export const COMMANDS: readonly CliCommand[] = [
  onboardCommand,
  tiersCommand,
  authSetKeyCommand,
  authPasteTokenCommand,
  authLoginCommand,
  authListCommand,
  authRemoveCommand,
];
