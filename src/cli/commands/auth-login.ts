import type { CliCommand } from "../command.js";
import { CredentialRowSchema, credentialRow, loginWithHint, resolveProvider, storedLine } from "../credential-input.js";

/**
 * `model-registry auth login <provider> [--label L]`: sign in through the OAuth flow the host registered
 * (`registry.loginOAuth`). The CLI registers no flow of its own, so on its own it explains that a sign-in needs an
 * app that registers the flow, and which key or token commands work instead; a provider of a disabled bundled auth
 * plugin names `model-registry plugins enable <name>`.
 *
 * @example
 * ```sh
 * model-registry auth login openai-codex
 * ```
 */
export const authLoginCommand: CliCommand = {
  path: ["auth", "login"],
  summary: "sign in through an OAuth flow the host registered",
  usage: "<provider> [--label L]",
  options: {
    label: { type: "string", description: "name of the sign-in (default: the account)", value: "L" },
  },
  args: { min: 1, max: 1 },
  output: CredentialRowSchema,
  async run(ctx, input) {
    const registry = ctx.registry();
    const { id, summary } = await resolveProvider(registry, input.args[0]!, "auth login");
    const label = typeof input.options["label"] === "string" ? input.options["label"] : undefined;
    const stored = credentialRow(await loginWithHint(registry, id, summary?.methods ?? [], label !== undefined ? { label } : {}));
    return { exitCode: 0, json: stored, text: `${storedLine(stored)}\n` };
  },
};
