import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { ProviderCallError } from "../../src/errors/provider-call-error.js";
import { openStream, type StreamRequest } from "../../src/transport/http-stream.js";
import { collect, failure } from "./stream-helpers.js";
import { startRecordingServer, type Handler, type Received, type RecordingServer } from "./two-origins.js";

const KEY = "sk-proj-stream-canary-0123456789abcdef";

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A real recording server on `host`, closed after the test. */
async function serve(handle: Handler, host: "127.0.0.1" | "localhost" = "127.0.0.1"): Promise<RecordingServer> {
  const server = await startRecordingServer(host, handle);
  servers.push(server);
  return server;
}

/** Write `pieces` one by one, `gapMs` apart; stop when the client goes away. */
function trickle(res: ServerResponse, pieces: Array<string | Buffer>, gapMs: number, end = true): void {
  let i = 0;
  const timer = setInterval(() => {
    const piece = pieces[i++];
    if (piece === undefined) {
      clearInterval(timer);
      if (end) res.end();
      return;
    }
    res.write(piece);
  }, gapMs);
  res.on("close", () => clearInterval(timer));
}

function sse(res: ServerResponse, status = 200): void {
  res.writeHead(status, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

function request(server: RecordingServer, overrides: Partial<StreamRequest> = {}): StreamRequest {
  return {
    url: `${server.origin}/v1/chat/completions`,
    headers: { authorization: `Bearer ${KEY}` },
    json: { model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "Hi" }] },
    framing: "sse",
    connectTimeoutMs: 2000,
    idleTimeoutMs: 2000,
    ...overrides,
  };
}

/** Everything an error could show: the serialised error, its message, recovery, stack, and its cause's stack. */
function everythingIn(error: ProviderCallError): string {
  return [JSON.stringify(error), error.message, error.recovery, String(error.stack), String((error.cause as Error | undefined)?.stack), JSON.stringify(error.cause)].join("\n");
}

describe("openStream: frames over a real connection", () => {
  it("posts the JSON body and reads SSE frames split at awkward places (inside a character, inside \\r\\n)", async () => {
    const text = 'event: content_block_delta\r\ndata: {"text":"caf\u00e9 \ud83d\ude42"}\r\n\r\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n';
    const bytes = Buffer.from(text);
    const cafe = bytes.indexOf(Buffer.from("\u00e9"));
    const emoji = bytes.indexOf(Buffer.from("\ud83d\ude42"));
    const crlf = bytes.indexOf("\r\n");
    const cuts = [crlf + 1, cafe + 1, emoji + 2, emoji + 3, bytes.length];
    const pieces = cuts.map((cut, i) => bytes.subarray(i === 0 ? 0 : (cuts[i - 1] as number), cut));
    const server = await serve((_req, res) => {
      sse(res);
      trickle(res, pieces, 5);
    });
    const answer = await openStream(request(server));
    expect(answer).toMatchObject({ status: 200, ok: true, errorText: null, url: `${server.origin}/v1/chat/completions` });
    expect(answer.headers.get("content-type")).toBe("text/event-stream");
    expect(await collect(answer.frames)).toStrictEqual([
      { event: "content_block_delta", data: '{"text":"caf\u00e9 \ud83d\ude42"}' },
      { event: undefined, data: "line one\nline two" },
      { event: undefined, data: "[DONE]" },
    ]);
    expect(server.received).toHaveLength(1);
    const seen = server.received[0] as Received;
    expect(seen.method).toBe("POST");
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(seen.body)).toEqual({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "Hi" }] });
  });

  it("reads NDJSON lines, the last one without a newline", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      trickle(res, ['{"message":{"content":"Hel', 'lo"},"done":false}\r\n{"done":', "true}"], 5);
    });
    const answer = await openStream(request(server, { url: `${server.origin}/api/chat`, framing: "ndjson" }));
    expect(await collect(answer.frames)).toStrictEqual([
      { event: undefined, data: '{"message":{"content":"Hello"},"done":false}' },
      { event: undefined, data: '{"done":true}' },
    ]);
  });

  it("returns a non-2xx answer with its headers and the error body cut at 64 KiB, without throwing", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
      res.end(JSON.stringify({ error: { message: "Rate limit reached", padding: "x".repeat(100 * 1024) } }));
    });
    const answer = await openStream(request(server));
    expect(answer.status).toBe(429);
    expect(answer.ok).toBe(false);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.errorText?.length).toBe(64 * 1024);
    expect(answer.errorText?.startsWith('{"error":{"message":"Rate limit reached"')).toBe(true);
    expect(await collect(answer.frames)).toEqual([]);
    await answer.close();
  });

  it("follows a same-origin 307 with the body and the credential", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/old") {
        res.writeHead(307, { location: "/v1/chat/completions" });
        res.end();
        return;
      }
      sse(res);
      res.end(`data: ${JSON.stringify({ auth: req.headers.authorization, body: req.body })}\n\n`);
    });
    const answer = await openStream(request(server, { url: `${server.origin}/old`, json: { a: 1 } }));
    expect(answer.url).toBe(`${server.origin}/v1/chat/completions`);
    expect(await collect(answer.frames)).toStrictEqual([{ event: undefined, data: JSON.stringify({ auth: `Bearer ${KEY}`, body: '{"a":1}' }) }]);
  });
});

describe("openStream: deadlines", () => {
  it("the connect deadline does not cut a slow but steady stream that outlasts it", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      trickle(res, Array.from({ length: 12 }, (_, i) => `data: ${i}\n\n`), 30);
    });
    // 12 events 30 ms apart take ~360 ms: far past the 80 ms connect deadline, never silent for 250 ms.
    const answer = await openStream(request(server, { connectTimeoutMs: 80, idleTimeoutMs: 250 }));
    expect((await collect(answer.frames)).map((f) => f.data)).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
  });

  it("times out with kind timeout when the headers do not come within connectTimeoutMs", async () => {
    const server = await serve(() => undefined);
    const error = await failure(openStream(request(server, { connectTimeoutMs: 100 })));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe(`${server.origin}/v1/chat/completions did not answer within 100 ms.`);
    expect(everythingIn(error)).not.toContain(KEY);
  });

  it("fails with kind timeout when no data arrives for idleTimeoutMs mid-stream, and closes the connection", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.write("data: 1\n\n");
    });
    const answer = await openStream(request(server, { idleTimeoutMs: 150 }));
    const got: string[] = [];
    const error = await failure(
      (async () => {
        for await (const frame of answer.frames) got.push(frame.data);
      })(),
    );
    expect(got).toEqual(["1"]);
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe(`No data arrived from ${server.origin}/v1/chat/completions for 150 ms while streaming the answer.`);
    expect(everythingIn(error)).not.toContain(KEY);
    await server.socketClosed[0];
  });

  it("a consumer slower than idleTimeoutMs is not a silent server: only waiting for data counts", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.end("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    });
    const answer = await openStream(request(server, { idleTimeoutMs: 60 }));
    const got: string[] = [];
    for await (const frame of answer.frames) {
      got.push(frame.data);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(got).toEqual(["1", "2", "3"]);
  });
});

describe("openStream: stopping", () => {
  it("the caller's abort mid-stream fails with kind aborted and the server sees the socket close", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.write("data: 1\n\n");
    });
    const controller = new AbortController();
    const answer = await openStream(request(server, { signal: controller.signal, idleTimeoutMs: 5000 }));
    const got: string[] = [];
    const error = await failure(
      (async () => {
        for await (const frame of answer.frames) {
          got.push(frame.data);
          setTimeout(() => controller.abort(), 20);
        }
      })(),
    );
    expect(got).toEqual(["1"]);
    expect(error.kind).toBe("aborted");
    expect(error.message).toBe(`The request to ${server.origin}/v1/chat/completions was aborted by the caller.`);
    expect(everythingIn(error)).not.toContain(KEY);
    await server.socketClosed[0];
  });

  it("an abort while the consumer holds queued frames fails the next read instead of handing them out", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.write("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    });
    const controller = new AbortController();
    const answer = await openStream(request(server, { signal: controller.signal }));
    const iterator = answer.frames[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toStrictEqual({ event: undefined, data: "1" });
    controller.abort();
    expect((await failure(iterator.next())).kind).toBe("aborted");
    expect((await iterator.next()).done).toBe(true);
    await server.socketClosed[0];
  });

  it("the caller's abort before the headers fails with kind aborted; an already aborted signal sends nothing", async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    expect((await failure(openStream(request(server, { signal: controller.signal })))).kind).toBe("aborted");
    await server.socketClosed[0];
    const before = server.received.length;
    expect((await failure(openStream(request(server, { signal: AbortSignal.abort() })))).kind).toBe("aborted");
    expect(server.received.length).toBe(before);
  });

  it("breaking out of for await closes the socket while the server is still sending", async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      sse(res);
      const timer = setInterval(() => res.write(`data: ${written++}\n\n`), 2);
      res.on("close", () => clearInterval(timer));
    });
    const answer = await openStream(request(server));
    for await (const frame of answer.frames) {
      if (frame.data === "2") break;
    }
    await server.socketClosed[0];
    expect(written).toBeGreaterThan(2);
  });

  it("close() closes the socket and ends the frames", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.write("data: 1\n\n");
    });
    const answer = await openStream(request(server));
    await answer.close();
    await answer.close();
    await server.socketClosed[0];
    expect(await collect(answer.frames)).toEqual([]);
  });

  it("a connection reset mid-stream fails with kind network", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.write("data: 1\n\n");
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const answer = await openStream(request(server));
    const got: string[] = [];
    const error = await failure(
      (async () => {
        for await (const frame of answer.frames) got.push(frame.data);
      })(),
    );
    expect(got).toEqual(["1"]);
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(new RegExp(`^The stream from ${server.origin}/v1/chat/completions broke: `));
    expect(everythingIn(error)).not.toContain(KEY);
  });

  it("a frame over maxFrameBytes fails with response_too_large and closes the socket", async () => {
    const server = await serve((_req, res) => {
      sse(res);
      res.write(`data: ${"x".repeat(4096)}\n\n`);
    });
    const answer = await openStream(request(server, { maxFrameBytes: 1024 }));
    const error = await failure(collect(answer.frames));
    expect(error.code).toBe("response_too_large");
    expect(error.message).toContain("at most 1 KiB");
    await server.socketClosed[0];
  });
});

describe("openStream: credentials and redirects", () => {
  it("refuses a cross-origin redirect for a request carrying a credential; the other origin receives nothing", async () => {
    const b = await serve((_req, res) => {
      sse(res);
      res.end("data: leaked\n\n");
    }, "localhost");
    const a = await serve((_req, res) => {
      res.writeHead(307, { location: `${b.origin}/v1/chat/completions` });
      res.end();
    });
    for (const parts of [{ headers: { authorization: `Bearer ${KEY}` } }, { headers: {}, credentialHeaders: { "x-custom-auth": KEY } }, { headers: {}, url: `${a.origin}/v1/x?key=${KEY}` }]) {
      const error = await failure(openStream(request(a, parts)));
      expect(error.code).toBe("cross_origin_redirect");
      expect(error.status).toBe(307);
      expect(error.message).toContain(b.origin);
      expect(everythingIn(error)).not.toContain(KEY);
    }
    expect(b.received).toEqual([]);
  });

  it("a refused connection is kind network and no error text carries the key (header or ?key=)", async () => {
    const server = await serve(() => undefined);
    const origin = server.origin;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const error = await failure(openStream({ ...request(server), url: `${origin}/v1beta/models/x:streamGenerateContent?alt=sse&key=${KEY}` }));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain(`${origin}/v1beta/models/x:streamGenerateContent`);
    expect(everythingIn(error)).not.toContain(KEY);
  });
});
