import * as z from "zod";
import type { CliCommand } from "./command.js";

/**
 * What every command prints on stdout with `--json` when it fails (usage errors included): the error's stable code,
 * a message saying what was expected and found, and the recovery in CLI terms (`null` when there is none).
 *
 * @example
 * ```ts
 * CliErrorOutputSchema.parse(JSON.parse(stdout)).error.code; // "cli_usage"
 * ```
 */
export const CliErrorOutputSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), recovery: z.string().nullable() }),
});

/**
 * `model-registry --version --json`.
 *
 * @example
 * ```ts
 * VersionOutputSchema.parse({ version: "0.1.0" });
 * ```
 */
export const VersionOutputSchema = z.object({ version: z.string() });

/**
 * One JSON Schema file of `dist/cli-schemas/`.
 *
 * @example
 * ```ts
 * const file: CliSchemaFile = { file: "tiers.schema.json", schema: z.toJSONSchema(tiersCommand.output) };
 * ```
 */
export interface CliSchemaFile {
  /** `models-set.schema.json`: the command's words joined by `-`. */
  file: string;
  schema: Record<string, unknown>;
}

/**
 * The file name of a command's `--json` schema: its words joined by `-` (`providers models list` →
 * `providers-models-list.schema.json`).
 *
 * @example
 * ```ts
 * cliSchemaFileName(["models", "set"]); // "models-set.schema.json"
 * ```
 */
export function cliSchemaFileName(path: readonly string[]): string {
  return `${path.join("-")}.schema.json`;
}

/**
 * The JSON Schemas shipped as `model-provider-registry/cli-schemas/<name>.schema.json`: one per command, from its
 * zod `output` (the output side: what `--json` prints), plus `error.schema.json` and `version.schema.json`. Throws
 * when a schema cannot be expressed in JSON Schema (a `z.custom`, a transform) or two files would share a name.
 *
 * @example
 * ```ts
 * for (const { file, schema } of cliJsonSchemas(COMMANDS)) writeFileSync(`dist/cli-schemas/${file}`, JSON.stringify(schema));
 * ```
 */
export function cliJsonSchemas(commands: readonly CliCommand[]): CliSchemaFile[] {
  const entries: Array<{ file: string; title: string; description: string; schema: z.ZodType }> = [
    ...commands.map((c) => ({
      file: cliSchemaFileName(c.path),
      title: `model-registry ${c.path.join(" ")} --json`,
      description: c.summary,
      schema: c.output,
    })),
    { file: "error.schema.json", title: "model-registry <command> --json: an error", description: "Printed on stdout with --json when a command fails; the exit code is 1 (2 for usage errors).", schema: CliErrorOutputSchema },
    { file: "version.schema.json", title: "model-registry --version --json", description: "The package version.", schema: VersionOutputSchema },
  ];
  const seen = new Set<string>();
  return entries.map((entry) => {
    if (seen.has(entry.file)) throw new Error(`cliJsonSchemas: two schemas would be written to ${entry.file}`);
    seen.add(entry.file);
    const json = z.toJSONSchema(entry.schema, { io: "output", target: "draft-2020-12", unrepresentable: "throw" }) as Record<string, unknown>;
    const { $schema, ...rest } = json;
    return { file: entry.file, schema: { $schema, title: entry.title, description: entry.description, ...rest } };
  });
}
