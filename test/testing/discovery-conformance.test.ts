import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { discoverModels } from "../../src/discovery/discover-models.js";
import type { DiscoveryRequest } from "../../src/discovery/discovery-types.js";
import { isRegistryError } from "../../src/errors/registry-error.js";
import type { DiscoveryKind } from "../../src/schema/provider-definition.js";
import {
  createFakeProvider,
  discoveryConformance,
  type ConformanceCase,
  type DiscoveryFixture,
  type FakeFailure,
  type FakeModel,
  type FakeProviderKind,
} from "../../src/testing/index.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

/** A fake backend installed in msw, plus the 404 a real server gives for paths it does not serve (LM Studio's v0). */
function fixtureFor(kind: FakeProviderKind, options: { baseUrl?: string; apiKey?: string; pageSize?: number } = {}) {
  const fake = createFakeProvider({ kind, ...options });
  const origin = new URL(fake.baseUrl).origin;
  server.use(...fake.handlers, http.all(`${origin}/*`, () => HttpResponse.json({ error: "Not Found" }, { status: 404 })));
  return fake;
}

const backends: Array<{ name: string; fake: FakeProviderKind; discovery: Exclude<DiscoveryKind, "none">; baseUrl?: string; apiKey?: string; pageSize?: number }> = [
  { name: "openai-compatible", fake: "openai-compatible", discovery: "openai-compatible", apiKey: "sk-test-openai-000000" },
  { name: "openai-compatible on api.x.ai (language-models, falling back to /models)", fake: "openai-compatible", discovery: "openai-compatible", baseUrl: "https://api.x.ai/v1", apiKey: "xai-test-000000" },
  { name: "vllm", fake: "openai-compatible", discovery: "vllm", baseUrl: "http://127.0.0.1:8000/v1" },
  { name: "anthropic (paged)", fake: "anthropic", discovery: "anthropic", apiKey: "sk-ant-test-000000", pageSize: 2 },
  { name: "google (paged)", fake: "google", discovery: "google", apiKey: "AIzaTestKey000000000000000000", pageSize: 2 },
  { name: "openrouter", fake: "openrouter", discovery: "openrouter", apiKey: "sk-or-test-000000" },
  { name: "ollama", fake: "ollama", discovery: "ollama" },
  { name: "ollama behind an auth proxy", fake: "ollama", discovery: "ollama", baseUrl: "http://127.0.0.1:11435", apiKey: "ollama-proxy-token" },
  { name: "lmstudio", fake: "lmstudio", discovery: "lmstudio" },
  { name: "litellm", fake: "litellm", discovery: "litellm", apiKey: "sk-litellm-master" },
];

for (const backend of backends) {
  describe(`discoveryConformance: ${backend.name}`, () => {
    let fixture: DiscoveryFixture;
    beforeAll(() => {
      fixture = fixtureFor(backend.fake, backend);
    });
    afterAll(() => server.resetHandlers());
    const proxy: DiscoveryFixture = {
      get baseUrl() {
        return fixture.baseUrl;
      },
      setModels: (models) => fixture.setModels(models),
      setFailure: (failure) => fixture.setFailure(failure),
    };
    for (const c of discoveryConformance({ kind: backend.discovery, fixture: proxy, apiKey: backend.apiKey })) it(c.name, c.run);
  });
}

/** A real HTTP server speaking the OpenAI-compatible listing, steered like the msw fakes: conformance is not msw-bound. */
function startOpenAiServer(apiKey: string): Promise<DiscoveryFixture & { close(): Promise<void> }> {
  let models: FakeModel[] = [];
  let failure: FakeFailure | null = null;
  const srv: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url !== "/v1/models") return json(404, { error: "Not Found" });
    if (failure === "hang") return;
    if (failure === "network") return req.socket.destroy();
    if (failure === "html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!doctype html><html><body>Sign in</body></html>");
    }
    if (failure === "truncated") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"object":"list","data":[{"id":"tru');
    }
    if (failure === "server_error") return json(500, { error: { message: "Internal server error" } });
    if (failure === "rate_limit") return json(429, { error: { message: "Rate limit reached", code: "rate_limit_exceeded" } });
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(401, { error: { message: "Incorrect API key provided.", code: "invalid_api_key" } });
    json(200, {
      object: "list",
      data: models.map((m) => ({ id: m.id, object: "model", owned_by: "me", ...(m.contextWindow ? { context_window: m.contextWindow } : {}), ...(m.maxOutputTokens ? { max_completion_tokens: m.maxOutputTokens } : {}) })),
    });
  });
  return new Promise((resolve) => {
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        setModels: (next) => (models = next.map((m) => (typeof m === "string" ? { id: m } : m))),
        setFailure: (next) => (failure = next),
        close: () =>
          new Promise((done) => {
            srv.closeAllConnections();
            srv.close(() => done());
          }),
      });
    });
  });
}

describe("discoveryConformance: a real node:http server (no msw)", () => {
  let real: Awaited<ReturnType<typeof startOpenAiServer>>;
  beforeAll(async () => {
    server.close();
    real = await startOpenAiServer("sk-real-server-000000");
  });
  afterAll(async () => {
    await real.close();
    server.listen({ onUnhandledRequest: "error" });
  });
  const proxy: DiscoveryFixture = {
    get baseUrl() {
      return real.baseUrl;
    },
    setModels: (models) => real.setModels(models),
    setFailure: (failure) => real.setFailure(failure),
  };
  for (const c of discoveryConformance({ kind: "openai-compatible", fixture: proxy, apiKey: "sk-real-server-000000" })) it(c.name, c.run);
});

async function failures(cases: ConformanceCase[]): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  for (const c of cases) await c.run().catch((error: unknown) => failed.set(c.name, error));
  return failed;
}

describe("discoveryConformance catches broken adapters", () => {
  const KEY = "sk-test-openai-000000";
  let fixture: DiscoveryFixture;
  beforeAll(() => {
    fixture = fixtureFor("openai-compatible", { apiKey: KEY });
  });
  afterEach(() => fixture.setFailure(null));
  const good = (request: DiscoveryRequest) => discoverModels("openai-compatible", request);
  const run = (discover: (request: DiscoveryRequest) => Promise<Awaited<ReturnType<typeof good>>>) =>
    failures(discoveryConformance({ kind: "openai-compatible", fixture, apiKey: KEY, discover }));

  it("the real adapter passes every case", async () => {
    expect([...(await run(good)).keys()]).toEqual([]);
  });

  it("an adapter that swallows failures into an empty listing fails every failure case", async () => {
    const failed = await run(async (request) => good(request).catch(() => ({ models: [], flavor: "openai-compatible", authenticated: false, endpoint: `${request.baseUrl}/models` })));
    expect([...failed.keys()].sort()).toEqual(
      [
        "the server answers an HTML page with status 200 → invalid_response",
        "the JSON is cut off → invalid_response",
        "the server answers 500 → server_error",
        "the server answers 429 → rate_limit",
        "the connection fails → network",
        "the server never answers → timeout",
        "the caller's abort stops the listing → aborted (not timeout)",
        "a wrong key → auth_invalid, and no error names either key",
      ].sort(),
    );
    const error = failed.get("the server answers 500 → server_error") as Error;
    expect(isRegistryError(error)).toBe(true);
    expect(error.message).toBe(
      'Discovery conformance (openai-compatible) "the server answers 500 → server_error": expected the listing to fail when the server answers 500, found it resolved with {"models":[],"flavor":"openai-compatible","authenticated":false,"endpoint":"https://fake-openai.test/v1/models"}.',
    );
  });

  it("an adapter that guesses (0 for unknown context, sorted ids) fails those cases", async () => {
    const failed = await run(async (request) => {
      const result = await good(request);
      return {
        ...result,
        models: result.models.map((m) => ({ ...m, contextWindow: m.contextWindow ?? 0 })).sort((a, b) => a.id.localeCompare(b.id)),
      };
    });
    expect([...failed.keys()].sort()).toEqual(
      [
        "lists exactly the fixture's models: ids verbatim, in order, each once",
        "states the fixture's context window and output limit, and null where the fixture states none",
        "every model is a valid DiscoveredModel: unknown is null, never 0, NaN or an empty string",
        "a failure leaves nothing behind: the next listing succeeds",
      ].sort(),
    );
  });

  it("an adapter that claims `authenticated` without a key fails on a keyless server", async () => {
    const keyless = fixtureFor("openai-compatible", { baseUrl: "https://keyless.test/v1" });
    const failed = await failures(
      discoveryConformance({ kind: "openai-compatible", fixture: keyless, discover: async (request) => ({ ...(await good(request)), authenticated: true }) }),
    );
    expect([...failed.keys()]).toEqual(["a listing without a key is never `authenticated`"]);
  });

  it("an adapter that puts the key in the URL, or echoes it in errors, fails the key cases", async () => {
    const failed = await run(async (request) => {
      const key = request.apiKey?.reveal() ?? "";
      const leaky: DiscoveryRequest = {
        ...request,
        fetch: (input, init) => {
          const original = input instanceof Request ? input : new Request(input, init);
          return request.fetch(new Request(`${original.url}?key=${key}`, original), init);
        },
      };
      return good(leaky).catch((error: Error) => {
        throw Object.assign(new Error(`${error.message} (key ${key})`), { kind: (error as { kind?: string }).kind, code: (error as { code?: string }).code });
      });
    });
    expect(failed.has("the key goes in a header, never in a URL")).toBe(true);
    expect((failed.get("a wrong key → auth_invalid, and no error names either key") as Error).message).toContain("expected an error message without the key");
    expect((failed.get("the key goes in a header, never in a URL") as Error).message).toContain("expected no request URL to contain the key");
    expect((failed.get("the key goes in a header, never in a URL") as Error).message).not.toContain(KEY);
  });
});
