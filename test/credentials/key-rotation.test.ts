import { describe, expect, it, vi } from "vitest";
import { Secret, isRegistryError, withKeyRotation, type RetryEvent } from "../../src/index.js";

const httpError = (status: number, message = `HTTP ${status}`) => Object.assign(new Error(message), { status });
const noSleep = async () => {};

describe("withKeyRotation", () => {
  it("429 rotates to the next key without a same-key retry", async () => {
    const seen: string[] = [];
    const result = await withKeyRotation(["k1", "k2", "k3"], async (key) => {
      seen.push(key);
      if (key !== "k3") throw httpError(429);
      return "ok";
    });
    expect(result).toBe("ok");
    expect(seen).toEqual(["k1", "k2", "k3"]);
  });

  it.each([
    ["quota exhausted", { status: 429, body: { error: { code: "insufficient_quota" } } }],
    ["resource exhausted", { status: 429, body: { error: { status: "RESOURCE_EXHAUSTED" } } }],
    ["rate_limit text", new Error("rate_limit: slow down")],
  ])("rotates on %s", async (_label, error) => {
    const seen: string[] = [];
    await withKeyRotation(["a", "b"], async (key) => {
      seen.push(key);
      if (key === "a") throw error;
      return 1;
    });
    expect(seen).toEqual(["a", "b"]);
  });

  it.each([400, 401, 403, 404, 500, 502, 503, 504])("status %i is thrown at once without rotation", async (status) => {
    const seen: string[] = [];
    const error = httpError(status);
    await expect(
      withKeyRotation(["a", "b"], async (key) => {
        seen.push(key);
        throw error;
      }),
    ).rejects.toBe(error);
    expect(seen).toEqual(["a"]);
  });

  it("throws the last error when every key is rate limited", async () => {
    const errors = [httpError(429, "first"), httpError(429, "second")];
    await expect(withKeyRotation(["a", "b"], async (_k, { index }) => Promise.reject(errors[index]))).rejects.toBe(errors[1]);
  });

  it("500/502/503/504 and ECONNRESET are retried on the same key only with transientRetry", async () => {
    for (const error of [httpError(500), httpError(502), httpError(503), httpError(504), Object.assign(new Error("reset"), { code: "ECONNRESET" })]) {
      const seen: string[] = [];
      const result = await withKeyRotation(
        ["a", "b"],
        async (key) => {
          seen.push(key);
          if (seen.length === 1) throw error;
          return "ok";
        },
        { transientRetry: true, sleep: noSleep },
      );
      expect(result).toBe("ok");
      expect(seen).toEqual(["a", "a"]);
    }
  });

  it("an HTTP-date Retry-After is measured against the `now` option, not the real clock", async () => {
    const clock = Date.parse("2061-05-04T10:00:00Z");
    const waits: number[] = [];
    let calls = 0;
    const result = await withKeyRotation(
      ["a"],
      async () => {
        if (calls++ === 0) throw Object.assign(new Error("503"), { status: 503, headers: { "retry-after": new Date(clock + 3000).toUTCString() } });
        return "ok";
      },
      { transientRetry: true, now: () => clock, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe("ok");
    expect(waits).toEqual([3000]);
  });

  it("no rotation after transient retries are exhausted", async () => {
    const seen: string[] = [];
    const error = httpError(503);
    await expect(
      withKeyRotation(
        ["a", "b"],
        async (key) => {
          seen.push(key);
          throw error;
        },
        { transientRetry: { retries: 2 }, sleep: noSleep },
      ),
    ).rejects.toBe(error);
    expect(seen).toEqual(["a", "a", "a"]);
  });

  it("a timeout-named AbortError is transient, a caller abort is never retried", async () => {
    const timeout = new DOMException("The operation timed out.", "TimeoutError");
    const seen: number[] = [];
    await withKeyRotation(
      ["a"],
      async () => {
        seen.push(1);
        if (seen.length === 1) throw timeout;
        return 1;
      },
      { transientRetry: true, sleep: noSleep },
    );
    expect(seen).toHaveLength(2);

    const controller = new AbortController();
    const calls: string[] = [];
    const abort = new DOMException("This operation was aborted", "AbortError");
    await expect(
      withKeyRotation(
        ["a", "b"],
        async (key) => {
          calls.push(key);
          controller.abort();
          throw httpError(429);
        },
        { signal: controller.signal, transientRetry: true, sleep: noSleep },
      ),
    ).rejects.toMatchObject({ status: 429 });
    expect(calls).toEqual(["a"]);
    await expect(withKeyRotation(["a", "b"], async () => Promise.reject(abort), { transientRetry: true, sleep: noSleep })).rejects.toBe(abort);
  });

  it("callbacks get index and label, never the key", async () => {
    const events: RetryEvent[] = [];
    await withKeyRotation(
      [new Secret("sk-secret-one-123456"), { key: new Secret("sk-secret-two-123456"), label: "backup" }],
      async (key) => {
        if (key.includes("one")) throw httpError(429);
        return 1;
      },
      { onRetry: (e) => events.push(e) },
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ index: 0, nextIndex: 1, reason: "rotate" });
    expect(JSON.stringify(events)).not.toContain("secret-one");
  });

  it("shouldRotate receives the classification and the key info only", async () => {
    const shouldRotate = vi.fn(() => true);
    await withKeyRotation(["a", "b"], async (k) => (k === "a" ? Promise.reject(httpError(400)) : 1), { shouldRotate });
    expect(shouldRotate).toHaveBeenCalledWith(expect.objectContaining({ kind: "bad_request" }), { index: 0 });
  });

  it("deduplicates keys and refuses an empty list", async () => {
    const seen: string[] = [];
    await expect(
      withKeyRotation(["a", " a ", new Secret("a"), ""], async (k) => {
        seen.push(k);
        throw httpError(429);
      }),
    ).rejects.toMatchObject({ status: 429 });
    expect(seen).toEqual(["a"]);
    const error = await withKeyRotation([], async () => 1).catch((e: unknown) => e);
    expect(isRegistryError(error)).toBe(true);
  });

  it("an error echoing the key is thrown as a scrubbed copy that still classifies", async () => {
    const key = "sk-live-ECHO-0123456789abcdef";
    const error = await withKeyRotation([key], async () => Promise.reject(Object.assign(new Error(`Invalid key ${key}`), { status: 401 }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain("ECHO");
    expect(String((error as Error).stack)).not.toContain("ECHO");
    expect((error as { status: number }).status).toBe(401);
  });
});
