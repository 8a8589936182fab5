import * as z from "zod";
import type { RefreshReview, RefreshSource } from "../../refresh/review-schema.js";
import type { CliCommand, CommandContext } from "../command.js";
import { fitLine, wrapText } from "../fit-table.js";
import { UsageError } from "../usage-error.js";

const ReviewModel = z.looseObject({ ref: z.string(), provider: z.string(), id: z.string() });
const Review = z.object({
  id: z.string(),
  createdAt: z.number(),
  sources: z.array(z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional(), providers: z.array(z.string()).optional() })),
  newModels: z.array(ReviewModel),
  missing: z.array(ReviewModel),
  changed: z.array(z.object({ ref: z.string(), field: z.string(), from: z.unknown(), to: z.unknown(), source: z.string().optional() })),
});
const RefreshOutput = z.object({
  /** The review refreshed or applied; `null` when a saved review was applied by id and is no longer listed. */
  review: Review.nullable(),
  /** The id it was saved under with `--write-review`. */
  savedId: z.string().nullable(),
  applied: z.object({ added: z.array(z.string()), updated: z.array(z.string()), markedMissing: z.array(z.string()) }).nullable(),
});

/** Lines per section of the printed review; `--json` has everything. */
const SHOWN_PER_SECTION = 25;

const value = (v: unknown) => (v === null || v === undefined ? "-" : typeof v === "string" ? v : JSON.stringify(v));

function reviewLines(ctx: CommandContext, review: RefreshReview): string[] {
  const { columns, style } = ctx;
  const lines: string[] = [];
  const sources = review.sources.map((s) => (s.ok ? s.name : `${s.name} failed`)).join(", ");
  lines.push(fitLine(`Review ${review.id}`, columns));
  lines.push(...wrapText(`${review.newModels.length} new, ${review.missing.length} missing, ${review.changed.length} changed (sources: ${sources}).`, columns, "  "));
  for (const s of review.sources) if (!s.ok) lines.push(...wrapText(`${style.yellow("!")} ${s.name}: ${s.error ?? "failed"}`, columns, "  "));
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push("", `${title}:`);
    for (const item of items.slice(0, SHOWN_PER_SECTION)) lines.push(fitLine(item, columns));
    if (items.length > SHOWN_PER_SECTION) lines.push(style.dim(`  … and ${items.length - SHOWN_PER_SECTION} more (--json lists all)`));
  };
  section("New", review.newModels.map((m) => `  ${style.green("+")} ${m.ref}`));
  section("Missing", review.missing.map((m) => `  ${style.red("-")} ${m.ref}`));
  section("Changed", review.changed.map((c) => `  ${style.yellow("~")} ${c.ref} ${c.field}: ${value(c.from)} → ${value(c.to)}`));
  if (review.newModels.length + review.missing.length + review.changed.length === 0) lines.push("The catalog is up to date.");
  return lines;
}

function appliedLine(ctx: CommandContext, applied: { added: string[]; updated: string[]; markedMissing: string[] }): string[] {
  return wrapText(`Applied: ${applied.added.length} added, ${applied.updated.length} updated, ${applied.markedMissing.length} marked missing.`, ctx.columns, "  ");
}

/** The refs of a review, one question each (a changed model's fields are asked together: `select` is by ref). */
async function askPerChange(ctx: CommandContext, review: RefreshReview): Promise<string[]> {
  const accepted: string[] = [];
  for (const m of review.newModels) if (await ctx.io.prompt.confirm(`Add ${m.ref} (new)?`, { default: true })) accepted.push(m.ref);
  for (const m of review.missing) if (await ctx.io.prompt.confirm(`Mark ${m.ref} missing (no longer listed)?`, { default: false })) accepted.push(m.ref);
  const changed = new Map<string, string[]>();
  for (const c of review.changed) changed.set(c.ref, [...(changed.get(c.ref) ?? []), `${c.field} ${value(c.from)} → ${value(c.to)}`]);
  for (const [ref, fields] of changed) if (await ctx.io.prompt.confirm(fitLine(`Update ${ref}: ${fields.join("; ")}?`, ctx.columns), { default: true })) accepted.push(ref);
  return accepted;
}

/**
 * `model-registry refresh [--no-network] [--write-review] [--wizard] [--apply [id]] [--models-dev <url|file>]`: compare
 * the catalog with its sources and print the review (new, missing, changed models); save it, apply it, or go
 * through it change by change. `--apply <id>` applies a saved review; `--apply` alone the latest saved one, or the
 * fresh review when combined with `--no-network`, `--models-dev` or `--write-review`. Exit 1 when a source failed.
 *
 * @example
 * ```ts
 * await runCli(["refresh", "--no-network", "--write-review"], io, [refreshCommand]);
 * ```
 */
export const refreshCommand: CliCommand = {
  path: ["refresh"],
  summary: "review catalog updates (new, missing, changed models) and apply them",
  usage: "[--no-network] [--write-review] [--wizard] [--apply [id]] [--models-dev <url|file>]",
  args: { max: 1 },
  options: {
    "no-network": { type: "boolean", description: "use only bundled data, plugins and cached listings" },
    "write-review": { type: "boolean", description: "save the review; apply it later with --apply <id>" },
    wizard: { type: "boolean", description: "accept or reject each change (needs a terminal)" },
    apply: { type: "boolean", description: "apply a saved review (its id, or the latest), or this refresh's" },
    "models-dev": { type: "string", value: "url|file", description: "also compare with a models.dev api.json" },
  },
  output: RefreshOutput,
  async run(ctx, input) {
    const o = input.options;
    const [id] = input.args;
    const apply = o["apply"] === true;
    const wizard = o["wizard"] === true;
    const modelsDev = typeof o["models-dev"] === "string" ? o["models-dev"] : undefined;
    const refreshing = o["no-network"] === true || o["write-review"] === true || modelsDev !== undefined;
    if (id !== undefined && !apply) {
      throw new UsageError({ message: `Expected a review id only after --apply, found "${id}".`, recovery: `model-registry refresh --apply ${id}` });
    }
    if (id !== undefined && refreshing) {
      throw new UsageError({ message: "Expected either a saved review id to apply or a new refresh, found both.", recovery: `model-registry refresh --apply ${id}` });
    }
    if (wizard && !(ctx.io.stdin.isTTY && ctx.io.stdout.isTTY)) {
      throw new UsageError({ message: "Expected a terminal for --wizard (it asks about each change), found none.", recovery: "model-registry refresh --write-review, then model-registry refresh --apply <id>" });
    }
    const registry = ctx.registry();
    const lines: string[] = [];

    let review: RefreshReview | null = null;
    if (apply && !refreshing) {
      const saved = await registry.listReviews();
      review = id === undefined ? (saved[0] ?? null) : (saved.find((r) => r.id === id) ?? null);
      if (id === undefined && review === null) {
        throw new UsageError({ message: "Expected a saved review to apply, found none.", recovery: "model-registry refresh --write-review" });
      }
    }
    if (review === null && id === undefined) {
      let source: string | undefined;
      if (modelsDev !== undefined) {
        if (/^https?:\/\//i.test(modelsDev)) source = modelsDev;
        else {
          try {
            source = ctx.io.readFile(modelsDev);
          } catch (error) {
            throw new UsageError({ message: `Expected a models.dev api.json URL or a readable file for --models-dev, found "${modelsDev}" (${error instanceof Error ? error.message : String(error)}).`, recovery: "model-registry refresh --models-dev https://models.dev/api.json" });
          }
        }
      }
      const sources: RefreshSource[] | undefined = source === undefined ? undefined : ["bundled", "discovery", "plugins", { modelsDev: source }];
      ctx.progress("Refreshing the catalog…");
      review = await registry.refresh({ ...(o["no-network"] === true ? { network: false } : {}), ...(sources ? { sources } : {}) });
      ctx.progress(null);
    }
    if (review) lines.push(...reviewLines(ctx, review));

    let savedId: string | null = null;
    if (o["write-review"] === true && review) {
      savedId = await registry.saveReview(review);
      lines.push("", fitLine(`Saved review ${savedId}. Apply it with:`, ctx.columns), fitLine(`  model-registry refresh --apply ${savedId}`, ctx.columns));
    }

    let applied: { added: string[]; updated: string[]; markedMissing: string[] } | null = null;
    if (wizard && review) {
      // The review first, then a question per change (with --json only the final result is printed).
      if (lines.length > 0 && !ctx.json) ctx.io.stdout.write(`${lines.join("\n")}\n\n`);
      lines.length = 0;
      const select = await askPerChange(ctx, review);
      applied = select.length === 0 ? { added: [], updated: [], markedMissing: [] } : await registry.applyReview(review, { select });
      lines.push(...(select.length === 0 ? ["Nothing applied."] : appliedLine(ctx, applied)));
    } else if (apply) {
      applied = await registry.applyReview(review ?? id!);
      lines.push("", ...appliedLine(ctx, applied));
    }
    const failed = review?.sources.some((s) => !s.ok) ?? false;
    return { exitCode: failed ? 1 : 0, json: { review, savedId, applied }, text: `${lines.join("\n").replace(/^\n/, "")}\n` };
  },
};
