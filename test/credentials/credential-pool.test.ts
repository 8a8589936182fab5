import { describe, expect, it } from "vitest";
import { applyFailure, coolingUntil, cooldownFor, planAttempts, poolOrder, type PoolCandidate } from "../../src/credentials/index.js";

const NOW = 1_000_000_000_000;
const c = (id: string, over: Partial<PoolCandidate> = {}): PoolCandidate => ({
  id,
  type: "apiKey",
  source: "stored",
  order: null,
  createdAt: 0,
  lastUsedAt: null,
  coolingUntil: null,
  disabled: false,
  ...over,
});
const ids = (list: PoolCandidate[]) => list.map((x) => x.id);

describe("pool order", () => {
  it("oauth > token > apiKey, then least recently used (never used first)", () => {
    const list = [
      c("key-recent", { lastUsedAt: NOW - 10 }),
      c("key-old", { lastUsedAt: NOW - 1000 }),
      c("key-never"),
      c("token", { type: "token", lastUsedAt: NOW }),
      c("oauth", { type: "oauth", lastUsedAt: NOW }),
    ];
    expect(ids(poolOrder(list))).toEqual(["oauth", "token", "key-never", "key-old", "key-recent"]);
  });

  it("explicit order beats type and recency; env keys come after stored ones in their own priority", () => {
    const list = [
      c("env:B", { source: "env" }),
      c("env:A", { source: "env" }),
      c("oauth", { type: "oauth" }),
      c("second", { order: 2 }),
      c("first", { order: 1, lastUsedAt: NOW }),
    ];
    expect(ids(poolOrder(list))).toEqual(["first", "second", "oauth", "env:B", "env:A"]);
  });

  it("credentials in cooldown go last by soonest expiry, never vanish; disabled ones are skipped", () => {
    const list = [
      c("a", { coolingUntil: NOW + 5000 }),
      c("b", { coolingUntil: NOW + 1000 }),
      c("c"),
      c("d", { disabled: true }),
      c("e", { coolingUntil: NOW - 1 }),
    ];
    const plan = planAttempts(list, { now: NOW });
    expect(ids(plan.attempts)).toEqual(["c", "e", "b", "a"]);
    expect(ids(plan.skipped)).toEqual(["d"]);
  });

  it("round_robin starts with the least recently used credential regardless of type", () => {
    const list = [c("oauth", { type: "oauth", lastUsedAt: NOW }), c("k1", { lastUsedAt: NOW - 50 }), c("k2", { lastUsedAt: NOW - 100 })];
    expect(ids(planAttempts(list, { strategy: "round_robin", now: NOW }).attempts)).toEqual(["k2", "k1", "oauth"]);
  });

  it("sticky maps a session to the same credential whatever the usage history, and spreads sessions", () => {
    const base = [c("k1", { createdAt: 1 }), c("k2", { createdAt: 2 }), c("k3", { createdAt: 3 })];
    const firstFor = (session: string, lastUsed: Array<number | null>) =>
      planAttempts(
        base.map((x, i) => ({ ...x, lastUsedAt: lastUsed[i] ?? null })),
        { strategy: "sticky", sessionId: session, now: NOW },
      ).attempts[0]!.id;
    const picks = new Set<string>();
    for (let s = 0; s < 30; s++) {
      const session = `session-${s}`;
      const a = firstFor(session, [null, null, null]);
      expect(firstFor(session, [NOW, NOW - 5, NOW - 9])).toBe(a);
      expect(firstFor(session, [NOW - 9, NOW, NOW - 5])).toBe(a);
      picks.add(a);
    }
    expect(picks.size).toBe(3);
  });

  it("sticky falls over to the next credential while the mapped one cools down", () => {
    const base = [c("k1"), c("k2"), c("k3")];
    const first = planAttempts(base, { strategy: "sticky", sessionId: "s", now: NOW }).attempts[0]!.id;
    const cooled = base.map((x) => (x.id === first ? { ...x, coolingUntil: NOW + 1000 } : x));
    const plan = planAttempts(cooled, { strategy: "sticky", sessionId: "s", now: NOW });
    expect(plan.attempts[0]!.id).not.toBe(first);
    expect(plan.attempts.at(-1)!.id).toBe(first);
  });
});

describe("cooldowns", () => {
  const rate = { kind: "rate_limit" as const, scope: "model" as const };
  const billing = { kind: "billing" as const, scope: "credential" as const };

  it.each([
    [1, 60_000],
    [2, 300_000],
    [3, 1_500_000],
    [4, 3_600_000],
    [9, 3_600_000],
  ])("rate limit failure #%i cools down for %i ms", (count, ms) => {
    expect(cooldownFor(rate, count)).toEqual({ ms, backoff: "generic" });
  });

  it.each([
    [1, 5 * 3_600_000],
    [2, 10 * 3_600_000],
    [3, 20 * 3_600_000],
    [4, 24 * 3_600_000],
  ])("billing failure #%i cools down for %i ms", (count, ms) => {
    expect(cooldownFor(billing, count)).toEqual({ ms, backoff: "billing" });
    expect(cooldownFor({ kind: "quota_exhausted" }, count)).toEqual({ ms, backoff: "billing" });
  });

  it("a stated retry-after wins over the table", () => {
    expect(cooldownFor({ ...rate, retryAfterMs: 12_000 }, 3)).toEqual({ ms: 12_000, backoff: "generic" });
  });

  it.each(["auth_invalid", "overloaded", "timeout", "bad_request", "model_not_found"] as const)("%s does not cool down", (kind) => {
    expect(cooldownFor({ kind }, 1)).toBeNull();
  });

  it("escalates while active, resets after expiry, and scopes by model", () => {
    let state = applyFailure(undefined, { providerId: "openai", model: "gpt-4o", classification: rate, now: NOW }).state;
    expect(coolingUntil(state, "gpt-4o", NOW)).toBe(NOW + 60_000);
    expect(coolingUntil(state, "gpt-4o-mini", NOW)).toBeNull();
    state = applyFailure(state, { providerId: "openai", model: "gpt-4o", classification: rate, now: NOW + 1000 }).state;
    expect(state.entries[0]).toMatchObject({ count: 2, until: NOW + 1000 + 300_000 });
    // After the cooldown expires, the next failure starts again at 1 minute.
    const later = NOW + 1000 + 300_000 + 1;
    expect(coolingUntil(state, "gpt-4o", later)).toBeNull();
    state = applyFailure(state, { providerId: "openai", model: "gpt-4o", classification: rate, now: later }).state;
    expect(state.entries).toEqual([expect.objectContaining({ count: 1, until: later + 60_000 })]);
    // A credential-scoped billing cooldown applies to every model.
    state = applyFailure(state, { providerId: "openai", model: "gpt-4o", classification: billing, now: later }).state;
    expect(coolingUntil(state, "gpt-4o-mini", later)).toBe(later + 5 * 3_600_000);
  });
});
