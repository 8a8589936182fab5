import * as z from "zod";
import { parseModelsJson } from "../../config/parse-models-json.js";
import { RegistryError } from "../../errors/registry-error.js";
import { DiagnosticSchema, type Diagnostic } from "../../schema/diagnostic.js";
import type { CliCommand } from "../command.js";
import { wrapText } from "../fit-table.js";

const ValidateOutput = z.object({
  file: z.string(),
  providers: z.array(z.string()),
  errors: z.number().int(),
  warnings: z.number().int(),
  diagnostics: z.array(DiagnosticSchema),
});

/**
 * A reference to a variable this shell does not set says nothing about the file: the machine the app runs on may set
 * it. parseModelsJson reports it as an error (a registry cannot use the key); here it is a warning.
 */
function machineLocal(d: Diagnostic): Diagnostic {
  if (d.code !== "missing_env_var" || d.severity !== "error") return d;
  return { ...d, severity: "warning", message: `${d.message} The file is valid; the key is missing on this machine only.` };
}

/** Wrapped under a two-space indent (wrapText drops leading spaces), continuation lines two further in. */
function indented(text: string, columns: number): string[] {
  return wrapText(text, columns - 2, "  ").map((line) => `  ${line}`);
}

function describeReadError(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "a folder";
  if (code === "EACCES" || code === "EPERM") return "a file this user may not read";
  return `an error (${typeof code === "string" ? code : error instanceof Error ? error.message : String(error)})`;
}

/**
 * `model-registry validate <file>`: parse a models.json file and print its located diagnostics; exit 1 on errors. An
 * `apiKey` reference to a variable that is not set here (`"${VAR}"`, `{ "env": "VAR" }`) is a warning, not an error.
 *
 * @example
 * ```ts
 * await runCli(["validate", "~/.model-registry/models.json", "--json"], io, [validateCommand]);
 * ```
 */
export const validateCommand: CliCommand = {
  path: ["validate"],
  summary: "check a models.json file (exit 1 on errors)",
  usage: "<models.json>",
  args: { min: 1, max: 1 },
  output: ValidateOutput,
  async run(ctx, input) {
    const file = input.args[0]!;
    let text: string;
    try {
      text = ctx.io.readFile(file);
    } catch (error) {
      throw new RegistryError({
        code: "file_unreadable",
        message: `Expected a models.json file at "${file}", found ${describeReadError(error)}.`,
        recovery: "Check the path (relative paths start at the current folder).",
      });
    }
    const { config, diagnostics } = parseModelsJson(text, { env: ctx.io.env, source: file });
    const shown = diagnostics.map(machineLocal);
    const errors = shown.filter((d) => d.severity === "error").length;
    const warnings = shown.filter((d) => d.severity === "warning").length;
    const providers = Object.keys(config.providers);
    const { style } = ctx;
    const lines: string[] = [];
    for (const d of shown) {
      const where = [d.source ?? file, d.line, d.column].filter((p) => p !== null && p !== undefined).join(":");
      const severity = d.severity === "error" ? style.red("error") : d.severity === "warning" ? style.yellow("warning") : style.dim("info");
      lines.push(...wrapText(`${where} ${severity} ${d.code}`, ctx.columns, "  "));
      lines.push(...indented(d.message, ctx.columns));
      if (d.hint) lines.push(...indented(`hint: ${d.hint}`, ctx.columns));
    }
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const summary = `${file}: ${count(providers.length, "provider")}${providers.length > 0 ? ` (${providers.join(", ")})` : ""}, ${count(errors, "error")}, ${count(warnings, "warning")}`;
    lines.push(...wrapText(summary, ctx.columns, "  "));
    return { exitCode: errors > 0 ? 1 : 0, json: { file, providers, errors, warnings, diagnostics: shown }, text: `${lines.join("\n")}\n` };
  },
};
