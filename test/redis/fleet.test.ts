import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";
import { createRedisStorage } from "../../src/redis/index.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./fixtures/fleet-worker.ts", import.meta.url));
const WORKERS = Array.from({ length: 8 }, (_, i) => `agent${i + 1}`);
const PER_WORKER = 100;

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

describe("a fleet of agents on one Redis", () => {
  it(`${WORKERS.length} processes × (${PER_WORKER} update() + ${PER_WORKER} setApiKey) lose nothing`, { timeout: 180_000 }, async () => {
    const prefix = "fleet-test:";
    await Promise.all(
      WORKERS.map((id) => run(process.execPath, ["--import", "tsx", worker, server.url, prefix, id, String(PER_WORKER)], { cwd: process.cwd() })),
    );
    const client = await createClient({ url: server.url }).connect();
    try {
      const storage = createRedisStorage({ client, prefix });
      expect(await storage.get("fleet/counter")).toBe(String(WORKERS.length * PER_WORKER));
      const stored = await createRegistry({ storage, env: {} }).listCredentials("openai");
      const expected = WORKERS.flatMap((id) => Array.from({ length: PER_WORKER }, (_, i) => `openai:${id}-${i}`)).sort();
      expect(stored.map((c) => c.id).sort()).toEqual(expected);
      // No lock outlives its update.
      expect(await client.keys(`${prefix}*.lock`)).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
