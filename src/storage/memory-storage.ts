import type { Storage } from "../ports.js";

/**
 * In-memory {@link Storage}: the default, per registry instance. Updates run one at a time per key, so concurrent
 * `update()` calls in one process never lose a write.
 *
 * @example
 * ```ts
 * const storage = createMemoryStorage({ "models.json": "{ providers: {} }" });
 * await storage.get("models.json");
 * ```
 */
export function createMemoryStorage(initial: Record<string, string> = {}): Required<Storage> {
  const data = new Map<string, string>(Object.entries(initial));
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
