import { describe, expect, it, vi } from "vitest";
import { createClock } from "../../src/clock.js";
import { runRotation, type RotationPolicy, type RotationRetry } from "../../src/credentials/rotation-engine.js";
import { classifyError, isRateLimitClass } from "../../src/errors/classify-error.js";
import { ProviderCallError } from "../../src/errors/provider-call-error.js";
import { createMemoryStorage, createRegistry, withKeyRotation } from "../../src/index.js";
import { createFixedClock } from "../../src/testing/fixed-clock.js";

const httpError = (status: number, extra: Record<string, unknown> = {}) => Object.assign(new Error(`HTTP ${status}`), { status, ...extra });

/** A policy like withKeyRotation's: rotate on rate limits, throw the raw error otherwise. */
function basicPolicy<C>(overrides: Partial<RotationPolicy<C>> = {}): RotationPolicy<C> {
  return {
    clock: { sleep: async () => {} },
    classify: (error) => classifyError(error),
    shouldRotate: (f) => isRateLimitClass(f.classification),
    aborted: (error) => error,
    surface: (f) => f.error,
    exhausted: (last) => last.error,
    ...overrides,
  };
}

describe("runRotation", () => {
  it("an abort during a wait ends the run at once with the failure that led to the wait; no further attempt", async () => {
    const controller = new AbortController();
    const failure = httpError(503);
    let calls = 0;
    const aborted = vi.fn((error: unknown) => ({ aborted: error }));
    const run = runRotation(
      ["k1", "k2"],
      async () => {
        calls++;
        setTimeout(() => controller.abort(new Error("user cancelled")), 5);
        throw failure;
      },
      // The real cancellable sleep: a 10-minute wait that only the abort can end within the test's timeout.
      basicPolicy({ clock: createClock(), signal: controller.signal, transient: { retries: 3, delayMs: 600_000 }, aborted }),
    );
    await expect(run).rejects.toEqual({ aborted: failure });
    expect(calls).toBe(1);
    expect(aborted).toHaveBeenCalledWith(failure, "k1");
  });

  it("waits a stated Retry-After through the injected clock, not real time", async () => {
    const clock = createFixedClock(Date.parse("2061-05-04T10:00:00Z"));
    const start = clock.now();
    const events: Array<RotationRetry<string>> = [];
    let calls = 0;
    const result = await runRotation(
      ["k1"],
      async () => {
        if (calls++ === 0) throw httpError(503, { headers: { "retry-after": new Date(start + 7000).toUTCString() } });
        return "ok";
      },
      basicPolicy({ clock, classify: (e) => classifyError(e, { now: clock.now }), transient: { retries: 2 }, onRetry: (e) => events.push(e) }),
    );
    expect(result).toBe("ok");
    expect(clock.now()).toBe(start + 7000);
    expect(events).toMatchObject([{ reason: "transient", index: 0, nextIndex: 0, attempt: 1, delayMs: 7000 }]);
  });

  it("a Retry-After above 60 s is not waited in-process: the configured backoff applies", async () => {
    const clock = createFixedClock(0);
    let calls = 0;
    await runRotation(
      ["k1"],
      async () => {
        if (calls++ === 0) throw httpError(503, { headers: { "retry-after": "3600" } });
        return "ok";
      },
      basicPolicy({ clock, transient: { retries: 1, delayMs: 250 } }),
    );
    expect(clock.now()).toBe(250);
  });

  it("canRetry false surfaces the failure after recording it: no recovery, transient retry or rotation", async () => {
    const recorded: string[] = [];
    const recover = vi.fn(async () => ({ kind: "retry" as const }));
    const error = httpError(429);
    const calls: string[] = [];
    await expect(
      runRotation(
        ["k1", "k2"],
        async (key) => {
          calls.push(key);
          throw error;
        },
        basicPolicy({ canRetry: () => false, recover, transient: { retries: 2 }, onFailure: (f) => void recorded.push(f.candidate) }),
      ),
    ).rejects.toBe(error);
    expect(calls).toEqual(["k1"]);
    expect(recorded).toEqual(["k1"]);
    expect(recover).not.toHaveBeenCalled();
  });

  it("a failed prepare skips the candidate and counts as the last failure; tried counts only attempted candidates", async () => {
    const refresh = httpError(400);
    const exhausted = vi.fn((last: { error: unknown }, context: { tried: number }) => ({ last: last.error, tried: context.tried }));
    const calls: string[] = [];
    await expect(
      runRotation(
        ["k1", "k2"],
        async (key) => {
          calls.push(key);
          throw httpError(429);
        },
        basicPolicy({
          prepare: async (key) => {
            if (key === "k2") throw refresh;
          },
          exhausted,
        }),
      ),
    ).rejects.toEqual({ last: refresh, tried: 1 });
    expect(calls).toEqual(["k1"]);
  });

  it("recover may retry the same candidate once, or skip it with its own failure", async () => {
    const calls: string[] = [];
    let recovered = false;
    const result = await runRotation(
      ["k1", "k2"],
      async (key) => {
        calls.push(key);
        if (key === "k1" || !recovered) throw httpError(401);
        return key;
      },
      basicPolicy({
        recover: async (f) => {
          if (f.candidate === "k1") return { kind: "skip", error: f.error, classification: { ...f.classification, kind: "auth_expired" } };
          if (recovered) return null;
          recovered = true;
          return { kind: "retry" };
        },
      }),
    );
    expect(result).toBe("k2");
    expect(calls).toEqual(["k1", "k2", "k2"]);
  });

  it("refuses an empty candidate list with a RegistryError", async () => {
    await expect(runRotation([], async () => 1, basicPolicy())).rejects.toMatchObject({ code: "invalid_option" });
  });
});

type Outcome = "ok" | number | "quota";
interface Row {
  name: string;
  /** What each key answers, attempt after attempt (the last entry repeats). */
  script: Outcome[][];
  transientRetry?: boolean;
  /** Expected for both: keys tried in order, and the result or the kind of the thrown error. */
  calls: number[];
  outcome: { result: string } | { kind: string; status: number };
}

const rows: Row[] = [
  { name: "429 rotates to the next key", script: [[429], ["ok"]], calls: [0, 1], outcome: { result: "ok-1" } },
  { name: "quota exhausted rotates", script: [["quota"], ["ok"]], calls: [0, 1], outcome: { result: "ok-1" } },
  { name: "every key rate limited throws the last error", script: [[429], [429], [429]], calls: [0, 1, 2], outcome: { kind: "rate_limit", status: 429 } },
  { name: "400 is thrown at once", script: [[400], ["ok"]], calls: [0], outcome: { kind: "bad_request", status: 400 } },
  { name: "500 is thrown at once", script: [[500], ["ok"]], calls: [0], outcome: { kind: "server_error", status: 500 } },
  { name: "503 without transientRetry is thrown at once", script: [[503], ["ok"]], calls: [0], outcome: { kind: "overloaded", status: 503 } },
  { name: "503 with transientRetry retries the same key", script: [[503, 503, "ok"], ["ok"]], transientRetry: true, calls: [0, 0, 0], outcome: { result: "ok-0" } },
  { name: "transient retries exhausted do not rotate", script: [[503], ["ok"]], transientRetry: true, calls: [0, 0, 0], outcome: { kind: "overloaded", status: 503 } },
  { name: "a transient error after a rotation retries the new key", script: [[429], [502, "ok"]], transientRetry: true, calls: [0, 1, 1], outcome: { result: "ok-1" } },
];

const KEYS = ["sk-a-0000000000000001", "sk-b-0000000000000002", "sk-c-0000000000000003"];

function scripted(row: Row) {
  const calls: number[] = [];
  const seen = row.script.map(() => 0);
  const answer = async (index: number): Promise<string> => {
    calls.push(index);
    const script = row.script[index]!;
    const outcome = script[Math.min(seen[index]!++, script.length - 1)]!;
    if (outcome === "ok") return `ok-${index}`;
    if (outcome === "quota") throw httpError(429, { body: { error: { code: "insufficient_quota" } } });
    throw httpError(outcome);
  };
  return { calls, answer };
}

const outcomeOf = (settled: PromiseSettledResult<string>) =>
  settled.status === "fulfilled"
    ? { result: settled.value }
    : settled.reason instanceof ProviderCallError
      ? { kind: settled.reason.kind, status: settled.reason.status }
      : { kind: classifyError(settled.reason).kind, status: (settled.reason as { status: number }).status };

describe("run() and withKeyRotation agree (one engine)", () => {
  it.each(rows)("$name", async (row) => {
    const keys = KEYS.slice(0, row.script.length);
    const options = row.transientRetry ? { transientRetry: true } : {};

    const rotation = scripted(row);
    const viaRotation = await Promise.allSettled([
      withKeyRotation(keys, (_key, { index }) => rotation.answer(index), { ...options, sleep: async () => {} }),
    ]);

    const clock = createFixedClock();
    const registry = createRegistry({ storage: createMemoryStorage(), env: { OPENAI_API_KEYS: keys.join(",") }, now: clock.now, sleep: clock.sleep });
    const viaRun = scripted(row);
    const viaRegistry = await Promise.allSettled([registry.run("openai/gpt-4o", ({ apiKey }) => viaRun.answer(keys.indexOf(apiKey!)), options)]);

    expect(rotation.calls).toEqual(row.calls);
    expect(viaRun.calls).toEqual(row.calls);
    expect(outcomeOf(viaRotation[0]!)).toEqual(row.outcome);
    expect(outcomeOf(viaRegistry[0]!)).toEqual(row.outcome);
  });

  it("the deliberate difference: a rejected key (401) moves run() to the next credential, withKeyRotation throws it", async () => {
    const row: Row = { name: "401", script: [[401], ["ok"]], calls: [], outcome: { result: "" } };
    const rotation = scripted(row);
    await expect(withKeyRotation(KEYS.slice(0, 2), (_k, { index }) => rotation.answer(index))).rejects.toMatchObject({ status: 401 });
    const registry = createRegistry({ storage: createMemoryStorage(), env: { OPENAI_API_KEYS: KEYS.slice(0, 2).join(",") } });
    const viaRun = scripted(row);
    await expect(registry.run("openai/gpt-4o", ({ apiKey }) => viaRun.answer(KEYS.indexOf(apiKey!)))).resolves.toBe("ok-1");
  });

  it("run() waits a transient Retry-After through the registry's clock (createRegistry({ now, sleep }))", async () => {
    const clock = createFixedClock(Date.parse("2061-05-04T10:00:00Z"));
    const start = clock.now();
    const registry = createRegistry({ storage: createMemoryStorage(), env: { OPENAI_API_KEY: KEYS[0] }, now: clock.now, sleep: clock.sleep });
    let calls = 0;
    const result = await registry.run(
      "openai/gpt-4o",
      async () => {
        if (calls++ === 0) throw httpError(503, { headers: { "retry-after": new Date(start + 9000).toUTCString() } });
        return "ok";
      },
      { transientRetry: true },
    );
    expect(result).toBe("ok");
    expect(clock.now()).toBe(start + 9000);
  });
});
