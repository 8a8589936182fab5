import type { CliCommand } from "../command.js";
import { explainCommand } from "./explain.js";
import { modelsCommand, modelsListCommand } from "./models-list.js";
import { modelsSetCommand } from "./models-set.js";
import { providersCommand, providersListCommand } from "./providers-list.js";
import { providersModelsAddCommand } from "./providers-models-add.js";
import { providersModelsListCommand } from "./providers-models-list.js";
import { providersModelsRemoveCommand } from "./providers-models-remove.js";
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
  validateCommand,
];
