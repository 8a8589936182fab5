import * as z from "zod";
import { AppliedCatalogSchema, type AppliedCatalog } from "../catalog/applied-catalog.js";
import { fingerprint } from "../credentials/stable-hash.js";
import { checkArgument, lazySchema } from "../errors/check-argument.js";
import { RegistryError } from "../errors/registry-error.js";
import type { PluginManifests } from "../plugins/plugin-manifests.js";
import type { Env, FetchPort, Logger, Storage } from "../ports.js";
import { DiscoveredCacheSchema } from "../schema/discovered.js";
import type { EmitEvent } from "../schema/registry-events.js";
import { StateFileSchema } from "../schema/settings.js";
import { createStatusSnapshotLoader, type StatusSnapshotLoader } from "../status/status-snapshot.js";
import type { StatusServiceDeps } from "../status/status-deps.js";
import { parseJsonDocument, stripBom } from "../storage/damaged-document.js";
import { readJsonDocument, updateJson, updateText } from "../storage/json-document.js";
import { CATALOG_JSON_KEY, REVIEWS_INDEX_KEY, STATE_JSON_KEY, reviewKey } from "../storage/storage-keys.js";
import { applyReviewToDocument, type RawAppliedCatalog } from "./apply-review.js";
import { diffCatalog } from "./diff-catalog.js";
import type { SourceOutcome } from "./refresh-sources.js";
import {
  ApplyReviewOptionsSchema,
  RefreshOptionsSchema,
  RefreshReviewSchema,
  type ApplyReviewOptions,
  type ApplyReviewResult,
  type RefreshOptions,
  type RefreshReview,
  type RefreshSource,
  type ReviewSource,
} from "./review-schema.js";

const DEFAULT_SOURCES: readonly RefreshSource[] = ["bundled", "discovery", "plugins"];
const ReviewIndexSchema = lazySchema(() => z.looseObject({ ids: z.array(z.string()) }));
const REVIEW_OR_ID = lazySchema(() => z.union([z.string().min(1), z.looseObject({})]).describe("a review (from refresh()) or a saved review's id"));

/**
 * The refresh part of the facade: review-first catalog updates. `refresh()` writes nothing; `saveReview()` keeps a
 * review for later; `applyReview()` is the only writer of `catalog.json`.
 *
 * @example
 * ```ts
 * const review = await registry.refresh({ sources: [{ modelsDev: "https://models.dev/api.json" }] });
 * await registry.saveReview(review);
 * const { added } = await registry.applyReview(review.id, { select: review.newModels.map((m) => m.ref) });
 * ```
 */
export interface RefreshApi {
  /**
   * Compare what the sources list with what the registry has now (bundled snapshot + `catalog.json`) and return a
   * review of new, missing and changed models. Writes nothing. `network: false` never calls fetch.
   *
   * @example
   * ```ts
   * const review = await registry.refresh({ network: false });
   * for (const s of review.sources) if (!s.ok) console.warn(`${s.name} failed: ${s.error}`);
   * ```
   */
  refresh(options?: RefreshOptions): Promise<RefreshReview>;
  /**
   * Store a review as `reviews/<id>.json` (listed by `listReviews()`); returns its id.
   *
   * @example
   * ```ts
   * const id = await registry.saveReview(await registry.refresh());
   * console.log(`apply later with: model-registry refresh --apply ${id}`);
   * ```
   */
  saveReview(review: RefreshReview): Promise<string>;
  /**
   * The saved reviews, newest first (unreadable ones are skipped with a logged warning).
   *
   * @example
   * ```ts
   * const [latest] = await registry.listReviews();
   * if (latest) await registry.applyReview(latest.id);
   * ```
   */
  listReviews(): Promise<RefreshReview[]>;
  /**
   * Apply a review (or a saved review's id) to `catalog.json`: add new models, set changed fields, mark missing
   * models `sourceMissing` (kept and resolvable, not offered). Never deletes; applying twice changes nothing the
   * second time; user overrides (settings, models.json) keep winning. `select` limits it to those refs, or to single
   * changed fields given as `{ ref, field }`.
   *
   * @example
   * ```ts
   * const { added, updated, markedMissing } = await registry.applyReview(review, { select: ["xai/grok-5"] });
   * ```
   */
  applyReview(reviewOrId: RefreshReview | string, options?: ApplyReviewOptions): Promise<ApplyReviewResult>;
}

/**
 * What the refresh service needs: the ports, `emit` for `config-change`, plugin manifests, and what the status
 * snapshot loader needs to find the configured providers live discovery lists.
 *
 * @example
 * ```ts
 * const deps: RefreshServiceDeps = { storage, fetch, env, now, timeoutMs, logger, emit, plugins,
 *   loadSources: () => import("./refresh-sources.js"), status: { storage, env, envPrefix, now, logger, config, catalog } };
 * ```
 */
export interface RefreshServiceDeps {
  storage: Storage;
  fetch: FetchPort;
  env: Env;
  now: () => number;
  timeoutMs: number;
  logger: Logger;
  emit: EmitEvent;
  plugins: PluginManifests;
  /** Loads the source readers on the first refresh (the registry's on-demand bundle entry, shared with calls). */
  loadSources: () => Promise<typeof import("./refresh-sources.js")>;
  status: Pick<StatusServiceDeps, "storage" | "env" | "envPrefix" | "now" | "logger" | "config" | "catalog">;
}

/**
 * Build the {@link RefreshApi}. Nothing is read until a method is called.
 *
 * @example
 * ```ts
 * const refresh = createRefreshService(deps);
 * const review = await refresh.refresh({ network: false });
 * ```
 */
export function createRefreshService(ctx: RefreshServiceDeps): RefreshApi {
  let loader: StatusSnapshotLoader | undefined;

  async function readApplied(): Promise<{ applied: AppliedCatalog | null; report: ReviewSource | null }> {
    const { value, damage } = await readJsonDocument(ctx.storage, CATALOG_JSON_KEY, AppliedCatalogSchema.nullable(), null);
    // A damaged catalog.json is compared as absent and said so; applyReview refuses to write over it.
    return { applied: damage ? null : value, report: damage ? { name: CATALOG_JSON_KEY, ok: false, error: damage.message } : null };
  }

  async function cachedDiscovered() {
    const state = await readJsonDocument(ctx.storage, STATE_JSON_KEY, StateFileSchema, {});
    if (state.damage) throw state.damage;
    return DiscoveredCacheSchema.parse(state.value["discovered"] ?? {});
  }

  async function refresh(options: RefreshOptions = {}): Promise<RefreshReview> {
    checkArgument("refresh", "options", RefreshOptionsSchema().optional(), options);
    const network = options.network !== false;
    // The source readers (models.dev mapping, discovery adapters) load on the first refresh, never at import or create.
    const { bundledSource, currentEntries, discoverySource, mergeListings, modelsDevSource, pluginsSource, SOURCE_RANK } = await ctx.loadSources();
    const { applied, report } = await readApplied();
    const current = currentEntries(applied);
    const seen = new Set<string>();
    let modelsDevRank: number = SOURCE_RANK.modelsDev;
    const pending: Array<Promise<SourceOutcome>> = [];
    for (const source of options.sources ?? DEFAULT_SOURCES) {
      const key = typeof source === "string" ? source : `modelsDev:${source.modelsDev}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (source === "bundled") pending.push(Promise.resolve(bundledSource(current)));
      else if (source === "plugins") pending.push(Promise.resolve(pluginsSource(ctx.plugins)));
      else if (source === "discovery") {
        pending.push(
          discoverySource({
            network,
            cached: cachedDiscovered,
            loader: (loader ??= createStatusSnapshotLoader(ctx.status)),
            fetch: ctx.fetch,
            timeoutMs: ctx.timeoutMs,
            env: ctx.env,
          }),
        );
      } else pending.push(modelsDevSource(source.modelsDev, { network, fetch: ctx.fetch, timeoutMs: ctx.timeoutMs, rank: modelsDevRank++ }));
    }
    const outcomes = await Promise.all(pending);
    const { entries, covers } = mergeListings(outcomes.flatMap((o) => (o.listing ? [o.listing] : [])));
    const diff = diffCatalog(current, entries, { covers });
    const sources = [...(report ? [report] : []), ...outcomes.flatMap((o) => o.reports)];
    const createdAt = ctx.now();
    const stamp = new Date(createdAt).toISOString().replace(/[:.]/g, "-");
    const id = `${stamp}-${fingerprint(JSON.stringify([sources, diff]))}`;
    return { id, createdAt, sources, ...diff };
  }

  async function saveReview(review: RefreshReview): Promise<string> {
    checkArgument("saveReview", "review", RefreshReviewSchema(), review);
    const parsed = RefreshReviewSchema().parse(review);
    await ctx.storage.set(reviewKey(parsed.id), `${JSON.stringify(parsed, null, 2)}\n`);
    await updateJson(ctx.storage, REVIEWS_INDEX_KEY, ReviewIndexSchema(), { ids: [] }, (index) =>
      index.ids.includes(parsed.id) ? index : { ...index, ids: [...index.ids, parsed.id] },
    );
    return parsed.id;
  }

  async function readReview(id: string): Promise<RefreshReview | null> {
    const { value, damage } = await readJsonDocument(ctx.storage, reviewKey(id), RefreshReviewSchema().nullable(), null);
    if (damage) throw damage;
    return value;
  }

  async function listReviews(): Promise<RefreshReview[]> {
    const { value: index, damage } = await readJsonDocument(ctx.storage, REVIEWS_INDEX_KEY, ReviewIndexSchema(), { ids: [] });
    if (damage) ctx.logger.warn("The list of saved reviews is unreadable; no reviews are listed.", { error: damage.message });
    const reviews = await Promise.all(
      index.ids.map(async (id) => {
        try {
          return await readReview(id);
        } catch (error) {
          ctx.logger.warn("A saved review is unreadable; it is left out.", { id, error: String(error) });
          return null;
        }
      }),
    );
    return reviews.filter((r): r is RefreshReview => r !== null).sort((a, b) => b.createdAt - a.createdAt);
  }

  async function applyReview(reviewOrId: RefreshReview | string, options: ApplyReviewOptions = {}): Promise<ApplyReviewResult> {
    checkArgument("applyReview", "reviewOrId", REVIEW_OR_ID, reviewOrId);
    checkArgument("applyReview", "options", ApplyReviewOptionsSchema().optional(), options);
    let review: RefreshReview;
    if (typeof reviewOrId === "string") {
      const saved = await readReview(reviewOrId);
      if (!saved) {
        throw new RegistryError({
          code: "invalid_argument",
          message: `applyReview: expected the id of a saved review, found ${JSON.stringify(reviewOrId)}, which has no reviews/<id>.json.`,
          recovery: "Pass a review from registry.refresh(), or an id from registry.listReviews().",
        });
      }
      review = saved;
    } else {
      checkArgument("applyReview", "reviewOrId", RefreshReviewSchema(), reviewOrId);
      review = RefreshReviewSchema().parse(reviewOrId);
    }
    const select = options.select;
    let result: ApplyReviewResult = { added: [], updated: [], markedMissing: [] };
    let written = false;
    await updateText(ctx.storage, CATALOG_JSON_KEY, (text) => {
      // Never write over a catalog.json that does not parse: it is re-creatable, but not by guessing.
      const { damage } = parseJsonDocument(CATALOG_JSON_KEY, text, AppliedCatalogSchema.nullable(), null);
      if (damage) throw damage;
      const stripped = text === undefined ? "" : stripBom(text).trim();
      const doc = (stripped === "" ? { version: 1, providers: {} } : JSON.parse(stripped)) as RawAppliedCatalog;
      result = applyReviewToDocument(doc, review, select);
      if (result.added.length + result.updated.length + result.markedMissing.length === 0) return undefined;
      doc.appliedAt = ctx.now();
      doc.source = { review: review.id, sources: review.sources.filter((s) => s.ok).map((s) => s.name) };
      written = true;
      return `${JSON.stringify(doc, null, 2)}\n`;
    });
    if (written) ctx.emit("config-change", { key: CATALOG_JSON_KEY });
    return result;
  }

  return { refresh, saveReview, listReviews, applyReview };
}

