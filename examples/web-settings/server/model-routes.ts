// Models with their capabilities, and the explanation of where each of a model's values came from.
import { Hono } from "hono";
import type { Registry, ResolvedModel } from "../../../src/index.js";
import { requireString } from "./read-body.js";

/**
 * One model as the page lists it: capabilities keep `null` (unknown) as `null`, never turned into `false`.
 *
 * @example
 * const row: ModelRow = (await (await fetch("/api/models")).json())[0];
 */
export interface ModelRow {
  ref: string;
  provider: string;
  id: string;
  name: string | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  tools: boolean | null;
  json: boolean | null;
  reasoning: boolean | null;
  vision: boolean | null;
  thinkingLevels: readonly string[] | null;
  offered: boolean;
  sourceMissing: boolean;
  /** Why a model is not offered (or what to watch for), from the registry's problems. */
  problems: string[];
}

// Statuses whose models a settings screen lists: the provider is connected, even if one model is not offered yet.
const CONNECTED = new Set(["healthy", "env", "local"]);

function toRow(m: ResolvedModel): ModelRow {
  return {
    ref: m.ref,
    provider: m.provider,
    id: m.id,
    name: m.name,
    contextWindow: m.limits.contextWindow,
    maxOutputTokens: m.limits.maxOutputTokens,
    tools: m.capabilities.tools,
    json: m.capabilities.json,
    reasoning: m.capabilities.reasoning,
    // Image input is stated only through the input list; no list means nobody said, which is not "no".
    vision: m.capabilities.input === null ? null : m.capabilities.input.includes("image"),
    thinkingLevels: m.reasoning.levels,
    offered: m.offered,
    sourceMissing: m.sourceMissing,
    problems: m.problems.map((p) => p.message),
  };
}

/**
 * `GET /models?provider=&all=1` (by default every model of a connected provider, offered or not, so a model the
 * catalog has but the server has not confirmed shows with the reason) and `GET /explain?ref=`.
 *
 * @example
 * app.route("/api", modelRoutes(registry));
 */
export function modelRoutes(registry: Registry): Hono {
  const routes = new Hono();

  routes.get("/models", async (c) => {
    const provider = c.req.query("provider");
    const all = c.req.query("all") === "1";
    const [models, reports] = await Promise.all([registry.listModels(provider ? { provider } : {}), registry.getStatus()]);
    const connected = new Set(reports.filter((r) => CONNECTED.has(r.status)).map((r) => r.providerId));
    return c.json(models.filter((m) => all || connected.has(m.provider)).map(toRow));
  });

  routes.get("/explain", async (c) => {
    const ref = requireString({ ref: c.req.query("ref") }, "ref");
    return c.json(await registry.explain(ref));
  });

  return routes;
}
