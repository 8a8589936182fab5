import { afterEach, describe, expect, it, vi } from "vitest";
import { cancellableSleep, createClock } from "../src/clock.js";
import { createFixedClock } from "../src/testing/fixed-clock.js";

afterEach(() => void vi.useRealTimers());

describe("cancellableSleep", () => {
  it("resolves after the delay", async () => {
    vi.useFakeTimers();
    let done = false;
    const wait = cancellableSleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
  });

  it("an abort rejects with the signal's reason and clears the timer", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const wait = cancellableSleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(wait).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an already aborted signal rejects without starting a timer", async () => {
    vi.useFakeTimers();
    const reason = new Error("gone");
    await expect(cancellableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("createClock", () => {
  it("uses the parts it is given, and the real time and cancellable sleep otherwise", async () => {
    const waits: number[] = [];
    const clock = createClock({ now: () => 42, sleep: async (ms) => void waits.push(ms) });
    await clock.sleep(5);
    expect(clock.now()).toBe(42);
    expect(waits).toEqual([5]);
    const real = createClock();
    expect(Math.abs(real.now() - Date.now())).toBeLessThan(60_000);
    await expect(real.sleep(10, AbortSignal.abort("stop"))).rejects.toBe("stop");
  });
});

describe("createFixedClock().sleep", () => {
  it("advances the virtual time instead of waiting, and rejects on abort", async () => {
    const clock = createFixedClock(1000);
    await clock.sleep(250);
    expect(clock.now()).toBe(1250);
    const controller = new AbortController();
    const wait = clock.sleep(100, controller.signal);
    controller.abort("stop");
    await expect(wait).rejects.toBe("stop");
    expect(clock.now()).toBe(1250);
  });
});
