import type { CliCommand } from "../command.js";
import { authListCommand } from "./auth-list.js";
import { authLoginCommand } from "./auth-login.js";
import { authPasteTokenCommand } from "./auth-paste-token.js";
import { authRemoveCommand } from "./auth-remove.js";
import { authSetKeyCommand } from "./auth-set-key.js";
import { doctorCommand } from "./doctor.js";
import { explainCommand } from "./explain.js";
import { LOCAL_COMMANDS } from "./local.js";
import { modelsCommand, modelsListCommand } from "./models-list.js";
import { modelsSetCommand } from "./models-set.js";
import { onboardCommand } from "./onboard.js";
import { PLUGINS_COMMANDS } from "./plugins.js";
import { providersCommand, providersListCommand } from "./providers-list.js";
import { providersModelsAddCommand } from "./providers-models-add.js";
import { providersModelsListCommand } from "./providers-models-list.js";
import { providersModelsRemoveCommand } from "./providers-models-remove.js";
import { refreshCommand } from "./refresh.js";
import { statusCommand } from "./status.js";
import { tiersCommand } from "./tiers.js";
import { validateCommand } from "./validate.js";

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
  providersCommand,
  providersListCommand,
  providersModelsListCommand,
  providersModelsAddCommand,
  providersModelsRemoveCommand,
  modelsCommand,
  modelsListCommand,
  modelsSetCommand,
  tiersCommand,
  explainCommand,
  authSetKeyCommand,
  authPasteTokenCommand,
  authLoginCommand,
  authListCommand,
  authRemoveCommand,
  ...LOCAL_COMMANDS,
  ...PLUGINS_COMMANDS,
  refreshCommand,
  doctorCommand,
  validateCommand,
];
