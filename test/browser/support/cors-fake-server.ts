// Puts a fetch-style handler (a fake provider's `fake.fetch`) on a real loopback port that another origin's page may
// call: preflights answered, CORS headers on every answer, bodies streamed frame by frame as the handler produces them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type FetchHandler = (request: Request) => Promise<Response>;

/** A started server: its origin, the handler it forwards to (set once the fake knows the origin), and `close`. */
export interface CorsFakeServer {
  origin: string;
  /** Every request forwards here; until set, requests get a 503. */
  setHandler(handler: FetchHandler): void;
  close(): Promise<void>;
}

/** Options of {@link startCorsFakeServer}. */
export interface CorsFakeServerOptions {
  /** The page origin allowed to call (`Access-Control-Allow-Origin`). Default `*`. */
  allowOrigin?: string;
  /** A pause after each body chunk, so a streamed answer reaches the browser in separate network reads. Default 0. */
  chunkDelayMs?: number;
}

/**
 * Starts the server on 127.0.0.1 (a free port). Build the fake with `baseUrl: `${server.origin}/v1``, then
 * `server.setHandler((request) => fake.fetch(request))`.
 *
 * @example
 * const server = await startCorsFakeServer({ allowOrigin: site.origin, chunkDelayMs: 30 });
 * const fake = createFakeProvider({ kind: "openai-compatible", baseUrl: `${server.origin}/v1`, apiKey });
 * server.setHandler((request) => fake.fetch(request));
 */
export async function startCorsFakeServer(options: CorsFakeServerOptions = {}): Promise<CorsFakeServer> {
  let handler: FetchHandler | null = null;
  const allowOrigin = options.allowOrigin ?? "*";
  const cors = (req: IncomingMessage): Record<string, string> => ({
    "access-control-allow-origin": allowOrigin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "authorization, content-type",
    "access-control-expose-headers": "*",
    "access-control-max-age": "600",
    vary: "origin",
  });

  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors(req)).end();
      return;
    }
    if (handler === null) {
      res.writeHead(503, cors(req)).end();
      return;
    }
    void forward(handler, req, res, cors(req), options.chunkDelayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    setHandler: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function forward(handle: FetchHandler, req: IncomingMessage, res: ServerResponse, corsHeaders: Record<string, string>, delayMs: number) {
    const aborter = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborter.abort(new DOMException("The client went away.", "AbortError"));
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && name !== "host" && name !== "connection") headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && chunks.length > 0;
    let response: Response;
    try {
      response = await handle(new Request(`${origin}${req.url ?? "/"}`, { method: req.method ?? "GET", headers, body: hasBody ? Buffer.concat(chunks) : null, signal: aborter.signal }));
    } catch {
      res.destroy(); // the fake's network failure: the browser sees a dropped connection
      return;
    }
    const out: Record<string, string> = { ...corsHeaders };
    response.headers.forEach((value, name) => {
      if (name !== "content-length" && name !== "content-encoding" && name !== "transfer-encoding") out[name] = value;
    });
    res.writeHead(response.status, out);
    if (response.body === null) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      res.end();
    } catch {
      res.destroy();
    }
  }
}
