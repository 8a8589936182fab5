// Local and self-hosted servers: pick a preset, save its URL, test it, fetch its models into models.json, remove it.
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";
import { optionalString, readObject, requireString } from "./read-body.js";

/**
 * `GET /local` (the provider ids models.json configures), `GET /local/presets`, `POST /local` `{ preset, baseUrl?, id? }`,
 * `POST /local/:id/test`, `POST /local/:id/fetch-models`, `DELETE /local/:id`.
 *
 * @example
 * app.route("/api", localRoutes(registry));
 */
export function localRoutes(registry: Registry): Hono {
  const routes = new Hono();

  // A server added with a preset keeps the preset's provider id (ollama, vllm, ...), so the providers list alone
  // cannot tell an added server from a built-in default: models.json is what says it was configured.
  routes.get("/local", async (c) => {
    const { config } = await registry.getModelsConfig();
    return c.json({ configured: Object.keys(config.providers) });
  });

  routes.get("/local/presets", async (c) => c.json(await registry.local.presets()));

  routes.post("/local", async (c) => {
    const body = await readObject(c);
    const preset = requireString(body, "preset");
    const baseUrl = optionalString(body, "baseUrl")?.trim();
    const id = optionalString(body, "id")?.trim();
    const added = await registry.local.add({ preset, ...(baseUrl ? { baseUrl } : {}), ...(id ? { id } : {}) } as Parameters<Registry["local"]["add"]>[0]);
    return c.json(added, 201);
  });

  routes.post("/local/:id/test", async (c) => c.json(await registry.local.test(c.req.param("id"))));

  routes.post("/local/:id/fetch-models", async (c) => c.json(await registry.local.fetchModels(c.req.param("id"))));

  routes.delete("/local/:id", async (c) => {
    await registry.local.remove(c.req.param("id"));
    return c.json({ removed: c.req.param("id") });
  });

  return routes;
}
