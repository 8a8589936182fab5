import * as z from "zod";
import type { PluginInfo } from "../../plugins/plugins-service.js";
import type { CliCommand, CommandContext } from "../command.js";
import { fitTable, wrapText } from "../fit-table.js";

const PluginOutput = z.object({
  name: z.string(),
  enabled: z.boolean(),
  enabledByDefault: z.boolean(),
  source: z.enum(["package", "bundled"]),
  providers: z.array(z.string()),
  diagnostics: z.array(z.object({ severity: z.enum(["error", "warning", "info"]), code: z.string(), message: z.string() }).loose()),
});

const toJson = (p: PluginInfo) => ({ ...p, providers: [...p.providers], diagnostics: p.diagnostics.map((d) => ({ ...d })) });

/**
 * `model-registry plugins list`: every plugin, enabled or not, with the providers it contributes.
 *
 * @example
 * ```ts
 * await runCli(["plugins", "list", "--json"], io, [pluginsListCommand]);
 * ```
 */
export const pluginsListCommand: CliCommand = {
  path: ["plugins", "list"],
  summary: "plugins: enabled or not, source, providers",
  usage: "",
  args: { max: 0 },
  output: z.array(PluginOutput),
  async run(ctx) {
    const plugins = await ctx.registry().plugins.list();
    const { style } = ctx;
    const rows = plugins.map((p) => [
      p.name,
      p.enabled ? style.green("enabled") : style.dim("disabled"),
      p.source,
      p.providers.join(", ") || "-",
    ]);
    const table = fitTable([["PLUGIN", "STATE", "SOURCE", "PROVIDERS"], ...rows], { columns: ctx.columns, shrink: [3, 0] });
    const warnings = plugins.flatMap((p) => p.diagnostics.filter((d) => d.severity !== "info").flatMap((d) => wrapText(`${style.yellow("!")} ${p.name}: ${d.message}`, ctx.columns, "  ")));
    const hint = wrapText('"model-registry plugins enable <name>" turns one on.', ctx.columns, "  ");
    return { exitCode: 0, json: plugins.map(toJson), text: `${table}${warnings.length > 0 ? `\n${warnings.join("\n")}\n` : ""}\n${hint.join("\n")}\n` };
  },
};

function choose(method: "enable" | "disable"): CliCommand {
  return {
    path: ["plugins", method],
    summary: method === "enable" ? "enable a plugin (its providers are offered)" : "disable a plugin (its providers are not offered)",
    usage: "<name>",
    args: { min: 1, max: 1 },
    output: PluginOutput,
    async run(ctx: CommandContext, input) {
      const info = await ctx.registry().plugins[method](input.args[0]!);
      const providers = info.providers.length > 0 ? info.providers.join(", ") : null;
      const text =
        method === "enable"
          ? `Enabled ${info.name}.${providers ? ` Its providers are offered: ${providers}.` : ""}`
          : `Disabled ${info.name}.${providers ? ` Its providers are not offered any more: ${providers}.` : ""}`;
      return { exitCode: 0, json: toJson(info), text: `${wrapText(text, ctx.columns, "  ").join("\n")}\n` };
    },
  };
}

/**
 * `model-registry plugins enable <name>`.
 *
 * @example
 * ```ts
 * await runCli(["plugins", "enable", "google-antigravity-auth"], io, [pluginsEnableCommand]);
 * ```
 */
export const pluginsEnableCommand: CliCommand = choose("enable");

/**
 * `model-registry plugins disable <name>`.
 *
 * @example
 * ```ts
 * await runCli(["plugins", "disable", "google-antigravity-auth"], io, [pluginsDisableCommand]);
 * ```
 */
export const pluginsDisableCommand: CliCommand = choose("disable");

/**
 * The `plugins` commands, in help order.
 *
 * @example
 * ```ts
 * const commands = [...PLUGINS_COMMANDS, tiersCommand];
 * ```
 */
export const PLUGINS_COMMANDS: readonly CliCommand[] = [pluginsListCommand, pluginsEnableCommand, pluginsDisableCommand];
