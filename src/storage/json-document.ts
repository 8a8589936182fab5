import { ARG, checkArgument } from "../errors/check-argument.js";
import { z } from "zod";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";

// Argument shapes checked at the entry of the public functions below (built once, not per call).
const READ_JSON_SCHEMA_ARG = ARG.zodSchema;
const UPDATE_JSON_SCHEMA_ARG = ARG.zodSchema;

const localQueues = new WeakMap<Storage, Map<string, Promise<unknown>>>();

/**
 * Atomic read-modify-write of a string key. Uses the storage's own `update()` when it has one (file storage locks
 * across processes); otherwise serialises calls per key within this process, which is the best a bare
 * get/set store (e.g. Keyv) allows.
 *
 * @example
 * ```ts
 * await updateText(storage, "state.json", (current) => JSON.stringify({ ...JSON.parse(current ?? "{}"), n: 1 }));
 * ```
 */
export async function updateText(
  storage: Storage,
  key: string,
  fn: (current: string | undefined) => string | undefined | Promise<string | undefined>,
): Promise<string | undefined> {
  checkArgument("updateText", "storage", ARG.storage, storage);
  checkArgument("updateText", "key", ARG.string, key);
  checkArgument("updateText", "fn", ARG.function, fn);
  if (storage.update) return storage.update(key, fn);
  let queues = localQueues.get(storage);
  if (!queues) {
    queues = new Map();
    localQueues.set(storage, queues);
  }
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(async () => {
    const current = (await storage.get(key)) ?? undefined;
    const result = await fn(current);
    if (result !== undefined) await storage.set(key, result);
    return result ?? current;
  });
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  return next;
}

/**
 * Read a JSON document from storage and validate it. An absent key yields `fallback`. A present but unreadable
 * document throws a {@link ConfigError} rather than returning the fallback, because treating a corrupt file as empty
 * is how user data gets overwritten.
 *
 * @example
 * ```ts
 * const state = await readJson(storage, "state.json", StateSchema, { probes: {} });
 * ```
 */
export async function readJson<S extends z.ZodType>(
  storage: Storage,
  key: string,
  schema: S,
  fallback: z.output<S>,
): Promise<z.output<S>> {
  checkArgument("readJson", "storage", ARG.storage, storage);
  checkArgument("readJson", "key", ARG.string, key);
  checkArgument("readJson", "schema", READ_JSON_SCHEMA_ARG, schema);
  const text = (await storage.get(key)) ?? undefined;
  return text === undefined || text === "" ? fallback : parseStored(key, text, schema);
}

/**
 * Atomically read, change and write a JSON document. `fn` gets the validated current value (or `fallback`) and
 * returns the new value. Refuses to write when the stored document does not parse.
 *
 * @example
 * ```ts
 * await updateJson(storage, "settings.json", SettingsSchema, {}, (s) => ({ ...s, allowlist: ["openai/gpt-5"] }));
 * ```
 */
export async function updateJson<S extends z.ZodType>(
  storage: Storage,
  key: string,
  schema: S,
  fallback: z.output<S>,
  fn: (current: z.output<S>) => z.output<S> | Promise<z.output<S>>,
): Promise<z.output<S>> {
  checkArgument("updateJson", "storage", ARG.storage, storage);
  checkArgument("updateJson", "key", ARG.string, key);
  checkArgument("updateJson", "schema", UPDATE_JSON_SCHEMA_ARG, schema);
  checkArgument("updateJson", "fn", ARG.function, fn);
  let written: z.output<S> = fallback;
  await updateText(storage, key, async (text) => {
    const current = text === undefined || text === "" ? fallback : parseStored(key, text, schema);
    written = await fn(current);
    return `${JSON.stringify(written, null, 2)}\n`;
  });
  return written;
}

function parseStored<S extends z.ZodType>(key: string, text: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError({
      code: "storage_unparsable",
      message: `Expected "${key}" in storage to hold JSON, found text that does not parse.`,
      recovery: `Restore "${key}" from its backup or fix it by hand; the registry will not overwrite it meanwhile.`,
      cause,
    });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError({
      code: "storage_invalid",
      message: `Expected "${key}" in storage to match its schema, found: ${result.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ")}.`,
      recovery: `Restore "${key}" from its backup or fix the fields named above.`,
      cause: result.error,
    });
  }
  return result.data;
}
