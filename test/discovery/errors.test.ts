import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/schema/secret.js";
import { discoverModels } from "../../src/discovery/discover-models.js";
import { classifyHttpFailure, displayUrl } from "../../src/discovery/discovery-http.js";
import { createMswServer, http, HttpResponse } from "./fixture-server.js";

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = "https://api.example-llm.com/v1";
const discover = (timeoutMs = 2000, signal?: AbortSignal) =>
  discoverModels("openai-compatible", { baseUrl: BASE, fetch: (i, init) => globalThis.fetch(i, init), timeoutMs, apiKey: new Secret("sk-secret-value-123456"), signal });

describe("discovery failures", () => {
  it("401 → auth_invalid, and the message never contains the key even when the body echoes it", async () => {
    server.use(http.get(`${BASE}/models`, () => HttpResponse.json({ error: { message: "Incorrect API key provided: sk-secret-value-123456", code: "invalid_api_key" } }, { status: 401 })));
    const error = (await discover().then(
      () => null,
      (e: unknown) => e,
    )) as Error & { kind: string; status: number };
    expect(error).toMatchObject({ kind: "auth_invalid", status: 401 });
    expect(error.message).not.toContain("sk-secret-value-123456");
    expect(error.message).toContain("[REDACTED]");
  });

  it("Gemini's 400 API_KEY_INVALID is an auth failure", () => {
    expect(classifyHttpFailure({ status: 400, bodyText: '{"error":{"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}' })).toBe("auth_invalid");
    expect(classifyHttpFailure({ status: 400, bodyText: "{}" })).toBe("bad_request");
    expect(classifyHttpFailure({ status: 403, bodyText: "" })).toBe("auth_invalid");
    expect(classifyHttpFailure({ status: 429, bodyText: '{"error":{"code":"insufficient_quota"}}' })).toBe("quota_exhausted");
    expect(classifyHttpFailure({ status: 429, bodyText: "" })).toBe("rate_limit");
    expect(classifyHttpFailure({ status: 529, bodyText: "" })).toBe("overloaded");
    expect(classifyHttpFailure({ status: 500, bodyText: "" })).toBe("server_error");
  });

  it("HTML with status 200 → invalid_response", async () => {
    server.use(http.get(`${BASE}/models`, () => new HttpResponse("<html><body>Welcome</body></html>", { headers: { "content-type": "text/html" } })));
    await expect(discover()).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("found HTML") });
  });

  it("truncated JSON → invalid_response", async () => {
    server.use(http.get(`${BASE}/models`, () => new HttpResponse('{"object":"list","data":[{"id":"gp', { headers: { "content-type": "application/json" } })));
    await expect(discover()).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("truncated") });
  });

  it("JSON of another shape → invalid_response (not an empty listing)", async () => {
    server.use(http.get(`${BASE}/models`, () => HttpResponse.json({ models: [] })));
    await expect(discover()).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("a server that never answers → timeout", async () => {
    server.use(http.get(`${BASE}/models`, () => new Promise<Response>(() => {})));
    await expect(discover(100)).rejects.toMatchObject({ kind: "timeout" });
  });

  it("the caller's abort → aborted, not timeout", async () => {
    server.use(http.get(`${BASE}/models`, () => new Promise<Response>(() => {})));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(discover(5000, controller.signal)).rejects.toMatchObject({ kind: "aborted" });
  });

  it("a network error → network", async () => {
    server.use(http.get(`${BASE}/models`, () => HttpResponse.error()));
    await expect(discover()).rejects.toMatchObject({ kind: "network" });
  });

  it("display URLs drop credentials and query strings", () => {
    expect(displayUrl("https://user:pass@example.com/v1/models?key=AIzaXYZ#x")).toBe("https://example.com/v1/models");
  });
});

describe("restricted keys on a listing endpoint", () => {
  it("keeps a 403 'Missing scopes' as bad_request, not a rejected key", () => {
    const bodyText = JSON.stringify({
      error: {
        message:
          "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    expect(classifyHttpFailure({ status: 403, bodyText })).toBe("bad_request");
    expect(classifyHttpFailure({ status: 401, bodyText })).toBe("bad_request");
    expect(classifyHttpFailure({ status: 403, bodyText: "" })).toBe("auth_invalid");
  });
});
