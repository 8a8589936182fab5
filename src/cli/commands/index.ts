import type { CliCommand } from "../command.js";
import { tiersCommand } from "./tiers.js";

/**
 * Every `model-registry` command, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo(version), COMMANDS);
 * ```
 */
export const COMMANDS: readonly CliCommand[] = [tiersCommand];
