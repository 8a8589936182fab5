import * as z from "zod";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";
import { SettingsFileSchema } from "../schema/settings.js";
import { isDamagedDocument, noteDamagedText, parseJsonDocument, schemaDamage, stripBom } from "./damaged-document.js";
import { readJson, updateJson } from "./json-document.js";

/**
 * One section a reader wants from a sectioned document: its schema and the value an absent or damaged section reads as.
 *
 * @example
 * ```ts
 * const spec: SectionSpec<typeof TiersSectionSchema> = { schema: TiersSectionSchema, fallback: {} };
 * ```
 */
export interface SectionSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  fallback: z.output<S>;
}

/**
 * The sections of a sectioned document, read without failing on damage, and the damage found (`null` when none):
 * the whole document when it does not parse (every section then reads as its fallback), else the first section
 * that fails its schema (only that one reads as its fallback).
 *
 * @example
 * ```ts
 * const { values, damage } = await readSections(storage, "settings.json", { tiers: { schema: TiersSectionSchema, fallback: {} } });
 * ```
 */
export interface SectionsRead<T extends Record<string, SectionSpec>> {
  values: { [K in keyof T]: z.output<T[K]["schema"]> };
  damage: ConfigError | null;
}

/**
 * Parse sections of a sectioned document's stored text (see {@link readSections}); pure, for callers that cache by
 * text.
 *
 * @example
 * ```ts
 * const { values, damage } = parseSections("state.json", text, { probes: { schema: ProbesSectionSchema, fallback: {} } });
 * ```
 */
export function parseSections<T extends Record<string, SectionSpec>>(key: string, text: string | null | undefined, specs: T): SectionsRead<T> {
  const { value: doc, damage: docDamage } = parseJsonDocument(key, text, SettingsFileSchema, {});
  let damage: ConfigError | null = docDamage;
  const values = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(specs)) {
    const raw = doc[name];
    if (raw === undefined) {
      values[name] = spec.fallback;
      continue;
    }
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else {
      values[name] = spec.fallback;
      damage ??= noteDamagedText(schemaDamage(key, name, parsed.error), stripBom(text ?? ""));
    }
  }
  return { values: values as SectionsRead<T>["values"], damage };
}

/**
 * Read several sections of a sectioned JSON document (`settings.json`, `state.json`) in one read, without failing on
 * damage: what cannot be read yields its fallback and `damage` says why (report it; do not write the document).
 *
 * @example
 * ```ts
 * const { values, damage } = await readSections(storage, "settings.json", {
 *   allowlist: { schema: AllowlistSchema, fallback: [] },
 *   aliases: { schema: ModelAliasesSchema, fallback: {} },
 * });
 * ```
 */
export async function readSections<T extends Record<string, SectionSpec>>(storage: Storage, key: string, specs: T): Promise<SectionsRead<T>> {
  return parseSections(key, await storage.get(key), specs);
}

/**
 * Read one section of a sectioned JSON document (`settings.json`, `state.json`) and validate it with the owning
 * part's schema. An absent section yields `fallback`; a damaged document or an invalid section throws a
 * {@link ConfigError} naming the file and the recovery. Readers that must go on use {@link readSections}.
 *
 * @example
 * ```ts
 * const tiers = await readSection(storage, "settings.json", "tiers", TiersSchema, {});
 * ```
 */
export async function readSection<S extends z.ZodType>(
  storage: Storage,
  key: string,
  section: string,
  schema: S,
  fallback: z.output<S>,
): Promise<z.output<S>> {
  const doc = await readJson(storage, key, SettingsFileSchema, {});
  return parseSection(key, section, doc[section], schema, fallback);
}

/**
 * Options of {@link updateSection}.
 *
 * @example
 * ```ts
 * const options: UpdateSectionOptions = { guard: { probes: ProbesSectionSchema } };
 * ```
 */
export interface UpdateSectionOptions {
  /**
   * Other sections that must also match their schema for the write to go ahead. A document with a damaged section
   * is damaged as a whole: rewriting it around that section would still change the file a person has to repair.
   */
  guard?: Readonly<Record<string, z.ZodType>>;
}

/**
 * Atomically change one section of a sectioned JSON document, leaving the other sections untouched. Refuses (throws
 * the damage {@link ConfigError}; the stored text stays byte-identical) when the document does not parse, the
 * section fails its schema, or a `guard` section does.
 *
 * @example
 * ```ts
 * await updateSection(storage, "state.json", "probes", ProbesSchema, {}, (p) => ({ ...p, openai: result }));
 * ```
 */
export async function updateSection<S extends z.ZodType>(
  storage: Storage,
  key: string,
  section: string,
  schema: S,
  fallback: z.output<S>,
  fn: (current: z.output<S>) => z.output<S> | Promise<z.output<S>>,
  options: UpdateSectionOptions = {},
): Promise<z.output<S>> {
  let result: z.output<S> = fallback;
  await updateJson(storage, key, SettingsFileSchema, {}, async (doc) => {
    for (const [name, guard] of Object.entries(options.guard ?? {})) {
      if (name !== section && doc[name] !== undefined) parseSection(key, name, doc[name], guard, undefined);
    }
    result = await fn(parseSection(key, section, doc[section], schema, fallback));
    return { ...doc, [section]: result };
  });
  return result;
}

/**
 * {@link updateSection} for writes that are only worth making when they can be (probe results, last statuses): a
 * damaged document is skipped, not overwritten and not an error, so the read that triggered the write still
 * answers. Returns the damage that stopped the write, or `null` when it was written.
 *
 * @example
 * ```ts
 * const skipped = await updateSectionIfReadable(storage, "state.json", "probes", ProbesSchema, {}, (p) => ({ ...p, openai: r }));
 * if (skipped) warnDamagedDocument(storage, logger, "state.json", skipped);
 * ```
 */
export async function updateSectionIfReadable<S extends z.ZodType>(
  storage: Storage,
  key: string,
  section: string,
  schema: S,
  fallback: z.output<S>,
  fn: (current: z.output<S>) => z.output<S> | Promise<z.output<S>>,
  options: UpdateSectionOptions = {},
): Promise<ConfigError | null> {
  try {
    await updateSection(storage, key, section, schema, fallback, fn, options);
    return null;
  } catch (error) {
    if (isDamagedDocument(error)) return error as ConfigError;
    throw error;
  }
}

function parseSection<S extends z.ZodType>(
  key: string,
  section: string,
  raw: unknown,
  schema: S,
  fallback: z.output<S>,
): z.output<S> {
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw schemaDamage(key, section, parsed.error);
}
