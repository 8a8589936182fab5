/**
 * Redis storage for fleets of agents: `createRedisStorage({ client })` over a node-redis v5 client, with an atomic
 * `update()` across processes. `redis` is an optional peer dependency: install it to use this entry; nothing here
 * imports it.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createRedisStorage } from "model-provider-registry/redis";
 * const storage = createRedisStorage({ client: await createClient({ url: "redis://localhost:6379" }).connect() });
 * ```
 *
 * @module
 */
export {
  createRedisStorage,
  type RedisStorage,
  type RedisStorageClient,
  type RedisStorageOptions,
} from "./create-redis-storage.js";
