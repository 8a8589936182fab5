import { delay } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../src/credentials/stable-hash.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createMswServer, fixture, http, HttpResponse } from "../discovery/fixture-server.js";

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse("2026-11-21T08:00:00Z");
const GOOD = "sk-good-000000000000";
const DEAD = "sk-dead-111111111111";

/** OpenAI's listing: 200 for GOOD, 401 (or `deadStatus`) for anything else; records the keys it was sent. */
function openai(seen: string[], deadStatus = 401) {
  return http.get("https://api.openai.com/v1/models", ({ request }) => {
    const key = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    seen.push(key);
    if (key === GOOD) return HttpResponse.json(fixture("openai-models.json"));
    return deadStatus === 403
      ? HttpResponse.json({ error: { message: "You have insufficient permissions for this operation. Missing scopes: api.model.read", type: "invalid_request_error" } }, { status: 403 })
      : HttpResponse.json({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }, { status: 401 });
  });
}

function setup(env: Record<string, string>, files: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  const registry = createRegistry({ storage, env, now: () => NOW, timeoutMs: 2000 });
  return { storage, registry };
}

const state = async (storage: ReturnType<typeof createMemoryStorage>) => JSON.parse((await storage.get("state.json")) ?? "{}");

describe("check() with a rotation list whose first key is dead", () => {
  it("disables the dead key like run() does, probes the next one, and reports healthy naming the rejected key", async () => {
    const seen: string[] = [];
    server.use(openai(seen));
    const { registry, storage } = setup({ OPENAI_API_KEYS: `${DEAD},${GOOD}` });
    const disabled: string[] = [];
    registry.on("credential-disabled", (e) => disabled.push(e.credentialId));

    const [result] = await registry.check("openai");
    expect(seen).toEqual([DEAD, GOOD]);
    expect(result).toMatchObject({ providerId: "openai", outcome: "ok", authenticated: true, modelCount: 4, rejectedCredentials: ["OPENAI_API_KEYS (key 1 of 2)"] });
    expect(disabled).toEqual(["openai:env:OPENAI_API_KEYS"]);

    // The same disable mark run() records: credential id + fingerprint of the value, never the value.
    const saved = await state(storage);
    expect(saved.cooldowns["openai:env:OPENAI_API_KEYS"]).toMatchObject({ providerId: "openai", disabled: { reason: "auth_invalid", fingerprint: fingerprint(DEAD) } });
    expect(saved.cooldowns["openai:env:OPENAI_API_KEYS[1]"]?.disabled ?? null).toBeNull();
    expect(saved.probes.openai).toMatchObject({ outcome: "ok", credentialId: "openai:env:OPENAI_API_KEYS[1]" });
    const text = (await storage.get("state.json")) ?? "";
    expect(text).not.toContain(DEAD);
    expect(text).not.toContain(GOOD);

    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "healthy", rule: 6, credentialSource: "OPENAI_API_KEYS", lastCheck: { outcome: "ok", authenticated: true } });
    const rejected = report!.problems.find((p) => p.code === "key_rejected");
    expect(rejected).toMatchObject({ severity: "warning" });
    expect(rejected!.message).toContain("OPENAI_API_KEYS (key 1 of 2)");
    expect(rejected!.message).toContain("OPENAI_API_KEYS (key 2 of 2) is used instead");
    expect(rejected!.recovery).toContain('registry.resetCooldowns("openai")');
    expect(JSON.stringify(report)).not.toContain(DEAD);

    // run() now starts with the key the check found working.
    const used: Array<string | null> = [];
    await registry.run("openai", async (c) => {
      used.push(c.apiKey);
      return "ok";
    });
    expect(used).toEqual([GOOD]);

    // A second check does not probe the dead key again.
    seen.length = 0;
    await registry.check("openai");
    expect(seen).toEqual([GOOD]);
  });

  it("every key rejected → broken_invalid, the problem names every rejected key by variable", async () => {
    const seen: string[] = [];
    server.use(openai(seen));
    const { registry, storage } = setup({ OPENAI_API_KEYS: `${DEAD},sk-dead-222222222222` });
    const [result] = await registry.check("openai");
    expect(seen).toEqual([DEAD, "sk-dead-222222222222"]);
    expect(result).toMatchObject({ outcome: "error", errorKind: "auth_invalid", rejectedCredentials: ["OPENAI_API_KEYS (key 1 of 2)", "OPENAI_API_KEYS (key 2 of 2)"] });
    const cooldowns = (await state(storage)).cooldowns;
    expect(Object.keys(cooldowns).sort()).toEqual(["openai:env:OPENAI_API_KEYS", "openai:env:OPENAI_API_KEYS[1]"]);
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "broken_invalid", lastCheck: { outcome: "error", errorKind: "auth_invalid" } });
    const invalid = report!.problems.find((p) => p.code === "key_invalid")!;
    expect(invalid.message).toBe("OpenAI rejected every key it was given: OPENAI_API_KEYS (key 1 of 2), OPENAI_API_KEYS (key 2 of 2).");
    expect(report!.problems.map((p) => p.code)).not.toContain("key_rejected");
  });

  it("a 403 is not a dead key: it is not disabled and the next key is not tried", async () => {
    const seen: string[] = [];
    server.use(openai(seen, 403));
    const { registry, storage } = setup({ OPENAI_API_KEYS: `${DEAD},${GOOD}` });
    const [result] = await registry.check("openai");
    expect(seen).toEqual([DEAD]);
    expect(result).toMatchObject({ outcome: "error", rejectedCredentials: [] });
    expect((await state(storage)).cooldowns ?? {}).toEqual({});
    const used: Array<string | null> = [];
    await registry.run("openai", async (c) => (used.push(c.apiKey), "ok"));
    expect(used).toEqual([DEAD]);
  });

  it("probes at most 5 keys per provider per check", async () => {
    const seen: string[] = [];
    server.use(openai(seen));
    const keys = Array.from({ length: 7 }, (_, i) => `sk-dead-${String(i).repeat(12)}`);
    const { registry, storage } = setup({ OPENAI_API_KEYS: keys.join(",") });
    const [result] = await registry.check("openai");
    expect(seen).toEqual(keys.slice(0, 5));
    expect(result?.rejectedCredentials).toHaveLength(5);
    expect(Object.keys((await state(storage)).cooldowns)).toHaveLength(5);
    // The sixth key is next: unverified, with the five rejected ones named.
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "env" });
    expect(report!.problems.find((p) => p.code === "key_rejected")!.message).toContain("OPENAI_API_KEYS (key 5 of 7)");
    // The next check carries on with the remaining keys.
    seen.length = 0;
    await registry.check("openai");
    expect(seen).toEqual(keys.slice(5));
  });

  it("all keys share one timeout budget: the next key gets only what the first left", async () => {
    server.use(
      http.get("https://api.openai.com/v1/models", async ({ request }) => {
        if (request.headers.get("authorization") === `Bearer ${DEAD}`) {
          await delay(300);
          return HttpResponse.json({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }, { status: 401 });
        }
        return new Promise<Response>(() => {});
      }),
    );
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { OPENAI_API_KEYS: `${DEAD},${GOOD}` }, now: () => NOW, timeoutMs: 1500 });
    const [result] = await registry.check("openai");
    expect(result).toMatchObject({ outcome: "error", errorKind: "timeout", rejectedCredentials: ["OPENAI_API_KEYS (key 1 of 2)"] });
    const budget = Number(/within (\d+) ms/.exec(result?.message ?? "")?.[1]);
    expect(budget).toBeGreaterThan(0);
    expect(budget).toBeLessThanOrEqual(1500 - 300);
  });

  it("a rejected saved key is named by its credential id, and the env key takes over", async () => {
    const seen: string[] = [];
    server.use(openai(seen));
    const auth = JSON.stringify({ version: 1, credentials: [{ id: "openai:work", providerId: "openai", label: "work", type: "apiKey", key: DEAD, order: null, createdAt: 1, updatedAt: 1 }] });
    const { registry, storage } = setup({ OPENAI_API_KEY: GOOD }, { "auth.json": auth });
    const [result] = await registry.check("openai");
    expect(seen).toEqual([DEAD, GOOD]);
    expect(result).toMatchObject({ outcome: "ok", credentialSource: "OPENAI_API_KEY", rejectedCredentials: ['saved key "openai:work"'] });
    expect((await state(storage)).cooldowns["openai:work"]).toMatchObject({ disabled: { reason: "auth_invalid", fingerprint: fingerprint(DEAD) } });
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "healthy", credentialSource: "OPENAI_API_KEY" });
    expect(report!.problems.find((p) => p.code === "key_rejected")!.message).toContain('saved key "openai:work"');
  });

  it("a key that was disabled but is accepted again by an authenticated probe is re-enabled, so run() agrees", async () => {
    let accept = false;
    server.use(
      http.get("https://api.openai.com/v1/models", () =>
        accept ? HttpResponse.json(fixture("openai-models.json")) : HttpResponse.json({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }, { status: 401 })),
    );
    const { registry, storage } = setup({ OPENAI_API_KEY: GOOD });
    await registry.check("openai");
    expect((await registry.getStatus({ providers: ["openai"] }))[0]).toMatchObject({ status: "broken_invalid" });
    expect((await state(storage)).cooldowns["openai:env:OPENAI_API_KEY"]?.disabled).not.toBeNull();
    accept = true;
    await registry.check("openai");
    expect((await state(storage)).cooldowns["openai:env:OPENAI_API_KEY"]).toBeUndefined();
    expect((await registry.getStatus({ providers: ["openai"] }))[0]).toMatchObject({ status: "healthy" });
    expect(await registry.run("openai", async (c) => c.apiKey)).toBe(GOOD);
  });
});
