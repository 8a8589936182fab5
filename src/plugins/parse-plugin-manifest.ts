import { ARG, checkArgument } from "../errors/check-argument.js";
import type { z } from "zod";
import { getBuiltinProvider } from "../refs/builtin-providers.js";
import { isRegistryError } from "../errors/registry-error.js";
import { parseModelRef } from "../refs/parse-model-ref.js";
import type { ThinkingLevel } from "../schema/thinking-levels.js";
import { ApiKindSchema } from "../schema/api-kind.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import type { ModelMetadata } from "../schema/model-metadata.js";
import type { AuthMethod, ProviderDefinition } from "../schema/provider-definition.js";
import {
  PLUGIN_MANIFEST_VERSION,
  PluginManifestSchema,
  PluginModelSchema,
  PluginProviderSchema,
  PluginTiersSchema,
} from "./plugin-manifest-schema.js";

/**
 * A model declared by a plugin: its wire id and only the metadata the manifest states.
 *
 * @example
 * ```ts
 * const m: PluginModel = { id: "qwen3-coder-plus", metadata: { name: "Qwen3 Coder Plus" } };
 * ```
 */
export interface PluginModel {
  id: string;
  metadata: Partial<ModelMetadata>;
}

/**
 * A provider contributed by a plugin: a full provider definition plus its declared models and the package that
 * declared it.
 *
 * @example
 * ```ts
 * const names = result.providers.map((p: PluginProvider) => `${p.name} (from ${p.package ?? "unnamed package"})`);
 * ```
 */
export type PluginProvider = ProviderDefinition & { models: PluginModel[]; package: string | null };

/**
 * A default tier suggested by a plugin; `model` is a full `provider/model` ref, `thinking` `null` when unstated.
 *
 * @example
 * ```ts
 * const tier: PluginDefaultTier = { tier: "HIGH", model: "alibaba-coding-plan/qwen3-max", thinking: "high" };
 * ```
 */
export interface PluginDefaultTier {
  tier: "LOW" | "MED" | "HIGH";
  model: string;
  thinking: ThinkingLevel | null;
  package: string | null;
}

/**
 * What {@link parsePluginManifest} returns. A package without a manifest yields empty lists and no diagnostics.
 *
 * @example
 * ```ts
 * const { providers, defaultTiers, diagnostics }: PluginManifestResult = parsePluginManifest(pkg);
 * ```
 */
export interface PluginManifestResult {
  /** The package.json `name`: the name `registry.plugins.enable/disable` take; `null` when the package has none. */
  name: string | null;
  /** `false` when the manifest says `enabledByDefault: false` (its providers wait for `plugins.enable(name)`). */
  enabledByDefault: boolean;
  providers: PluginProvider[];
  defaultTiers: PluginDefaultTier[];
  diagnostics: Diagnostic[];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function zodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/**
 * Read the provider manifest of one package.json object: `pkg[manifestKey].providers[]` (same fields as a
 * built-in provider; auth `{ type: "apiKey", env }`; optional `models` and default `tiers`). Pure and total: an
 * invalid or incompatible manifest or provider is skipped with a diagnostic (never thrown), and one bad provider
 * never drops the others.
 *
 * Diagnostic codes: `manifest_invalid`, `manifest_incompatible` (newer `schemaVersion`), `provider_invalid`,
 * `provider_incompatible` (unknown api kind, OAuth auth), `provider_conflict` (id of a built-in provider),
 * `model_invalid`, `tiers_invalid`, `plugin_unnamed` (ships disabled but has no package name to enable it by).
 *
 * @example
 * ```ts
 * // Show a plugin's problems before enabling it.
 * const { providers, diagnostics } = parsePluginManifest(pkg, { manifestKey: "sero" });
 * for (const d of diagnostics) console.log(formatDiagnostic(d));
 * if (!diagnostics.some((d) => d.severity === "error")) console.log(`adds ${providers.map((p) => p.id).join(", ")}`);
 * ```
 */
export function parsePluginManifest(pkg: unknown, options: { manifestKey?: string } = {}): PluginManifestResult {
  checkArgument("parsePluginManifest", "options", ARG.optionalObject, options);
  const manifestKey = options.manifestKey ?? "modelRegistry";
  const result: PluginManifestResult = { name: null, enabledByDefault: true, providers: [], defaultTiers: [], diagnostics: [] };
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) {
    result.diagnostics.push({
      severity: "error",
      code: "manifest_invalid",
      path: [],
      line: null,
      column: null,
      message: `Expected a package.json object, found ${describe(pkg)}.`,
      hint: "Pass the parsed package.json (an object), e.g. from scanPluginDirs().",
    });
    return result;
  }
  const record = pkg as Record<string, unknown>;
  const packageName = typeof record["name"] === "string" && record["name"].trim() !== "" ? record["name"] : null;
  result.name = packageName;
  const source = packageName ?? undefined;
  const diag = (d: Omit<Diagnostic, "line" | "column" | "source">): void => {
    result.diagnostics.push({ line: null, column: null, ...d, ...(source === undefined ? {} : { source }) });
  };
  const raw = record[manifestKey];
  if (raw === undefined) return result;
  const manifest = PluginManifestSchema.safeParse(raw);
  if (!manifest.success) {
    diag({
      severity: "error",
      code: "manifest_invalid",
      path: [manifestKey],
      message: `Expected "${manifestKey}" to be an object with a "providers" list, found ${describe(raw)} (${zodIssues(manifest.error)}).`,
      hint: `Write "${manifestKey}": { "providers": [ { "id": "...", "name": "...", "baseUrl": "...", "auth": { "type": "apiKey", "env": "..." } } ] }.`,
    });
    return result;
  }
  const version = manifest.data.schemaVersion ?? PLUGIN_MANIFEST_VERSION;
  if (version > PLUGIN_MANIFEST_VERSION) {
    diag({
      severity: "error",
      code: "manifest_incompatible",
      path: [manifestKey, "schemaVersion"],
      message: `Expected manifest schemaVersion ${PLUGIN_MANIFEST_VERSION} or lower, found ${version}; the manifest was skipped.`,
      expected: String(PLUGIN_MANIFEST_VERSION),
      found: String(version),
      hint: "Upgrade model-provider-registry in the host app, or install a plugin version built for this one.",
    });
    return result;
  }
  if (manifest.data.enabledByDefault === false) {
    result.enabledByDefault = false;
    if (packageName === null) {
      diag({
        severity: "warning",
        code: "plugin_unnamed",
        path: [manifestKey, "enabledByDefault"],
        message: `Expected a package "name" for a plugin that ships disabled (enabledByDefault: false), found none; it can never be enabled.`,
        hint: 'Give the package a "name": registry.plugins.enable(name) enables it.',
      });
    }
  }
  const seen = new Set<string>();
  (manifest.data.providers ?? []).forEach((entry, index) => {
    const path = [manifestKey, "providers", index];
    const parsed = PluginProviderSchema.safeParse(entry);
    if (!parsed.success) {
      diag({
        severity: "error",
        code: "provider_invalid",
        path,
        message: `Expected a provider with "id" and "name", found ${describe(entry)} that does not validate: ${zodIssues(parsed.error)}. Skipped.`,
        hint: 'Each provider needs at least { "id": "my-provider", "name": "My Provider" }.',
      });
      return;
    }
    const p = parsed.data;
    const api = ApiKindSchema.safeParse(p.api ?? "openai-completions");
    if (!api.success) {
      diag({
        severity: "error",
        code: "provider_incompatible",
        path: [...path, "api"],
        message: `Provider "${p.id}" declares api "${p.api}", which this registry cannot call; skipped.`,
        expected: ApiKindSchema.options.join(" | "),
        found: String(p.api),
        hint: "Use one of the supported api kinds (most gateways are openai-completions).",
      });
      return;
    }
    const auth = normaliseAuth(p.auth);
    if (auth === "oauth") {
      diag({
        severity: "error",
        code: "provider_incompatible",
        path: [...path, "auth"],
        message: `Provider "${p.id}" declares OAuth auth, which a manifest cannot supply (flows are passed by the host); skipped.`,
        hint: 'Declare { "type": "apiKey", "env": "MY_KEY" } or let the host register the OAuth flow.',
      });
      return;
    }
    if (getBuiltinProvider(p.id) || seen.has(p.id)) {
      diag({
        severity: "error",
        code: "provider_conflict",
        path: [...path, "id"],
        message: `Provider id "${p.id}" is already ${seen.has(p.id) ? "declared earlier in this manifest" : "a built-in provider"}; skipped.`,
        hint: "Give the plugin provider its own id, or configure the built-in one in models.json.",
      });
      return;
    }
    seen.add(p.id);
    const models: PluginModel[] = [];
    (p.models ?? []).forEach((m, mi) => {
      const model = PluginModelSchema.safeParse(m);
      if (!model.success) {
        diag({
          severity: "warning",
          code: "model_invalid",
          path: [...path, "models", mi],
          message: `Expected a model with an "id", found ${describe(m)}: ${zodIssues(model.error)}. Skipped.`,
        });
        return;
      }
      models.push({ id: model.data.id, metadata: pluginModelMetadata(model.data) });
    });
    const provider: PluginProvider = {
      id: p.id,
      name: p.name,
      order: p.order ?? null,
      legacy: false,
      local: p.local ?? false,
      api: api.data,
      baseUrl: p.baseUrl ?? null,
      auth,
      envFallbacks: p.envFallbacks ?? [],
      aliases: p.aliases ?? [],
      discovery: p.discovery ?? "none",
      setupMethods: p.setupMethods ?? auth.flatMap((a) => (a.label ? [a.label] : a.type === "apiKey" ? ["API key"] : [])),
      ...(p.envStem === undefined ? {} : { envStem: p.envStem }),
      ...(p.docs === undefined ? {} : { docs: p.docs }),
      modelsDevId: null,
      models,
      package: packageName,
    };
    result.providers.push(provider);
    for (const tiers of [p.tiers, p.defaultTiers]) {
      if (tiers !== undefined) readTiers(tiers, p.id, [...path, tiers === p.tiers ? "tiers" : "defaultTiers"]);
    }
  });
  for (const [tiers, key] of [
    [manifest.data.tiers, "tiers"],
    [manifest.data.defaultTiers, "defaultTiers"],
  ] as const) {
    if (tiers !== undefined) readTiers(tiers, null, [manifestKey, key]);
  }
  return result;

  function readTiers(raw: unknown, providerId: string | null, path: Array<string | number>): void {
    const parsed = PluginTiersSchema.safeParse(raw);
    if (!parsed.success) {
      diag({
        severity: "warning",
        code: "tiers_invalid",
        path,
        message: `Expected tiers as { LOW|MED|HIGH: { model, thinking? } } or [{ tier, model, thinking? }], found ${describe(raw)}: ${zodIssues(parsed.error)}. Ignored.`,
      });
      return;
    }
    const entries = Array.isArray(parsed.data)
      ? parsed.data.map((t) => [t.tier, t] as const)
      : (Object.entries(parsed.data) as Array<[PluginDefaultTier["tier"], { model: string; thinking?: ThinkingLevel }]>);
    for (const [tier, value] of entries) {
      const ref = value.model.includes("/") || providerId === null ? value.model : `${providerId}/${value.model}`;
      try {
        const { provider, model } = parseModelRef(ref);
        result.defaultTiers.push({ tier, model: `${provider}/${model}`, thinking: value.thinking ?? null, package: packageName });
      } catch (error) {
        if (!isRegistryError(error)) throw error;
        diag({
          severity: "warning",
          code: "tiers_invalid",
          path: [...path, tier],
          message: `Tier ${tier}: ${error.message}`,
          ...(error.recovery === undefined ? {} : { hint: error.recovery }),
        });
      }
    }
  }
}

function normaliseAuth(raw: z.infer<typeof PluginProviderSchema>["auth"]): AuthMethod[] | "oauth" {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw.some((a) => a.type === "oauth") ? "oauth" : raw;
  if (raw.type === "none") return [{ type: "none", ...(raw.label === undefined ? {} : { label: raw.label }) }];
  const env = (raw.env as string[] | undefined) ?? [];
  return [{ type: raw.type, env, ...(raw.label === undefined ? {} : { label: raw.label }) }];
}

function pluginModelMetadata(m: z.infer<typeof PluginModelSchema>): Partial<ModelMetadata> {
  const out: Partial<ModelMetadata> = {};
  if (m.name !== undefined) out.name = m.name;
  if (m.family !== undefined) out.family = m.family;
  if (m.contextWindow !== undefined) out.contextWindow = m.contextWindow;
  const maxOut = m.maxOutputTokens ?? m.maxTokens;
  if (maxOut !== undefined) out.maxOutputTokens = maxOut;
  if (m.input !== undefined) out.input = m.input;
  if (m.output !== undefined) out.output = m.output;
  if (m.tools !== undefined) out.tools = m.tools;
  if (m.json !== undefined) out.json = m.json;
  if (m.reasoning !== undefined) out.reasoning = m.reasoning;
  if (m.thinkingLevels !== undefined) out.thinkingLevels = m.thinkingLevels;
  if (m.defaultThinkingLevel !== undefined) out.defaultThinkingLevel = m.defaultThinkingLevel;
  if (m.cost !== undefined) {
    out.cost = {
      input: m.cost.input ?? null,
      output: m.cost.output ?? null,
      cacheRead: m.cost.cacheRead ?? null,
      cacheWrite: m.cost.cacheWrite ?? null,
    };
  }
  if (m.knowledge !== undefined) out.knowledge = m.knowledge;
  if (m.releaseDate !== undefined) out.releaseDate = m.releaseDate;
  if (m.openWeights !== undefined) out.openWeights = m.openWeights;
  return out;
}
