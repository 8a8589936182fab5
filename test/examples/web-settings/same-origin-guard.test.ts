import { describe, expect, it } from "vitest";
import { createSettingsApp } from "../../../examples/web-settings/server/create-settings-app.js";
import { createMemoryStorage, createRegistry } from "../../../src/index.js";

// The settings API stores keys: a site the user visits must not be able to post one (CSRF), nor read the API
// through a hostname that resolves to 127.0.0.1 (DNS rebinding). Driven through app.fetch, as Hono serves it.
function setup(hosts?: string[]) {
  const storage = createMemoryStorage();
  // Saving a key checks the provider; this answers that check without the network.
  const registry = createRegistry({ storage, fetch: async () => new Response("{}", { status: 401 }) });
  const app = createSettingsApp({ registry, ...(hosts ? { hosts } : {}) });
  const send = (path: string, init: RequestInit & { host?: string } = {}) => {
    const { host = "127.0.0.1:8787", ...rest } = init;
    return app.fetch(new Request(`http://${host}${path}`, { ...rest, headers: { host, ...(rest.headers as Record<string, string>) } }));
  };
  return { storage, send };
}

const KEY = "sk-csrf-attempt-0123456789";

describe("web-settings API: same-origin guard", () => {
  it("lets the page read and write from a loopback origin", async () => {
    const { storage, send } = setup();
    expect((await send("/api/providers")).status).toBe(200);
    const saved = await send("/api/providers/openai/credentials", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://127.0.0.1:8787" },
      body: JSON.stringify({ key: KEY }),
    });
    expect(saved.status).toBe(201);
    expect(await saved.text()).not.toContain(KEY);
    expect(await storage.get("auth.json")).toContain(KEY);
    expect((await send("/api/providers", { host: "localhost:8787" })).status).toBe(200);
  });

  it("refuses a cross-site form or text post, and stores nothing", async () => {
    const { storage, send } = setup();
    for (const [type, body] of [
      ["text/plain", JSON.stringify({ key: KEY })],
      ["application/x-www-form-urlencoded", `key=${KEY}`],
    ] as const) {
      const response = await send("/api/providers/openai/credentials", { method: "POST", headers: { "content-type": type, origin: "https://evil.example" }, body });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("origin_refused");
    }
    // Same origin but not JSON (a browser without Origin on a form post): refused by type.
    const plain = await send("/api/refresh", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(plain.status).toBe(403);
    expect(((await plain.json()) as { error: { code: string; recovery: string } }).error).toMatchObject({ code: "content_type_refused", recovery: "Send the body as JSON." });
    expect(await storage.get("auth.json")).toBeUndefined();
  });

  it("refuses a request by a hostname that is not loopback (DNS rebinding), unless the server was started for it", async () => {
    const rebound = await setup().send("/api/providers", { host: "attacker.example:8787" });
    expect(rebound.status).toBe(403);
    expect(((await rebound.json()) as { error: { code: string } }).error.code).toBe("host_refused");
    expect((await setup(["settings.lan"]).send("/api/providers", { host: "settings.lan:8787" })).status).toBe(200);
  });
});
