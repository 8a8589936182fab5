import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

// Issue 9 item 8, follow-up: a state.json whose section another area owns (here `probes`) fails its schema is
// damaged as a whole. The credentials area (usage and cooldowns after run(), the OAuth refresh mark) and
// local.remove() must not rewrite it around the damaged section: the bytes stay identical, the call itself works,
// and the host's logger gets one warning.

const T0 = Date.parse("2026-11-21T08:00:00Z");
/** Parses, and its credential sections are fine; only `probes` fails its schema. */
const DAMAGED = `${JSON.stringify({ probes: { openai: 42 }, usage: {}, cooldowns: {} }, null, 2)}\n`;

function setup(files: Record<string, string>, env: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (m: string, d?: Record<string, unknown>) => void warnings.push(`${m} ${JSON.stringify(d)}`) };
  const registry = createRegistry({ storage, env, logger, now: () => T0, timeoutMs: 2000 });
  return { storage, registry, warnings };
}

describe("state.json with a damaged section another area owns is never written over", () => {
  it("run() that succeeds records nothing and still returns", async () => {
    const { storage, registry, warnings } = setup({ "state.json": DAMAGED }, { OPENAI_API_KEY: "sk-test-0000000000000000" });
    expect(await registry.run("openai/gpt-4o", async () => "answer")).toBe("answer");
    expect(await storage.get("state.json")).toBe(DAMAGED);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("state.json");
  });

  it("run() that fails (rate limit: would start a cooldown) records nothing and throws the call's error", async () => {
    const { storage, registry, warnings } = setup({ "state.json": DAMAGED }, { OPENAI_API_KEY: "sk-test-0000000000000000" });
    const error = await registry
      .run("openai/gpt-4o", async () => Promise.reject(Object.assign(new Error("rate limited"), { status: 429, body: { error: { message: "Rate limit reached" } } })))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ProviderCallError", kind: "rate_limit" });
    expect(await storage.get("state.json")).toBe(DAMAGED);
    expect(warnings).toHaveLength(1);
  });

  it("an OAuth refresh rotates the tokens in auth.json and leaves state.json alone", async () => {
    const { storage, registry, warnings } = setup({});
    registry.registerOAuthProvider({ id: "acme", refresh: async () => ({ access: "at-1", refresh: "rt-1", expiresAt: T0 + 3_600_000 }) });
    const stored = await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 + 60_000 });
    await storage.set("state.json", DAMAGED);
    await registry.refreshOAuthCredential(stored.id, { force: true });
    const auth = JSON.parse((await storage.get("auth.json"))!) as { credentials: Array<{ access: string }> };
    expect(auth.credentials[0]).toMatchObject({ access: "at-1" });
    expect(await storage.get("state.json")).toBe(DAMAGED);
    expect(warnings).toHaveLength(1);
    expect(warnings.join("\n")).not.toMatch(/at-0|at-1|rt-0|rt-1/);
  });

  it.each([
    ["probes (a section it writes)", DAMAGED],
    ["statuses (a section it does not write)", `${JSON.stringify({ probes: { box: { at: T0, outcome: "ok", errorKind: null, modelCount: 1, durationMs: 1, authenticated: false, credentialSource: "local" } }, statuses: { box: 7 } })}\n`],
  ])("local.remove() with damaged %s removes the provider from models.json and leaves state.json alone", async (_label, damaged) => {
    const modelsJson = JSON.stringify({ providers: { box: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", models: [{ id: "m" }] } } });
    const { storage, registry, warnings } = setup({ "state.json": damaged, "models.json": modelsJson });
    await registry.local.remove("box");
    expect(JSON.parse((await storage.get("models.json"))!)).toEqual({ providers: {} });
    expect(await storage.get("state.json")).toBe(damaged);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("state.json");
  });
});
