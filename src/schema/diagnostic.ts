import * as z from "zod";

/**
 * Schema of one diagnostic: a problem found in user input (models.json, a plugin manifest, settings), with enough
 * location and guidance that an editor, a CLI and a settings page can all show it.
 *
 * @example
 * ```ts
 * // Diagnostics cross a process boundary (worker, IPC) as JSON; check them on the way back in.
 * const diagnostics = DiagnosticSchema.array().parse(JSON.parse(message.data));
 * for (const d of diagnostics) console.log(formatDiagnostic(d));
 * ```
 */
export const DiagnosticSchema = z.object({
  severity: z.enum(["error", "warning", "info"]),
  code: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  /** 1-based line, or `null` when the input has no text position (e.g. an object passed in code). */
  line: z.number().int().nullable(),
  /** 1-based column, or `null` when unknown. */
  column: z.number().int().nullable(),
  message: z.string(),
  expected: z.string().optional(),
  found: z.string().optional(),
  hint: z.string().optional(),
  /** Where the input came from, e.g. `models.json` or a package name. */
  source: z.string().optional(),
});

/**
 * A problem found in user input, with JSON path, line, column, expected/found and a hint.
 *
 * @example
 * ```ts
 * const errors = diagnostics.filter((d: Diagnostic) => d.severity === "error");
 * ```
 */
export type Diagnostic = z.infer<typeof DiagnosticSchema>;
