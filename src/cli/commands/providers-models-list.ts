import * as z from "zod";
import type { CustomModel } from "../../status/custom-models.js";
import { shownUrl } from "../../transport/redact.js";
import type { CliCommand } from "../command.js";
import { fitLine, fitTable, wrapText } from "../fit-table.js";
import { stagedWidths } from "./providers-list.js";

/**
 * One hand-added model as the `providers models` commands print it (`--json`): the customModels.list() entry, with a
 * base URL that carries a credential shown redacted.
 *
 * @example
 * ```ts
 * CustomModelRow.parse(JSON.parse(stdout)[0]);
 * ```
 */
export const CustomModelRow = z.object({
  provider: z.string(),
  model: z.string(),
  name: z.string().nullable(),
  baseUrl: z.string().nullable(),
  api: z.string().nullable(),
  contextWindow: z.number().int().nullable(),
  maxTokens: z.number().int().nullable(),
  reasoning: z.boolean().nullable(),
  tools: z.boolean().nullable(),
  json: z.boolean().nullable(),
  input: z.array(z.string()).nullable(),
});

/**
 * A custom model for printing: never the raw base URL (a `?key=` or user-info in it stays in models.json).
 *
 * @example
 * ```ts
 * const row = customModelRow((await registry.customModels.list())[0]!);
 * ```
 */
export function customModelRow(m: CustomModel): z.infer<typeof CustomModelRow> {
  return { ...m, baseUrl: m.baseUrl === null ? null : shownUrl(m.baseUrl), input: m.input ? [...m.input] : null };
}

const flag = (value: boolean | null) => (value === null ? "?" : value ? "yes" : "no");

/**
 * `model-registry providers models list [--provider P] [--wide]` (Fased's): the models added by hand to models.json
 * provider entries, with context, max tokens, reasoning, tools, JSON output and base URL (`--wide`: api, name, input).
 *
 * @example
 * ```ts
 * await runCli(["providers", "models", "list", "--provider", "custom"], io, [providersModelsListCommand]);
 * ```
 */
export const providersModelsListCommand: CliCommand = {
  path: ["providers", "models", "list"],
  summary: "models added by hand to models.json providers",
  usage: "[--provider P] [--wide]",
  options: {
    provider: { type: "string", description: "only this provider's models", value: "P" },
    wide: { type: "boolean", description: "nothing cut, plus api, name and input modes" },
  },
  args: { max: 0 },
  output: z.array(CustomModelRow),
  async run(ctx, input) {
    const provider = typeof input.options["provider"] === "string" ? input.options["provider"] : undefined;
    const rows = (await ctx.registry().customModels.list(provider === undefined ? {} : { provider })).map(customModelRow);
    if (rows.length === 0) {
      const where = provider === undefined ? "models.json" : `models.json for provider "${provider}"`;
      const text = wrapText(`No models in ${where}. Add one with: model-registry providers models add --provider P --model ID`, ctx.columns, "  ");
      return { exitCode: 0, json: rows, text: `${text.join("\n")}\n` };
    }
    const wide = input.options["wide"] === true;
    const header = ["MODEL", "CONTEXT", "MAX OUT", "REASONING", "TOOLS", "JSON", "BASE URL", ...(wide ? ["API", "NAME", "INPUT"] : [])];
    const cells = [
      header,
      ...rows.map((m) => [
        `${m.provider}/${m.model}`,
        m.contextWindow === null ? "?" : String(m.contextWindow),
        m.maxTokens === null ? "?" : String(m.maxTokens),
        flag(m.reasoning),
        flag(m.tools),
        flag(m.json),
        m.baseUrl ?? "?",
        ...(wide ? [m.api ?? "?", m.name ?? "", m.input?.join(",") ?? "?"] : []),
      ]),
    ];
    let fitted = cells;
    if (!wide) {
      // Model ref and base URL give way in turn, so neither is cut down to a stub while the other is whole.
      const natural = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
      const widths = stagedWidths(natural, ctx.columns, [[0, 28], [6, 18], [0, 22], [6, 8], [0, 12]]);
      fitted = cells.map((r) => r.map((c, i) => fitLine(c, widths[i]!)));
    }
    const table = fitTable(fitted, { columns: ctx.columns, shrink: [6, 0], wide });
    return { exitCode: 0, json: rows, text: table };
  },
};
