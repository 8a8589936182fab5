import * as z from "zod";
import { checkArgument, lazySchema } from "../errors/check-argument.js";
import { CatalogEntrySchema, type CatalogDiff, type CatalogEntry, type ChangedField, type ReviewModel } from "./review-schema.js";

const ENTRIES_ARG = lazySchema(() => z.array(CatalogEntrySchema()).describe("a list of { provider, id, ...metadata }"));
const OPTIONS_ARG = lazySchema(() => z.object({ covers: z.array(z.string()).optional() }).optional().describe("{ covers?: string[] } or nothing"));

/** Keys that identify an entry or record bookkeeping: never reported as changed fields. */
const NOT_FIELDS: ReadonlySet<string> = new Set(["ref", "provider", "id", "source", "sourceMissing"]);

/**
 * Options of {@link diffCatalog}.
 *
 * @example
 * ```ts
 * // models.dev listed no xai model at all, yet it covers xai: every current xai model is missing.
 * const options: DiffCatalogOptions = { covers: ["xai"] };
 * ```
 */
export interface DiffCatalogOptions {
  /** Providers `next` is authoritative for; default: the providers `next` lists a model of. */
  covers?: readonly string[];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => deepEqual(v, other[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const refOf = (e: CatalogEntry): string => `${e.provider}/${e.id}`;
const copy = <T>(value: T): T => (value === null || typeof value !== "object" ? value : structuredClone(value));
const byRef = (a: { ref: string }, b: { ref: string }): number => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

/**
 * Compare two catalog listings. `newModels`: in `next`, not in `current`. `missing`: in `current` for a provider `next` covers, but not in `next` (entries already `sourceMissing: true` are
 * not reported again). `changed`: per field `next` states (non-null) that differs from `current`; a field `next`
 * leaves `null` or out is "not stated", never a change to unknown. A `current` entry marked `sourceMissing: true`
 * that `next` lists again shows as a `sourceMissing` change `true → false`. Lists are sorted by ref; refs are
 * `provider/id`. Pure: the inputs are never mutated and the results share no objects with them.
 *
 * @example
 * ```ts
 * // Show what a hand-maintained model list would change before adopting it.
 * const { newModels, missing, changed } = diffCatalog(
 *   [{ provider: "xai", id: "grok-4", contextWindow: 256000 }, { provider: "xai", id: "grok-3" }],
 *   [{ provider: "xai", id: "grok-4", contextWindow: 512000 }, { provider: "xai", id: "grok-5" }],
 * );
 * for (const c of changed) console.log(`${c.ref} ${c.field}: ${String(c.from)} → ${String(c.to)}`);
 * console.log(newModels.map((m) => m.ref), missing.map((m) => m.ref)); // ["xai/grok-5"] ["xai/grok-3"]
 * ```
 */
export function diffCatalog(current: readonly CatalogEntry[], next: readonly CatalogEntry[], options?: DiffCatalogOptions): CatalogDiff {
  checkArgument("diffCatalog", "current", ENTRIES_ARG, current);
  checkArgument("diffCatalog", "next", ENTRIES_ARG, next);
  checkArgument("diffCatalog", "options", OPTIONS_ARG, options);
  const known = new Map<string, CatalogEntry>();
  for (const entry of current) if (!known.has(refOf(entry))) known.set(refOf(entry), entry);
  const listed = new Map<string, CatalogEntry>();
  for (const entry of next) if (!listed.has(refOf(entry))) listed.set(refOf(entry), entry);
  const covers = new Set(options?.covers ?? [...listed.values()].map((e) => e.provider));

  const newModels: ReviewModel[] = [];
  const changed: ChangedField[] = [];
  for (const [ref, entry] of listed) {
    const before = known.get(ref);
    if (!before) {
      newModels.push({ ref, ...copy(entry) });
      continue;
    }
    const source = typeof entry["source"] === "string" ? { source: entry["source"] } : {};
    if (before["sourceMissing"] === true) changed.push({ ref, field: "sourceMissing", from: true, to: false, ...source });
    for (const [field, to] of Object.entries(entry)) {
      if (NOT_FIELDS.has(field) || to === null || to === undefined) continue;
      const from = before[field] ?? null;
      if (!deepEqual(from, to)) changed.push({ ref, field, from: copy(from), to: copy(to), ...source });
    }
  }
  const missing: ReviewModel[] = [];
  for (const [ref, entry] of known) {
    if (covers.has(entry.provider) && !listed.has(ref) && entry["sourceMissing"] !== true) missing.push({ ref, ...copy(entry) });
  }
  // A stable sort keeps each model's fields in the order the source gave them.
  return { newModels: newModels.sort(byRef), missing: missing.sort(byRef), changed: changed.sort(byRef) };
}
