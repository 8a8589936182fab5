import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a server received it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A real HTTP server on one host with a random port that records everything it receives. */
export interface RecordingServer {
  /** `http://<host>:<port>` */
  origin: string;
  received: Received[];
  /** One per request, in arrival order: resolves when the connection that carried it closes. */
  socketClosed: Array<Promise<void>>;
  close(): Promise<void>;
}

/** Answers one request; runs once the request body is in. */
export type Handler = (req: Received, res: ServerResponse) => void;

/**
 * Start a recording server. `host` picks the origin: `127.0.0.1` and `localhost` are different origins on the same
 * machine, which is what the redirect tests need.
 */
export async function startRecordingServer(host: "127.0.0.1" | "localhost", handle: Handler): Promise<RecordingServer> {
  const received: Received[] = [];
  const socketClosed: Array<Promise<void>> = [];
  const server: Server = createServer((req, res) => {
    socketClosed.push(new Promise<void>((resolve) => req.socket.once("close", () => resolve())));
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const entry = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      received.push(entry);
      handle(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    received,
    socketClosed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A server that answers every request with a redirect to `target(path)`. */
export function redirector(host: "127.0.0.1" | "localhost", target: (path: string) => string, status = 302): Promise<RecordingServer> {
  return startRecordingServer(host, (req, res) => {
    res.writeHead(status, { location: target(req.url) });
    res.end();
  });
}

/** Everything a server received, as one string to search for planted keys. */
export function everything(server: RecordingServer): string {
  return JSON.stringify(server.received);
}

/**
 * The injected fetch port, resolving public API hosts to a loopback origin as DNS would: the registry's requests keep
 * their real URLs, so a hosted provider's listing is one the registry trusts to authenticate.
 */
export function resolvingFetch(hosts: Record<string, string>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const target = hosts[url.host];
    if (target === undefined) return fetch(request);
    const to = new URL(target);
    url.protocol = to.protocol;
    url.host = to.host;
    return fetch(new Request(url, request));
  };
}
