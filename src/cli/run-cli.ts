import { parseArgs } from "node:util";
import { isRegistryError } from "../errors/registry-error.js";
import { suggestSimilarIds } from "../refs/suggest-similar-ids.js";
import type { Registry } from "../registry/registry.js";
import type { CliIo } from "./cli-io.js";
import { cliRecovery } from "./cli-recovery.js";
import { looksLikeSecret } from "./credential-input.js";
import type { CliCommand, CommandContext, OptionSpec } from "./command.js";
import { fitLine, wrapText } from "./fit-table.js";
import { resolveHome } from "./home-folder.js";
import { textStyle } from "./text-style.js";
import { UsageError } from "./usage-error.js";

const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  dir: { type: "string", description: "home folder (default $MODEL_REGISTRY_HOME, else ~/.model-registry)", value: "path" },
  json: { type: "boolean", description: "machine-readable output (errors too)" },
  help: { type: "boolean", short: "h", description: "help for the command" },
};

/**
 * Run the command line against the commands given: find the command, parse and check its options and arguments,
 * run it, and print its result (text, or JSON with `--json`; errors as `{ "error": { code, message, recovery } }` on
 * stdout with `--json`, else on stderr). Returns the exit code: 0 ok, 1 problems found, 2 usage.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo(), COMMANDS);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  const json = argv.includes("--json");
  const columns = screenColumns(io);
  // A progress line still on screen when a command fails is cleared before the error is printed.
  let clearProgress = (): void => undefined;
  try {
    if (argv[0] === "--version" || argv[0] === "-v" || (argv.length === 1 && argv[0] === "version")) {
      io.stdout.write(json ? `${JSON.stringify({ version: io.version })}\n` : `${io.version}\n`);
      return 0;
    }
    const found = findCommand(argv, commands);
    if (found === null) {
      const words = leadingWords(argv);
      if (words.length === 0 || words[0] === "help") {
        const asked = argv.includes("--help") || argv.includes("-h") || words[0] === "help";
        (asked ? io.stdout : io.stderr).write(overview(commands, columns));
        return asked ? 0 : 2;
      }
      const known = [...new Set(commands.map((c) => c.path.slice(0, words.length).join(" ")))];
      const near = suggestSimilarIds(words.join(" "), known, { limit: 1 })[0] ?? suggestSimilarIds(words[0]!, commands.map((c) => c.path[0]!), { limit: 1 })[0];
      throw new UsageError({
        message: `Expected a command, found "${words.join(" ")}".`,
        recovery: near ? `Did you mean "model-registry ${near}"? "model-registry --help" lists every command.` : `"model-registry --help" lists every command.`,
      });
    }
    const { command, rest } = found;
    const options = { ...GLOBAL_OPTIONS, ...command.options };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: [...rest], options: toParseArgs(options), allowPositionals: true, strict: true });
    } catch (error) {
      throw optionError(error, command, options);
    }
    const values = Object.fromEntries(
      Object.entries(parsed.values).map(([name, value]) => [name, Array.isArray(value) ? value.join(",") : value]),
    ) as Record<string, string | boolean | undefined>;
    if (values["help"] === true) {
      io.stdout.write(commandHelp(command, columns));
      return 0;
    }
    const args = parsed.positionals;
    const min = command.args?.min ?? 0;
    const max = command.args?.max ?? Number.POSITIVE_INFINITY;
    const name = command.path.join(" ");
    if (args.length < min) {
      throw new UsageError({ message: `Expected ${min === 1 ? "an argument" : `${min} arguments`} after "${name}" (${command.usage}), found ${args.length === 0 ? "none" : args.join(" ")}.`, recovery: `model-registry ${name} ${command.usage}` });
    }
    if (args.length > max) {
      throw new UsageError({ message: `Expected at most ${max} argument${max === 1 ? "" : "s"} after "${name}", found also: ${args.slice(max).join(" ")}.`, recovery: `model-registry ${name} ${command.usage}`.trim() });
    }
    const home = resolveHome({ dir: typeof values["dir"] === "string" ? values["dir"] : undefined, env: io.env, homedir: () => io.homedir() });
    let registry: Registry | undefined;
    let progressShown = false;
    const ctx: CommandContext = {
      registry: () => (registry ??= io.createRegistry(home)),
      io,
      json,
      columns,
      style: textStyle({ isTTY: io.stdout.isTTY, env: io.env }),
      home,
      progress(message) {
        if (json || !io.stderr.isTTY) return;
        if (message === null) {
          if (progressShown) io.stderr.write("\r\u001b[2K");
          progressShown = false;
          return;
        }
        io.stderr.write(`\r\u001b[2K${fitLine(message, columns)}`);
        progressShown = true;
      },
    };
    clearProgress = () => ctx.progress(null);
    const result = await command.run(ctx, { args, options: values });
    ctx.progress(null);
    io.stdout.write(json ? `${JSON.stringify(result.json, null, 2)}\n` : result.text);
    return result.exitCode;
  } catch (error) {
    clearProgress();
    // A key typed on the command line (a typo'd command, an extra argument) must not come back in the error.
    const secrets = argv.flatMap((token) => token.split("=")).filter(looksLikeSecret);
    return reportError(error, io, { json, columns, secrets });
  }
}

function reportError(error: unknown, io: CliIo, options: { json: boolean; columns: number; secrets: readonly string[] }): number {
  const usage = error instanceof UsageError;
  const known = isRegistryError(error);
  const code = known ? error.code : "internal_error";
  const scrub = (text: string) => options.secrets.reduce((out, secret) => out.split(secret).join("<key not shown>"), text);
  const message = scrub(error instanceof Error ? error.message : String(error));
  const recovery = known && error.recovery !== undefined ? scrub(cliRecovery(error.recovery)) : known ? null : "This is a bug in model-registry; please report it with the command you ran.";
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ error: { code, message, recovery } }, null, 2)}\n`);
  } else {
    const lines = [...wrapText(`model-registry: ${message}`, options.columns, "  ")];
    if (recovery) lines.push(...wrapText(`→ ${recovery}`, options.columns, "  "));
    io.stderr.write(`${lines.join("\n")}\n`);
  }
  return usage ? 2 : 1;
}

function screenColumns(io: CliIo): number {
  const fromEnv = Number(io.env["COLUMNS"]);
  if (Number.isInteger(fromEnv) && fromEnv >= 20) return fromEnv;
  const fromTerminal = io.stdout.columns;
  return fromTerminal !== undefined && fromTerminal >= 20 ? fromTerminal : 80;
}

/** The words before the first option (skipping `--dir <path>` wherever it comes). */
function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--dir") {
      i++;
      continue;
    }
    if (token.startsWith("-")) {
      if (words.length > 0) break;
      continue;
    }
    words.push(token);
  }
  return words;
}

function findCommand(argv: readonly string[], commands: readonly CliCommand[]): { command: CliCommand; rest: string[] } | null {
  const words = leadingWords(argv);
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, i) => words[i] === word)) {
      // Remove the command's words from argv (the first occurrences, in order), keep everything else.
      const rest = [...argv];
      for (const word of command.path) rest.splice(rest.indexOf(word), 1);
      return { command, rest };
    }
  }
  return null;
}

function toParseArgs(options: Readonly<Record<string, OptionSpec>>): Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> {
  const out: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  return out;
}

function optionError(error: unknown, command: CliCommand, options: Readonly<Record<string, OptionSpec>>): UsageError {
  const name = command.path.join(" ");
  const text = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(text)?.[1];
  if (unknown !== undefined) {
    const near = suggestSimilarIds(unknown.replace(/^-+/, ""), Object.keys(options), { limit: 1 })[0];
    return new UsageError({
      message: `Expected an option of "${name}", found ${unknown}.`,
      recovery: near ? `Did you mean --${near}? "model-registry ${name} --help" lists its options.` : `"model-registry ${name} --help" lists its options.`,
    });
  }
  const missing = /Option '([^']+)' argument missing/.exec(text)?.[1];
  if (missing !== undefined) {
    return new UsageError({ message: `Expected a value after ${missing.split(",")[0]}, found none.`, recovery: `model-registry ${name} ${command.usage}`.trim() });
  }
  return new UsageError({ message: `Expected the options of "${name}", found: ${text}`, recovery: `"model-registry ${name} --help" lists its options.` });
}

function overview(commands: readonly CliCommand[], columns: number): string {
  const lines = ["Usage: model-registry <command> [options]", "", "Commands:"];
  const width = Math.min(34, Math.max(...commands.map((c) => c.path.join(" ").length)) + 2);
  for (const c of commands) {
    const name = c.path.join(" ");
    lines.push(fitLine(`  ${name.padEnd(width)}${c.summary}`, columns));
  }
  lines.push("", "Options for every command:");
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) lines.push(fitLine(`  --${name}${spec.value ? ` <${spec.value}>` : ""}`.padEnd(width + 2) + spec.description, columns));
  lines.push(fitLine("  --version".padEnd(width + 2) + "print the version", columns));
  lines.push("", ...wrapText('Exit codes: 0 ok, 1 problems found, 2 usage. "model-registry <command> --help" for details.', columns));
  return `${lines.join("\n")}\n`;
}

function commandHelp(command: CliCommand, columns: number): string {
  const name = command.path.join(" ");
  const lines = [...wrapText(`Usage: model-registry ${name} ${command.usage}`.trim(), columns, "  "), "", ...wrapText(command.summary, columns)];
  const options = Object.entries({ ...command.options, ...GLOBAL_OPTIONS });
  if (options.length > 0) {
    lines.push("", "Options:");
    for (const [option, spec] of options) {
      const head = `  --${option}${spec.short ? `, -${spec.short}` : ""}${spec.value ? ` <${spec.value}>` : ""}`;
      lines.push(...wrapText(`${head.padEnd(24)} ${spec.description}`, columns, " ".repeat(27)));
    }
  }
  return `${lines.join("\n")}\n`;
}
