import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  Secret,
  classifyError,
  createMemoryStorage,
  createRegistry,
  withKeyRotation,
  type Logger,
  type RegistryEventName,
  type Storage,
} from "../../src/index.js";

/**
 * Plant unique keys, drive every failure path we own, capture every string the registry produces (errors with their
 * cause chains, log lines, events, results, storage writes) and search them all for the keys.
 */
const rand = () => Math.random().toString(36).slice(2, 12);
const OWNED = `sk-canary-owned-${rand()}${rand()}`;
const ENV = `sk-canary-env-${rand()}${rand()}`;
const ACCESS = `at-canary-${rand()}${rand()}`;
const REFRESH = `rt-canary-${rand()}${rand()}`;
const CANARIES = [OWNED, ENV, ACCESS, REFRESH];

function render(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || seen.has(v)) return;
    if (typeof v === "string") {
      out.push(v);
      return;
    }
    if (v === null || typeof v !== "object") {
      out.push(String(v));
      return;
    }
    seen.add(v);
    out.push(inspect(v, { depth: 12, showHidden: false }));
    try {
      out.push(JSON.stringify(v) ?? "");
    } catch {
      // cyclic host objects: inspect above covers them
    }
    if (v instanceof Error) {
      out.push(v.message, v.stack ?? "", String(v));
      walk(v.cause, depth + 1);
    }
    for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(value, 0);
  return out;
}

function recordingStorage(): { storage: Storage; writes: Array<{ key: string; value: string }> } {
  const inner = createMemoryStorage();
  const writes: Array<{ key: string; value: string }> = [];
  return {
    writes,
    storage: {
      get: (key) => inner.get(key),
      set: async (key, value) => {
        writes.push({ key, value });
        return inner.set(key, value);
      },
      delete: (key) => inner.delete(key),
      update: (key, fn) =>
        inner.update(key, async (current) => {
          const next = await fn(current);
          if (next !== undefined) writes.push({ key, value: next });
          return next;
        }),
    },
  };
}

/** Failure shapes a provider call can produce, each echoing the key it was given in a different place. */
const FAILURES: Array<[string, (key: string) => unknown]> = [
  [
    "401 echoing the key in message, headers and body",
    (key) =>
      Object.assign(new Error(`401 Incorrect API key provided: ${key}`), {
        status: 401,
        headers: new Headers({ "x-echo": key }),
        error: { message: `bad key ${key}`, code: "invalid_api_key" },
      }),
  ],
  [
    "429 carrying the request (URL ?key= and Authorization header)",
    (key) =>
      Object.assign(new Error("429 Too Many Requests"), {
        status: 429,
        request: new Request(`https://api.example.invalid/v1/chat?key=${key}`, { headers: { authorization: `Bearer ${key}`, "x-api-key": key } }),
        options: { headers: { Authorization: `Bearer ${key}` } },
      }),
  ],
  [
    "network error with the key in the cause's URL",
    (key) => new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ECONNREFUSED https://h.invalid/v1?key=${key}`), { code: "ECONNREFUSED" }) }),
  ],
  ["bad body echoing the key (thrown plain object)", (key) => ({ status: 400, body: JSON.stringify({ error: { message: `Invalid value '${key}' for field model` } }) })],
  [
    "URL with ?key= in message and field",
    (key) => Object.assign(new Error(`GET https://generativelanguage.googleapis.com/v1beta/models?key=${key} failed`), { url: `https://generativelanguage.googleapis.com/v1beta/models?key=${key}`, status: 500 }),
  ],
  ["a string thrown with the key", (key) => `request failed for ${key}`],
  ["a deep cause chain", (key) => new Error("outer", { cause: new Error("middle", { cause: { message: `inner ${key}`, config: { apiKey: key } } }) })],
  ["a rate limit whose body quotes the key", (key) => ({ status: 429, headers: { "retry-after": "1" }, body: { error: { code: "rate_limit_exceeded", message: `key ${key} is rate limited` } } })],
  ["quota exhausted", (key) => Object.assign(new Error(`insufficient_quota for ${key}`), { status: 429, error: { code: "insufficient_quota" } })],
];

describe("security canary: no key value escapes", () => {
  it("drives every failure path and finds no canary in any captured string", async () => {
    const captured: string[] = [];
    const capture = (v: unknown) => captured.push(...render(v));
    const logs: unknown[] = [];
    const logger: Logger = {
      debug: (m, d) => logs.push(m, d),
      info: (m, d) => logs.push(m, d),
      warn: (m, d) => logs.push(m, d),
      error: (m, d) => logs.push(m, d),
    };
    const { storage, writes } = recordingStorage();
    let now = Date.parse("2026-06-01T00:00:00Z");
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: ENV, GEMINI_API_KEY: ENV }, logger, now: () => now });
    const events: unknown[] = [];
    for (const name of ["status", "credential-cooldown", "credential-disabled", "oauth-refresh", "config-change"] as RegistryEventName[]) {
      registry.on(name, (payload: unknown) => events.push({ name, payload }));
    }

    capture(await registry.setApiKey("openai", OWNED, { label: "owned" }));
    capture(await registry.setApiKey("google", OWNED, { label: "owned" }));

    for (const [label, make] of FAILURES) {
      for (const target of ["openai/gpt-4o", "google/gemini-2.5-flash"]) {
        await registry.resetCooldowns();
        const error = await registry
          .run(target, async ({ apiKey }) => {
            throw make(apiKey!);
          })
          .catch((e: unknown) => e);
        expect(error, label).toBeInstanceOf(Error);
        capture(error);
        now += 10_000;
      }
      // The same failures through the pure helpers.
      capture(await withKeyRotation([new Secret(OWNED), { key: new Secret(ENV), label: "env" }], async (key) => Promise.reject(make(key)), { onRetry: capture }).catch((e: unknown) => e));
      capture(classifyError(make(OWNED)));
    }

    // A caller abort mid-call whose reason mentions the key.
    const controller = new AbortController();
    capture(
      await registry
        .run(
          "openai/gpt-4o",
          async ({ apiKey }) => {
            controller.abort(new Error(`aborted while using ${apiKey}`));
            throw controller.signal.reason;
          },
          { signal: controller.signal },
        )
        .catch((e: unknown) => e),
    );

    // OAuth: a refresh failure that echoes both tokens, then a terminal one.
    await registry.setOAuthCredential("acme", { access: ACCESS, refresh: REFRESH, expiresAt: now - 1 });
    registry.registerOAuthProvider({
      id: "acme",
      refresh: async (c) => Promise.reject(new Error(`upstream refused ${c.refresh?.reveal()} / ${c.access.reveal()} (network hiccup)`)),
    });
    capture(await registry.run("acme/m", async () => "x").catch((e: unknown) => e));
    capture(await registry.refreshOAuthCredential("acme:oauth", { force: true }).catch((e: unknown) => e));
    const off = registry.registerOAuthProvider({
      id: "acme",
      refresh: async (c) => Promise.reject(Object.assign(new Error(`invalid_grant: ${c.refresh?.reveal()}`), { body: { error: "invalid_grant", token: c.refresh?.reveal() } })),
    });
    capture(await registry.run("acme/m", async () => "x").catch((e: unknown) => e));
    off();

    // Everything a UI would show.
    capture(await registry.listCredentials());
    for (const p of ["openai", "google", "acme"]) capture(await registry.activeCredential(p));
    capture(await registry.removeCredential("openai", "openai:env:OPENAI_API_KEY").catch((e: unknown) => e));
    const reg = registry as unknown as Record<string, unknown>;
    if (typeof reg.explain === "function") capture(await (reg.explain as (r: string) => Promise<unknown>)("openai/gpt-4o").catch((e: unknown) => e));
    if (typeof reg.getStatus === "function") capture(await (reg.getStatus as () => Promise<unknown>)().catch((e: unknown) => e));
    capture(events);
    capture(logs);

    expect(events.length).toBeGreaterThan(5);
    expect(captured.length).toBeGreaterThan(100);
    for (const text of captured) {
      for (const canary of CANARIES) {
        expect(text.includes(canary.slice(0, -4)), `leaked ${canary.slice(0, 14)}… in: ${text.slice(0, 300)}`).toBe(false);
      }
    }

    // Storage: auth.json legitimately holds the owned key and the OAuth tokens; never the env key. Everything else holds none.
    expect(writes.length).toBeGreaterThan(5);
    for (const { key, value } of writes) {
      expect(value.includes(ENV), `env key written to ${key}`).toBe(false);
      if (key === "auth.json") continue;
      for (const canary of CANARIES) expect(value.includes(canary), `${canary.slice(0, 14)}… written to ${key}`).toBe(false);
    }
  });
});
