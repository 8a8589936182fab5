import * as z from "zod";
import { TIERS } from "../../reasoning/tiers.js";
import type { CliCommand } from "../command.js";
import { cliRecovery } from "../cli-recovery.js";
import { fitTable, wrapText } from "../fit-table.js";

const TierRow = z.object({
  tier: z.enum(TIERS),
  model: z.string().nullable(),
  thinking: z.object({ requested: z.string(), effective: z.string(), clamped: z.boolean() }),
  fallbacks: z.array(z.string()),
  source: z.string(),
  usable: z.boolean(),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), recovery: z.string() })),
});

/**
 * `model-registry tiers`: LOW / MED / HIGH with model, effective thinking level, fallbacks and warnings. Exit 1 when
 * a tier is unusable.
 *
 * @example
 * ```ts
 * await runCli(["tiers", "--json"], io, [tiersCommand]);
 * ```
 */
export const tiersCommand: CliCommand = {
  path: ["tiers"],
  summary: "LOW / MED / HIGH: model, effective thinking level, fallbacks, warnings",
  usage: "",
  args: { max: 0 },
  output: z.array(TierRow),
  async run(ctx) {
    const tiers = await Promise.all(TIERS.map((tier) => ctx.registry().resolveTier(tier)));
    const rows = tiers.map((t) => ({
      tier: t.tier,
      model: t.model,
      thinking: { requested: t.thinking.requested, effective: t.thinking.effective, clamped: t.thinking.clamped },
      fallbacks: [...t.fallbacks],
      source: t.source,
      usable: t.usable,
      warnings: t.warnings.map((w) => ({ code: w.code, message: w.message, recovery: w.recovery })),
    }));
    const { style } = ctx;
    const table = fitTable(
      [
        ["TIER", "MODEL", "THINKING", "SOURCE"],
        ...rows.map((t) => [
          style.bold(t.tier),
          t.model ?? style.dim("(none)"),
          t.thinking.clamped ? `${t.thinking.effective} (asked ${t.thinking.requested})` : t.thinking.effective,
          t.source,
        ]),
      ],
      { columns: ctx.columns, shrink: [1] },
    );
    const notes = rows.flatMap((t) => [
      ...t.fallbacks.map((f) => `${t.tier} fallback: ${f}`),
      ...t.warnings.flatMap((w) => wrapText(`${t.tier}: ${w.message} → ${cliRecovery(w.recovery)}`, ctx.columns, "  ")),
    ]);
    return { exitCode: rows.some((t) => !t.usable) ? 1 : 0, json: rows, text: table + (notes.length > 0 ? `\n${notes.join("\n")}\n` : "") };
  },
};
