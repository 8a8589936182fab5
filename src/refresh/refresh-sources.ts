import type { AppliedCatalog } from "../catalog/applied-catalog.js";
import { loadBundledSnapshot } from "../catalog/load-snapshot.js";
import { buildSnapshotData } from "../catalog/render-snapshot-module.js";
import { decodeSnapshotModel } from "../catalog/snapshot-codec.js";
import { discoverModels } from "../discovery/discover-models.js";
import type { PluginManifests } from "../plugins/plugin-manifests.js";
import type { FetchPort } from "../ports.js";
import { providerAliases } from "../refs/provider-aliases.js";
import type { DiscoveredCache } from "../schema/discovered.js";
import { MODEL_METADATA_FIELDS } from "../schema/model-metadata.js";
import { skipReason } from "../status/probe-provider.js";
import type { StatusSnapshotLoader } from "../status/status-snapshot.js";
import { displayUrl } from "../transport/display-url.js";
import { httpRequest } from "../transport/http-request.js";
import { redactText } from "../transport/redact.js";
import type { CatalogEntry, ReviewSource } from "./review-schema.js";

/**
 * What one refresh source listed: its entries, the providers it is authoritative for, and its rank (lower ranks win
 * when two sources cover the same provider or state the same field).
 *
 * @example
 * ```ts
 * const listing: SourceListing = { rank: 0, entries: [{ provider: "xai", id: "grok-5" }], covers: ["xai"] };
 * if (listing.covers.includes("xai")) console.log("authoritative for xai");
 * ```
 */
export interface SourceListing {
  rank: number;
  entries: CatalogEntry[];
  covers: string[];
}

/**
 * A source's outcome: the lines it adds to the review's `sources` and its listing (`null` when it failed).
 *
 * @example
 * ```ts
 * const outcome: SourceOutcome = { reports: [{ name: "plugins", ok: true, providers: [] }], listing: null };
 * ```
 */
export interface SourceOutcome {
  reports: ReviewSource[];
  listing: SourceListing | null;
}

/**
 * Precedence of the kinds of source (lower wins); several models.dev sources keep the order they were given in.
 *
 * @example
 * ```ts
 * const listing: SourceListing = { rank: SOURCE_RANK.plugins, entries, covers: ["my-proxy"] };
 * ```
 */
export const SOURCE_RANK = { modelsDev: 0, discovery: 1000, plugins: 1001, bundled: 1002 } as const;

/** Fields a refresh compares: every model metadata field, and the api kind of a model that needs another protocol. */
const FIELDS: readonly string[] = [...MODEL_METADATA_FIELDS, "api"];

function withFields(provider: string, id: string, source: string, fields: Readonly<Record<string, unknown>>): CatalogEntry {
  const entry: CatalogEntry = { provider, id, source };
  for (const field of FIELDS) {
    const value = fields[field];
    if (value !== null && value !== undefined) entry[field] = value;
  }
  return entry;
}

const normalProvider = (raw: string): string => {
  const lowered = raw.trim().toLowerCase();
  return providerAliases().get(lowered) ?? lowered;
};

const messageOf = (error: unknown): string => redactText(error instanceof Error ? error.message : String(error));

/**
 * What the registry has now, as a listing: the bundled snapshot with the applied catalog (`catalog.json`) on top,
 * field by field, including the models it marked `sourceMissing`.
 *
 * @example
 * ```ts
 * const current = currentEntries(applied);
 * console.log(`${current.length} models known before the refresh`);
 * ```
 */
export function currentEntries(applied: AppliedCatalog | null): CatalogEntry[] {
  const byRef = new Map<string, CatalogEntry>();
  for (const [provider, models] of loadBundledSnapshot()) {
    for (const m of models) byRef.set(`${provider}/${m.id}`, withFields(provider, m.id, "models.dev", { ...m.metadata, api: m.api }));
  }
  for (const [rawProvider, { models }] of Object.entries(applied?.providers ?? {})) {
    const provider = normalProvider(rawProvider);
    for (const { id, source, sourceMissing, reasoningOptions: _options, ...fields } of models) {
      const ref = `${provider}/${id}`;
      // A snapshot field stays unless the applied catalog states another value (withFields keeps stated ones only).
      const entry: CatalogEntry = { ...(byRef.get(ref) ?? { provider, id }), ...withFields(provider, id, source, fields) };
      if (sourceMissing === true) entry["sourceMissing"] = true;
      byRef.set(ref, entry);
    }
  }
  return [...byRef.values()];
}

/**
 * The `bundled` source: the snapshot shipped with the package plus what was applied on top (a user-reviewed
 * `catalog.json` is never older than the snapshot it was applied over). It states nothing new by itself; it keeps
 * every known model listed for the providers no higher source covers.
 *
 * @example
 * ```ts
 * const { listing } = bundledSource(currentEntries(applied));
 * ```
 */
export function bundledSource(current: readonly CatalogEntry[]): SourceOutcome {
  const entries = current.filter((e) => e["sourceMissing"] !== true);
  const covers = [...new Set(current.map((e) => e.provider))];
  return { reports: [{ name: "bundled", ok: true, providers: covers }], listing: { rank: SOURCE_RANK.bundled, entries, covers } };
}

/**
 * Map a models.dev document (the live `api.json` or the compact fixture shape) to a listing of the built-in
 * providers it has (matched by their `modelsDevId`), with the same mapping as the bundled snapshot generator.
 *
 * @example
 * ```ts
 * const { entries, covers } = modelsDevEntries(JSON.parse(text));
 * ```
 */
export function modelsDevEntries(doc: unknown): { entries: CatalogEntry[]; covers: string[] } {
  const { providers } = buildSnapshotData(doc);
  const entries: CatalogEntry[] = [];
  for (const [provider, rows] of Object.entries(providers)) {
    for (const row of rows) {
      const m = decodeSnapshotModel(row);
      entries.push(withFields(provider, m.id, "models.dev", { ...m.metadata, api: m.api }));
    }
  }
  return { entries, covers: Object.keys(providers) };
}

/**
 * Options of {@link modelsDevSource}.
 *
 * @example
 * ```ts
 * const options: ModelsDevSourceOptions = { network: true, fetch, timeoutMs: 5000, rank: 0 };
 * ```
 */
export interface ModelsDevSourceOptions {
  network: boolean;
  fetch: FetchPort;
  timeoutMs: number;
  rank: number;
}

/** A models.dev api.json is several MB; the default response cap is sized for provider answers. */
const MODELS_DEV_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The `{ modelsDev }` source: its JSON text, or an http(s) URL fetched through the transport edge (never with
 * `network: false`). A failure is reported, not thrown.
 *
 * @example
 * ```ts
 * const outcome = await modelsDevSource("https://models.dev/api.json", { network: true, fetch, timeoutMs: 5000, rank: 0 });
 * if (!outcome.listing) console.warn(outcome.reports[0]?.error);
 * ```
 */
export async function modelsDevSource(spec: string, options: ModelsDevSourceOptions): Promise<SourceOutcome> {
  const trimmed = spec.trim();
  const isText = trimmed.startsWith("{");
  const name = isText ? "models.dev" : `models.dev ${displayUrl(trimmed)}`;
  const fail = (error: string): SourceOutcome => ({ reports: [{ name, ok: false, error }], listing: null });
  let text = trimmed;
  if (!isText) {
    if (!/^https?:\/\//i.test(trimmed)) return fail(`Expected a models.dev api.json as an http(s) URL or as JSON text, found ${JSON.stringify(trimmed.slice(0, 40))}.`);
    if (!options.network) return fail("Not fetched: refresh ran with network: false. Pass the api.json text instead, or allow the network.");
    try {
      const response = await httpRequest({ url: trimmed, fetch: options.fetch, timeoutMs: options.timeoutMs, maxBodyBytes: MODELS_DEV_MAX_BYTES });
      if (!response.ok) return fail(`Expected the models.dev api.json, found HTTP ${response.status} from ${displayUrl(response.url)}.`);
      text = response.text;
    } catch (error) {
      return fail(messageOf(error));
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`Expected a models.dev api.json (JSON), found text that does not parse: ${messageOf(error)}`);
  }
  try {
    const { entries, covers } = modelsDevEntries(doc);
    return { reports: [{ name, ok: true, providers: covers }], listing: { rank: options.rank, entries, covers } };
  } catch (error) {
    return fail(messageOf(error));
  }
}

/**
 * The `plugins` source: the models the installed plugin manifests declare, authoritative for their providers.
 *
 * @example
 * ```ts
 * const { listing } = pluginsSource(plugins);
 * ```
 */
export function pluginsSource(plugins: PluginManifests): SourceOutcome {
  const entries: CatalogEntry[] = [];
  const covers: string[] = [];
  for (const p of plugins.providers()) {
    covers.push(p.id);
    for (const m of p.models) entries.push(withFields(p.id, m.id, "plugin", m.metadata));
  }
  return { reports: [{ name: "plugins", ok: true, providers: covers }], listing: { rank: SOURCE_RANK.plugins, entries, covers } };
}

function discoveredListing(cache: DiscoveredCache): SourceListing {
  const entries: CatalogEntry[] = [];
  const covers = new Set<string>();
  for (const [raw, { models }] of Object.entries(cache)) {
    const provider = normalProvider(raw);
    covers.add(provider);
    for (const { id, extra: _extra, ...fields } of models) entries.push(withFields(provider, id, "discovered", fields));
  }
  return { rank: SOURCE_RANK.discovery, entries, covers: [...covers] };
}

/**
 * Options of {@link discoverySource}: `cached()` reads the listings the last check stored (state.json
 * `discovered`); `loader`, `fetch` and `timeoutMs` list configured providers live.
 *
 * @example
 * ```ts
 * const options: DiscoverySourceOptions = { network: false, cached: async () => ({}), loader, fetch, timeoutMs: 5000, env: {} };
 * ```
 */
export interface DiscoverySourceOptions {
  network: boolean;
  cached(): Promise<DiscoveredCache>;
  loader: Pick<StatusSnapshotLoader, "load">;
  fetch: FetchPort;
  timeoutMs: number;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The `discovery` source. With `network: false`, the cached listings (state.json `discovered`). Otherwise every
 * configured provider with a listing endpoint is listed live, in parallel, each under `timeoutMs`; nothing is
 * stored (a check stores listings; a refresh writes nothing). A provider whose listing fails is reported as its own
 * failed source (`discovery:<id>`) and is not covered; the others still count.
 *
 * @example
 * ```ts
 * const outcome = await discoverySource({ network: true, cached, loader, fetch, timeoutMs: 5000, env });
 * for (const r of outcome.reports) if (!r.ok) console.warn(r.name, r.error);
 * ```
 */
export async function discoverySource(options: DiscoverySourceOptions): Promise<SourceOutcome> {
  if (!options.network) {
    try {
      const listing = discoveredListing(await options.cached());
      return { reports: [{ name: "discovery", ok: true, providers: listing.covers }], listing };
    } catch (error) {
      return { reports: [{ name: "discovery", ok: false, error: messageOf(error) }], listing: null };
    }
  }
  let snapshot: Awaited<ReturnType<StatusSnapshotLoader["load"]>>;
  try {
    snapshot = await options.loader.load();
  } catch (error) {
    return { reports: [{ name: "discovery", ok: false, error: messageOf(error) }], listing: null };
  }
  const targets = snapshot.order.flatMap((id) => {
    const facts = snapshot.providers.get(id);
    return facts && facts.configured && facts.known && skipReason(facts) === null ? [facts] : [];
  });
  const settled = await Promise.allSettled(
    targets.map((facts) =>
      discoverModels(facts.discovery, {
        baseUrl: facts.baseUrl as string,
        fetch: options.fetch,
        apiKey: facts.credential?.secret ?? undefined,
        headers: facts.headers,
        timeoutMs: options.timeoutMs,
        env: options.env,
      }),
    ),
  );
  const cache: DiscoveredCache = {};
  const reports: ReviewSource[] = [];
  settled.forEach((result, i) => {
    const id = targets[i]!.id;
    if (result.status === "fulfilled") cache[id] = { at: 0, models: result.value.models };
    else reports.push({ name: `discovery:${id}`, ok: false, error: messageOf(result.reason) });
  });
  const listing = discoveredListing(cache);
  return { reports: [{ name: "discovery", ok: true, providers: listing.covers }, ...reports], listing };
}

/**
 * Merge the listings into the `next` side of the diff: each provider's model list comes from the highest-ranked
 * source covering it; each field from the highest-ranked source that states it for that model.
 *
 * @example
 * ```ts
 * const { entries, covers } = mergeListings([modelsDev, bundled]);
 * const diff = diffCatalog(current, entries, { covers });
 * ```
 */
export function mergeListings(listings: readonly SourceListing[]): { entries: CatalogEntry[]; covers: string[] } {
  const ranked = [...listings].sort((a, b) => a.rank - b.rank);
  const decider = new Map<string, SourceListing>();
  for (const listing of ranked) for (const provider of listing.covers) if (!decider.has(provider)) decider.set(provider, listing);
  const merged = new Map<string, CatalogEntry>();
  for (const listing of ranked) {
    for (const entry of listing.entries) {
      if (decider.get(entry.provider) !== listing) continue;
      const ref = `${entry.provider}/${entry.id}`;
      if (!merged.has(ref)) merged.set(ref, { ...entry });
    }
  }
  // Fields a higher source leaves unstated are filled from lower ones that list the same model.
  for (const listing of ranked) {
    for (const entry of listing.entries) {
      const target = merged.get(`${entry.provider}/${entry.id}`);
      if (!target) continue;
      for (const [field, value] of Object.entries(entry)) if (target[field] === undefined && value !== null && value !== undefined) target[field] = value;
    }
  }
  return { entries: [...merged.values()], covers: [...decider.keys()] };
}
