// The API stores keys and spends tokens, so only the page itself may call it. A site the user visits could otherwise
// post a key (or a test message) to 127.0.0.1 with a form or a text/plain fetch, which browsers send without asking,
// or reach the API through a hostname it rebinds to 127.0.0.1 and read what it answers.
import type { Context, MiddlewareHandler } from "hono";
import type { ApiErrorBody } from "./api-error.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Refuses API requests that did not come from the settings page: a `Host` that is not a loopback name or one of
 * `hosts` (DNS rebinding); a write whose `Origin` is another site's; a write that is not `application/json` (a
 * cross-site page can only send JSON after a CORS preflight, which this server never grants). Answers 403 with the
 * usual error body.
 *
 * @example
 * api.use("*", sameOriginGuard({ hosts: ["settings.internal"] }));
 */
export function sameOriginGuard(options: { hosts?: readonly string[] } = {}): MiddlewareHandler {
  const allowed = new Set([...LOOPBACK_NAMES, ...(options.hosts ?? []).map((h) => h.toLowerCase())]);
  return async (c, next) => {
    const host = c.req.header("host") ?? "";
    const hostname = host.replace(/:\d+$/, "").toLowerCase();
    if (!allowed.has(hostname)) {
      return refuse(c, "host_refused", `Expected a request to this settings server by a loopback name, found Host "${host}".`, "Open the page at http://127.0.0.1:<port>/, or start the server with --host <name> for that name.");
    }
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header("origin");
    if (origin !== undefined && originHost(origin) !== host.toLowerCase()) {
      return refuse(c, "origin_refused", `Expected a change from the settings page itself, found one sent by ${origin}.`, "Make changes on the settings page.");
    }
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return refuse(c, "content_type_refused", `Expected a JSON request (Content-Type: application/json), found ${type === "" ? "none" : `"${type}"`}.`, "Send the body as JSON.");
    }
    return next();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

function refuse(c: Context, code: string, message: string, recovery: string): Response {
  return c.json<ApiErrorBody>({ error: { code, message, recovery } }, 403);
}
