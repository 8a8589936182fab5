import * as z from "zod";
import { ApiKindSchema, type ApiKind } from "../../schema/api-kind.js";
import type { CustomModelInput } from "../../status/custom-models.js";
import type { CliCommand, CommandInput } from "../command.js";
import { wrapText } from "../fit-table.js";
import { UsageError } from "../usage-error.js";
import { CustomModelRow, customModelRow } from "./providers-models-list.js";

const USAGE = "--provider P --model ID [--base-url URL] [--api KIND] [--context-window N] [--max-tokens N] [--reasoning] [--tools] [--json-mode] [--name NAME] [--input text,image]";

const string = (input: CommandInput, name: string) => (typeof input.options[name] === "string" ? (input.options[name] as string) : undefined);

function required(input: CommandInput, name: string, example: string): string {
  const value = string(input, name);
  if (value === undefined || value.trim() === "") {
    throw new UsageError({ message: `Expected --${name} ${example} after "providers models add", found none.`, recovery: `model-registry providers models add ${USAGE}` });
  }
  return value.trim();
}

function tokens(input: CommandInput, name: string): number | undefined {
  const value = string(input, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0) {
    throw new UsageError({ message: `Expected --${name} to be a whole number of tokens, found "${value}".`, recovery: `e.g. --${name} ${name === "max-tokens" ? "4096" : "128000"}` });
  }
  return Number(value);
}

/** `--tools` / `--no-tools`: true, false, or left as it is (undefined); both at once is a usage error. */
function toggle(input: CommandInput, name: string): boolean | undefined {
  const on = input.options[name] === true;
  const off = input.options[`no-${name}`] === true;
  if (on && off) throw new UsageError({ message: `Expected --${name} or --no-${name}, found both.`, recovery: `Keep one of --${name} and --no-${name}.` });
  return on ? true : off ? false : undefined;
}

/**
 * `model-registry providers models add` with Fased's flags: `--provider`, `--model`, `--base-url`, `--api`,
 * `--context-window`, `--max-tokens`, `--reasoning`, `--tools`, plus `--name` and `--input text,image`. Fased's
 * `--json` (the model does JSON output) is `--json-mode` here: `--json` is every command's machine-readable output.
 * `--no-reasoning`, `--no-tools`, `--no-json-mode` record `false`. Adding a model that exists updates it.
 *
 * @example
 * ```ts
 * await runCli(["providers", "models", "add", "--provider", "custom", "--model", "my-local-model",
 *   "--base-url", "http://127.0.0.1:8000/v1", "--api", "openai-completions", "--context-window", "128000"], io, [providersModelsAddCommand]);
 * ```
 */
export const providersModelsAddCommand: CliCommand = {
  path: ["providers", "models", "add"],
  summary: "add or update a model in a models.json provider",
  usage: USAGE,
  options: {
    provider: { type: "string", description: "provider id (a new one needs --base-url)", value: "P" },
    model: { type: "string", description: "model id as the endpoint names it", value: "ID" },
    "base-url": { type: "string", description: "endpoint, e.g. http://127.0.0.1:8000/v1", value: "URL" },
    api: { type: "string", description: `wire protocol: ${ApiKindSchema.options.join(", ")}`, value: "KIND" },
    "context-window": { type: "string", description: "context window in tokens", value: "N" },
    "max-tokens": { type: "string", description: "maximum output tokens", value: "N" },
    reasoning: { type: "boolean", description: "the model reasons (thinks)" },
    "no-reasoning": { type: "boolean", description: "the model does not reason" },
    tools: { type: "boolean", description: "the model calls tools" },
    "no-tools": { type: "boolean", description: "the model does not call tools" },
    "json-mode": { type: "boolean", description: "the model does JSON output (Fased's --json; --json here is machine-readable output)" },
    "no-json-mode": { type: "boolean", description: "the model does no JSON output" },
    name: { type: "string", description: "display name", value: "NAME" },
    input: { type: "string", description: "input modes, comma-separated: text,image", value: "LIST" },
  },
  args: { max: 0 },
  output: z.object({ created: z.boolean(), model: CustomModelRow }),
  async run(ctx, input) {
    const provider = required(input, "provider", "<provider id>");
    const model = required(input, "model", "<model id>");
    const api = string(input, "api");
    if (api !== undefined && !ApiKindSchema.safeParse(api).success) {
      throw new UsageError({ message: `Expected --api to be one of ${ApiKindSchema.options.join(", ")}, found "${api}".`, recovery: "e.g. --api openai-completions" });
    }
    const modes = string(input, "input");
    const request: CustomModelInput = { provider, model };
    const baseUrl = string(input, "base-url");
    if (baseUrl !== undefined) request.baseUrl = baseUrl;
    if (api !== undefined) request.api = api as ApiKind;
    const contextWindow = tokens(input, "context-window");
    if (contextWindow !== undefined) request.contextWindow = contextWindow;
    const maxTokens = tokens(input, "max-tokens");
    if (maxTokens !== undefined) request.maxTokens = maxTokens;
    const reasoning = toggle(input, "reasoning");
    if (reasoning !== undefined) request.reasoning = reasoning;
    const tools = toggle(input, "tools");
    if (tools !== undefined) request.tools = tools;
    const json = toggle(input, "json-mode");
    if (json !== undefined) request.json = json;
    const name = string(input, "name");
    if (name !== undefined) request.name = name;
    if (modes !== undefined) request.input = modes.split(",").map((m) => m.trim()).filter((m) => m !== "");
    const { created, model: saved } = await ctx.registry().customModels.add(request);
    const row = customModelRow(saved);
    const facts = [
      row.api ? `api ${row.api}` : null,
      row.baseUrl ? `base URL ${row.baseUrl}` : null,
      row.contextWindow !== null ? `context ${row.contextWindow}` : null,
      row.maxTokens !== null ? `max out ${row.maxTokens}` : null,
      row.reasoning !== null ? `reasoning ${row.reasoning ? "yes" : "no"}` : null,
      row.tools !== null ? `tools ${row.tools ? "yes" : "no"}` : null,
      row.json !== null ? `JSON output ${row.json ? "yes" : "no"}` : null,
      row.input ? `input ${row.input.join(",")}` : null,
    ].filter((f) => f !== null);
    const lines = [
      ...wrapText(`${created ? "Added" : "Updated"} ${row.provider}/${row.model} in models.json${facts.length > 0 ? `: ${facts.join(", ")}` : ""}`, ctx.columns, "  "),
      ...wrapText(`Check it with: model-registry explain ${row.provider}/${row.model}`, ctx.columns, "  "),
    ];
    return { exitCode: 0, json: { created, model: row }, text: `${lines.join("\n")}\n` };
  },
};
