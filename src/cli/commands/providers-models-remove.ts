import * as z from "zod";
import type { CliCommand, CommandInput } from "../command.js";
import { wrapText } from "../fit-table.js";
import { UsageError } from "../usage-error.js";

function required(input: CommandInput, name: string): string {
  const value = input.options[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new UsageError({
      message: `Expected --${name} after "providers models remove", found none.`,
      recovery: "model-registry providers models remove --provider P --model ID",
    });
  }
  return value.trim();
}

/**
 * `model-registry providers models remove --provider P --model ID` (Fased's): delete a hand-added model from its
 * models.json provider entry (comments and the other entries stay). Exit 1 when models.json has no such model.
 *
 * @example
 * ```ts
 * await runCli(["providers", "models", "remove", "--provider", "custom", "--model", "my-local-model"], io, [providersModelsRemoveCommand]);
 * ```
 */
export const providersModelsRemoveCommand: CliCommand = {
  path: ["providers", "models", "remove"],
  summary: "remove a model from a models.json provider",
  usage: "--provider P --model ID",
  options: {
    provider: { type: "string", description: "provider id", value: "P" },
    model: { type: "string", description: "model id", value: "ID" },
  },
  args: { max: 0 },
  output: z.object({ removed: z.boolean(), provider: z.string(), model: z.string() }),
  async run(ctx, input) {
    const provider = required(input, "provider");
    const model = required(input, "model");
    const { removed } = await ctx.registry().customModels.remove({ provider, model });
    const text = removed
      ? wrapText(`Removed ${provider}/${model} from models.json.`, ctx.columns, "  ")
      : [
          ...wrapText(`models.json has no model "${model}" under provider "${provider}"; nothing was removed.`, ctx.columns, "  "),
          ...wrapText(`→ model-registry providers models list --provider ${provider}`, ctx.columns, "  "),
        ];
    return { exitCode: removed ? 0 : 1, json: { removed, provider, model }, text: `${text.join("\n")}\n` };
  },
};
