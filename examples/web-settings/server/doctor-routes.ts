// doctor() reads the stored files and cached state only, so the page can ask for it on every visit.
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";

/**
 * `GET /doctor`: every problem with its recovery, and the fixes as unified diffs.
 *
 * @example
 * app.route("/api", doctorRoutes(registry));
 */
export function doctorRoutes(registry: Registry): Hono {
  const routes = new Hono();
  routes.get("/doctor", async (c) => c.json(await registry.doctor()));
  return routes;
}
