/**
 * `local.fetchModels()`: copy what a local server lists into its models.json entry, so the models stay known when the
 * server is down. Apart from the other `local.*` edits because it merges (adds new models, fills fields an entry lacks,
 * never changes a user-set field) against the file as it is under the write lock.
 */
import { RegistryError } from "../errors/registry-error.js";
import type { DiscoveredModel } from "../schema/discovered.js";
import { isObject, storedProviderOf } from "./models-config-writer.js";
import { probeProvider } from "./probe-provider.js";
import { shownUrl } from "./shown-url.js";
import type { StatusServiceDeps } from "./status-deps.js";
import type { StatusService } from "./status-service.js";
import type { ProviderFacts } from "./status-snapshot.js";

/**
 * Result of `local.fetchModels()`.
 *
 * @example
 * ```ts
 * const { added, total } = await registry.local.fetchModels("lmstudio");
 * ```
 */
export interface FetchModelsResult {
  providerId: string;
  added: string[];
  /** Existing entries that gained fields they did not have (user-set fields are never changed). */
  updated: string[];
  /** Entries in models.json the server no longer lists; kept. */
  notListed: string[];
  total: number;
}

/**
 * The models.json entry of one listed model: what the server states about it, in models.json's field names; runtime
 * state (the context a copy happens to be loaded with) stays out.
 */
function modelEntry(m: DiscoveredModel): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: m.id };
  if (m.name) entry["name"] = m.name;
  if (typeof m.reasoning === "boolean") entry["reasoning"] = m.reasoning;
  if (m.input) {
    const allowed = m.input.filter((i) => ["text", "image", "audio", "video", "pdf"].includes(i));
    if (allowed.length > 0) entry["input"] = allowed;
  }
  // A server that states its maximum apart (LM Studio) reports the context a copy is loaded with: runtime state,
  // which the live listing keeps current. Written here it would become a user value that outranks every reload.
  if (typeof m.contextWindow === "number" && m.maxContextWindow == null) entry["contextWindow"] = m.contextWindow;
  if (typeof m.maxOutputTokens === "number") entry["maxTokens"] = m.maxOutputTokens;
  if (typeof m.tools === "boolean") entry["tools"] = m.tools;
  if (typeof m.json === "boolean") entry["json"] = m.json;
  if (m.cost && m.cost.input !== null && m.cost.output !== null) {
    entry["cost"] = { input: m.cost.input, output: m.cost.output, cacheRead: m.cost.cacheRead ?? 0, cacheWrite: m.cost.cacheWrite ?? 0 };
  }
  return entry;
}

/**
 * Fetch one local provider's models: probe its listing (stored like a check's), then add the listed models to its
 * models.json entry (creating the entry for a built-in server not yet in the file).
 *
 * @example
 * ```ts
 * const { added, notListed } = await fetchLocalModels(ctx, service, facts);
 * if (added.length > 0) console.log(`new: ${added.join(", ")}; gone from the server: ${notListed.join(", ")}`);
 * ```
 */
export async function fetchLocalModels(ctx: StatusServiceDeps, service: Pick<StatusService, "persist">, facts: ProviderFacts): Promise<FetchModelsResult> {
  const outcome = await probeProvider(ctx, facts);
  if (outcome.record) await service.persist([outcome]);
  if (!outcome.models) {
    throw new RegistryError({
      code: "fetch_models_failed",
      message: `Could not list models from ${facts.name}${facts.baseUrl ? ` at ${shownUrl(facts.baseUrl)}` : ""}: ${outcome.record?.message ?? outcome.skipped ?? "unknown error"}`,
      recovery: "Start the local server, test the URL, fetch models, and save.",
    });
  }
  const existing = facts.config?.models ?? [];
  const models = outcome.models;
  let added: string[] = [];
  let updated: string[] = [];
  // Computed from the file as it is when the write happens (under its lock): a concurrent edit cannot shift the
  // positions these edits address.
  await ctx.config.updateModelsConfig((text) => {
    added = [];
    updated = [];
    // Positions in the file's own list: the parsed one drops invalid entries, and the file may have no list at all.
    const stored = storedProviderOf(text, facts.id);
    const storedModels = Array.isArray(stored.provider?.["models"]) ? (stored.provider["models"] as unknown[]) : null;
    const byId = new Map<string, { m: Record<string, unknown>; i: number }>();
    (storedModels ?? []).forEach((m, i) => {
      if (isObject(m) && typeof m["id"] === "string" && !byId.has(m["id"])) byId.set(m["id"], { m, i });
    });
    const edits: Array<{ path: (string | number)[]; value: unknown }> = [];
    if (!facts.config && !stored.provider) {
      const def = facts.definition;
      edits.push({
        path: ["providers", facts.id],
        value: { baseUrl: facts.baseUrl, api: def?.api ?? "openai-completions", models: models.map(modelEntry) },
      });
      added.push(...models.map((m) => m.id));
      return edits;
    }
    const fresh: Record<string, unknown>[] = [];
    let next = storedModels?.length ?? 0;
    for (const m of models) {
      const entry = modelEntry(m);
      const current = byId.get(m.id);
      if (!current) {
        if (storedModels === null) fresh.push(entry);
        else edits.push({ path: ["providers", facts.id, "models", next], value: entry });
        next += 1;
        added.push(m.id);
        continue;
      }
      let changed = false;
      for (const [field, value] of Object.entries(entry)) {
        if (current.m[field] !== undefined) continue;
        edits.push({ path: ["providers", facts.id, "models", current.i, field], value });
        changed = true;
      }
      if (changed) updated.push(m.id);
    }
    // Written without a models list: create it with the fetched entries in one edit.
    if (storedModels === null) edits.push({ path: ["providers", facts.id, "models"], value: fresh });
    return edits;
  });
  const listed = new Set(outcome.models.map((m) => m.id));
  return {
    providerId: facts.id,
    added,
    updated,
    notListed: existing.map((m) => m.id).filter((m) => !listed.has(m)),
    total: existing.length + added.length,
  };
}
