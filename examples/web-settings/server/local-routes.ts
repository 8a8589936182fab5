// Local and self-hosted servers: pick a preset, save its URL, test it, fetch its models into models.json.
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";
import { optionalString, readObject, requireString } from "./read-body.js";

/**
 * `GET /local/presets`, `POST /local` `{ preset, baseUrl?, id? }`, `POST /local/:id/test`,
 * `POST /local/:id/fetch-models`.
 *
 * @example
 * app.route("/api", localRoutes(registry));
 */
export function localRoutes(registry: Registry): Hono {
  const routes = new Hono();

  routes.get("/local/presets", async (c) => c.json(await registry.local.presets()));

  routes.post("/local", async (c) => {
    const body = await readObject(c);
    const preset = requireString(body, "preset");
    const baseUrl = optionalString(body, "baseUrl");
    const id = optionalString(body, "id");
    const added = await registry.local.add({ preset, ...(baseUrl === undefined ? {} : { baseUrl }), ...(id === undefined ? {} : { id }) } as Parameters<Registry["local"]["add"]>[0]);
    return c.json(added, 201);
  });

  routes.post("/local/:id/test", async (c) => c.json(await registry.local.test(c.req.param("id"))));

  routes.post("/local/:id/fetch-models", async (c) => c.json(await registry.local.fetchModels(c.req.param("id"))));

  return routes;
}
