import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { REDIS_STORAGE_SCRIPTS } from "../../src/redis/create-redis-storage.js";
import { createRedisStorage } from "../../src/redis/index.js";
import { storageConformance } from "../../src/testing/storage-conformance.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

let server: RedisServer;
let client: ReturnType<typeof createClient>;
let cases = 0;
const freshPrefix = () => `test-${process.pid}-${(cases += 1)}:`;

beforeAll(async () => {
  server = await startRedisServer();
  client = await createClient({ url: server.url }).connect();
}, 30_000);

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createRedisStorage: storage conformance against a real redis-server", () => {
  for (const c of storageConformance({ create: () => createRedisStorage({ client, prefix: freshPrefix() }), requireUpdate: true })) {
    it(c.name, c.run);
  }
});

describe("createRedisStorage", () => {
  it("stores each key as <prefix><key>, a plain Redis string (default prefix model-registry:)", async () => {
    const storage = createRedisStorage({ client });
    expect(storage.keyOf("state.json")).toBe("model-registry:state.json");
    await storage.set("models.json", "{}");
    expect(await client.get("model-registry:models.json")).toBe("{}");
    await storage.delete("models.json");
    const custom = createRedisStorage({ client, prefix: "team-a:" });
    await custom.update("reviews/x.json", () => "r");
    expect(await client.get("team-a:reviews/x.json")).toBe("r");
    expect(await client.exists("team-a:reviews/x.json.lock")).toBe(0);
  });

  it("reads strings even from a client that maps bulk strings to Buffers", async () => {
    const { RESP_TYPES } = await import("redis");
    const buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const storage = createRedisStorage({ client: buffers, prefix: freshPrefix() });
    await storage.set("a", "ünï ✓");
    expect(await storage.get("a")).toBe("ünï ✓");
    expect(await storage.update("a", (v) => `${v}!`)).toBe("ünï ✓!");
  });

  it("runs fn once and makes another process's update wait for it (no lost update, no second fn run)", async () => {
    const prefix = freshPrefix();
    // Two storages with their own queues stand for two processes.
    const a = createRedisStorage({ client, prefix });
    const b = createRedisStorage({ client, prefix });
    await a.set("n", "0");
    let aRuns = 0;
    const slow = a.update("n", async (v) => {
      aRuns += 1;
      await sleep(150);
      return String(Number(v) + 1);
    });
    await sleep(20);
    const fast = b.update("n", (v) => String(Number(v) + 10));
    const plainSet = b.set("other", "x");
    await Promise.all([slow, fast, plainSet]);
    expect(aRuns).toBe(1);
    expect(await a.get("n")).toBe("11");
  });

  it("a set() waits while an update holds the key, so the update cannot overwrite it", async () => {
    const prefix = freshPrefix();
    const a = createRedisStorage({ client, prefix });
    const b = createRedisStorage({ client, prefix });
    const updating = a.update("k", async () => {
      await sleep(100);
      return "from update";
    });
    await sleep(20);
    await b.set("k", "from set");
    await updating;
    expect(await a.get("k")).toBe("from set");
  });

  it("renews its lock while fn runs longer than lockTtlMs", async () => {
    const prefix = freshPrefix();
    const a = createRedisStorage({ client, prefix, lockTtlMs: 150 });
    const b = createRedisStorage({ client, prefix, lockTtlMs: 150 });
    await a.set("n", "0");
    const slow = a.update("n", async (v) => {
      await sleep(500);
      return String(Number(v) + 1);
    });
    await sleep(20);
    await b.update("n", (v) => String(Number(v) + 1));
    await slow;
    expect(await a.get("n")).toBe("2");
  });

  it("takes over the lock of a dead holder once it expires, and fails with storage_locked while it is held", async () => {
    const prefix = freshPrefix();
    const storage = createRedisStorage({ client, prefix, lockTimeoutMs: 100 });
    await client.set(`${prefix}state.json.lock`, "token of a dead process", { PX: 5000 });
    const error = await storage.update("state.json", () => "x").catch((e: unknown) => e);
    expect(isRegistryError(error) && error.code).toBe("storage_locked");
    expect((error as Error).message).toContain(`${prefix}state.json.lock`);
    await expect(storage.set("state.json", "y")).rejects.toMatchObject({ code: "storage_locked" });
    await client.set(`${prefix}state.json.lock`, "token of a dead process", { PX: 200 });
    const patient = createRedisStorage({ client, prefix, lockTimeoutMs: 5000 });
    expect(await patient.update("state.json", () => "after expiry")).toBe("after expiry");
  });

  it("turns client errors into storage_* RegistryErrors without the value", async () => {
    const prefix = freshPrefix();
    await client.hSet(`${prefix}hash`, "f", "v");
    const storage = createRedisStorage({ client, prefix });
    const read = await storage.get("hash").catch((e: unknown) => e);
    expect(read).toMatchObject({ code: "storage_read_failed" });
    expect((read as Error).message).toContain("WRONGTYPE");
    const closed = await createClient({ url: server.url }).connect();
    await closed.close();
    const offline = createRedisStorage({ client: closed, prefix });
    const secret = "sk-test-SECRET-VALUE-123456";
    const write = await offline.set("auth.json", secret).catch((e: unknown) => e);
    expect(write).toMatchObject({ code: "storage_write_failed" });
    expect(`${(write as Error).message} ${(write as { recovery?: string }).recovery}`).not.toContain(secret);
    await expect(offline.delete("auth.json")).rejects.toMatchObject({ code: "storage_delete_failed" });
    await expect(offline.update("auth.json", () => secret)).rejects.toMatchObject({ code: "storage_lock_failed" });
  });

  it("calls its scripts by the SHA-1 the server computes, and reloads them after SCRIPT FLUSH", async () => {
    for (const script of Object.values(REDIS_STORAGE_SCRIPTS)) expect(await client.scriptLoad(script.source)).toBe(script.sha);
    await client.scriptFlush();
    const storage = createRedisStorage({ client, prefix: freshPrefix() });
    await storage.set("k", "1");
    expect(await storage.update("k", (v) => `${v}2`)).toBe("12");
    expect(await client.scriptExists(Object.values(REDIS_STORAGE_SCRIPTS).map((s) => s.sha))).toEqual([1, 1, 0, 1]) // RENEW only runs while a slow fn holds a lock;
  });

  it("rejects keys ending in .lock and bad options", () => {
    const storage = createRedisStorage({ client });
    expect(() => storage.keyOf("models.json.lock")).toThrow(expect.objectContaining({ code: "invalid_storage_key" }));
    expect(() => createRedisStorage({ client: {} as never })).toThrow(expect.objectContaining({ code: "invalid_option" }));
    expect(() => createRedisStorage({ client, lockTtlMs: 0 })).toThrow(expect.objectContaining({ code: "invalid_option" }));
  });
});
