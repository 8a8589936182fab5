import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";

/**
 * One model in a catalog listing as {@link diffCatalog} compares it: provider id, model id and any metadata fields
 * (`null`/absent = not stated). `source` (where the entry came from) and `sourceMissing` are bookkeeping, never
 * compared as fields.
 *
 * @example
 * ```ts
 * const entry = CatalogEntrySchema().parse({ provider: "xai", id: "grok-4", contextWindow: 256000 });
 * if (entry.contextWindow === null) console.log("context window not stated");
 * ```
 */
export const CatalogEntrySchema = lazySchema(() =>
  z.looseObject({
    provider: z.string().min(1),
    id: z.string().min(1),
  }),
);

/**
 * A model in a catalog listing.
 *
 * @example
 * ```ts
 * const current: CatalogEntry[] = [{ provider: "xai", id: "grok-4", contextWindow: 256000 }];
 * ```
 */
export type CatalogEntry = z.output<ReturnType<typeof CatalogEntrySchema>>;

/**
 * A model a review lists as new or missing: the listing entry plus its ref (`provider/id`).
 *
 * @example
 * ```ts
 * const m = ReviewModelSchema().parse({ ref: "xai/grok-5", provider: "xai", id: "grok-5", source: "models.dev" });
 * picker.add({ value: m.ref, label: typeof m["name"] === "string" ? m["name"] : m.id });
 * ```
 */
export const ReviewModelSchema = lazySchema(() => CatalogEntrySchema().extend({ ref: z.string().min(1) }));

/**
 * A new or missing model in a review.
 *
 * @example
 * ```ts
 * const lines = review.newModels.map((m: ReviewModel) => `+ ${m.ref}`);
 * ```
 */
export type ReviewModel = z.output<ReturnType<typeof ReviewModelSchema>>;

/**
 * One changed field of a known model: `from` is what the registry has now (`null` when it states nothing), `to` what
 * the source says. `source` names the source that said it (the provenance `applyReview` records). A model that
 * reappears after being marked missing shows as `field: "sourceMissing", from: true, to: false`.
 *
 * @example
 * ```ts
 * const c = ChangedFieldSchema().parse({ ref: "xai/grok-4", field: "contextWindow", from: 256000, to: 512000 });
 * console.log(`${c.ref}: ${c.field} ${String(c.from)} → ${String(c.to)}`);
 * ```
 */
export const ChangedFieldSchema = lazySchema(() =>
  z.object({
    ref: z.string().min(1),
    field: z.string().min(1),
    from: z.unknown(),
    to: z.unknown(),
    source: z.string().optional(),
  }),
);

/**
 * A changed field in a review.
 *
 * @example
 * ```ts
 * const contextChanges = review.changed.filter((c: ChangedField) => c.field === "contextWindow");
 * ```
 */
export type ChangedField = z.output<ReturnType<typeof ChangedFieldSchema>>;

/**
 * The three lists {@link diffCatalog} returns and a review carries.
 *
 * @example
 * ```ts
 * const diff: CatalogDiff = { newModels: [], missing: [], changed: [] };
 * ```
 */
export interface CatalogDiff {
  newModels: ReviewModel[];
  missing: ReviewModel[];
  changed: ChangedField[];
}

/**
 * How one source of a refresh went: `ok: false` with the `error` message when it failed (the other sources still
 * count); `providers` lists the providers it covered (it is authoritative for them).
 *
 * @example
 * ```ts
 * const s = ReviewSourceSchema().parse({ name: "models.dev", ok: false, error: "network: false" });
 * if (!s.ok) console.warn(`${s.name}: ${s.error}`);
 * ```
 */
export const ReviewSourceSchema = lazySchema(() =>
  z.object({
    name: z.string().min(1),
    ok: z.boolean(),
    error: z.string().optional(),
    providers: z.array(z.string()).optional(),
  }),
);

/**
 * The outcome of one refresh source.
 *
 * @example
 * ```ts
 * const failed = review.sources.filter((s: ReviewSource) => !s.ok);
 * ```
 */
export type ReviewSource = z.output<ReturnType<typeof ReviewSourceSchema>>;

/** Review ids become storage keys (`reviews/<id>.json`): no slashes, no leading dot or underscore. */
const REVIEW_ID = lazySchema(() => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "a review id (letters, digits, . _ -)"));

/**
 * Schema of a refresh review (`reviews/<id>.json`): what a refresh found, before anything is written. `createdAt` is
 * epoch milliseconds.
 *
 * @example
 * ```ts
 * const review = RefreshReviewSchema().parse(JSON.parse(await storage.get("reviews/r1.json")));
 * await registry.applyReview(review);
 * ```
 */
export const RefreshReviewSchema = lazySchema(() =>
  z.object({
    id: REVIEW_ID(),
    createdAt: z.number(),
    sources: z.array(ReviewSourceSchema()),
    newModels: z.array(ReviewModelSchema()),
    missing: z.array(ReviewModelSchema()),
    changed: z.array(ChangedFieldSchema()),
  }),
);

/**
 * A refresh review.
 *
 * @example
 * ```ts
 * const review: RefreshReview = await registry.refresh({ network: false });
 * if (review.newModels.length + review.missing.length + review.changed.length === 0) console.log("up to date");
 * ```
 */
export type RefreshReview = z.output<ReturnType<typeof RefreshReviewSchema>>;

/**
 * One refresh source: `"bundled"` (the snapshot shipped with the package plus what was applied), `"discovery"`
 * (live listings of configured providers; the cached listings with `network: false`), `"plugins"` (plugin
 * manifests), or `{ modelsDev }`: a models.dev `api.json` given as an http(s) URL or as its JSON text.
 *
 * @example
 * ```ts
 * const sources: RefreshSource[] = ["bundled", { modelsDev: "https://models.dev/api.json" }];
 * await registry.refresh({ sources });
 * ```
 */
export const RefreshSourceSchema = lazySchema(() =>
  z.union([
    z.enum(["bundled", "discovery", "plugins"]),
    z.object({ modelsDev: z.string().min(1) }),
  ]),
);

/**
 * A refresh source.
 *
 * @example
 * ```ts
 * const offline: RefreshSource[] = ["bundled", "plugins"];
 * ```
 */
export type RefreshSource = z.output<ReturnType<typeof RefreshSourceSchema>>;

/**
 * Options of `registry.refresh()`: `network: false` never calls fetch (discovery answers from its cache, a models.dev
 * URL is reported as not fetched); `sources` default `["bundled", "discovery", "plugins"]`.
 *
 * @example
 * ```ts
 * const options = RefreshOptionsSchema().parse({ network: false });
 * const review = await registry.refresh(options);
 * ```
 */
export const RefreshOptionsSchema = lazySchema(() =>
  z
    .object({
      network: z.boolean().optional(),
      sources: z.array(RefreshSourceSchema()).optional(),
    })
    .describe("{ network?: boolean, sources?: Array<\"bundled\" | \"discovery\" | \"plugins\" | { modelsDev: string }> }"),
);

/**
 * Options of `registry.refresh()`.
 *
 * @example
 * ```ts
 * const options: RefreshOptions = { network: false, sources: ["bundled"] };
 * ```
 */
export type RefreshOptions = z.input<ReturnType<typeof RefreshOptionsSchema>>;

/**
 * Options of `registry.applyReview()`: `select` applies only the listed parts: a ref (a new, missing or changed
 * model, everything the review says of it) or `{ ref, field }` (one entry of `review.changed`).
 *
 * @example
 * ```ts
 * await registry.applyReview(review, ApplyReviewOptionsSchema().parse({ select: ["xai/grok-5", { ref: "xai/grok-4.3", field: "contextWindow" }] }));
 * ```
 */
export const ApplyReviewOptionsSchema = lazySchema(() =>
  z
    .object({ select: z.array(z.union([z.string(), z.object({ ref: z.string(), field: z.string() })])).optional() })
    .describe("{ select?: Array<string | { ref, field }> }"),
);

/**
 * Options of `registry.applyReview()`.
 *
 * @example
 * ```ts
 * const options: ApplyReviewOptions = { select: review.newModels.map((m) => m.ref) };
 * ```
 */
export type ApplyReviewOptions = z.input<ReturnType<typeof ApplyReviewOptionsSchema>>;

/**
 * What `applyReview()` changed in `catalog.json`: refs added, refs updated (changed fields, or back from missing),
 * refs marked `sourceMissing`. All empty when the review was already applied.
 *
 * @example
 * ```ts
 * const result: ApplyReviewResult = await registry.applyReview(review);
 * toast(`${result.added.length} added, ${result.updated.length} updated, ${result.markedMissing.length} missing`);
 * ```
 */
export interface ApplyReviewResult {
  added: string[];
  updated: string[];
  markedMissing: string[];
}
