/**
 * Benchmark: `createRedisStorage().update()` throughput against raw `INCR` on the same redis-server, same client.
 *
 * Both increment one counter, one operation in flight at a time (the way one agent's registry updates a key): INCR is
 * one round trip done by the server; update() is two (lock + read, then write + unlock, each one Lua script) plus the
 * callback in JS. Rounds alternate and the medians are compared. Target: update() ≥ 0.3× INCR.
 *
 * Starts its own redis-server on a free loopback port (Debian's redis-server must be installed), or uses REDIS_URL.
 *
 * Run: `node --import tsx bench/redis.ts`
 */
import { performance } from "node:perf_hooks";
import { emitRows, row, wantsJson } from "./bench-report.js";
import { createClient } from "redis";
import { createRedisStorage } from "../src/redis/index.js";
import { startRedisServer } from "../test/redis/redis-server.js";

const OPS = 2000;
const ROUNDS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const server = process.env.REDIS_URL ? undefined : await startRedisServer();
const client = await createClient({ url: process.env.REDIS_URL ?? server!.url }).connect();
try {
  const prefix = `bench-${process.pid}:`;
  const storage = createRedisStorage({ client, prefix });
  const incrKey = `${prefix}incr`;

  const incr = async () => {
    const start = performance.now();
    for (let i = 0; i < OPS; i++) await client.incr(incrKey);
    return OPS / ((performance.now() - start) / 1000);
  };
  const update = async () => {
    const start = performance.now();
    for (let i = 0; i < OPS; i++) await storage.update("counter", (current) => String(Number(current ?? "0") + 1));
    return OPS / ((performance.now() - start) / 1000);
  };

  await incr();
  await update(); // warm-up: scripts cached, JIT warm
  const incrRates: number[] = [];
  const updateRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    incrRates.push(await incr());
    updateRates.push(await update());
  }
  const expected = String((ROUNDS + 1) * OPS);
  const counter = await storage.get("counter");
  if (counter !== expected) throw new Error(`update() lost increments: counter ${counter}, expected ${expected}`);

  const ratio = median(updateRates) / median(incrRates);
  emitRows("redis", [
    row({ figure: "update() throughput (one key, 1 in flight)", unit: "ops/s", value: Math.round(median(updateRates)), baseline: Math.round(median(incrRates)), baselineLabel: "raw INCR", target: ">= 0.3x", ok: ratio >= 0.3 }),
  ]);
  if (!wantsJson()) console.table([
    { figure: "raw INCR (ops/s)", value: Math.round(median(incrRates)), baseline: "—" },
    { figure: "update() (ops/s)", value: Math.round(median(updateRates)), baseline: "INCR" },
    { figure: "update() / INCR", value: Number(ratio.toFixed(2)), baseline: "target ≥ 0.3×" },
  ]);
  if (!wantsJson()) console.log(`redis update() throughput: ${ratio.toFixed(2)}× raw INCR (target ≥ 0.3×) ${ratio >= 0.3 ? "met" : "NOT met"}`);
  await client.del(await client.keys(`${prefix}*`));
} finally {
  await client.close();
  await server?.stop();
}
