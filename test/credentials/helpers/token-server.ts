import { createServer, type Server } from "node:http";

/**
 * A real OAuth token endpoint on 127.0.0.1 with rotating refresh tokens: each refresh token works once; reusing one
 * answers `invalid_grant` (as providers do with `refresh_token_reused`). Counts refresh requests across processes.
 */
export async function startTokenServer(initialRefresh: string): Promise<{ url: string; refreshes: () => number; reuses: () => number; close: () => Promise<void> }> {
  let current = initialRefresh;
  let n = 0;
  let reused = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      // Hold the response a little so concurrent refreshers really overlap.
      setTimeout(() => {
        if (form.get("refresh_token") !== current) {
          reused++;
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant", error_description: "refresh_token_reused" }));
          return;
        }
        n++;
        current = `rt-${n}`;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: `at-${n}`, refresh_token: current, expires_in: 3600 }));
      }, 150);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/token`,
    refreshes: () => n,
    reuses: () => reused,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
