import * as z from "zod";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";
import { parseJsonDocument } from "./damaged-document.js";

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
 * Read a JSON document from storage and validate it, without failing on damage: an absent key yields `fallback`;
 * a document that does not parse or fails `schema` yields `fallback` plus `damage` (the error a write to it refuses
 * with). Readers that must go on (listings, status, checks) use this and report `damage`; a leading BOM is not
 * damage.
 *
 * @example
 * ```ts
 * const { value, damage } = await readJsonDocument(storage, "settings.json", SettingsFileSchema, {});
 * if (damage) warnDamagedDocument(storage, logger, "settings.json", damage);
 * ```
 */
export async function readJsonDocument<S extends z.ZodType>(
  storage: Storage,
  key: string,
  schema: S,
  fallback: z.output<S>,
): Promise<{ value: z.output<S>; damage: ConfigError | null }> {
  return parseJsonDocument(key, await storage.get(key), schema, fallback);
}

/**
 * Read a JSON document from storage and validate it. An absent key yields `fallback`. A present but unreadable
 * document throws a {@link ConfigError} (`storage_unparsable` / `storage_invalid`, naming the file and the recovery)
 * rather than returning the fallback: for callers about to write, treating a corrupt file as empty is how user data
 * gets overwritten. Readers that must go on use {@link readJsonDocument}.
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
  const { value, damage } = await readJsonDocument(storage, key, schema, fallback);
  if (damage) throw damage;
  return value;
}

/**
 * Atomically read, change and write a JSON document. `fn` gets the validated current value (or `fallback`) and
 * returns the new value. Refuses to write (throws the damage {@link ConfigError}, file left byte-identical) when the
 * stored document does not parse or fails `schema`.
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
  let written: z.output<S> = fallback;
  await updateText(storage, key, async (text) => {
    const { value, damage } = parseJsonDocument(key, text, schema, fallback);
    if (damage) throw damage;
    written = await fn(value);
    return `${JSON.stringify(written, null, 2)}\n`;
  });
  return written;
}
