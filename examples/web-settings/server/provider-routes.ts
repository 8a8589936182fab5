// Providers in the registry's own order (connected first), each with its status, problems, recovery texts, setup
// methods and masked credentials: everything the providers list of a settings screen shows, in one request.
import { Hono } from "hono";
import type { CredentialSummary, ProviderStatusReport, Registry } from "../../../src/index.js";

/**
 * One row of the providers list as the page receives it. Credentials are the registry's masked summaries.
 *
 * @example
 * const row: ProviderRow = (await (await fetch("/api/providers")).json())[0];
 */
export interface ProviderRow {
  id: string;
  name: string;
  local: boolean;
  source: "builtin" | "plugin" | "user";
  docs: string | null;
  baseUrl: string | null;
  envNames: string[];
  methods: Array<{ id: string; kind: string; label: string; note: string | null }>;
  status: ProviderStatusReport["status"];
  reason: string;
  credentialSource: string;
  modelCount: number;
  problems: ProviderStatusReport["problems"];
  lastCheck: ProviderStatusReport["lastCheck"] | null;
  credentials: CredentialSummary[];
}

/**
 * `GET /providers` (list) and `POST /providers/:id/check` (probe one now).
 *
 * @example
 * app.route("/api", providerRoutes(registry));
 */
export function providerRoutes(registry: Registry): Hono {
  const routes = new Hono();

  routes.get("/providers", async (c) => {
    const [providers, reports, credentials] = await Promise.all([
      registry.listProviders({ connectedFirst: true }),
      registry.getStatus(),
      registry.listCredentials(),
    ]);
    const byId = new Map(reports.map((r) => [r.providerId, r]));
    const rows: ProviderRow[] = providers.map((p) => {
      const report = byId.get(p.id);
      return {
        id: p.id,
        name: p.name,
        local: p.local,
        source: p.source,
        docs: p.docs,
        baseUrl: report?.baseUrl ?? p.baseUrl,
        envNames: p.envNames,
        methods: p.methods.map((m) => ({ id: m.id, kind: m.kind, label: m.label, note: m.note ?? null })),
        status: report?.status ?? "unknown",
        reason: report?.reason ?? "no status computed",
        credentialSource: report?.credentialSource ?? "none",
        modelCount: report?.modelCount ?? p.modelCount,
        problems: report?.problems ?? [],
        lastCheck: report?.lastCheck ?? null,
        credentials: credentials.filter((cr) => cr.providerId === p.id),
      };
    });
    return c.json(rows);
  });

  routes.post("/providers/:id/check", async (c) => {
    const [result] = await registry.check(c.req.param("id"));
    return c.json({ check: result ?? null });
  });

  return routes;
}
