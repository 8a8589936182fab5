import { cliRecovery } from "./cli-recovery.js";
import { wrapText } from "./fit-table.js";
import type { TextStyle } from "./text-style.js";

/**
 * A problem as `status` and `doctor` print it: severity, what is wrong, what to do, where (`models.json:6:17`), and
 * the providers it was reported for (a problem shared by many providers is printed once).
 *
 * @example
 * ```ts
 * const p: ShownProblem = { severity: "error", message: "OpenAI rejected the key.", recovery: "…", providers: ["openai"] };
 * ```
 */
export interface ShownProblem {
  severity: "error" | "warning" | "info";
  message: string;
  recovery: string;
  where?: string | null;
  providers?: readonly string[];
}

/**
 * The lines of a list of problems, wrapped to the screen: a mark per severity, the message (with where it was found
 * and, for a problem several providers share, how many), and the recovery in CLI terms on the next line.
 *
 * @example
 * ```ts
 * out.push(...problemLines(problems, { columns: ctx.columns, style: ctx.style }));
 * ```
 */
export function problemLines(problems: readonly ShownProblem[], options: { columns: number; style: TextStyle }): string[] {
  const { style, columns } = options;
  const lines: string[] = [];
  for (const p of problems) {
    const mark = p.severity === "error" ? style.red("✗") : p.severity === "warning" ? style.yellow("!") : style.dim("i");
    const many = p.providers && p.providers.length > 1 ? ` (${shortList(p.providers)})` : "";
    const where = p.where ? `${p.where}: ` : "";
    lines.push(...wrapText(`${mark} ${where}${p.message}${many}`, columns, "  "));
    if (p.recovery) lines.push(...indent(wrapText(`→ ${cliRecovery(p.recovery)}`, columns - 2, "  "), "  "));
  }
  return lines;
}

/** wrapText drops leading blanks: indent the wrapped lines instead. */
function indent(lines: readonly string[], prefix: string): string[] {
  return lines.map((l) => `${prefix}${l}`);
}

/** `a, b, c` or `a, b, c and 37 more providers`. */
function shortList(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more providers`;
}
