import * as z from "zod";
import { isRegistryError } from "../../errors/registry-error.js";
import type { ProviderStatusReport } from "../../status/status-report.js";
import type { CliCommand, CommandContext } from "../command.js";
import { fitTable, wrapText } from "../fit-table.js";
import { problemLines } from "../problem-lines.js";
import { UsageError } from "../usage-error.js";

const Problem = z.object({ code: z.string(), severity: z.enum(["error", "warning", "info"]), message: z.string(), recovery: z.string() });

const StatusOutput = z.object({
  /** The one line shown instead of the table when nothing is set up; `null` otherwise. */
  summary: z.string().nullable(),
  providers: z.array(
    z.object({
      providerId: z.string(),
      name: z.string(),
      status: z.string(),
      credentialSource: z.string(),
      modelCount: z.number(),
      local: z.boolean(),
      baseUrl: z.string().nullable(),
      lastCheck: z
        .object({ at: z.number(), outcome: z.enum(["ok", "error"]), errorKind: z.string().nullable(), modelCount: z.number().nullable(), durationMs: z.number() })
        .nullable(),
      problems: z.array(Problem),
    }),
  ),
  /** Every problem once, with the providers it was reported for. */
  problems: z.array(Problem.extend({ providers: z.array(z.string()) })),
});

/** The normal state of a provider nobody set up, and the banner attached to all of them: not a problem to list per provider. */
const QUIET = new Set(["not_configured", "no_usable_providers"]);
const NOTHING_SET_UP = "No provider is set up. Run model-registry onboard or set e.g. OPENAI_API_KEY.";
/** Show a progress line only for checks that take longer than this. */
const PROGRESS_AFTER_MS = 300;

const problemKey = (p: { code: string; message: string; recovery: string }) => JSON.stringify([p.code, p.message, p.recovery]);

/** Problems every report carries (a damaged file, nothing usable): about the setup, not about one provider. */
function setupWide(reports: readonly ProviderStatusReport[]): Set<string> {
  const counts = new Map<string, number>();
  for (const r of reports) for (const key of new Set(r.problems.map(problemKey))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => reports.length > 1 && n === reports.length).map(([key]) => key));
}

function setUp(r: ProviderStatusReport, wide: ReadonlySet<string>): boolean {
  return r.status !== "missing" || r.credentialSource !== "none" || r.problems.some((p) => !QUIET.has(p.code) && !wide.has(problemKey(p)));
}

function groupProblems(reports: readonly ProviderStatusReport[]): z.infer<typeof StatusOutput>["problems"] {
  const byKey = new Map<string, z.infer<typeof StatusOutput>["problems"][number]>();
  for (const r of reports) {
    for (const p of r.problems) {
      if (p.code === "not_configured") continue;
      const key = problemKey(p);
      const entry = byKey.get(key);
      if (entry) entry.providers.push(r.providerId);
      else byKey.set(key, { code: p.code, severity: p.severity, message: p.message, recovery: p.recovery, providers: [r.providerId] });
    }
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...byKey.values()].sort((a, b) => order[a.severity] - order[b.severity]);
}

function statusCell(ctx: CommandContext, status: string): string {
  if (status === "healthy" || status === "env" || status === "local") return ctx.style.green(status);
  if (status.startsWith("broken")) return ctx.style.red(status);
  if (status === "missing") return ctx.style.dim(status);
  return ctx.style.yellow(status);
}

async function withProgress<T>(ctx: CommandContext, message: string, work: Promise<T>): Promise<T> {
  const timer = setTimeout(() => ctx.progress(message), PROGRESS_AFTER_MS);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    ctx.progress(null);
  }
}

/**
 * `model-registry status [--check] [--provider P]...`: one line per set-up provider (status, credential source, model
 * count) and the problems, each once, with what to do. With nothing set up, one summary line. `--check` probes first
 * (a progress line on a TTY when it takes a while). Exit 1 when a provider is broken.
 *
 * @example
 * ```ts
 * await runCli(["status", "--check", "--provider", "openai,ollama"], io, [statusCommand]);
 * ```
 */
export const statusCommand: CliCommand = {
  path: ["status"],
  summary: "providers: status, credential source, models, problems and what to do",
  usage: "[--check] [--provider P]...",
  args: { max: 0 },
  options: {
    check: { type: "boolean", description: "probe the providers first (uses the network)" },
    provider: { type: "string", multiple: true, value: "P", description: "only these providers (repeat, or separate with commas)" },
  },
  output: StatusOutput,
  async run(ctx, input) {
    const wanted = typeof input.options["provider"] === "string" ? input.options["provider"].split(",").map((p) => p.trim()).filter((p) => p !== "") : [];
    if (input.options["provider"] !== undefined && wanted.length === 0) {
      throw new UsageError({ message: "Expected a provider id after --provider, found none.", recovery: "model-registry status --provider openai" });
    }
    const check = input.options["check"] === true;
    const registry = ctx.registry();
    const options = { ...(check ? { check: true } : {}), ...(wanted.length > 0 ? { providers: wanted } : {}) };
    let reports: ProviderStatusReport[];
    try {
      const pending = registry.getStatus(options);
      reports = check ? await withProgress(ctx, `Checking ${wanted.length > 0 ? wanted.join(", ") : "the configured providers"}…`, pending) : await pending;
    } catch (error) {
      if (isRegistryError(error) && error.code === "unknown_provider") throw new UsageError({ message: error.message, recovery: error.recovery ?? "model-registry providers lists the known ids." });
      throw error;
    }
    const problems = groupProblems(reports);
    const wide = setupWide(reports);
    const nothing = wanted.length === 0 && !reports.some((r) => setUp(r, wide));
    const json = {
      summary: nothing ? NOTHING_SET_UP : null,
      providers: reports.map((r) => ({
        providerId: r.providerId,
        name: r.name,
        status: r.status,
        credentialSource: r.credentialSource,
        modelCount: r.modelCount,
        local: r.local,
        baseUrl: r.baseUrl,
        lastCheck: r.lastCheck ? { at: r.lastCheck.at, outcome: r.lastCheck.outcome, errorKind: r.lastCheck.errorKind, modelCount: r.lastCheck.modelCount, durationMs: r.lastCheck.durationMs } : null,
        problems: r.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, recovery: p.recovery })),
      })),
      problems,
    };
    const broken = reports.some((r) => r.status.startsWith("broken"));
    if (nothing) return { exitCode: 0, json, text: `${wrapText(NOTHING_SET_UP, ctx.columns, "  ").join("\n")}\n` };

    const shown = wanted.length > 0 ? reports : reports.filter((r) => setUp(r, wide));
    const table = fitTable(
      [["PROVIDER", "STATUS", "CREDENTIAL", "MODELS"], ...shown.map((r) => [r.providerId, statusCell(ctx, r.status), r.credentialSource, String(r.modelCount)])],
      { columns: ctx.columns, shrink: [2, 0] },
    );
    const lines: string[] = [];
    const hidden = reports.length - shown.length;
    if (hidden > 0) lines.push(...wrapText(ctx.style.dim(`${hidden} more providers are not set up ("model-registry providers" lists them).`), ctx.columns, "  "));
    // Problems of the providers shown; the banner for "nothing usable" once, when it applies.
    const shownIds = new Set(shown.map((r) => r.providerId));
    const listed = problems
      .filter((p) => p.code === "no_usable_providers" || wide.has(problemKey(p)) || p.providers.some((id) => shownIds.has(id)))
      .map((p) => ({ ...p, providers: p.code === "no_usable_providers" || wide.has(problemKey(p)) ? [] : p.providers.filter((id) => shownIds.has(id)) }));
    if (listed.length > 0) lines.push("", "Problems:", ...problemLines(listed, { columns: ctx.columns, style: ctx.style }));
    return { exitCode: broken ? 1 : 0, json, text: table + (lines.length > 0 ? `${lines.join("\n")}\n` : "") };
  },
};
