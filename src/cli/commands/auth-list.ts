import * as z from "zod";
import type { CliCommand } from "../command.js";
import { CredentialRowSchema, credentialRow, credentialTable, resolveProvider } from "../credential-input.js";
import { wrapText } from "../fit-table.js";

/**
 * `model-registry auth list [provider]`: every credential with its masked value — stored ones, env variables
 * (`env:VAR`) and models.json keys — as a table that fits the screen, with each one's state.
 *
 * @example
 * ```sh
 * model-registry auth list openai
 * ```
 */
export const authListCommand: CliCommand = {
  path: ["auth", "list"],
  summary: "credentials, masked: stored, env, models.json",
  usage: "[provider]",
  args: { max: 1 },
  output: z.array(CredentialRowSchema),
  async run(ctx, input) {
    const registry = ctx.registry();
    const provider = input.args[0] === undefined ? undefined : (await resolveProvider(registry, input.args[0], "auth list")).id;
    const rows = (await registry.listCredentials(provider)).map(credentialRow);
    if (rows.length === 0) {
      const line = provider
        ? `No credentials for ${provider}. Add one: model-registry auth set-key ${provider}`
        : "No credentials yet. Add one: model-registry auth set-key <provider>, or model-registry onboard";
      return { exitCode: 0, json: rows, text: `${wrapText(line, ctx.columns, "  ").join("\n")}\n` };
    }
    const notes = rows
      .filter((r) => r.state !== "ok" && r.reason !== null)
      .flatMap((r) => wrapText(`${r.id}: ${r.state} — ${r.reason}${r.until !== null ? ` (until ${new Date(r.until).toISOString()})` : ""}`, ctx.columns, "  "));
    return { exitCode: 0, json: rows, text: credentialTable(rows, ctx) + (notes.length > 0 ? `\n${notes.join("\n")}\n` : "") };
  },
};
