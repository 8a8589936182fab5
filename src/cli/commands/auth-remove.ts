import * as z from "zod";
import { RegistryError } from "../../errors/registry-error.js";
import type { CliCommand } from "../command.js";
import { resolveProvider } from "../credential-input.js";
import { wrapText } from "../fit-table.js";

/**
 * `model-registry auth remove <provider> [id]`: remove one stored credential (by id, label or the part after
 * `provider:`), or every stored credential of the provider. Env-backed keys cannot be removed — the error names the
 * variable to unset.
 *
 * @example
 * ```sh
 * model-registry auth remove openai work
 * ```
 */
export const authRemoveCommand: CliCommand = {
  path: ["auth", "remove"],
  summary: "remove stored credentials (one by id, or all)",
  usage: "<provider> [id]",
  args: { min: 1, max: 2 },
  output: z.object({ removed: z.array(z.string()) }),
  async run(ctx, input) {
    const registry = ctx.registry();
    const { id: provider } = await resolveProvider(registry, input.args[0]!, "auth remove");
    const wanted = input.args[1];
    const all = await registry.listCredentials(provider);
    let credentialId: string | undefined;
    if (wanted !== undefined) {
      const match =
        all.find((c) => c.id === wanted) ??
        all.find((c) => c.id === `${provider}:${wanted}`) ??
        all.find((c) => c.source === `env:${wanted}`) ??
        all.find((c) => c.label === wanted);
      // Unknown ids go to the registry as typed: its error lists how ids look.
      credentialId = match?.id ?? wanted;
    }
    const { removed } = await registry.removeCredential(provider, credentialId);
    if (removed.length === 0) {
      const env = [...new Set(all.filter((c) => c.source.startsWith("env:")).map((c) => c.source.slice(4)))];
      throw new RegistryError({
        code: env.length > 0 ? "credential_from_env" : "credential_not_found",
        message:
          env.length > 0
            ? `Expected a stored credential of "${provider}" to remove, found only ${env.join(", ")} from the environment.`
            : `Expected a stored credential of "${provider}" to remove, found none.`,
        recovery: env.length > 0 ? `Unset ${env.join(" and ")} in the environment; env keys are never stored.` : `model-registry auth list lists the credentials.`,
      });
    }
    const lines = removed.flatMap((id) => wrapText(`Removed ${id}.`, ctx.columns, "  "));
    return { exitCode: 0, json: { removed }, text: `${lines.join("\n")}\n` };
  },
};
