import * as z from "zod";
import type { ResolvedModel } from "../../catalog/resolved-model.js";
import { suggestSimilarIds } from "../../refs/suggest-similar-ids.js";
import { ModelCostSchema } from "../../schema/model-metadata.js";
import type { CliCommand, CommandContext, CommandInput, CommandResult } from "../command.js";
import { fitTable } from "../fit-table.js";
import { visibleLength } from "../text-style.js";
import { UsageError } from "../usage-error.js";

const ProblemRow = z.object({ code: z.string(), message: z.string(), recovery: z.string(), suggestions: z.array(z.string()).optional() });

const ModelRow = z.object({
  ref: z.string(),
  provider: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  api: z.string().nullable(),
  baseUrl: z.string().nullable(),
  contextWindow: z.number().int().nullable(),
  maxOutputTokens: z.number().int().nullable(),
  input: z.array(z.string()).nullable(),
  tools: z.boolean().nullable(),
  json: z.boolean().nullable(),
  reasoning: z.boolean().nullable(),
  thinkingLevels: z.array(z.string()).nullable(),
  cost: ModelCostSchema.nullable(),
  offered: z.boolean(),
  sourceMissing: z.boolean(),
  problems: z.array(ProblemRow),
});

/**
 * Models hidden unless `--all`: they resolve (saved choices keep working) but are no choice for anyone setting up —
 * a legacy provider's, a disabled plugin's, and those the last applied refresh no longer found.
 */
const HIDDEN_PROBLEMS = new Set(["legacy_provider", "plugin_disabled"]);
const isHidden = (m: ResolvedModel) => m.sourceMissing || m.problems.some((p) => HIDDEN_PROBLEMS.has(p.code));

const OPTIONS = {
  provider: { type: "string", description: "only this provider's models (id or alias)", value: "P" },
  usable: { type: "boolean", description: "only models offered now (allowlisted, with credentials)" },
  all: { type: "boolean", description: "also models of legacy providers and disabled plugins, and models the last refresh no longer found" },
  wide: { type: "boolean", description: "every column (name, api, input, thinking levels, cost, why not offered), nothing cut" },
} as const;

const yesNo = (value: boolean | null) => (value === null ? "?" : value ? "yes" : "no");
const count = (value: number | null) => (value === null ? "?" : String(value));
const price = (value: number | null | undefined) => (value === null || value === undefined ? "?" : `$${value}`);

/** A ref too long for its column keeps the provider and the end of the model id, which tell models apart. */
function cutMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  const slash = text.indexOf("/");
  if (slash > 0 && slash + 2 + 8 <= width) return `${text.slice(0, slash + 1)}…${text.slice(-(width - slash - 2))}`;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

function toRow(m: ResolvedModel): z.infer<typeof ModelRow> {
  return {
    ref: m.ref,
    provider: m.provider,
    id: m.id,
    name: m.name,
    api: m.api,
    baseUrl: m.baseUrl,
    contextWindow: m.limits.contextWindow,
    maxOutputTokens: m.limits.maxOutputTokens,
    input: m.capabilities.input ? [...m.capabilities.input] : null,
    tools: m.capabilities.tools,
    json: m.capabilities.json,
    reasoning: m.reasoning.supported,
    thinkingLevels: m.reasoning.levels ? [...m.reasoning.levels] : null,
    cost: m.cost ? { ...m.cost } : null,
    offered: m.offered,
    sourceMissing: m.sourceMissing,
    problems: m.problems.map((p) => ({ code: p.code, message: p.message, recovery: p.recovery, ...(p.suggestions ? { suggestions: [...p.suggestions] } : {}) })),
  };
}

function table(rows: ReadonlyArray<z.infer<typeof ModelRow>>, columns: number, wide: boolean): string {
  if (wide) {
    return fitTable(
      [
        ["MODEL", "NAME", "API", "CONTEXT", "MAX OUT", "INPUT", "TOOLS", "REASONING", "COST IN/OUT", "OFFERED", "WHY NOT"],
        ...rows.map((m) => [
          m.ref,
          m.name ?? "",
          m.api ?? "?",
          count(m.contextWindow),
          count(m.maxOutputTokens),
          m.input?.join(",") ?? "?",
          yesNo(m.tools),
          m.reasoning === true && m.thinkingLevels && m.thinkingLevels.length > 0 ? m.thinkingLevels.join(",") : yesNo(m.reasoning),
          m.cost ? `${price(m.cost.input)}/${price(m.cost.output)}` : "?",
          m.offered ? "yes" : "no",
          m.problems.map((p) => p.code).join(","),
        ]),
      ],
      { columns, wide: true },
    );
  }
  const header = ["MODEL", "CONTEXT", "MAX OUT", "TOOLS", "REASONING", "OFFERED"];
  const rest = rows.map((m) => [count(m.contextWindow), count(m.maxOutputTokens), yesNo(m.tools), yesNo(m.reasoning), m.offered ? "yes" : "no"]);
  const fixed = [1, 2, 3, 4, 5].map((i) => Math.max(visibleLength(header[i]!), ...rest.map((r) => r[i - 1]!.length)));
  const refWidth = Math.max(12, columns - fixed.reduce((a, b) => a + b, 0) - 2 * fixed.length);
  return fitTable([header, ...rows.map((m, i) => [cutMiddle(m.ref, refWidth), ...rest[i]!])], { columns, shrink: [0] });
}

async function listModels(ctx: CommandContext, input: CommandInput): Promise<CommandResult> {
  const provider = typeof input.options["provider"] === "string" ? input.options["provider"] : undefined;
  const models = await ctx.registry().listModels({ ...(provider === undefined ? {} : { provider }), usableOnly: input.options["usable"] === true });
  const shown = input.options["all"] === true ? models : models.filter((m) => !isHidden(m));
  const rows = shown.map(toRow);
  if (rows.length === 0) {
    const what = input.options["usable"] === true ? "No model is offered now: none has credentials, or the allowlist excludes them." : "No models listed.";
    return { exitCode: 0, json: rows, text: `${what}\n` };
  }
  return { exitCode: 0, json: rows, text: table(rows, ctx.columns, input.options["wide"] === true) };
}

/**
 * `model-registry models list [--provider P] [--usable] [--all] [--wide]`: models with context, max output, tools,
 * reasoning and whether they are offered now, fitted to the screen (long refs keep provider and model tail).
 * Without `--all`, models of legacy providers and disabled plugins and models the last refresh no longer found are
 * left out (they still resolve for saved choices).
 *
 * @example
 * ```ts
 * await runCli(["models", "list", "--provider", "openai", "--usable"], io, [modelsListCommand]);
 * ```
 */
export const modelsListCommand: CliCommand = {
  path: ["models", "list"],
  summary: "models: context, max out, tools, reasoning, offered",
  usage: "[--provider P] [--usable] [--all] [--wide]",
  options: OPTIONS,
  args: { max: 0 },
  output: z.array(ModelRow),
  run: listModels,
};

/**
 * `model-registry models`: the same as `models list`; another word after it is a usage error with did-you-mean
 * (`models sett` → `models set`).
 *
 * @example
 * ```ts
 * await runCli(["models", "--usable"], io, [modelsCommand]);
 * ```
 */
export const modelsCommand: CliCommand = {
  ...modelsListCommand,
  path: ["models"],
  summary: "the same as models list",
  args: { max: 1 },
  async run(ctx, input) {
    const word = input.args[0];
    // Options before the word stop the command-word scan (`models --usable list`): the word arrives here.
    if (word === undefined || word === "list") return listModels(ctx, input);
    const near = suggestSimilarIds(word, ["list", "set"], { limit: 1 })[0];
    throw new UsageError({
      message: `Expected "models list" or "models set <tier|role> <ref>", found "models ${word}".`,
      recovery: near ? `Did you mean "model-registry models ${near}"?` : '"model-registry models --help" shows the usage.',
    });
  },
};
