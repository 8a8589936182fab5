import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import type { Diagnostic } from "../schema/diagnostic.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const FORMAT_DIAGNOSTIC_DIAGNOSTIC_ARG = lazySchema(() => z.looseObject({ message: ARG.string }));

/**
 * One diagnostic as a line a terminal or log can show, in the `file:line:column` form editors make clickable,
 * followed by the hint on its own line.
 *
 * @example
 * ```ts
 * console.log(formatDiagnostic(diagnostic));
 * // models.json:6:24 error invalid_type Expected a string at providers.broken.baseUrl, found the number 11434. …
 * //   hint: Write a full http(s) URL, e.g. "http://127.0.0.1:1234/v1" …
 * ```
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  checkArgument("formatDiagnostic", "diagnostic", FORMAT_DIAGNOSTIC_DIAGNOSTIC_ARG, diagnostic);
  const where = [diagnostic.source ?? "models.json", diagnostic.line, diagnostic.column].filter((p) => p !== null).join(":");
  const head = `${where} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`;
  return diagnostic.hint ? `${head}\n  hint: ${diagnostic.hint}` : head;
}
