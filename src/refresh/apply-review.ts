import { MODEL_METADATA_FIELDS } from "../schema/model-metadata.js";
import { providerAliases } from "../refs/provider-aliases.js";
import type { ApplyReviewResult, RefreshReview } from "./review-schema.js";

/** The fields `catalog.json` stores per model and a review may set: metadata and the per-model api kind. */
const STORED_FIELDS: ReadonlySet<string> = new Set([...MODEL_METADATA_FIELDS, "api"]);
const SOURCES: ReadonlySet<string> = new Set(["models.dev", "discovered", "plugin", "builtin"]);

type RawModel = Record<string, unknown> & { id: string };

/**
 * `catalog.json` as parsed JSON (validated by `AppliedCatalogSchema`, but not its output: unknown fields, which the
 * schema's output would drop, must survive a write).
 *
 * @example
 * ```ts
 * const doc = JSON.parse(text) as RawAppliedCatalog;
 * for (const [provider, { models }] of Object.entries(doc.providers)) console.log(provider, models.length);
 * ```
 */
export type RawAppliedCatalog = Record<string, unknown> & { version: 1; providers: Record<string, Record<string, unknown> & { models: RawModel[] }> };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const normal = (raw: string): string => {
  const lowered = raw.trim().toLowerCase();
  return providerAliases().get(lowered) ?? lowered;
};

/** Provider ids never contain "/", model ids may: the ref splits at the first one. */
function splitRef(ref: string): { provider: string; id: string } | null {
  const at = ref.indexOf("/");
  return at <= 0 || at === ref.length - 1 ? null : { provider: ref.slice(0, at), id: ref.slice(at + 1) };
}

/**
 * One part of a review to apply: a model ref (everything the review says of that model: new, missing, or all its
 * changed fields) or one changed field of a model, as listed in `review.changed`.
 *
 * @example
 * ```ts
 * const select: ReviewSelectItem[] = ["xai/grok-5", { ref: "xai/grok-4.3", field: "contextWindow" }];
 * ```
 */
export type ReviewSelectItem = string | { ref: string; field: string };

// A model id may hold any printable character, never NUL.
const changeKey = (ref: string, field: string): string => `${ref}\u0000${field}`;

/**
 * Apply a review to the raw (already validated) `catalog.json` document, in place, and say what changed. New models
 * are added with the fields their source stated; changed fields are set; missing models get `sourceMissing: true`
 * (an entry with only that flag when the model came from the snapshot); a model back from missing loses the flag.
 * Nothing is ever removed, and fields the document holds that the review does not name are kept as they are, so
 * applying the same review again changes nothing. `select` limits it to those parts: a ref takes everything the
 * review says of that model, `{ ref, field }` one changed field of it.
 *
 * @example
 * ```ts
 * const doc = JSON.parse((await storage.get("catalog.json")) ?? '{"version":1,"providers":{}}');
 * const result = applyReviewToDocument(doc, review, ["xai/grok-5", { ref: "xai/grok-4.3", field: "contextWindow" }]);
 * if (result.added.length > 0) await storage.set("catalog.json", JSON.stringify(doc, null, 2));
 * ```
 */
export function applyReviewToDocument(doc: RawAppliedCatalog, review: RefreshReview, select?: Iterable<ReviewSelectItem>): ApplyReviewResult {
  const added: string[] = [];
  const updated = new Set<string>();
  const markedMissing: string[] = [];
  const refs = new Set<string>();
  const fields = new Set<string>();
  if (select !== undefined) for (const item of select) typeof item === "string" ? refs.add(item) : fields.add(changeKey(item.ref, item.field));
  const wanted = (ref: string): boolean => select === undefined || refs.has(ref);

  const modelsOf = (provider: string): RawModel[] => {
    const key = Object.keys(doc.providers).find((k) => normal(k) === provider) ?? provider;
    const entry = (doc.providers[key] ??= { models: [] });
    if (!Array.isArray(entry.models)) entry.models = [];
    return entry.models;
  };
  const find = (provider: string, id: string): RawModel | undefined => {
    const key = Object.keys(doc.providers).find((k) => normal(k) === provider);
    return key === undefined ? undefined : doc.providers[key]!.models.find((m) => m.id === id);
  };
  const sourceOf = (value: unknown): string => (typeof value === "string" && SOURCES.has(value) ? value : "models.dev");

  for (const m of review.newModels) {
    if (!wanted(m.ref)) continue;
    const provider = normal(m.provider);
    const existing = find(provider, m.id);
    const fields = Object.entries(m).filter(([field, value]) => STORED_FIELDS.has(field) && value !== null && value !== undefined);
    if (!existing) {
      modelsOf(provider).push({ id: m.id, source: sourceOf(m["source"]), ...Object.fromEntries(fields) });
      added.push(m.ref);
      continue;
    }
    // Listed as new by a review made before another apply: bring the entry up to date instead of duplicating it.
    let touched = false;
    for (const [field, value] of fields) {
      if (!same(existing[field], value)) {
        existing[field] = value;
        touched = true;
      }
    }
    if (existing["sourceMissing"] !== undefined) {
      delete existing["sourceMissing"];
      touched = true;
    }
    if (touched) updated.add(m.ref);
  }

  for (const c of review.changed) {
    if (!wanted(c.ref) && !fields.has(changeKey(c.ref, c.field))) continue;
    const parts = splitRef(c.ref);
    if (!parts || (c.field !== "sourceMissing" && !STORED_FIELDS.has(c.field))) continue;
    const provider = normal(parts.provider);
    let entry = find(provider, parts.id);
    if (c.field === "sourceMissing") {
      if (entry && entry["sourceMissing"] !== undefined) {
        delete entry["sourceMissing"];
        updated.add(c.ref);
      }
      continue;
    }
    if (c.to === null || c.to === undefined) continue;
    if (entry && same(entry[c.field], c.to)) continue;
    if (!entry) {
      entry = { id: parts.id, source: sourceOf(c.source) };
      modelsOf(provider).push(entry);
    } else if (c.source !== undefined) entry["source"] = sourceOf(c.source);
    entry[c.field] = c.to;
    updated.add(c.ref);
  }

  for (const m of review.missing) {
    if (!wanted(m.ref)) continue;
    const provider = normal(m.provider);
    const entry = find(provider, m.id);
    if (entry?.["sourceMissing"] === true) continue;
    if (entry) entry["sourceMissing"] = true;
    else modelsOf(provider).push({ id: m.id, sourceMissing: true });
    markedMissing.push(m.ref);
  }
  return { added, updated: [...updated], markedMissing };
}
