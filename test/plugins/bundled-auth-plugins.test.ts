import { describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";
import { BUNDLED_AUTH_PLUGINS } from "../../src/plugins/bundled-auth-plugins.js";
import { getBuiltinProvider } from "../../src/refs/builtin-providers.js";

// The Mayros doc (seed 001): google-antigravity-auth, google-gemini-cli-auth and qwen-portal-auth are bundled plugins,
// disabled by default; "plugins enable <name>" then "models auth login --provider <id>".
const GATED = { "google-antigravity-auth": "google-antigravity", "google-gemini-cli-auth": "google-gemini-cli", "qwen-portal-auth": "qwen-portal" };

describe("bundled auth plugins", () => {
  it("name built-in providers and ship disabled", () => {
    expect(Object.fromEntries(BUNDLED_AUTH_PLUGINS.map((p) => [p.name, p.providers]))).toEqual(
      Object.fromEntries(Object.entries(GATED).map(([name, id]) => [name, [id]])),
    );
    for (const p of BUNDLED_AUTH_PLUGINS) {
      expect(p.enabledByDefault).toBe(false);
      for (const id of p.providers) expect(getBuiltinProvider(id), id).toBeDefined();
    }
  });

  it("are listed disabled, and their providers are not offered", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    const listed = (await registry.plugins.list()).filter((p) => p.source === "bundled");
    expect(listed.map((p) => [p.name, p.enabled, p.providers])).toEqual(Object.entries(GATED).map(([name, id]) => [name, false, [id]]));
    const ids = (await registry.listProviders()).map((p) => p.id);
    for (const id of Object.values(GATED)) expect(ids).not.toContain(id);
    const coder = await registry.resolveModel("qwen-portal/coder-model");
    expect(coder.offered).toBe(false);
    expect(coder.problems.find((p) => p.code === "plugin_disabled")?.recovery).toContain('registry.plugins.enable("qwen-portal-auth")');
  });

  it("loginOAuth refuses while the plugin is disabled, naming plugins.enable, and never calls the host's login", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    let logins = 0;
    registry.registerOAuthProvider({
      id: "google-antigravity",
      login: async () => (logins++, { access: "at", refresh: "rt", expiresAt: Date.now() + 3_600_000 }),
      refresh: async () => Promise.reject(new Error("unused")),
    });
    const error = await registry.loginOAuth("google-antigravity").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "plugin_disabled" });
    expect((error as { recovery: string }).recovery).toContain('registry.plugins.enable("google-antigravity-auth")');
    expect(logins).toBe(0);
    expect(await registry.listCredentials("google-antigravity")).toEqual([]);
  });

  it("once enabled, the provider is offered and its login goes through the host's registered OAuth provider", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage });
    let logins = 0;
    registry.registerOAuthProvider({
      id: "qwen-portal",
      login: async () => (logins++, { access: "qwen-at", refresh: "qwen-rt", expiresAt: Date.now() + 3_600_000, accountId: "me" }),
      refresh: async () => Promise.reject(new Error("unused")),
    });
    await registry.plugins.enable("qwen-portal-auth");
    const provider = (await registry.listProviders()).find((p) => p.id === "qwen-portal");
    expect(provider).toMatchObject({ id: "qwen-portal", legacy: false });
    expect(await registry.loginOAuth("qwen-portal")).toMatchObject({ type: "oauth", status: { kind: "active" } });
    expect(logins).toBe(1);
    const coder = await registry.resolveModel("qwen-portal/coder-model");
    expect(coder.problems).toEqual([]);
    expect(coder.offered).toBe(true);
    // The other bundled plugins stay off; a new registry on the same storage keeps qwen-portal-auth on.
    const again = createRegistry({ storage });
    const ids = (await again.listProviders()).map((p) => p.id);
    expect(ids).toContain("qwen-portal");
    expect(ids).not.toContain("google-gemini-cli");
    await expect(again.loginOAuth("google-gemini-cli")).rejects.toMatchObject({ code: "plugin_disabled" });
  });

  it("disabling one again takes its provider away", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.plugins.enable("google-gemini-cli-auth");
    expect((await registry.listProviders()).map((p) => p.id)).toContain("google-gemini-cli");
    await registry.plugins.disable("google-gemini-cli-auth");
    expect((await registry.listProviders()).map((p) => p.id)).not.toContain("google-gemini-cli");
  });
});
