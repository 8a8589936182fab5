import * as z from "zod";
import { RegistryError } from "../../errors/registry-error.js";
import { DiagnosticSchema } from "../../schema/diagnostic.js";
import type { CliCommand } from "../command.js";
import { cliRecovery } from "../cli-recovery.js";
import { fitTable, wrapText } from "../fit-table.js";

const FieldRow = z.object({
  value: z.unknown(),
  source: z.string().nullable(),
  layer: z.string().nullable(),
  overridden: z.array(z.object({ layer: z.string(), source: z.string(), value: z.unknown() })),
});
const Problem = z.object({ code: z.string(), message: z.string(), recovery: z.string(), suggestions: z.array(z.string()).optional() });

const ExplainOutput = z.object({
  input: z.string(),
  aliasOf: z.string().nullable(),
  ref: z.string(),
  provider: z.object({
    id: z.string(),
    known: z.boolean(),
    source: z.enum(["builtin", "plugin", "user"]).nullable(),
    legacy: z.boolean(),
    api: FieldRow,
    baseUrl: FieldRow,
    credentials: z.object({ available: z.boolean(), via: z.string().nullable(), detail: z.string().nullable() }),
  }),
  model: z.object({ id: z.string(), known: z.boolean() }),
  fields: z.record(z.string(), FieldRow),
  layers: z.array(z.object({ layer: z.string(), source: z.string(), fields: z.array(z.string()) })),
  offered: z.boolean(),
  reasons: z.array(Problem),
  problems: z.array(Problem),
  diagnostics: z.array(DiagnosticSchema),
});

function show(value: unknown): string {
  if (value === null || value === undefined) return "?";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(", ");
  if (typeof value === "object" && !Array.isArray(value)) {
    // cost: { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: null } → "input 1.25, output 10, cacheRead 0.125"
    const known = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
    if (known.every(([, v]) => typeof v === "number" || typeof v === "string")) return known.map(([k, v]) => `${k} ${String(v)}`).join(", ");
  }
  return JSON.stringify(value);
}

/** Wrapped under a two-space indent (wrapText drops leading spaces), continuation lines two further in. */
const indented = (text: string, columns: number) => wrapText(text, columns - 2, "  ").map((line) => `  ${line}`);

const sourceOf = (f: { source: string | null; layer: string | null }) => (f.source === null ? "-" : f.layer && f.layer !== f.source ? `${f.source} (${f.layer})` : f.source);

/**
 * `model-registry explain <provider/model> [--wide]`: every field's value and where it came from (with `--wide`, the
 * values it overrode, and nothing cut), the provider's api, base URL and credentials, and whether the model is offered
 * with the reasons. A provider or model no source knows is an error (exit 1) with did-you-mean.
 *
 * @example
 * ```ts
 * await runCli(["explain", "openai/gpt-5", "--json"], io, [explainCommand]);
 * ```
 */
export const explainCommand: CliCommand = {
  path: ["explain"],
  summary: "each field of a model with its source; offered or not",
  usage: "<provider/model> [--wide]",
  options: { wide: { type: "boolean", description: "show whole values and the values each field overrode" } },
  args: { min: 1, max: 1 },
  output: ExplainOutput,
  async run(ctx, input) {
    const registry = ctx.registry();
    const asked = input.args[0]!;
    const e = await registry.explain(asked);
    if (!e.provider.known || !e.model.known) {
      // explain() answers for anything well-formed; a ref nothing lists is a typo far more often than a question.
      const code = e.provider.known ? "unknown_model" : "unknown_provider";
      const problem = e.problems.find((p) => p.code === code) ?? (await registry.resolveModel(asked)).problems.find((p) => p.code === code);
      const listing = e.provider.known ? `model-registry models list --provider ${e.provider.id}` : "model-registry providers";
      let suggestions = problem?.suggestions ?? [];
      if (code === "unknown_provider") {
        // "opnai/gtp-5": offer the model under the provider meant, corrected too when that provider knows a near one.
        const refs = await Promise.all(
          suggestions.map(async (id) => {
            const near = await registry.resolveModel(`${id}/${e.model.id}`);
            return near.known ? [near.ref] : (near.problems.find((p) => p.code === "unknown_model")?.suggestions ?? [`${id}/${e.model.id}`]);
          }),
        );
        suggestions = [...new Set(refs.flat())].slice(0, 3);
      }
      throw new RegistryError({
        code: e.provider.known ? "unknown_model" : "unknown_provider",
        message: problem?.message ?? `Expected a model some source lists, found "${asked}".`,
        recovery:
          suggestions.length > 0
            ? `Did you mean ${suggestions.join(" or ")}? ${listing} lists what is known.`
            : `${listing} lists what is known; add the model to models.json if your endpoint serves this exact id.`,
      });
    }
    const wide = input.options["wide"] === true;
    const { style } = ctx;
    const header = wide ? ["FIELD", "VALUE", "SOURCE", "OVERRODE"] : ["FIELD", "VALUE", "SOURCE"];
    const row = (name: string, f: { value: unknown; source: string | null; layer: string | null; overridden: ReadonlyArray<{ layer: string; source: string; value: unknown }> }) => {
      const cells = [name, show(f.value), sourceOf(f)];
      if (wide) cells.push(f.overridden.map((o) => `${show(o.value)} (${o.source})`).join("; "));
      return cells;
    };
    const table = fitTable(
      [header, row("api", e.provider.api), row("baseUrl", e.provider.baseUrl), ...Object.entries(e.fields).map(([name, f]) => row(name, f))],
      { columns: ctx.columns, shrink: [1], wide },
    );
    const credentials = e.provider.credentials.available
      ? `credentials: ${e.provider.credentials.via ?? "yes"}${e.provider.credentials.detail ? ` (${e.provider.credentials.detail})` : ""}`
      : "credentials: none";
    const lines = [
      ...wrapText(`${style.bold(e.ref)}${e.aliasOf ? ` (alias ${e.input} → ${e.aliasOf})` : ""}  provider ${e.provider.id}${e.provider.legacy ? " (legacy)" : ""}, ${credentials}`, ctx.columns, "  "),
      table.trimEnd(),
      e.offered ? `offered: ${style.green("yes")}` : `offered: ${style.red("no")}`,
      ...e.reasons.flatMap((r) => indented(`${r.code}: ${r.message} → ${cliRecovery(r.recovery)}`, ctx.columns)),
    ];
    const others = e.problems.filter((p) => !e.reasons.some((r) => r.code === p.code));
    if (others.length > 0) lines.push("notes:", ...others.flatMap((p) => indented(`${p.code}: ${p.message} → ${cliRecovery(p.recovery)}`, ctx.columns)));
    return { exitCode: 0, json: e, text: `${lines.join("\n")}\n` };
  },
};
