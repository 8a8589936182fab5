import type { CliCommand } from "../command.js";
import { doctorCommand } from "./doctor.js";
import { LOCAL_COMMANDS } from "./local.js";
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
export const COMMANDS: readonly CliCommand[] = [statusCommand, tiersCommand, ...LOCAL_COMMANDS, ...PLUGINS_COMMANDS, refreshCommand, doctorCommand];
