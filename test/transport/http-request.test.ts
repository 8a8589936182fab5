import { afterEach, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../src/errors/provider-call-error.js";
import { httpRequest } from "../../src/transport/http-request.js";
import { everything, redirector, sendJson, startRecordingServer, type RecordingServer } from "./two-origins.js";

const KEY = "sk-ant-edge-canary-0123456789abcdef";
const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function track<T extends RecordingServer>(server: Promise<T>): Promise<T> {
  const s = await server;
  servers.push(s);
  return s;
}

/** B: the other origin (localhost), answering 200 with whatever it was sent. A: 127.0.0.1, redirecting to B. */
async function twoOrigins(status = 302) {
  const b = await track(startRecordingServer("localhost", (req, res) => sendJson(res, 200, { from: "B", method: req.method })));
  const a = await track(redirector("127.0.0.1", (path) => `${b.origin}${path}`, status));
  return { a, b };
}

async function failure(promise: Promise<unknown>): Promise<ProviderCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderCallError);
  return error as ProviderCallError;
}

describe("httpRequest: redirects that would carry a credential to another origin", () => {
  const cases: Array<[string, (origin: string) => Parameters<typeof httpRequest>[0]]> = [
    ["x-api-key", (o) => ({ url: `${o}/v1/models`, headers: { "x-api-key": KEY }, timeoutMs: 2000 })],
    ["x-goog-api-key", (o) => ({ url: `${o}/v1beta/models`, headers: { "x-goog-api-key": KEY }, timeoutMs: 2000 })],
    ["Authorization", (o) => ({ url: `${o}/v1/models`, headers: { Authorization: `Bearer ${KEY}` }, timeoutMs: 2000 })],
    ["api-key", (o) => ({ url: `${o}/openai/models`, headers: { "api-key": KEY }, timeoutMs: 2000 })],
    ["a caller-marked custom header", (o) => ({ url: `${o}/v1/models`, credentialHeaders: { "X-Custom-Auth": KEY }, timeoutMs: 2000 })],
    ["a ?key= query", (o) => ({ url: `${o}/v1/models?key=${KEY}`, timeoutMs: 2000 })],
    ["a secret body", (o) => ({ url: `${o}/token`, method: "POST", form: { refresh_token: KEY }, bodyCarriesCredential: true, timeoutMs: 2000 })],
  ];

  for (const [what, build] of cases) {
    it(`refuses the hop for ${what}: B receives nothing, the error names both origins and no key`, async () => {
      const { a, b } = await twoOrigins();
      const error = await failure(httpRequest(build(a.origin)));
      expect(error.code).toBe("cross_origin_redirect");
      expect(error.kind).toBe("bad_request");
      expect(error.status).toBe(302);
      expect(error.message).toContain(a.origin);
      expect(error.message).toContain(b.origin);
      expect(error.recovery).toMatch(/base URL/);
      expect(error.recovery).toContain(b.origin);
      expect(`${error.message} ${error.recovery} ${String(error.stack)}`).not.toContain(KEY);
      expect(b.received).toEqual([]);
      expect(a.received).toHaveLength(1);
    });
  }

  it("307 and 308 keep the method and body, so a secret body is refused on them too", async () => {
    for (const status of [307, 308]) {
      const { a, b } = await twoOrigins(status);
      const error = await failure(
        httpRequest({ url: `${a.origin}/token`, method: "POST", form: { refresh_token: KEY }, bodyCarriesCredential: true, timeoutMs: 2000 }),
      );
      expect(error.code).toBe("cross_origin_redirect");
      expect(everything(b)).not.toContain(KEY);
    }
  });

  it("a URL with user-info is refused before anything is sent, and the error does not echo it", async () => {
    const { a, b } = await twoOrigins();
    const error = await failure(httpRequest({ url: a.origin.replace("http://", `http://user:${KEY}@`) + "/v1/models", timeoutMs: 2000 }));
    expect(`${error.message} ${String(error.stack)} ${String((error.cause as Error).stack)}`).not.toContain(KEY);
    expect(a.received).toEqual([]);
    expect(b.received).toEqual([]);
  });

  it("http → https of the same host is another origin", async () => {
    const a = await track(redirector("127.0.0.1", (path) => `https://127.0.0.1:1${path}`));
    const error = await failure(httpRequest({ url: `${a.origin}/v1/models`, headers: { "x-api-key": KEY }, timeoutMs: 2000 }));
    expect(error.code).toBe("cross_origin_redirect");
  });
});

describe("httpRequest: redirects it follows", () => {
  it("follows a cross-origin hop when the request carries no credential, and says the answer is from elsewhere", async () => {
    const { a, b } = await twoOrigins();
    const answer = await httpRequest({ url: `${a.origin}/api/tags`, headers: { accept: "application/json" }, timeoutMs: 2000 });
    expect(answer.status).toBe(200);
    expect(answer.redirects).toBe(1);
    expect(answer.sameOrigin).toBe(false);
    expect(answer.url).toBe(`${b.origin}/api/tags`);
    expect(JSON.parse(answer.text)).toEqual({ from: "B", method: "GET" });
  });

  it("keeps credentials on same-origin hops", async () => {
    const a = await track(
      startRecordingServer("127.0.0.1", (req, res) => {
        if (req.url === "/old/models") {
          res.writeHead(301, { location: "/v1/models" });
          res.end();
          return;
        }
        sendJson(res, 200, { key: req.headers["x-api-key"] ?? null });
      }),
    );
    const answer = await httpRequest({ url: `${a.origin}/old/models`, headers: { "x-api-key": KEY }, timeoutMs: 2000 });
    expect(answer).toMatchObject({ status: 200, redirects: 1, sameOrigin: true });
    expect(JSON.parse(answer.text)).toEqual({ key: KEY });
  });

  it("301/302/303 turn a POST into a GET without a body; 307/308 keep method and body", async () => {
    for (const [status, method, body] of [
      [301, "GET", ""],
      [302, "GET", ""],
      [303, "GET", ""],
      [307, "POST", '{"a":1}'],
      [308, "POST", '{"a":1}'],
    ] as const) {
      const a = await track(
        startRecordingServer("127.0.0.1", (req, res) => {
          if (req.url === "/start") {
            res.writeHead(status, { location: "/end" });
            res.end();
            return;
          }
          sendJson(res, 200, { method: req.method, body: req.body, type: req.headers["content-type"] ?? null });
        }),
      );
      const answer = await httpRequest({ url: `${a.origin}/start`, method: "POST", json: { a: 1 }, timeoutMs: 2000 });
      expect(JSON.parse(answer.text)).toEqual({ method, body, type: body ? "application/json" : null });
    }
  });

  it("stops after the hop limit with redirect_invalid", async () => {
    let hops = 0;
    const a = await track(
      startRecordingServer("127.0.0.1", (_req, res) => {
        hops += 1;
        res.writeHead(302, { location: `/hop${hops}` });
        res.end();
      }),
    );
    const error = await failure(httpRequest({ url: `${a.origin}/start`, timeoutMs: 2000, maxRedirects: 3 }));
    expect(error.code).toBe("redirect_invalid");
    expect(error.message).toContain("more than 3 redirects");
    expect(a.received).toHaveLength(4);
  });

  it("refuses a redirect to a non-http URL", async () => {
    const a = await track(redirector("127.0.0.1", () => "file:///etc/passwd"));
    const error = await failure(httpRequest({ url: `${a.origin}/x`, timeoutMs: 2000 }));
    expect(error.code).toBe("redirect_invalid");
  });

  it("fails clearly on a browser's opaqueredirect answer", async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    const error = await failure(httpRequest({ url: "https://proxy.example/v1/models?key=abc12345", fetch: async () => opaque, timeoutMs: 2000 }));
    expect(error.code).toBe("opaque_redirect");
    expect(error.message).toContain("https://proxy.example/v1/models");
    expect(error.message).not.toContain("abc12345");
  });

  it("sends every hop with redirect: manual through the injected fetch", async () => {
    const seen: string[] = [];
    const answer = await httpRequest({
      url: "https://api.example/v1/models",
      fetch: async (input) => {
        const request = input as Request;
        seen.push(`${request.redirect} ${request.url}`);
        return request.url.endsWith("/v1/models")
          ? new Response(null, { status: 308, headers: { location: "/v2/models" } })
          : new Response("{}", { status: 200 });
      },
      timeoutMs: 2000,
    });
    expect(answer.ok).toBe(true);
    expect(seen).toEqual(["manual https://api.example/v1/models", "manual https://api.example/v2/models"]);
  });
});

describe("httpRequest: body cap", () => {
  it("fails with response_too_large while an endless body streams in, without waiting for its end", async () => {
    const a = await track(
      startRecordingServer("127.0.0.1", (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on("close", () => clearInterval(timer));
      }),
    );
    const error = await failure(httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 }));
    expect(error.code).toBe("response_too_large");
    expect(error.message).toContain("1 MiB");
    expect(error.recovery).toBeTruthy();
  });

  it("fails before reading when content-length already exceeds the cap", async () => {
    const a = await track(
      startRecordingServer("127.0.0.1", (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": 5000 });
        res.write("[");
      }),
    );
    const error = await failure(httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 5000, maxBodyBytes: 1000 }));
    expect(error.code).toBe("response_too_large");
  });

  it("keeps an answer at the cap, and the default cap (16 MiB) lets a 10 MB listing through", async () => {
    const big = JSON.stringify({ data: Array.from({ length: 200_000 }, (_, i) => ({ id: `m-${String(i).padStart(6, "0")}`, object: "model" })) });
    expect(big.length).toBeGreaterThan(7_000_000);
    const a = await track(startRecordingServer("127.0.0.1", (_req, res) => res.end(big)));
    const answer = await httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 10_000 });
    expect(answer.text.length).toBe(big.length);
    const exact = await httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 10_000, maxBodyBytes: Buffer.byteLength(big) });
    expect(exact.text.length).toBe(big.length);
  });

  it("cuts an error body at 64 KiB instead of failing, so the status still classifies", async () => {
    const a = await track(startRecordingServer("127.0.0.1", (_req, res) => sendJson(res, 500, { error: "x".repeat(1024 * 1024) })));
    const answer = await httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 5000 });
    expect(answer.status).toBe(500);
    expect(answer.ok).toBe(false);
    expect(answer.text.length).toBe(64 * 1024);
  });
});

describe("httpRequest: deadlines, aborts, network failures", () => {
  it("times out a server that never answers, with kind timeout", async () => {
    const a = await track(startRecordingServer("127.0.0.1", () => undefined));
    const error = await failure(httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 100 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("100 ms");
  });

  it("the deadline also covers a body that stalls after the headers", async () => {
    const a = await track(
      startRecordingServer("127.0.0.1", (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("[");
      }),
    );
    const error = await failure(httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 150 }));
    expect(error.kind).toBe("timeout");
  });

  it("the caller's signal aborts with kind aborted", async () => {
    const a = await track(startRecordingServer("127.0.0.1", () => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(httpRequest({ url: `${a.origin}/v1/models`, timeoutMs: 5000, signal: controller.signal }));
    expect(error.kind).toBe("aborted");
  });

  it("a refused connection is kind network and never echoes a ?key= value", async () => {
    const a = await track(startRecordingServer("127.0.0.1", () => undefined));
    const origin = a.origin;
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const error = await failure(httpRequest({ url: `${origin}/v1/models?key=${KEY}`, timeoutMs: 2000 }));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
    expect(JSON.stringify({ m: error.message, s: error.stack, c: String((error.cause as Error)?.stack) })).not.toContain(KEY);
  });

  it("appends searchParams to the URL's own query instead of replacing it", async () => {
    const a = await track(startRecordingServer("127.0.0.1", (req, res) => sendJson(res, 200, { url: req.url })));
    const answer = await httpRequest({ url: `${a.origin}/v1/models?beta=true`, searchParams: { limit: 1000 }, timeoutMs: 2000 });
    expect(JSON.parse(answer.text)).toEqual({ url: "/v1/models?beta=true&limit=1000" });
  });
});
