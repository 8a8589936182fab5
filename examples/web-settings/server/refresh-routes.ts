// Catalog refresh as a review: look (and keep the review), then apply only the changes the user accepted.
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";
import { BadRequest } from "./api-error.js";
import { readObject } from "./read-body.js";

/** The `sources` option of `registry.refresh()`, as the server was configured. */
export type RefreshSources = NonNullable<Parameters<Registry["refresh"]>[0]>["sources"];

function isSelectItem(item: unknown): item is string | { ref: string; field: string } {
  if (typeof item === "string") return true;
  const o = item as { ref?: unknown; field?: unknown } | null;
  return typeof o === "object" && o !== null && typeof o.ref === "string" && typeof o.field === "string";
}

/**
 * `POST /refresh` (refresh, then save the review), `GET /reviews`, `POST /reviews/:id/apply` `{ select }`, where each
 * item is a model ref or `{ ref, field }` (one changed field).
 *
 * @example
 * app.route("/api", refreshRoutes(registry, ["bundled", "discovery"]));
 */
export function refreshRoutes(registry: Registry, sources: RefreshSources | undefined): Hono {
  const routes = new Hono();

  routes.post("/refresh", async (c) => {
    const review = await registry.refresh(sources === undefined ? {} : { sources });
    const id = await registry.saveReview(review);
    return c.json({ id, review });
  });

  routes.get("/reviews", async (c) => c.json(await registry.listReviews()));

  routes.post("/reviews/:id/apply", async (c) => {
    const body = await readObject(c);
    const select = body["select"];
    if (!Array.isArray(select) || !select.every(isSelectItem)) {
      throw new BadRequest("select_invalid", "Expected select to be a list of model refs or { ref, field } changes.", "Accept at least one change, then apply.");
    }
    return c.json(await registry.applyReview(c.req.param("id"), { select }));
  });

  return routes;
}
