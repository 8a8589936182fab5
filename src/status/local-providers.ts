/**
 * `local.*`: set-ups of local and self-hosted servers in models.json (presets, add, update, remove), and the door to
 * their test and model fetch; with `customModels.*` it makes the `local`/`customModels` part of the registry.
 */
import { RegistryError } from "../errors/registry-error.js";
import { normalizeOllamaBaseUrl } from "../discovery/ollama-host.js";
import type { ApiKind } from "../schema/api-kind.js";
import { createCustomModels } from "./custom-models.js";
import { fetchLocalModels, type FetchModelsResult } from "./fetch-local-models.js";
import { getLocalPreset, LOCAL_PRESETS, type LocalPreset } from "./local-presets.js";
import { assertId, assertUrl } from "./provider-input-checks.js";
import type { StatusServiceDeps } from "./status-deps.js";
import type { StatusService } from "./status-service.js";
import { forgetProviderState } from "./status-state-writes.js";
import type { ProviderFacts } from "./status-snapshot.js";
import { testLocalProvider, type LocalTestResult } from "./test-local-provider.js";

/**
 * What `local.add()` takes.
 *
 * @example
 * ```ts
 * await registry.local.add({ preset: "lmstudio", apiKey: "${LM_API_TOKEN}" });
 * ```
 */
export interface LocalProviderInput {
  preset: LocalPreset["id"];
  /** models.json provider id; default: the preset's (`ollama`, `lmstudio`, `custom`, ...). */
  id?: string;
  /** Default: the preset's URL (required for presets without one). */
  baseUrl?: string;
  /** `"${VAR}"` or `{ env: "VAR" }` (preferred: the key never lands in the file), or a literal key. */
  apiKey?: string | { env: string };
  headers?: Record<string, string>;
  name?: string;
  api?: ApiKind;
}

/**
 * What `local.update()` changes; `null` removes a field.
 *
 * @example
 * ```ts
 * await registry.local.update("vllm", { baseUrl: "http://gpu-box:8000/v1" });
 * ```
 */
export interface LocalProviderPatch {
  baseUrl?: string;
  apiKey?: string | { env: string } | null;
  headers?: Record<string, string> | null;
  name?: string | null;
  api?: ApiKind;
}

/**
 * Local providers (`local.*`) and custom models (`customModels.*`): presets, models.json edits through the
 * comment-preserving editor, reachability tests and model fetching.
 *
 * @example
 * ```ts
 * const { local, customModels } = createLocalProviders(deps, statusService);
 * await local.add({ preset: "ollama" });
 * await customModels.add({ provider: "ollama", model: "qwen3:8b" });
 * ```
 */
export function createLocalProviders(ctx: StatusServiceDeps, service: StatusService) {
  async function factsOf(id: string): Promise<ProviderFacts> {
    const snapshot = await service.loader.load();
    const facts = snapshot.providers.get(snapshot.catalog.aliases.get(id) ?? id);
    if (!facts || (!facts.config && !facts.definition?.local)) {
      throw new RegistryError({
        code: "local_provider_not_found",
        message: `Expected a local/custom provider "${id}" in models.json, found none.`,
        recovery: `Add it first, e.g. local.add({ preset: "ollama" }), or pick one of: ${[...snapshot.providers.values()].filter((f) => f.local).map((f) => f.id).join(", ") || "(none configured)"}.`,
      });
    }
    return facts;
  }

  const local = {
    /** The local/manual routes with default URLs. */
    async presets(): Promise<LocalPreset[]> {
      return LOCAL_PRESETS.map((p) => ({ ...p, hostEnv: [...p.hostEnv] }));
    },

    async add(input: LocalProviderInput): Promise<{ providerId: string; baseUrl: string }> {
      const preset = getLocalPreset(input.preset);
      if (!preset) {
        throw new RegistryError({
          code: "unknown_preset",
          message: `Expected a preset id (${LOCAL_PRESETS.map((p) => p.id).join(", ")}), found ${JSON.stringify(input.preset)}.`,
          recovery: "Call local.presets() for the list.",
        });
      }
      const id = input.id ?? preset.providerId;
      assertId(id, "provider id");
      const baseUrl = input.baseUrl ?? preset.baseUrl;
      if (!baseUrl) {
        throw new RegistryError({
          code: "base_url_required",
          message: `The ${preset.name} preset has no default URL; expected baseUrl like ${preset.baseUrlTemplate ?? "http://host:port/v1"}.`,
          recovery: "Pass baseUrl.",
        });
      }
      assertUrl(baseUrl);
      const finalUrl = preset.id === "ollama" ? normalizeOllamaBaseUrl(baseUrl) : baseUrl;
      const snapshot = await service.loader.load();
      if (snapshot.providers.get(id)?.config) {
        throw new RegistryError({
          code: "local_provider_exists",
          message: `models.json already has a provider "${id}".`,
          recovery: `Use local.update("${id}", { ... }) to change it, or pass another id.`,
        });
      }
      const entry: Record<string, unknown> = { baseUrl: finalUrl, api: input.api ?? preset.api };
      const builtin = snapshot.catalog.getProvider(id)?.definition;
      if (!builtin || builtin.discovery !== preset.discovery) entry["discovery"] = preset.discovery;
      if (input.name) entry["name"] = input.name;
      if (input.apiKey !== undefined) entry["apiKey"] = input.apiKey;
      if (input.headers) entry["headers"] = input.headers;
      entry["models"] = [];
      await ctx.config.updateModelsConfig([{ path: ["providers", id], value: entry }]);
      return { providerId: id, baseUrl: finalUrl };
    },

    async update(id: string, patch: LocalProviderPatch): Promise<void> {
      const facts = await factsOf(id);
      if (!facts.config) {
        throw new RegistryError({ code: "local_provider_not_found", message: `Expected "${id}" in models.json, found only the built-in default.`, recovery: `Add it with local.add({ preset: "${id}" }) first.` });
      }
      if (patch.baseUrl !== undefined) assertUrl(patch.baseUrl);
      const edits: Array<{ path: (string | number)[]; value: unknown }> = [];
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const v = field === "baseUrl" && facts.discovery === "ollama" ? normalizeOllamaBaseUrl(value as string) : value;
        edits.push({ path: ["providers", facts.id, field], value: v === null ? undefined : v });
      }
      if (edits.length > 0) await ctx.config.updateModelsConfig(edits);
    },
    async remove(id: string): Promise<void> {
      const facts = await factsOf(id);
      if (facts.config) await ctx.config.updateModelsConfig([{ path: ["providers", facts.id], value: undefined }]);
      // The provider is gone from models.json either way; its probe and listing are bookkeeping.
      await forgetProviderState(ctx, facts.id);
    },

    async test(id: string): Promise<LocalTestResult> {
      return testLocalProvider(ctx, service, await factsOf(id));
    },

    async fetchModels(id: string): Promise<FetchModelsResult> {
      return fetchLocalModels(ctx, service, await factsOf(id));
    },
  };

  return { local, customModels: createCustomModels(ctx, service) };
}

/**
 * The `local` and `customModels` namespaces of the registry.
 *
 * @example
 * ```ts
 * const { local, customModels } = createLocalProviders(ctx, service);
 * ```
 */
export type LocalProviders = ReturnType<typeof createLocalProviders>;
