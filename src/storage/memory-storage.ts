import * as z from "zod";
import { checkArgument } from "../errors/check-argument.js";
import type { Storage } from "../ports.js";

// Argument shapes checked at the entry of the public functions below (built once, not per call).
const CREATE_MEMORY_STORAGE_INITIAL_ARG = z.record(z.string(), z.string()).optional();

/**
 * In-memory {@link Storage}: the default, per registry instance. Updates run one at a time per key, so concurrent
 * `update()` calls in one process never lose a write.
 *
 * @example
 * ```ts
 * // Tests and ephemeral hosts: seed a models.json, then see what the registry makes of it.
 * const registry = createRegistry({ storage: createMemoryStorage({ "models.json": text }) });
 * for (const d of (await registry.getModelsConfig()).diagnostics) console.log(formatDiagnostic(d));
 * ```
 */
export function createMemoryStorage(initial?: Record<string, string>): Required<Storage> {
  // Nothing to check when nothing is passed (createRegistry's default storage): a first zod parse is not free.
  if (initial !== undefined) checkArgument("createMemoryStorage", "initial", CREATE_MEMORY_STORAGE_INITIAL_ARG, initial);
  const data = new Map<string, string>(initial === undefined ? undefined : Object.entries(initial));
  const queues = new Map<string, Promise<unknown>>();
  return {
    async get(key) {
      return data.get(key);
    },
    async set(key, value) {
      data.set(key, value);
    },
    async delete(key) {
      data.delete(key);
    },
    update(key, fn) {
      const previous = queues.get(key) ?? Promise.resolve();
      const next = previous.then(async () => {
        const result = await fn(data.get(key));
        if (result !== undefined) data.set(key, result);
        return result ?? data.get(key);
      });
      const settled = next.catch(() => undefined);
      queues.set(key, settled);
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return next;
    },
  };
}
