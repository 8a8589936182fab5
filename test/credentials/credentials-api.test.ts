import { describe, expect, it } from "vitest";
import {
  ProviderCallError,
  createMemoryStorage,
  createRegistry,
  isRegistryError,
  type RegistryEventMap,
  type RunAttemptContext,
} from "../../src/index.js";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const rateLimited = (retryAfter?: string) =>
  Object.assign(new Error("429 Rate limit reached"), { status: 429, headers: retryAfter ? { "retry-after": retryAfter } : {}, error: { code: "rate_limit_exceeded" } });
const invalidKey = () => Object.assign(new Error("401 Incorrect API key provided"), { status: 401, error: { code: "invalid_api_key" } });

function setup(env: Record<string, string> = {}, initial: Record<string, string> = {}) {
  let now = T0;
  const storage = createMemoryStorage(initial);
  const registry = createRegistry({ storage, env, now: () => now });
  const events: Array<{ name: string; payload: unknown }> = [];
  registry.on("credential-cooldown", (p: RegistryEventMap["credential-cooldown"]) => events.push({ name: "credential-cooldown", payload: p }));
  registry.on("credential-disabled", (p: RegistryEventMap["credential-disabled"]) => events.push({ name: "credential-disabled", payload: p }));
  return { registry, storage, events, advance: (ms: number) => (now += ms), at: () => now };
}

describe("stored credentials", () => {
  it("stores keys with labels, lists them masked with env keys, replaces by label, removes", async () => {
    const { registry, storage } = setup({ OPENAI_API_KEY: "sk-env-value-0000001111" });
    const first = await registry.setApiKey("openai", "sk-stored-value-aaaa1234", { label: "Work" });
    expect(first).toMatchObject({ id: "openai:work", providerId: "openai", type: "apiKey", source: "stored", label: "Work", masked: "…1234", removable: true, status: { kind: "active" } });
    await registry.setApiKey("openai", "sk-stored-value-bbbb5678", { label: "backup", order: 1 });
    await registry.setApiKey("openai", "sk-stored-value-cccc9999", { label: "work" });
    const list = await registry.listCredentials("openai");
    expect(list.map((c) => [c.id, c.source, c.masked])).toEqual([
      ["openai:work", "stored", "…9999"],
      ["openai:backup", "stored", "…5678"],
      ["openai:env:OPENAI_API_KEY", "env:OPENAI_API_KEY", "…1111"],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/stored-value|env-value/);
    const auth = JSON.parse((await storage.get("auth.json"))!) as { version: number; credentials: unknown[] };
    expect(auth.version).toBe(1);
    expect(auth.credentials).toHaveLength(2);
    expect(await storage.get("auth.json")).not.toContain("sk-env-value");

    const envRemove = await registry.removeCredential("openai", "openai:env:OPENAI_API_KEY").catch((e: unknown) => e);
    expect(isRegistryError(envRemove) && envRemove.code).toBe("credential_from_env");
    expect(String((envRemove as Error).message)).not.toContain("sk-env");
    expect(await registry.removeCredential("openai", "openai:backup")).toEqual({ removed: ["openai:backup"] });
    expect(await registry.removeCredential("openai")).toEqual({ removed: ["openai:work"] });
    expect((await registry.listCredentials("openai")).map((c) => c.id)).toEqual(["openai:env:OPENAI_API_KEY"]);
  });

  it("refuses empty keys and env-variable names pasted as keys", async () => {
    const { registry } = setup();
    for (const bad of ["", "  ", "undefined", "${OPENAI_API_KEY}", "OPENAI_API_KEY", "two words"]) {
      const error = await registry.setApiKey("openai", bad).catch((e: unknown) => e);
      expect(isRegistryError(error), bad).toBe(true);
    }
  });

  it("never overwrites a damaged auth.json, and names fields, not values", async () => {
    const damaged = '{ "version": 1, "credentials": [ { "id": "openai:x", "type": "apiKey", "key": "sk-do-not-echo-123456" } ] }';
    const { registry, storage } = setup({}, { "auth.json": damaged });
    const error = await registry.setApiKey("openai", "sk-new-key-0000000000001").catch((e: unknown) => e);
    expect(isRegistryError(error) && error.code).toBe("storage_invalid");
    expect((error as Error).message).toContain("credentials.0");
    expect((error as Error).message).not.toContain("sk-do-not-echo");
    expect(await storage.get("auth.json")).toBe(damaged);
    const notJson = setup({}, { "auth.json": "{ broken" });
    await expect(notJson.registry.setApiKey("openai", "sk-new-key-0000000000001")).rejects.toMatchObject({ code: "storage_unparsable" });
    expect(await notJson.storage.get("auth.json")).toBe("{ broken");
  });

  it("lists env-backed keys of every provider when no provider is given", async () => {
    const { registry } = setup({ GEMINI_API_KEYS: "g-key-one-000000001,g-key-two-000000002", GROQ_API_KEY: "gsk-0000000000000001" });
    const ids = (await registry.listCredentials()).map((c) => `${c.id}=${c.source}`);
    expect(ids).toEqual(expect.arrayContaining(["google:env:GEMINI_API_KEYS=env:GEMINI_API_KEYS", "google:env:GEMINI_API_KEYS[1]=env:GEMINI_API_KEYS", "groq:env:GROQ_API_KEY=env:GROQ_API_KEY"]));
  });
});

describe("run()", () => {
  it("passes the key, catalog base URL and credential id; stored profiles before env keys", async () => {
    const { registry } = setup({ OPENAI_API_KEY: "sk-env-key-000000000001" });
    await registry.setApiKey("openai", "sk-stored-key-0000000001");
    const seen: RunAttemptContext[] = [];
    const result = await registry.run("openai/gpt-4o", async (c) => {
      seen.push(c);
      return "ok";
    });
    expect(result).toBe("ok");
    expect(seen[0]).toMatchObject({ apiKey: "sk-stored-key-0000000001", baseUrl: "https://api.openai.com/v1", credentialId: "openai:default", model: "gpt-4o", source: "stored" });
  });

  it("rotates on 429, cools the key down for that model, and tries it last next time", async () => {
    const { registry, events, storage } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" });
    const order: string[] = [];
    await registry.run("openai/gpt-4o", async ({ apiKey }) => {
      order.push(apiKey!.slice(0, 4));
      if (apiKey!.startsWith("sk-a")) throw rateLimited();
      return 1;
    });
    expect(order).toEqual(["sk-a", "sk-b"]);
    expect(events).toEqual([
      { name: "credential-cooldown", payload: { providerId: "openai", credentialId: "openai:env:OPENAI_API_KEYS", model: "gpt-4o", reason: "rate_limit", until: T0 + 60_000 } },
    ]);
    const next: string[] = [];
    await registry.run("openai/gpt-4o", async ({ apiKey }) => void next.push(apiKey!.slice(0, 4)));
    expect(next).toEqual(["sk-b"]);
    // Another model is not affected by the per-model cooldown.
    const other: string[] = [];
    await registry.run("openai/gpt-4o-mini", async ({ apiKey }) => void other.push(apiKey!.slice(0, 4)));
    expect(other).toEqual(["sk-a"]);
    const state = (await storage.get("state.json"))!;
    expect(state).toContain("cooldowns");
    expect(state).not.toContain("sk-a-0000");
  });

  it("honours Retry-After, escalates 1m → 5m while cooling, and resets after expiry", async () => {
    const { registry, events, advance, at } = setup({ OPENAI_API_KEY: "sk-only-000000000000001" });
    const fail = () => registry.run("openai/gpt-4o", async () => Promise.reject(rateLimited())).catch((e: unknown) => e);
    await fail();
    advance(1000);
    await fail();
    const untils = events.map((e) => (e.payload as { until: number }).until);
    expect(untils).toEqual([T0 + 60_000, T0 + 1000 + 300_000]);
    advance(400_000);
    await fail();
    expect((events.at(-1)!.payload as { until: number }).until).toBe(at() + 60_000);
    await registry.run("openai/gpt-4o", async () => Promise.reject(rateLimited("7"))).catch(() => undefined);
    expect((events.at(-1)!.payload as { until: number }).until).toBe(at() + 7000);
  });

  it("an HTTP-date Retry-After is read against the registry's clock, not the real one", async () => {
    for (const clock of [Date.parse("2061-05-04T10:00:00Z"), Date.parse("1999-02-03T10:00:00Z")]) {
      const storage = createMemoryStorage();
      const registry = createRegistry({ storage, env: { OPENAI_API_KEYS: "sk-a-0000000000000001 sk-b-0000000000000002" }, now: () => clock });
      const untils: number[] = [];
      registry.on("credential-cooldown", (p: RegistryEventMap["credential-cooldown"]) => untils.push(p.until));
      const used: string[] = [];
      const result = await registry.run("openai/gpt-4o", async ({ apiKey }) => {
        used.push(apiKey!.slice(0, 4));
        if (apiKey!.startsWith("sk-a")) throw rateLimited(new Date(clock + 120_000).toUTCString());
        return "ok";
      });
      expect(result).toBe("ok");
      expect(used).toEqual(["sk-a", "sk-b"]);
      // 120 s as stated, not the 1-minute default a date read on the real clock (decades off) would fall back to.
      expect(untils).toEqual([clock + 120_000]);
      const listed = await registry.listCredentials("openai");
      expect(listed[0]!.cooldowns).toEqual([{ model: "gpt-4o", until: clock + 120_000, reason: "rate_limit" }]);
    }
  });

  it("a transient retry waits the HTTP-date Retry-After measured on the registry's clock", async () => {
    const clock = Date.parse("2061-05-04T10:00:00Z");
    const registry = createRegistry({ storage: createMemoryStorage(), env: { OPENAI_API_KEY: "sk-only-000000000000001" }, now: () => clock });
    const waits: number[] = [];
    let calls = 0;
    const result = await registry.run(
      "openai/gpt-4o",
      async () => {
        if (calls++ === 0) throw Object.assign(new Error("503 Service Unavailable"), { status: 503, headers: { "retry-after": new Date(clock + 4000).toUTCString() } });
        return "ok";
      },
      { transientRetry: true, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe("ok");
    expect(waits).toEqual([4000]);
  });

  it("throws the last error as a ProviderCallError when every key is rate limited", async () => {
    const { registry } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001 sk-b-0000000000000002" });
    const error = await registry.run("openai/gpt-4o", async () => Promise.reject(rateLimited("3"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 3000, providerId: "openai", credentialId: "openai:env:OPENAI_API_KEYS[1]" });
    expect((error as Error).message).toContain("all 2 usable credentials failed");
    expect((error as ProviderCallError).recovery).toMatch(/Wait 3 s/);
  });

  it("a rejected key is disabled until replaced; the next key is used", async () => {
    const { registry, events } = setup();
    await registry.setApiKey("openai", "sk-dead-000000000000001", { label: "dead", order: 1 });
    await registry.setApiKey("openai", "sk-good-000000000000001", { label: "good", order: 2 });
    const calls: string[] = [];
    const attempt = async ({ credentialId, apiKey }: RunAttemptContext) => {
      calls.push(credentialId!);
      if (apiKey!.startsWith("sk-dead")) throw invalidKey();
      return "ok";
    };
    await registry.run("openai/gpt-4o", attempt);
    expect(calls).toEqual(["openai:dead", "openai:good"]);
    expect(events).toEqual([{ name: "credential-disabled", payload: { providerId: "openai", credentialId: "openai:dead", reason: "auth_invalid" } }]);
    calls.length = 0;
    await registry.run("openai/gpt-4o", attempt);
    expect(calls).toEqual(["openai:good"]);
    const listed = await registry.listCredentials("openai");
    expect(listed[0]!.status).toEqual({ kind: "disabled", reason: "auth_invalid", at: T0 });
    // Replacing the key under the same label lifts the disable.
    await registry.setApiKey("openai", "sk-fixed-00000000000001", { label: "dead" });
    calls.length = 0;
    await registry.run("openai/gpt-4o", attempt);
    expect(calls).toEqual(["openai:dead"]);
  });

  it("an env key rejected once stays disabled until its value changes", async () => {
    const storage = createMemoryStorage();
    const first = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-old-0000000000000001" } });
    await first.run("openai/gpt-4o", async () => Promise.reject(invalidKey())).catch(() => undefined);
    const again = await first.run("openai/gpt-4o", async () => 1).catch((e: unknown) => e);
    expect(isRegistryError(again) && again.code).toBe("no_credentials");
    expect((again as Error).message).toContain("disabled: auth_invalid");
    const replaced = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-new-0000000000000002" } });
    expect(await replaced.run("openai/gpt-4o", async () => 1)).toBe(1);
  });

  it("other errors are thrown at once without trying the next key", async () => {
    const { registry } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" });
    for (const [error, kind] of [
      [Object.assign(new Error("bad"), { status: 400 }), "bad_request"],
      [Object.assign(new Error("The model `x` does not exist"), { status: 404 }), "model_not_found"],
      [Object.assign(new Error("Overloaded"), { status: 529 }), "overloaded"],
    ] as const) {
      const calls: string[] = [];
      const thrown = await registry
        .run("openai/gpt-4o", async ({ credentialId }) => {
          calls.push(credentialId!);
          throw error;
        })
        .catch((e: unknown) => e);
      expect(thrown).toMatchObject({ kind });
      expect(calls).toHaveLength(1);
    }
  });

  it("a key missing a permission (OpenAI restricted key) is surfaced, not disabled, and keeps working", async () => {
    const { registry, events } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" });
    const missingScope = Object.assign(
      new Error("403 You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization."),
      { status: 403, error: { message: "You have insufficient permissions for this operation. Missing scopes: api.model.read.", type: "invalid_request_error", param: null, code: null } },
    );
    const calls: string[] = [];
    const thrown = await registry
      .run("openai/gpt-4o", async ({ credentialId }) => {
        calls.push(credentialId!);
        throw missingScope;
      })
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ProviderCallError);
    expect(thrown).toMatchObject({ kind: "bad_request", scope: "request", status: 403 });
    expect((thrown as ProviderCallError).recovery).toContain("api.model.read");
    expect((thrown as ProviderCallError).recovery).toContain("OPENAI_API_KEYS");
    expect((thrown as ProviderCallError).recovery).not.toMatch(/replace/i);
    expect(calls).toEqual(["openai:env:OPENAI_API_KEYS"]);
    expect(events.filter((e) => e.name === "credential-disabled")).toEqual([]);
    expect((await registry.listCredentials("openai")).map((c) => c.status.kind)).toEqual(["active", "active"]);
    const used: string[] = [];
    await registry.run("openai/gpt-4o", async ({ credentialId }) => void used.push(credentialId!));
    expect(used).toEqual(["openai:env:OPENAI_API_KEYS"]);
  });

  it("Anthropic 'credit balance is too low' (400) is an exhausted quota: 5 h credential cooldown, next key, not a disable", async () => {
    const { registry, events } = setup({ ANTHROPIC_API_KEYS: "sk-ant-a-000000000001,sk-ant-b-000000000002" });
    const body = {
      type: "error",
      error: { type: "invalid_request_error", message: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits." },
    };
    const noCredit = Object.assign(new Error(`400 ${JSON.stringify(body)}`), { status: 400, error: body, headers: {} });
    const used: string[] = [];
    const result = await registry.run("anthropic/claude-sonnet-4-5", async ({ apiKey }) => {
      used.push(apiKey!.slice(0, 8));
      if (apiKey!.startsWith("sk-ant-a")) throw noCredit;
      return "ok";
    });
    expect(result).toBe("ok");
    expect(used).toEqual(["sk-ant-a", "sk-ant-b"]);
    expect(events).toEqual([
      { name: "credential-cooldown", payload: { providerId: "anthropic", credentialId: "anthropic:env:ANTHROPIC_API_KEYS", model: null, reason: "quota_exhausted", until: T0 + 5 * 3_600_000 } },
    ]);
    expect((await registry.listCredentials("anthropic"))[0]!.status).toMatchObject({ kind: "cooling_down", reason: "quota_exhausted" });
  });

  it("transient errors retry the same credential only when asked", async () => {
    const { registry } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" });
    const calls: string[] = [];
    const result = await registry.run(
      "openai/gpt-4o",
      async ({ credentialId }) => {
        calls.push(credentialId!);
        if (calls.length < 3) throw Object.assign(new Error("upstream"), { status: 503 });
        return "ok";
      },
      { transientRetry: { retries: 2 }, sleep: async () => {} },
    );
    expect(result).toBe("ok");
    expect(new Set(calls)).toEqual(new Set(["openai:env:OPENAI_API_KEYS"]));
  });

  it("an abort during a transient-retry wait ends the run without another attempt", async () => {
    const { registry } = setup({ OPENAI_API_KEY: "sk-a-0000000000000001" });
    const controller = new AbortController();
    let calls = 0;
    const error = await registry
      .run(
        "openai/gpt-4o",
        async () => {
          calls++;
          setTimeout(() => controller.abort(), 0);
          throw Object.assign(new Error("upstream"), { status: 503 });
        },
        { signal: controller.signal, transientRetry: { retries: 3, delayMs: 600_000 } },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted" });
    expect(calls).toBe(1);
  });

  it("a caller's abort is never retried", async () => {
    const { registry } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" });
    const controller = new AbortController();
    const calls: string[] = [];
    const error = await registry
      .run(
        "openai/gpt-4o",
        async ({ credentialId }) => {
          calls.push(credentialId!);
          controller.abort();
          throw rateLimited();
        },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted" });
    expect(calls).toHaveLength(1);
  });

  it("sticky sessions keep their credential; round_robin spreads calls", async () => {
    const keys = Array.from({ length: 4 }, (_, i) => `sk-key-${i}-000000000000000`);
    const { registry, advance } = setup({ OPENAI_API_KEYS: keys.join(",") });
    const pick = async (options: { strategy: "sticky" | "round_robin"; sessionId?: string }) => {
      advance(1000);
      return registry.run("openai/gpt-4o", async ({ credentialId }) => credentialId, options);
    };
    const sessions = ["alpha", "beta", "gamma", "delta", "epsilon"];
    const first = await Promise.all(sessions.map((s) => pick({ strategy: "sticky", sessionId: s })));
    for (let round = 0; round < 3; round++) {
      for (const [i, s] of sessions.entries()) expect(await pick({ strategy: "sticky", sessionId: s })).toBe(first[i]);
    }
    const rr: Array<string | null> = [];
    for (let i = 0; i < 4; i++) rr.push(await pick({ strategy: "round_robin" }));
    expect(new Set(rr).size).toBe(4);
  });

  it("rejects sticky without a sessionId and unknown strategies before any credential is tried", async () => {
    const { registry, storage } = setup({ OPENAI_API_KEY: "sk-only-000000000000001" });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ strategy: "sticky" }, /Expected a sessionId with strategy "sticky".*found none/],
      [{ strategy: "sticky", sessionId: "  " }, /Expected run\(\) option sessionId to be a non-empty string, found an empty string/],
      [{ strategy: "sticky", sessionId: 42 }, /sessionId .*found the number 42/],
      [{ strategy: "stikcy", sessionId: "chat-1" }, /Expected run\(\) option strategy to be one of "failover", "round_robin", "sticky", found "stikcy"/],
      [{ strategy: "round-robin" }, /found "round-robin"/],
      [{ strategy: null }, /strategy .*found null/],
      [{ transientRetry: { retries: -1 } }, /transientRetry .*retries the number -1/],
      [{ classify: "classifyError" }, /option classify to be a function/],
    ];
    for (const [options, message] of cases) {
      let called = 0;
      const error = await registry.run("openai/gpt-4o", async () => void called++, options as never).catch((e: unknown) => e);
      expect(isRegistryError(error), JSON.stringify(options)).toBe(true);
      expect(error).toMatchObject({ code: "invalid_option" });
      expect((error as Error).message).toMatch(message);
      expect((error as { recovery: string }).recovery.length).toBeGreaterThan(10);
      expect(called).toBe(0);
    }
    expect(await storage.get("state.json")).toBeUndefined();
    // Valid combinations still run.
    expect(await registry.run("openai/gpt-4o", async ({ credentialId }) => credentialId, { strategy: "sticky", sessionId: "chat-1" })).toBe("openai:env:OPENAI_API_KEY");
    expect(await registry.run("openai/gpt-4o", async () => "ok", { sessionId: "chat-1" })).toBe("ok");
  });

  it("keyless local providers get apiKey null and their base URL", async () => {
    const { registry } = setup();
    const seen = await registry.run("ollama/llama3.3", async (c) => c);
    expect(seen).toMatchObject({ apiKey: null, credentialId: null, baseUrl: "http://127.0.0.1:11434" });
  });

  it("without any credential the error names the env var", async () => {
    const { registry } = setup();
    const error = await registry.run("openai/gpt-4o", async () => 1).catch((e: unknown) => e);
    expect(isRegistryError(error) && error.code).toBe("no_credentials");
    expect((error as { recovery: string }).recovery).toContain("OPENAI_API_KEY");
  });

  it("uses models.json base URL, headers and apiKey reference", async () => {
    const modelsJson = `{ providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: "\${LMSTUDIO_KEY}", api: "openai-completions", headers: { "x-team": "a" }, models: [{ id: "qwen" }] } } }`;
    const { registry } = setup({ LMSTUDIO_KEY: "lm-key-000000000000001" }, { "models.json": modelsJson });
    const seen = await registry.run("lmstudio/qwen", async (c) => c);
    expect(seen).toMatchObject({ apiKey: "lm-key-000000000000001", baseUrl: "http://127.0.0.1:1234/v1", headers: { "x-team": "a" }, source: "env:LMSTUDIO_KEY" });
  });

  it("resetCooldowns clears cooldowns and disables", async () => {
    const { registry } = setup({ OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" });
    await registry.run("openai/gpt-4o", async ({ apiKey }) => (apiKey!.startsWith("sk-a") ? Promise.reject(invalidKey()) : 1));
    await registry.run("openai/gpt-4o", async ({ apiKey }) => (apiKey!.startsWith("sk-b") ? Promise.reject(rateLimited()) : 1)).catch(() => undefined);
    expect((await registry.listCredentials("openai")).map((c) => c.status.kind)).toEqual(["disabled", "active"]);
    await registry.resetCooldowns("openai");
    const seen: string[] = [];
    await registry.run("openai/gpt-4o", async ({ credentialId }) => void seen.push(credentialId!));
    expect(seen).toEqual(["openai:env:OPENAI_API_KEYS"]);
  });

  it("activeCredential reports source, env var and state", async () => {
    const { registry } = setup({ GEMINI_API_KEY: "gem-key-000000000000001" });
    expect(await registry.activeCredential("google")).toMatchObject({ source: "env", envVar: "GEMINI_API_KEY", type: "apiKey", masked: "…0001", disabled: null, keyless: false, total: 1 });
    await registry.run("google/gemini-2.5-flash", async () => Promise.reject(invalidKey())).catch(() => undefined);
    expect((await registry.activeCredential("google")).disabled).toEqual({ reason: "auth_invalid", at: T0 });
    expect(await registry.activeCredential("groq")).toMatchObject({ source: "none", credentialId: null });
    expect(await registry.activeCredential("ollama")).toMatchObject({ source: "none", keyless: true });
    await registry.setOAuthCredential("anthropic", { access: "at-000000000000001", refresh: "rt-000000000000001", expiresAt: T0 - 1 });
    expect(await registry.activeCredential("anthropic")).toMatchObject({ source: "oauth", type: "oauth", expired: true, refreshable: false });
  });
});

describe("a damaged state.json", () => {
  const keys = { OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" };
  function damaged(text: string) {
    const storage = createMemoryStorage({ "state.json": text });
    const warnings: Array<{ message: string; data: unknown }> = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (message: string, data?: Record<string, unknown>) => void warnings.push({ message, data }) };
    const registry = createRegistry({ storage, env: keys, now: () => T0, logger });
    return { storage, registry, warnings };
  }
  const broken = [
    ["unparsable", '{ "cooldowns": { "openai:env:OPENAI_API_KEYS": '],
    [
      "a cooldowns section failing its schema",
      JSON.stringify({ probes: { openai: { ok: true } }, cooldowns: { "openai:env:OPENAI_API_KEYS": { providerId: "openai", entries: [{ model: null, until: "sk-leak-000000000000001" }] } } }),
    ],
    ["a usage section failing its schema", JSON.stringify({ usage: { "openai:env:OPENAI_API_KEYS": { providerId: 7 } }, cooldowns: {} })],
  ] as const;

  it.each(broken)("%s: run() proceeds with the first key, writes nothing, warns once (scrubbed)", async (_name, text) => {
    const { storage, registry, warnings } = damaged(text);
    const used: string[] = [];
    expect(await registry.run("openai/gpt-4o", async ({ credentialId }) => (used.push(credentialId!), "ok"))).toBe("ok");
    expect(used).toEqual(["openai:env:OPENAI_API_KEYS"]);
    // A rate limit still rotates, but no cooldown is recorded over the damaged file.
    const second = await registry.run("openai/gpt-4o", async ({ credentialId }) => {
      used.push(credentialId!);
      if (credentialId === "openai:env:OPENAI_API_KEYS") throw rateLimited("30");
      return "second";
    });
    expect(second).toBe("second");
    expect(await storage.get("state.json")).toBe(text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/state\.json is damaged/);
    expect(JSON.stringify(warnings)).not.toMatch(/sk-a-|sk-b-|sk-leak/);
    // Listing still works: statuses without cooldown information.
    const list = await registry.listCredentials("openai");
    expect(list.map((c) => [c.id, c.status.kind, c.cooldowns.length])).toEqual([
      ["openai:env:OPENAI_API_KEYS", "active", 0],
      ["openai:env:OPENAI_API_KEYS[1]", "active", 0],
    ]);
    expect((await registry.activeCredential("openai")).credentialId).toBe("openai:env:OPENAI_API_KEYS");
    // Storing a key still works (auth.json), and state.json is still untouched.
    await registry.setApiKey("openai", "sk-stored-000000000000001", { label: "work" });
    await registry.setApiKey("openai", "sk-stored-000000000000002", { label: "work" });
    await registry.removeCredential("openai", "openai:work");
    expect(await storage.get("state.json")).toBe(text);
    expect(warnings).toHaveLength(1);
    // Explicitly asked writes still refuse to overwrite it.
    await expect(registry.resetCooldowns("openai")).rejects.toMatchObject({ code: expect.stringMatching(/^storage_(unparsable|invalid)$/) });
    expect(await storage.get("state.json")).toBe(text);
  });

  it("once state.json is deleted, usage is recorded again; a new damage warns again", async () => {
    const { storage, registry, warnings } = damaged("not json");
    await registry.run("openai/gpt-4o", async () => "ok");
    await storage.delete("state.json");
    await registry.run("openai/gpt-4o", async () => "ok");
    const state = JSON.parse((await storage.get("state.json"))!) as { usage: Record<string, { uses: number }> };
    expect(state.usage["openai:env:OPENAI_API_KEYS"]!.uses).toBe(1);
    await storage.set("state.json", "{ again");
    await registry.run("openai/gpt-4o", async () => "ok");
    expect(await storage.get("state.json")).toBe("{ again");
    expect(warnings).toHaveLength(2);
  });
});

describe("a throwing host logger", () => {
  it("never fails a credentials call: every log in run(), the pool, storage and OAuth goes through the registry's logger", async () => {
    const thrown: string[] = [];
    const explode = (level: string) => (message: string) => {
      thrown.push(`${level}: ${message}`);
      throw new Error(`logger ${level} is broken`);
    };
    const logger = { debug: explode("debug"), info: explode("info"), warn: explode("warn"), error: explode("error") };
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002,sk-c-0000000000000003" }, now: () => T0, logger });
    await registry.setApiKey("openai", "sk-stored-000000000000001", { label: "work" });
    const used: string[] = [];
    const result = await registry.run("openai/gpt-4o", async ({ credentialId }) => {
      used.push(credentialId!);
      if (credentialId === "openai:work") throw invalidKey(); // disable → warn
      if (credentialId === "openai:env:OPENAI_API_KEYS") throw rateLimited("5"); // cooldown → info, next → debug
      return "ok";
    });
    expect(result).toBe("ok");
    expect(used).toEqual(["openai:work", "openai:env:OPENAI_API_KEYS", "openai:env:OPENAI_API_KEYS[1]"]);
    await registry.removeCredential("openai", "openai:work");
    registry.registerOAuthProvider({ id: "acme", refresh: async () => Promise.reject(Object.assign(new Error("invalid_grant"), { status: 400, body: { error: "invalid_grant" } })) });
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 + 60_000 });
    const refreshError = await registry.run("acme/m", async () => "never").catch((e: unknown) => e);
    expect(refreshError).toBeInstanceOf(ProviderCallError);
    expect(refreshError).toMatchObject({ kind: "auth_expired" });
    await storage.set("state.json", "{ damaged");
    expect(await registry.run("openai/gpt-4o", async () => "still ok")).toBe("still ok");
    // The logger really was called (and threw) on each of those paths.
    expect(thrown.some((t) => t.startsWith("warn: Credential disabled"))).toBe(true);
    expect(thrown.some((t) => t.startsWith("info: Credential cooling down"))).toBe(true);
    expect(thrown.some((t) => t.startsWith("warn: OAuth refresh failed"))).toBe(true);
    expect(thrown.some((t) => t.startsWith("warn: state.json is damaged"))).toBe(true);
  });
});
