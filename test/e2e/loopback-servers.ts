import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/** A real HTTP server on 127.0.0.1 with a random port. */
export interface LoopbackServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/discovery/${name}`, import.meta.url)), "utf8");
}

/** Start a server; `handle` returns `undefined` to never answer (the socket stays open until close). */
export async function startServer(handle: (req: IncomingMessage, res: ServerResponse, body: string) => unknown): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push(`${req.method} ${req.url}`);
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: string | object): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Ollama native + OpenAI-compatible shapes. */
export function ollamaServer(): Promise<LoopbackServer> {
  return startServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method === "GET" && path === "/api/tags") return json(res, 200, fixtureText("ollama-tags-legacy.json"));
    if (req.method === "POST" && path === "/api/show") return json(res, 200, fixtureText("ollama-show-qwen3.json"));
    if (req.method === "GET" && path === "/api/version") return json(res, 200, fixtureText("ollama-version.json"));
    if (req.method === "GET" && path === "/v1/models") return json(res, 200, fixtureText("ollama-openai-models.json"));
    if (req.method === "GET" && path === "/") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("Ollama is running");
    }
    return json(res, 404, { error: "404 page not found" });
  });
}

/** LM Studio: /api/v1/models (0.4+), /v1/models. */
export function lmStudioServer(): Promise<LoopbackServer> {
  return startServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (path === "/api/v1/models") return json(res, 200, fixtureText("lmstudio-v1-models.json"));
    if (path === "/v1/models") return json(res, 200, { object: "list", data: [{ id: "qwen/qwen3-8b", object: "model", owned_by: "organization_owner" }] });
    return json(res, 200, { error: "Unexpected endpoint or method. (GET " + path + ")" });
  });
}

/** vLLM-style OpenAI-compatible server that enforces a key. */
export function openAiCompatibleServer(apiKey: string): Promise<LoopbackServer> {
  return startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(res, 401, { error: { message: "Unauthorized", type: "invalid_request_error", code: 401 } });
    if (req.url?.split("?")[0] === "/v1/models") return json(res, 200, fixtureText("vllm-models.json"));
    return json(res, 404, { error: { message: "Not Found" } });
  });
}

/** Accepts connections and never answers. */
export function hungServer(): Promise<LoopbackServer> {
  return startServer(() => "hang");
}

/** /500/... → 500, /html/... → an HTML page with 200, /truncated/... → cut-off JSON with 200. */
export function brokenServer(): Promise<LoopbackServer> {
  return startServer((req, res) => {
    const path = req.url ?? "";
    if (path.startsWith("/500/")) return json(res, 500, { error: { message: "Internal Server Error" } });
    if (path.startsWith("/html/")) {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!DOCTYPE html><html><head><title>Router login</title></head><body>Please log in</body></html>");
    }
    if (path.startsWith("/truncated/")) {
      const text = fixtureText("vllm-models.json");
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(text.slice(0, Math.floor(text.length / 2)));
    }
    return json(res, 404, {});
  });
}
