import * as z from "zod";
import type { CliCommand } from "../command.js";
import { cliRecovery } from "../cli-recovery.js";
import { fitLine, wrapText } from "../fit-table.js";
import { problemLines } from "../problem-lines.js";

const DoctorOutput = z.object({
  problems: z.array(
    z.object({
      code: z.string(),
      severity: z.enum(["error", "warning", "info"]),
      message: z.string(),
      recovery: z.string(),
      source: z.string(),
      providers: z.array(z.string()),
      line: z.number().int().nullable(),
      column: z.number().int().nullable(),
    }),
  ),
  fixes: z.array(z.object({ file: z.string(), description: z.string(), diff: z.string() })),
});

/**
 * `model-registry doctor`: every problem of the setup, and each fix an edit can make as a unified diff. Changes
 * nothing. Exit 1 when there are errors or warnings (notes alone exit 0).
 *
 * @example
 * ```ts
 * const code = await runCli(["doctor"], io, [doctorCommand]);
 * ```
 */
export const doctorCommand: CliCommand = {
  path: ["doctor"],
  summary: "find what is wrong and show each fix as a diff (changes nothing)",
  usage: "[--wide]",
  args: { max: 0 },
  options: { wide: { type: "boolean", description: "print diff lines uncut (they are cut at the screen width)" } },
  output: DoctorOutput,
  async run(ctx, input) {
    const report = await ctx.registry().doctor();
    const json = {
      problems: report.problems.map((p) => ({ ...p, providers: [...p.providers] })),
      fixes: report.fixes.map((f) => ({ file: f.file, description: f.description, diff: f.diff })),
    };
    const failing = report.problems.filter((p) => p.severity !== "info");
    const notes = report.problems.length - failing.length;
    const wide = input.options["wide"] === true;
    const { columns, style } = ctx;
    const lines: string[] = [];
    if (report.problems.length === 0) lines.push("No problems found.");
    else {
      const counts = [`${failing.length} problem${failing.length === 1 ? "" : "s"}`, ...(notes > 0 ? [`${notes} note${notes === 1 ? "" : "s"}`] : []), `${report.fixes.length} fix${report.fixes.length === 1 ? "" : "es"}`];
      lines.push(`${counts.join(", ")}. Nothing was changed.`, "");
      lines.push(
        ...problemLines(
          report.problems.map((p) => ({
            severity: p.severity,
            message: p.message,
            recovery: p.recovery,
            where: p.source === "status" ? null : p.line !== null ? `${p.source}:${p.line}${p.column !== null ? `:${p.column}` : ""}` : p.source,
            providers: p.providers,
          })),
          { columns, style },
        ),
      );
    }
    let cut = false;
    report.fixes.forEach((fix, i) => {
      lines.push("", ...wrapText(style.bold(`Fix ${i + 1} (${fix.file}): ${cliRecovery(fix.description)}`), columns, "  "));
      for (const raw of fix.diff.replace(/\n$/, "").split("\n")) {
        const colour = raw.startsWith("+") && !raw.startsWith("+++") ? style.green : raw.startsWith("-") && !raw.startsWith("---") ? style.red : raw.startsWith("@@") ? style.dim : (t: string) => t;
        const shown = wide ? raw : fitLine(raw, columns);
        if (shown !== raw) cut = true;
        lines.push(colour(shown));
      }
    });
    if (cut) lines.push("", ...wrapText(style.dim("Long diff lines were cut to the screen; --wide or --json shows them whole."), columns, "  "));
    if (report.fixes.length > 0) lines.push("", ...wrapText(`Apply a fix with "patch -p1" in ${ctx.home}, or make the edit by hand.`, columns, "  "));
    return { exitCode: failing.length > 0 ? 1 : 0, json, text: `${lines.join("\n")}\n` };
  },
};
