import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry, refreshTokenGrant, type OAuthProvider, type RegistryEventMap } from "../../src/index.js";
import { isOAuthExpired } from "../../src/credentials/index.js";
import { createFileStorage } from "../../src/node/index.js";
import { startTokenServer } from "./helpers/token-server.js";

const T0 = Date.parse("2026-05-01T00:00:00Z");
const exec = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

function setup() {
  let now = T0;
  const storage = createMemoryStorage();
  const registry = createRegistry({ storage, now: () => now });
  const refreshEvents: Array<RegistryEventMap["oauth-refresh"]> = [];
  registry.on("oauth-refresh", (e) => refreshEvents.push(e));
  return { registry, storage, refreshEvents, advance: (ms: number) => (now += ms), now: () => now };
}

describe("OAuth credentials", () => {
  it("expiry uses a 5-minute skew", () => {
    expect(isOAuthExpired({ expiresAt: T0 + 5 * 60_000 + 1 }, T0)).toBe(false);
    expect(isOAuthExpired({ expiresAt: T0 + 5 * 60_000 }, T0)).toBe(true);
  });

  it("10 concurrent callers share one refresh; the rotated tokens are persisted", async () => {
    const { registry, storage, refreshEvents } = setup();
    let calls = 0;
    const provider: OAuthProvider = {
      id: "acme",
      refresh: async (c) => {
        calls++;
        expect(c.refresh?.reveal()).toBe("rt-0");
        await new Promise((r) => setTimeout(r, 20));
        return { access: "at-1", refresh: "rt-1", expiresAt: T0 + 3_600_000 };
      },
    };
    registry.registerOAuthProvider(provider);
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 + 60_000 });
    const keys = await Promise.all(Array.from({ length: 10 }, () => registry.run("acme/m", async ({ apiKey }) => apiKey)));
    expect(calls).toBe(1);
    expect(new Set(keys)).toEqual(new Set(["at-1"]));
    const auth = JSON.parse((await storage.get("auth.json"))!) as { credentials: Array<{ access: string; refresh: string }> };
    expect(auth.credentials[0]).toMatchObject({ access: "at-1", refresh: "rt-1" });
    expect(refreshEvents).toEqual([{ providerId: "acme", credentialId: "acme:oauth", ok: true, errorKind: null }]);
  });

  it("a damaged state.json does not fail a refresh: tokens rotate in auth.json, state.json stays byte-identical", async () => {
    const storage = createMemoryStorage({ "state.json": "{ damaged" });
    const warnings: string[] = [];
    const registry = createRegistry({ storage, now: () => T0, logger: { debug() {}, info() {}, error() {}, warn: (m: string, d?: Record<string, unknown>) => void warnings.push(`${m} ${JSON.stringify(d)}`) } });
    registry.registerOAuthProvider({ id: "acme", refresh: async () => ({ access: "at-1", refresh: "rt-1", expiresAt: T0 + 3_600_000 }) });
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 + 60_000 });
    expect(await registry.run("acme/m", async ({ apiKey }) => apiKey)).toBe("at-1");
    const auth = JSON.parse((await storage.get("auth.json"))!) as { credentials: Array<{ access: string; refresh: string }> };
    expect(auth.credentials[0]).toMatchObject({ access: "at-1", refresh: "rt-1" });
    expect(await storage.get("state.json")).toBe("{ damaged");
    expect(warnings).toHaveLength(1);
    expect(warnings.join("\n")).not.toMatch(/at-0|at-1|rt-0|rt-1/);
  });

  it("a 401 on a token that looked valid forces one refresh and a retry", async () => {
    const { registry } = setup();
    let refreshes = 0;
    registry.registerOAuthProvider({ id: "acme", refresh: async () => ({ access: `at-${++refreshes}`, expiresAt: T0 + 3_600_000 }) });
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 + 3_600_000 });
    const seen: string[] = [];
    const result = await registry.run("acme/m", async ({ apiKey }) => {
      seen.push(apiKey!);
      if (apiKey === "at-0") throw Object.assign(new Error("token expired"), { status: 401 });
      return "ok";
    });
    expect(result).toBe("ok");
    expect(seen).toEqual(["at-0", "at-1"]);
    expect(refreshes).toBe(1);
  });

  it("a terminal refresh error marks the credential broken_expired until a new sign-in", async () => {
    const { registry, storage, refreshEvents } = setup();
    registry.registerOAuthProvider({ id: "acme", refresh: async () => Promise.reject(Object.assign(new Error("invalid_grant"), { status: 400, body: { error: "invalid_grant" } })) });
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 - 1 });
    const error = await registry.run("acme/m", async () => "never").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth_expired" });
    expect(refreshEvents).toEqual([{ providerId: "acme", credentialId: "acme:oauth", ok: false, errorKind: "auth_expired" }]);
    const [listed] = await registry.listCredentials("acme");
    expect(listed!.status).toMatchObject({ kind: "broken_expired", reason: "invalid_grant" });
    expect(await registry.activeCredential("acme")).toMatchObject({ source: "oauth", brokenExpired: { reason: "invalid_grant" } });
    expect(JSON.parse((await storage.get("state.json"))!).oauth["acme:oauth"]).toMatchObject({ state: "broken_expired" });
    // Broken: not retried on the next call (no second refresh attempt burns the grant further).
    const again = await registry.run("acme/m", async () => "never").catch((e: unknown) => e);
    expect(again).toMatchObject({ code: "no_credentials" });
    // A new sign-in lifts it.
    await registry.setOAuthCredential("acme", { access: "at-new", refresh: "rt-new", expiresAt: T0 + 3_600_000 });
    expect(await registry.run("acme/m", async ({ apiKey }) => apiKey)).toBe("at-new");
  });

  it("a network failure during refresh is not terminal", async () => {
    const { registry } = setup();
    registry.registerOAuthProvider({ id: "acme", refresh: async () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })) });
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 - 1 });
    const error = await registry.run("acme/m", async () => "never").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expect((await registry.listCredentials("acme"))[0]!.status).toEqual({ kind: "expired", refreshable: true });
  });

  it("loginOAuth stores what the provider's login returns", async () => {
    const { registry } = setup();
    await expect(registry.loginOAuth("acme")).rejects.toMatchObject({ code: "oauth_login_unavailable" });
    registry.registerOAuthProvider({ id: "acme", login: async () => ({ access: "at-login", refresh: "rt-login", expiresAt: T0 + 3_600_000, accountId: "user@example.com" }), refresh: async () => Promise.reject(new Error("unused")) });
    const summary = await registry.loginOAuth("acme");
    expect(summary).toMatchObject({ id: "acme:user@example.com", type: "oauth", status: { kind: "active" } });
    expect(await registry.run("acme/m", async ({ apiKey }) => apiKey)).toBe("at-login");
  });

  it("an expired token without a registered provider is reported, not sent", async () => {
    const { registry } = setup();
    await registry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: T0 - 1 });
    let called = false;
    const error = await registry.run("acme/m", async () => void (called = true)).catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(error).toMatchObject({ kind: "auth_expired" });
    expect((error as { recovery: string }).recovery).toContain("registerOAuthProvider");
  });
});

describe("OAuth refresh across processes sharing a file storage", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("two processes with 5 concurrent callers each refresh exactly once and share the rotated token", async () => {
    dir = await mkdtemp(join(tmpdir(), "mpr-oauth-"));
    const tokenServer = await startTokenServer("rt-0");
    try {
      const setupRegistry = createRegistry({ storage: createFileStorage({ dir }) });
      await setupRegistry.setOAuthCredential("acme", { access: "at-0", refresh: "rt-0", expiresAt: Date.now() - 1000 });
      const child = join(here, "helpers/oauth-refresh-child.ts");
      const run = () => exec(process.execPath, ["--import", "tsx", child, dir!, tokenServer.url], { cwd: join(here, "../..") });
      const [a, b] = await Promise.all([run(), run()]);
      const tokens = [...(JSON.parse(a.stdout) as string[]), ...(JSON.parse(b.stdout) as string[])];
      expect(tokenServer.refreshes()).toBe(1);
      expect(tokenServer.reuses()).toBe(0);
      expect(new Set(tokens)).toEqual(new Set(["at-1"]));
      const auth = JSON.parse(await readFile(join(dir, "auth.json"), "utf8")) as { credentials: Array<{ access: string; refresh: string }> };
      expect(auth.credentials[0]).toMatchObject({ access: "at-1", refresh: "rt-1" });
      // The helper really refreshes against the server (a direct call rotates again).
      await refreshTokenGrant({ tokenUrl: tokenServer.url, clientId: "x", refreshToken: "rt-1" });
      expect(tokenServer.refreshes()).toBe(2);
    } finally {
      await tokenServer.close();
    }
  });
});
