// The settings server as a Hono app: a JSON API under /api over the public Registry API, plus the built page.
// It owns no state of its own; everything lives in the registry's storage, so a restart shows the same screen.
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";
import { respondWithError } from "./api-error.js";
import { sameOriginGuard } from "./same-origin-guard.js";
import { credentialRoutes } from "./credential-routes.js";
import { doctorRoutes } from "./doctor-routes.js";
import { localRoutes } from "./local-routes.js";
import { modelRoutes } from "./model-routes.js";
import { providerRoutes } from "./provider-routes.js";
import { refreshRoutes, type RefreshSources } from "./refresh-routes.js";
import { testMessageRoutes } from "./test-message-route.js";
import { tierRoutes } from "./tier-routes.js";

/**
 * What the settings app needs: the registry, and optionally where the built page is and which refresh sources to use.
 *
 * @example
 * const options: SettingsAppOptions = { registry, assetsDir: "examples/web-settings/out" };
 */
export interface SettingsAppOptions {
  registry: Registry;
  /** Folder with the built page (index.html, app.js, styles.css); without it only the API is served. */
  assetsDir?: string;
  /** `registry.refresh({ sources })`; default: the registry's own defaults (bundled, discovery, plugins). */
  refreshSources?: RefreshSources;
  /** Host names besides the loopback ones the API answers to (the server's `--host`, when it is a name). */
  hosts?: readonly string[];
}

/**
 * Builds the Hono app. No endpoint ever returns a key: credentials come back as the registry's masked summaries. Only
 * the page itself may use the API (see {@link sameOriginGuard}).
 *
 * @example
 * import { serve } from "@hono/node-server";
 * serve({ fetch: createSettingsApp({ registry }).fetch, port: 8787, hostname: "127.0.0.1" });
 */
export function createSettingsApp(options: SettingsAppOptions): Hono {
  const { registry } = options;
  const app = new Hono();
  app.onError(respondWithError);
  app.use("*", async (c, next) => {
    await next();
    // The page holds a key field; keep it out of caches and frames of other sites.
    c.header("Cache-Control", "no-store");
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "no-referrer");
  });

  const api = new Hono();
  api.use("*", sameOriginGuard(options.hosts === undefined ? {} : { hosts: options.hosts }));
  api.route("/", providerRoutes(registry));
  api.route("/", credentialRoutes(registry));
  api.route("/", localRoutes(registry));
  api.route("/", modelRoutes(registry));
  api.route("/", tierRoutes(registry));
  api.route("/", refreshRoutes(registry, options.refreshSources));
  api.route("/", doctorRoutes(registry));
  api.route("/", testMessageRoutes(registry));
  api.notFound((c) => c.json({ error: { code: "not_found", message: `No API endpoint ${c.req.method} ${c.req.path}.`, recovery: null } }, 404));
  app.route("/api", api);

  if (options.assetsDir !== undefined) {
    app.use("/*", serveStatic({ root: options.assetsDir, index: "index.html" }));
    app.get("/in-browser", (c) => c.redirect("/in-browser/"));
  }
  return app;
}
