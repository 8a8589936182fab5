// LOW / MED / HIGH: what is saved, what a call would really use (clamps and warnings), and the levels a model offers.
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";
import { BadRequest } from "./api-error.js";
import { readObject, requireString } from "./read-body.js";

const TIERS = ["LOW", "MED", "HIGH"] as const;

function tierParam(value: string): (typeof TIERS)[number] {
  const tier = value.toUpperCase();
  if (!(TIERS as readonly string[]).includes(tier)) throw new BadRequest("tier_invalid", `Expected LOW, MED or HIGH, found ${JSON.stringify(value)}.`);
  return tier as (typeof TIERS)[number];
}

/**
 * `GET /tiers`, `PUT /tiers/:tier` `{ model, thinking }`, `DELETE /tiers/:tier`, `GET /thinking-levels?ref=`.
 *
 * @example
 * app.route("/api", tierRoutes(registry));
 */
export function tierRoutes(registry: Registry): Hono {
  const routes = new Hono();

  routes.get("/tiers", async (c) => {
    const saved = await registry.getTiers();
    const rows = await Promise.all(TIERS.map(async (tier) => ({ tier, saved: saved[tier], resolved: await registry.resolveTier(tier) })));
    return c.json(rows);
  });

  routes.put("/tiers/:tier", async (c) => {
    const tier = tierParam(c.req.param("tier"));
    const body = await readObject(c);
    const result = await registry.setTier(tier, { model: requireString(body, "model"), thinking: requireString(body, "thinking") });
    return c.json({ result, resolved: await registry.resolveTier(tier) });
  });

  routes.delete("/tiers/:tier", async (c) => {
    const tier = tierParam(c.req.param("tier"));
    await registry.resetTier(tier);
    return c.json({ resolved: await registry.resolveTier(tier) });
  });

  routes.get("/thinking-levels", async (c) => {
    const ref = requireString({ ref: c.req.query("ref") }, "ref");
    return c.json(await registry.thinkingLevels(ref));
  });

  return routes;
}
