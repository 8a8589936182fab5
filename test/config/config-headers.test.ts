import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret, createMemoryStorage, createRegistry, parseModelsJson } from "../../src/index.js";
import { revealHeaders } from "../../src/config/index.js";

const BEARER = "hdr-bearer-0123456789abcdef";
const RELAY = "hdr-relay-0123456789abcdef";
const TEXT = `{
  providers: {
    gw: {
      baseUrl: "http://127.0.0.1:9/v1",
      api: "openai-completions",
      headers: { Authorization: "Bearer ${BEARER}", "X-Relay-Token": "${RELAY}", "X-Title": "my-app" },
      models: [{ id: "m1", headers: { "x-api-key": "${RELAY}", "X-Trace": "on" } }],
    },
  },
}`;

describe("models.json header values in the parsed configuration (issue 9 item 5)", () => {
  it("wraps credential-looking header values in Secrets, so logging the config never prints them", async () => {
    const registry = createRegistry({ storage: createMemoryStorage({ "models.json": TEXT }) });
    const { config, text } = await registry.getModelsConfig();
    const gw = config.providers["gw"]!;
    expect(gw.headers?.["Authorization"]).toBeInstanceOf(Secret);
    expect(gw.headers?.["X-Relay-Token"]).toBeInstanceOf(Secret);
    expect(gw.headers?.["X-Title"]).toBe("my-app");
    expect(gw.models[0]?.headers?.["x-api-key"]).toBeInstanceOf(Secret);
    expect(gw.models[0]?.headers?.["X-Trace"]).toBe("on");
    for (const shown of [JSON.stringify(config), inspect(config, { depth: 10 }), String(gw.headers?.["Authorization"])]) {
      expect(shown).not.toContain(BEARER.slice(0, -4));
      expect(shown).not.toContain(RELAY.slice(0, -4));
    }
    // The text stays the user's file.
    expect(text).toBe(TEXT);
    expect(parseModelsJson(TEXT).config.providers["gw"]?.headers?.["Authorization"]).toBeInstanceOf(Secret);
  });

  it("reveals them where requests are built: run()'s attempt gets the real header values", async () => {
    const registry = createRegistry({ storage: createMemoryStorage({ "models.json": TEXT }) });
    const headers = await registry.run("gw/m1", async (context) => context.headers);
    expect(headers).toEqual({ Authorization: `Bearer ${BEARER}`, "X-Relay-Token": RELAY, "X-Title": "my-app" });
    expect(revealHeaders(parseModelsJson(TEXT).config.providers["gw"]?.headers)).toEqual(headers);
  });

  it("status checks send the real header values", async () => {
    const seen: Array<Record<string, string>> = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(Object.fromEntries(request.headers));
      return Response.json({ data: [{ id: "m1", object: "model" }] });
    };
    const registry = createRegistry({ storage: createMemoryStorage({ "models.json": TEXT }), fetch: fetch as typeof globalThis.fetch });
    await registry.local.test("gw");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatchObject({ authorization: `Bearer ${BEARER}`, "x-relay-token": RELAY, "x-title": "my-app" });
  });
});
