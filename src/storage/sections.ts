import { ARG, checkArgument } from "../errors/check-argument.js";
import { z } from "zod";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";
import { SettingsFileSchema } from "../schema/settings.js";
import { readJson, updateJson } from "./json-document.js";

// Argument shapes checked at the entry of the public functions below (built once, not per call).
const READ_SECTION_SCHEMA_ARG = ARG.zodSchema;
const UPDATE_SECTION_SCHEMA_ARG = ARG.zodSchema;

/**
 * Read one section of a sectioned JSON document (`settings.json`, `state.json`) and validate it with the owning
 * part's schema. An absent section yields `fallback`; an invalid one throws a {@link ConfigError} naming it.
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
  checkArgument("readSection", "storage", ARG.storage, storage);
  checkArgument("readSection", "key", ARG.string, key);
  checkArgument("readSection", "section", ARG.string, section);
  checkArgument("readSection", "schema", READ_SECTION_SCHEMA_ARG, schema);
  const doc = await readJson(storage, key, SettingsFileSchema, {});
  return parseSection(key, section, doc[section], schema, fallback);
}

/**
 * Atomically change one section of a sectioned JSON document, leaving the other sections untouched.
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
): Promise<z.output<S>> {
  checkArgument("updateSection", "storage", ARG.storage, storage);
  checkArgument("updateSection", "key", ARG.string, key);
  checkArgument("updateSection", "section", ARG.string, section);
  checkArgument("updateSection", "schema", UPDATE_SECTION_SCHEMA_ARG, schema);
  checkArgument("updateSection", "fn", ARG.function, fn);
  let result: z.output<S> = fallback;
  await updateJson(storage, key, SettingsFileSchema, {}, async (doc) => {
    result = await fn(parseSection(key, section, doc[section], schema, fallback));
    return { ...doc, [section]: result };
  });
  return result;
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
  throw new ConfigError({
    code: "storage_invalid",
    message: `Expected section "${section}" of "${key}" to match its schema, found: ${parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ")}.`,
    recovery: `Fix or remove "${section}" in "${key}"; the registry will not overwrite it meanwhile.`,
    cause: parsed.error,
  });
}
