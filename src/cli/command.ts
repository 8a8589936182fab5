import type { z } from "zod";
import type { Registry } from "../registry/registry.js";
import type { CliIo } from "./cli-io.js";
import type { TextStyle } from "./text-style.js";

/**
 * One option of a command, as `node:util` `parseArgs` takes it, plus its help text.
 *
 * @example
 * ```ts
 * const thinking: OptionSpec = { type: "string", description: "thinking level, e.g. high", value: "L" };
 * ```
 */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  description: string;
  /** The value's placeholder in help (`--thinking L`). */
  value?: string;
  /** A string option that may be given more than once; the values arrive joined with commas (`--provider a --provider b` → `"a,b"`). */
  multiple?: boolean;
}

/**
 * What a command has to work with: the registry (created on first use, over the home folder), the streams, whether
 * `--json` is on, the screen width, colours, and a progress line for slow work.
 *
 * @example
 * ```ts
 * const reports = await ctx.registry().getStatus();
 * ctx.progress("Checking 12 providers…");
 * ```
 */
export interface CommandContext {
  registry(): Registry;
  io: CliIo;
  json: boolean;
  /** Screen width for tables: `$COLUMNS`, else the terminal's, else 80. */
  columns: number;
  style: TextStyle;
  home: string;
  /** A one-line progress message on stderr, on a TTY only and never with `--json`; `null` clears it. */
  progress(message: string | null): void;
}

/**
 * The parsed command line of one command: positional arguments and options.
 *
 * @example
 * ```ts
 * const [tier, ref] = input.args; const thinking = input.options["thinking"];
 * ```
 */
export interface CommandInput {
  args: string[];
  options: Record<string, string | boolean | undefined>;
}

/**
 * What a command produced: the exit code (0 ok, 1 problems found, 2 usage), the value printed with `--json` (it must
 * match the command's `output` schema), and the text printed otherwise (each line within `ctx.columns`).
 *
 * @example
 * ```ts
 * return { exitCode: 0, json: { tier, model }, text: `${tier} → ${model}\n` };
 * ```
 */
export interface CommandResult {
  exitCode: 0 | 1 | 2;
  json: unknown;
  text: string;
}

/**
 * A CLI command: the words that select it, its help, options, arity, the JSON Schema of its `--json` output (a zod
 * schema; `npm run build` writes each as `dist/cli-schemas/<name>.schema.json`) and what it does, over the facade.
 *
 * @example
 * ```ts
 * export const tiersCommand: CliCommand = {
 *   path: ["tiers"], summary: "LOW / MED / HIGH with model and thinking level", usage: "", args: { max: 0 },
 *   output: TiersOutputSchema, run: async (ctx) => ({ exitCode: 0, json: await ctx.registry().getTiers(), text: "…" }),
 * };
 * ```
 */
export interface CliCommand {
  path: readonly string[];
  summary: string;
  /** The arguments part of the usage line, e.g. `<tier|role> <ref> [--thinking L]`. */
  usage: string;
  options?: Readonly<Record<string, OptionSpec>>;
  args?: { min?: number; max?: number };
  /** Shape of the `--json` output on success. */
  output: z.ZodType;
  run(ctx: CommandContext, input: CommandInput): Promise<CommandResult>;
}
