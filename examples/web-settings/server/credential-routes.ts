// Keys go in once and never come back out: the answer to a save is the masked summary and the check that followed.
import { Hono } from "hono";
import type { Registry } from "../../../src/index.js";
import { BadRequest } from "./api-error.js";
import { optionalString, readObject, requireString } from "./read-body.js";

/**
 * `POST /providers/:id/credentials` `{ key, type?, label?, method? }` stores a key (or token) and checks the
 * provider; `DELETE /providers/:id/credentials/:credentialId` removes one stored credential.
 *
 * @example
 * app.route("/api", credentialRoutes(registry));
 */
export function credentialRoutes(registry: Registry): Hono {
  const routes = new Hono();

  routes.post("/providers/:id/credentials", async (c) => {
    const providerId = c.req.param("id");
    const body = await readObject(c);
    const key = requireString(body, "key");
    const type = optionalString(body, "type") ?? "apiKey";
    if (type !== "apiKey" && type !== "token") {
      throw new BadRequest("type_invalid", `Expected type "apiKey" or "token", found ${JSON.stringify(type)}.`);
    }
    const label = optionalString(body, "label");
    const method = optionalString(body, "method");
    const options = { ...(label === undefined ? {} : { label }), ...(method === undefined ? {} : { method }) };
    const credential = type === "token" ? await registry.setToken(providerId, key, options) : await registry.setApiKey(providerId, key, options);
    // Probing right away is what turns "not configured" into "healthy" (or names what is wrong) without a second click.
    const [check] = await registry.check(providerId);
    return c.json({ credential, check: check ?? null }, 201);
  });

  routes.delete("/providers/:id/credentials/:credentialId", async (c) => {
    const { removed } = await registry.removeCredential(c.req.param("id"), c.req.param("credentialId"));
    return c.json({ removed });
  });

  return routes;
}
