import * as z from "zod";
import { getBuiltinProvider, BUILTIN_PROVIDERS } from "../refs/builtin-providers.js";
import { loadBundledSnapshot } from "../catalog/load-snapshot.js";
import { envCredentialIn } from "../catalog/provider-env.js";
import { isRegistryError } from "../errors/registry-error.js";
import type { PluginDefaultTier } from "../plugins/parse-plugin-manifest.js";
import type { PluginManifests } from "../plugins/plugin-manifests.js";
import { isPluginEnabled, PLUGIN_STATE_SECTION } from "../plugins/plugin-state.js";
import type { Env, Logger, Storage } from "../ports.js";
import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";
import { warnDamagedDocument } from "../storage/damaged-document.js";
import { readSections, type SectionSpec } from "../storage/sections.js";
import { ReasoningOverridesSchema, type ReasoningOverrides, type ReasoningProblem } from "./reasoning-descriptor-schema.js";
import type { ReasoningModel } from "./reasoning-model.js";
import { toReasoningModel } from "./to-reasoning-model.js";
import { TiersSectionSchema, type TiersSection } from "./tiers.js";

// Argument shape checked at the entry of createTierPeers (built once, not per call).

/**
 * What tiers need: the ports, the registry's plugin manifests, and the services they ask — the catalog (resolve a
 * model), status (is the provider usable), credentials and models.json (the fallback when status cannot answer).
 * Each service is optional: tiers keep working, with the documented fallbacks, without it.
 *
 * @example
 * ```ts
 * const deps: TierPeersDeps = { storage, env, envPrefix: "MODEL_REGISTRY", logger, plugins, catalog, status, credentials, config };
 * ```
 */
export interface TierPeersDeps {
  storage: Storage;
  env: Env;
  envPrefix: string;
  logger: Logger;
  plugins: PluginManifests;
  catalog?: { resolveModel(ref: string): Promise<unknown> };
  status?: { getStatus(options?: { providers?: string[]; check?: boolean }): Promise<readonly unknown[]> };
  credentials?: { listCredentials(providerId?: string): Promise<readonly unknown[]> };
  config?: { getModelsConfig(): Promise<{ config?: { providers?: Record<string, unknown> } }> };
}

/**
 * A model looked up for a tier: the reasoning view of it, and whether the registry can offer it.
 *
 * @example
 * ```ts
 * const lookup: TierModelLookup = await createTierPeers(deps).lookupModel("openai", "gpt-5.4");
 * if (!lookup.known) console.warn(lookup.problems[0]?.message);
 * ```
 */
export interface TierModelLookup {
  readonly model: ReasoningModel;
  /** `false` when no catalog, plugin, discovery or models.json entry knows the model. */
  readonly known: boolean;
  /** Why the model cannot be used (unknown, no longer listed, hidden), as problems. */
  readonly problems: ReasoningProblem[];
  /** Where the lookup came from: `resolveModel` (the catalog facade) or `snapshot` (bundled data or plugin models, fallback). */
  readonly via: "resolveModel" | "snapshot" | "none";
}

/**
 * What the registry knows about a provider's credentials: the status (from `getStatus` when the status part is
 * present, else a direct check of stored credentials and env names), whether it can be used, and what is wrong.
 *
 * @example
 * ```ts
 * const health: TierProviderHealth = await createTierPeers(deps).providerHealth("anthropic");
 * if (health.problem) console.warn(health.problem.recovery);
 * ```
 */
export interface TierProviderHealth {
  readonly providerId: string;
  readonly status: string;
  readonly usable: boolean;
  /** A hosted provider with a working credential (status `healthy` or `env`): eligible for default tiers. */
  readonly credentialed: boolean;
  /** `getStatus` or `credentials` (listCredentials + env names), for explain(). */
  readonly via: "getStatus" | "credentials";
  readonly problem: ReasoningProblem | null;
}

/**
 * Provider statuses under which a tier may use a provider: status's usable ones (healthy, env, local) plus `unknown`
 * (not checked yet), so a tier is not dropped before the first check. Not status's `USABLE_STATUSES`: that set
 * decides what is offered, this one what a tier falls back from.
 */
const TIER_USABLE_STATUSES = new Set(["healthy", "env", "local", "unknown"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Build the cross-part lookups tiers need, bound to one registry context.
 *
 * @example
 * ```ts
 * const peers = createTierPeers({ storage, env, envPrefix: "MODEL_REGISTRY", logger, plugins });
 * const { known } = await peers.lookupModel("openai", "gpt-5.4");
 * ```
 */
export function createTierPeers(ctx: TierPeersDeps) {
  const pluginResults = () => ctx.plugins.results();

  function providerDefinition(id: string): ProviderDefinition | undefined {
    return getBuiltinProvider(id) ?? pluginResults().flatMap((r) => r.providers).find((p) => p.id === id);
  }

  async function lookupModel(provider: string, id: string): Promise<TierModelLookup> {
    const ref = `${provider}/${id}`;
    const catalog = ctx.catalog;
    if (catalog) {
      try {
        const resolved = await catalog.resolveModel(ref);
        const model = withEndpoint(toReasoningModel(resolved, { provider, id }), provider);
        const known = !(isObject(resolved) && resolved["known"] === false);
        return { model, known, problems: unavailability(resolved, ref), via: "resolveModel" };
      } catch (error) {
        const code = isRegistryError(error) ? error.code : "model_unknown";
        return {
          model: withEndpoint({ provider, id }, provider),
          known: false,
          problems: [
            {
              code: "model_unavailable",
              message: `The model ${ref} is not known to the registry (${code}: ${error instanceof Error ? error.message : String(error)}).`,
              recovery: "Reconnect the provider or choose another model in Admin → Model.",
            },
          ],
          via: "resolveModel",
        };
      }
    }
    const pluginProvider = pluginResults()
      .flatMap((r) => r.providers)
      .find((p) => p.id === provider);
    const pluginModel = pluginProvider?.models.find((m) => m.id === id);
    if (pluginProvider && pluginModel) {
      const model = toReasoningModel(
        { provider, id, api: pluginProvider.api, ...pluginModel.metadata, provenance: { thinkingLevels: "plugin" } },
        { provider, id },
      );
      return { model: withEndpoint(model, provider), known: true, problems: [], via: "snapshot" };
    }
    const snapshot = loadBundledSnapshot().get(provider)?.find((m) => m.id === id);
    if (snapshot) {
      const model = toReasoningModel(
        { provider, id, api: providerDefinition(provider)?.api ?? null, ...snapshot.metadata, reasoningOptions: snapshot.reasoningOptions },
        { provider, id },
      );
      return { model: withEndpoint(model, provider), known: true, problems: [], via: "snapshot" };
    }
    return {
      model: withEndpoint({ provider, id, api: providerDefinition(provider)?.api ?? null }, provider),
      known: false,
      problems: [
        {
          code: "model_unavailable",
          message: `The model ${ref} is not in the bundled catalog.`,
          recovery: "Reconnect the provider or choose another model in Admin → Model.",
        },
      ],
      via: "none",
    };
  }

  /**
   * `provider/model` → parsed as is; a bare name (no `/`) is resolved through the catalog's model aliases
   * (settings `aliases`) when the catalog part is present. Invalid input throws `invalid_model_ref`.
   */
  async function canonicalRef(text: string): Promise<{ provider: string; model: string }> {
    const catalog = ctx.catalog;
    if (typeof text === "string" && !text.includes("/") && catalog) {
      const resolved = await catalog.resolveModel(text);
      if (isObject(resolved) && typeof resolved["ref"] === "string") return parseModelRef(resolved["ref"]);
    }
    // Plugin-declared provider aliases count too, as in the catalog ("acme/x" is stored as "acme-gateway/x").
    const aliases = new Map<string, string>();
    for (const p of pluginResults().flatMap((r) => r.providers)) {
      if (!getBuiltinProvider(p.id)) for (const alias of p.aliases) if (!aliases.has(alias)) aliases.set(alias, p.id);
    }
    return parseModelRef(text, aliases.size > 0 ? { aliases } : {});
  }

  function withEndpoint(model: ReasoningModel, provider: string): ReasoningModel {
    if (model.endpoint) return model;
    // The built-in "custom" provider is a user's own OpenAI/Anthropic-compatible server: an unknown endpoint too.
    const known = provider !== "custom" && providerDefinition(provider) !== undefined;
    return { ...model, endpoint: known ? "known" : "custom" };
  }

  async function providerHealth(providerId: string): Promise<TierProviderHealth> {
    const status = ctx.status;
    if (status) {
      try {
        const reports = await status.getStatus({ providers: [providerId] });
        const report = reports.find((r) => isObject(r) && r["providerId"] === providerId);
        if (isObject(report) && typeof report["status"] === "string") {
          return healthFromStatus(providerId, report["status"], report, "getStatus");
        }
      } catch (error) {
        ctx.logger.warn("getStatus failed while resolving a tier; falling back to a credentials check.", {
          providerId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return healthFromStatus(providerId, await credentialStatus(providerId), null, "credentials");
  }

  /** Status without the status part: local/keyless → local, stored credential → healthy, env → env, else missing. */
  async function credentialStatus(providerId: string): Promise<string> {
    const definition = providerDefinition(providerId);
    if (definition?.local || definition?.auth.some((a) => a.type === "none")) return "local";
    const credentials = ctx.credentials;
    if (credentials) {
      try {
        const stored = await credentials.listCredentials(providerId);
        // listCredentials also lists env-backed keys (source "env:<VAR>"); only stored ones make a provider healthy here.
        const owned = stored.filter((c) => !isObject(c) || c["source"] === undefined || c["source"] === "stored");
        if (owned.some((c) => !isObject(c) || c["providerId"] === undefined || c["providerId"] === providerId)) return "healthy";
      } catch {
        // A credentials part that cannot list is treated as "no stored credential"; env names are still checked.
      }
    }
    if (definition && envCredentialIn(definition, ctx.env, { envPrefix: ctx.envPrefix }) !== null) return "env";
    if (!definition) {
      if (ctx.config) {
        const config = await ctx.config.getModelsConfig().catch(() => null);
        if (config?.config?.providers && providerId in config.config.providers) return "local";
      }
      return "unknown";
    }
    return "missing";
  }

  function healthFromStatus(
    providerId: string,
    status: string,
    report: Record<string, unknown> | null,
    via: TierProviderHealth["via"],
  ): TierProviderHealth {
    const usable = TIER_USABLE_STATUSES.has(status);
    // A saved tier's own warning (`tier_model_unavailable`, "choose another model for tier MED") is about that tier,
    // not the provider: its recovery must never become the provider's advice for another tier.
    const reportedProblems = Array.isArray(report?.["problems"])
      ? (report["problems"] as unknown[]).filter(isObject).filter((p) => p["code"] !== "tier_model_unavailable")
      : [];
    const rank = (p: Record<string, unknown>) => (p["severity"] === "error" ? 0 : p["severity"] === "warning" ? 1 : 2);
    const reported = [...reportedProblems].sort((a, b) => rank(a) - rank(b))[0];
    const specific = typeof reported?.["recovery"] === "string" ? reported["recovery"] : null;
    const orChoose = "choose another model in Admin → Model.";
    const withChoice = (fix: string) => (/another model/i.test(fix) ? fix : `${fix} Or ${orChoose}`);
    let problem: ReasoningProblem | null = null;
    if (status === "broken_expired" || status === "broken_invalid") {
      const fix = specific ?? (status === "broken_expired" ? "Reconnect the provider." : "Replace the key or remove the stale credential and connect again.");
      problem = {
        code: "provider_broken",
        message: `Provider ${providerId} is ${status === "broken_expired" ? "signed out (its login expired)" : "rejecting its key"} (${status}).`,
        recovery: withChoice(fix),
      };
    } else if (status === "missing") {
      problem = {
        code: "provider_missing_credentials",
        message: `Provider ${providerId} has no saved credential and no environment key.`,
        recovery: specific ? withChoice(specific) : `Reconnect the provider or ${orChoose}`,
      };
    }
    return { providerId, status, usable, credentialed: status === "healthy" || status === "env", via, problem };
  }

  /** Provider ids in default order: built-ins (Fased order, then by name), then plugin providers. */
  function providerOrder(): string[] {
    const ids = BUILTIN_PROVIDERS.filter((p) => !p.legacy).map((p) => p.id);
    for (const result of pluginResults()) for (const p of result.providers) if (!ids.includes(p.id)) ids.push(p.id);
    return ids;
  }

  /** Default tiers of the enabled plugins only: a disabled plugin's models are not offered, so not defaulted to. */
  async function pluginTierDefaults(): Promise<PluginDefaultTier[]> {
    const results = pluginResults();
    if (!results.some((r) => r.defaultTiers.length > 0)) return [];
    const state = (await readSettingsSpec("plugins", PLUGIN_STATE_SECTION)).plugins;
    return results.filter((r) => isPluginEnabled(state, r.name, r.enabledByDefault)).flatMap((r) => r.defaultTiers);
  }

  async function readSettingsSpec<K extends string, S extends z.ZodType>(section: K, spec: SectionSpec<S>): Promise<Record<K, z.output<S>>> {
    const { values, damage } = await readSections(ctx.storage, SETTINGS_JSON_KEY, { [section]: spec } as Record<K, SectionSpec<S>>);
    if (damage) warnDamagedDocument(ctx.storage, ctx.logger, SETTINGS_JSON_KEY, damage);
    return values as Record<K, z.output<S>>;
  }

  // A damaged settings.json reads as empty (default tiers, no reasoning overrides) with one logger warning; setTier
  // and the other writes still refuse, naming the file and the recovery.
  async function readSettings<K extends string, S extends z.ZodType>(section: K, schema: S): Promise<z.output<S>> {
    const { values, damage } = await readSections(ctx.storage, SETTINGS_JSON_KEY, { [section]: { schema, fallback: {} } } as Record<K, SectionSpec<S>>);
    if (damage) warnDamagedDocument(ctx.storage, ctx.logger, SETTINGS_JSON_KEY, damage);
    return values[section];
  }

  async function readOverrides(): Promise<ReasoningOverrides> {
    return readSettings("reasoningOverrides", ReasoningOverridesSchema);
  }

  async function readTiers(): Promise<TiersSection> {
    return readSettings("tiers", TiersSectionSchema);
  }

  return { canonicalRef, lookupModel, providerHealth, providerOrder, pluginTierDefaults, readOverrides, readTiers, providerDefinition };
}

/**
 * The registry-side lookups used by tiers.
 *
 * @example
 * ```ts
 * const peers: TierPeers = createTierPeers(deps);
 * ```
 */
export type TierPeers = ReturnType<typeof createTierPeers>;

/**
 * Catalog problems that make a model unusable for a tier, re-coded to the tier warning codes (the catalog's message
 * and, where it is specific, its recovery are kept): unknown provider/model → `model_unavailable`, not allowlisted →
 * `model_not_allowlisted`, no longer listed by its source → `model_source_missing`, provider of a disabled plugin →
 * `model_plugin_disabled`. Credential problems are reported
 * by the provider-health check instead, so they are not repeated here.
 */
function unavailability(resolved: unknown, ref: string): ReasoningProblem[] {
  if (!isObject(resolved)) return [];
  const out: ReasoningProblem[] = [];
  const problems = Array.isArray(resolved["problems"]) ? resolved["problems"].filter(isObject) : [];
  const text = (p: Record<string, unknown>, key: string, fallback: string) => (typeof p[key] === "string" ? (p[key] as string) : fallback);
  for (const p of problems) {
    const code = typeof p["code"] === "string" ? p["code"] : "";
    if (code === "unknown_model" || code === "unknown_provider" || code === "model_not_found") {
      out.push({
        code: "model_unavailable",
        message: text(p, "message", `The model ${ref} is not known to the registry.`),
        recovery: "Reconnect the provider or choose another model in Admin → Model.",
      });
    } else if (code === "not_allowlisted") {
      out.push({ code: "model_not_allowlisted", message: text(p, "message", `${ref} is not allowlisted.`), recovery: text(p, "recovery", "Allowlist it or choose another model.") });
    } else if (code === "plugin_disabled") {
      out.push({ code: "model_plugin_disabled", message: text(p, "message", `${ref} comes from a disabled plugin.`), recovery: text(p, "recovery", "Enable the plugin or choose another model.") });
    } else if (code === "source_missing") {
      out.push({ code: "model_source_missing", message: text(p, "message", `${ref} is no longer listed by its source.`), recovery: text(p, "recovery", "Choose another model in Admin → Model.") });
    }
  }
  if (resolved["sourceMissing"] === true && !out.some((p) => p.code === "model_source_missing")) {
    out.push({
      code: "model_source_missing",
      message: `${ref} is no longer listed by its source (kept so saved choices still resolve).`,
      recovery: "Choose another model in Admin → Model if calls to it fail.",
    });
  }
  return out;
}
