import type { CliCommand } from "../command.js";
import { authListCommand } from "./auth-list.js";
import { authLoginCommand } from "./auth-login.js";
import { authPasteTokenCommand } from "./auth-paste-token.js";
import { authRemoveCommand } from "./auth-remove.js";
import { authSetKeyCommand } from "./auth-set-key.js";
import { doctorCommand } from "./doctor.js";
import { LOCAL_COMMANDS } from "./local.js";
import { onboardCommand } from "./onboard.js";
import { PLUGINS_COMMANDS } from "./plugins.js";
import { refreshCommand } from "./refresh.js";
import { statusCommand } from "./status.js";
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
  statusCommand,
  tiersCommand,
  authSetKeyCommand,
  authPasteTokenCommand,
  authLoginCommand,
  authListCommand,
  authRemoveCommand,
  ...LOCAL_COMMANDS,
  ...PLUGINS_COMMANDS,
  refreshCommand,
  doctorCommand,
];
