import * as z from "zod";
import { suggestSimilarIds } from "../../refs/suggest-similar-ids.js";
import type { CliCommand, CommandContext, CommandInput, CommandResult } from "../command.js";
import { fitLine, fitTable } from "../fit-table.js";
import { visibleLength } from "../text-style.js";
import { UsageError } from "../usage-error.js";

const ProviderRow = z.object({
  order: z.number().int().nullable(),
  id: z.string(),
  name: z.string(),
  api: z.string(),
  baseUrl: z.string().nullable(),
  legacy: z.boolean(),
  local: z.boolean(),
  source: z.enum(["builtin", "plugin", "user"]),
  package: z.string().nullable(),
  methods: z.array(z.object({ id: z.string(), kind: z.string(), label: z.string() })),
  envNames: z.array(z.string()),
  aliases: z.array(z.string()),
  modelCount: z.number().int(),
});

const OPTIONS = {
  wide: { type: "boolean", description: "show every setup method, however wide" },
  "connected-first": { type: "boolean", description: "providers that can be used now first" },
} as const;

/**
 * Column widths that fit `columns`, cutting in stages: each stage takes one column down towards its floor, only as
 * far as needed. The order says what gives way first (for providers: setup methods, then name and api), so ids —
 * what a user types — stay whole as long as possible. Widths include no gaps (2 between columns).
 *
 * @example
 * ```ts
 * stagedWidths([2, 22, 26, 23, 50], 80, [[4, 24], [2, 14]]); // [2, 22, 14, 23, 24] → the rest cut by fitTable
 * ```
 */
export function stagedWidths(widths: number[], columns: number, stages: ReadonlyArray<readonly [number, number]>): number[] {
  const out = [...widths];
  const total = () => out.reduce((a, b) => a + b, 0) + 2 * (out.length - 1);
  for (const [index, floor] of stages) {
    const excess = total() - columns;
    if (excess <= 0) break;
    out[index] = Math.max(Math.min(out[index]!, floor), out[index]! - excess);
  }
  return out;
}

async function listProviders(ctx: CommandContext, input: CommandInput): Promise<CommandResult> {
  const providers = await ctx.registry().listProviders({ connectedFirst: input.options["connected-first"] === true });
  const rows = providers.map((p) => ({
    order: p.order,
    id: p.id,
    name: p.name,
    api: p.api,
    baseUrl: p.baseUrl,
    legacy: p.legacy,
    local: p.local,
    source: p.source,
    package: p.package,
    methods: p.methods.map((m) => ({ id: m.id, kind: m.kind, label: m.label })),
    envNames: [...p.envNames],
    aliases: [...p.aliases],
    modelCount: p.modelCount,
  }));
  const wide = input.options["wide"] === true;
  const cells = [
    ["#", "ID", "NAME", "API", "SETUP"],
    ...rows.map((p) => [p.order === null ? "" : String(p.order), p.legacy ? `${p.id} (legacy)` : p.id, p.name, p.api, p.methods.map((m) => m.label).join(", ")]),
  ];
  let fitted = cells;
  if (!wide) {
    const natural = [0, 1, 2, 3, 4].map((i) => Math.max(...cells.map((r) => visibleLength(r[i] ?? ""))));
    const widths = stagedWidths(natural, ctx.columns, [[4, 24], [2, 14], [3, 18], [4, 16], [2, 10], [3, 12], [4, 10]]);
    fitted = cells.map((r) => r.map((c, i) => fitLine(c, widths[i]!)));
  }
  const table = fitTable(fitted, { columns: ctx.columns, shrink: [4, 2, 3, 1], wide });
  return { exitCode: 0, json: rows, text: rows.length === 0 ? "No providers.\n" : table };
}

/**
 * `model-registry providers list [--wide] [--connected-first]`: every provider in the default order (Fased's order,
 * then the rest by name) with its api kind and setup methods; the methods column is cut to the screen unless `--wide`.
 *
 * @example
 * ```ts
 * await runCli(["providers", "list", "--connected-first"], io, [providersListCommand]);
 * ```
 */
export const providersListCommand: CliCommand = {
  path: ["providers", "list"],
  summary: "providers in default order with their setup methods",
  usage: "[--wide] [--connected-first]",
  options: OPTIONS,
  args: { max: 0 },
  output: z.array(ProviderRow),
  run: listProviders,
};

/**
 * `model-registry providers`: the same as `providers list`; a word after it that is no subcommand is a usage error
 * naming the subcommands (`providers models` needs `list`, `add` or `remove`).
 *
 * @example
 * ```ts
 * await runCli(["providers", "--wide"], io, [providersCommand]);
 * ```
 */
export const providersCommand: CliCommand = {
  ...providersListCommand,
  path: ["providers"],
  summary: "the same as providers list",
  args: { max: 1 },
  async run(ctx, input) {
    const word = input.args[0];
    // Options before the word stop the command-word scan (`providers --wide list`): the word arrives here.
    if (word === undefined || word === "list") return listProviders(ctx, input);
    if (word === "models") {
      throw new UsageError({
        message: 'Expected a subcommand after "providers models" (list, add or remove), found none.',
        recovery: "model-registry providers models list [--provider P]",
      });
    }
    const near = suggestSimilarIds(word, ["list", "models"], { limit: 1 })[0];
    throw new UsageError({
      message: `Expected "providers list" or "providers models list|add|remove", found "providers ${word}".`,
      recovery: near ? `Did you mean "model-registry providers ${near}"?` : '"model-registry providers --help" shows the usage.',
    });
  },
};
