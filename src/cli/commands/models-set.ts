import * as z from "zod";
import { MODEL_ROLES } from "../../reasoning/model-roles.js";
import { TIERS } from "../../reasoning/tiers.js";
import { suggestSimilarIds } from "../../refs/suggest-similar-ids.js";
import type { CliCommand } from "../command.js";
import { cliRecovery } from "../cli-recovery.js";
import { wrapText } from "../fit-table.js";
import { UsageError } from "../usage-error.js";

const Warning = z.object({ code: z.string(), message: z.string(), recovery: z.string() });

const SetOutput = z.object({
  kind: z.enum(["tier", "role"]),
  target: z.string(),
  model: z.string(),
  /** The saved thinking level of a tier; `null` for a role (roles carry no level). */
  thinking: z.string().nullable(),
  warnings: z.array(Warning),
  /** Known refs close to an unknown model, best first. */
  suggestions: z.array(z.string()),
});

const TARGETS = [...TIERS, ...MODEL_ROLES];

/**
 * `model-registry models set <tier|role> <ref> [--thinking L]`: save a tier (LOW/MED/HIGH, with a thinking level:
 * `--thinking`, else the model's default level, else `off`) or a role (primary/fallback/task). A level the model does
 * not support is refused with the supported ones listed, and nothing is saved (exit 1). A model the catalog does not
 * know is saved with a warning and did-you-mean.
 *
 * @example
 * ```ts
 * await runCli(["models", "set", "HIGH", "openai/gpt-5", "--thinking", "high"], io, [modelsSetCommand]);
 * ```
 */
export const modelsSetCommand: CliCommand = {
  path: ["models", "set"],
  summary: "save the model of a tier (LOW/MED/HIGH) or a role",
  usage: "<tier|role> <provider/model> [--thinking L]",
  options: {
    thinking: { type: "string", description: "thinking level of a tier (default: the model's default level, else off)", value: "L" },
  },
  args: { min: 2, max: 2 },
  output: SetOutput,
  async run(ctx, input) {
    const [word, ref] = input.args as [string, string];
    const registry = ctx.registry();
    const thinkingOption = typeof input.options["thinking"] === "string" ? input.options["thinking"] : undefined;
    const tier = TIERS.find((t) => t === word.toUpperCase());
    const role = MODEL_ROLES.find((r) => r === word.toLowerCase());
    if (tier === undefined && role === undefined) {
      const near = suggestSimilarIds(word, TARGETS, { limit: 1 })[0] ?? TARGETS.find((t) => t.toLowerCase().startsWith(word.toLowerCase()));
      throw new UsageError({
        message: `Expected a tier (${TIERS.join(", ")}) or a role (${MODEL_ROLES.join(", ")}) after "models set", found "${word}".`,
        recovery: near ? `Did you mean "model-registry models set ${near} ${ref}"?` : `model-registry models set HIGH ${ref}`,
      });
    }
    let result: z.infer<typeof SetOutput>;
    let note = "";
    if (tier !== undefined) {
      let thinking = thinkingOption;
      let defaulted = "";
      if (thinking === undefined) {
        const info = await registry.thinkingLevels(ref);
        thinking = info.default ?? (info.levels.includes("off") ? "off" : (info.levels[0] ?? "off"));
        defaulted = info.default === null ? " (no default level known)" : " (the model's default)";
      }
      // Throws thinking_unsupported (listing the levels the model has) before anything is written.
      const saved = await registry.setTier(tier, { model: ref, thinking });
      result = { kind: "tier", target: saved.tier, model: saved.saved.model, thinking: saved.saved.thinking, warnings: saved.warnings.map(copyWarning), suggestions: [] };
      note = defaulted;
    } else {
      if (thinkingOption !== undefined) {
        throw new UsageError({
          message: `Expected no --thinking for the ${role} role (a role names a model; its level comes from the request), found --thinking ${thinkingOption}.`,
          recovery: `model-registry models set ${role} ${ref}`,
        });
      }
      const saved = await registry.setRole(role!, ref);
      result = { kind: "role", target: saved.role, model: saved.ref ?? ref, thinking: null, warnings: saved.warnings.map(copyWarning), suggestions: [] };
    }
    if (result.warnings.some((w) => w.code === "model_unknown" || w.code === "model_unavailable")) {
      const resolved = await registry.resolveModel(result.model);
      result.suggestions = resolved.problems.flatMap((p) => p.suggestions ?? []);
    }
    const lines = wrapText(
      `Saved ${result.kind} ${result.target}: ${result.model}${result.thinking === null ? "" : `, thinking ${result.thinking}${note}`}`,
      ctx.columns,
      "  ",
    );
    for (const w of result.warnings) lines.push(...wrapText(`${ctx.style.yellow("warning:")} ${w.message} → ${cliRecovery(w.recovery)}`, ctx.columns, "  "));
    if (result.suggestions.length > 0) lines.push(...wrapText(`Did you mean ${result.suggestions.join(" or ")}?`, ctx.columns, "  "));
    return { exitCode: 0, json: result, text: `${lines.join("\n")}\n` };
  },
};

function copyWarning(w: { code: string; message: string; recovery: string }): z.infer<typeof Warning> {
  return { code: w.code, message: w.message, recovery: w.recovery };
}
