import * as z from "zod";
import { checkArgument } from "../errors/check-argument.js";
import { LocalDetectionSettingsSchema } from "../schema/local-detection.js";
import { updateSection } from "../storage/sections.js";
import { SETTINGS_JSON_KEY } from "../storage/storage-keys.js";
import type { CustomModel, CustomModelInput } from "./custom-models.js";
import type { FetchModelsResult } from "./fetch-local-models.js";
import { createLocalProviders, type LocalProviderInput, type LocalProviderPatch } from "./local-providers.js";
import type { LocalTestResult } from "./test-local-provider.js";
import type { LocalPreset } from "./local-presets.js";
import { detectLocalServers, type DetectedServer, type LocalDetectOptions } from "./local-detect.js";
import type { CheckOptions, CheckResult } from "./check-result.js";
import { createStatusService, type GetStatusOptions } from "./status-service.js";
import type { ProviderStatusReport } from "./status-report.js";
import type { SubscribeEvent } from "../schema/registry-events.js";
import type { StatusServiceDeps } from "./status-deps.js";

/**
 * Checks, status reports, local providers and custom models.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv });
 * for (const r of await registry.getStatus({ check: true })) console.log(r.providerId, r.status, r.problems[0]?.recovery ?? "");
 * ```
 */
export interface StatusApi {
  /**
   * One report per provider: status, credential source (never the value), model count, last check and problems.
   * Without `check` it answers from storage (no network). With `check: true` it probes first. An unknown id in
   * `providers` throws a `RegistryError` with code `unknown_provider` whose recovery suggests the closest known ids.
   *
   * @example
   * ```ts
   * const reports = await registry.getStatus();
   * const broken = reports.filter((r) => r.status.startsWith("broken"));
   * ```
   */
  getStatus(options?: GetStatusOptions): Promise<ProviderStatusReport[]>;
  /**
   * Probe providers with their cheapest authenticated call, all in parallel, each under `timeoutMs`. Without an id,
   * every configured provider (credential, env key, models.json entry or earlier probe) is checked. Results are
   * stored (state.json `probes`; listings in `discovered`) and status changes are announced. A key the provider
   * rejects with a 401 is disabled as `run()` would disable it and the next key is probed (at most 5 per provider,
   * within one `timeoutMs`); `rejectedCredentials` names them. An unknown id throws `unknown_provider`.
   * A success verifies the key only when the listing is known to reject bad keys, or a negative control (the same
   * listing with a deliberately invalid key, cached per base URL) was rejected; otherwise `{ live: true }` sends one
   * one-token request with the key, whose success verifies it (`verifiedBy: "live_probe"`).
   *
   * @example
   * ```ts
   * const results = await registry.check();
   * const [ollama] = await registry.check("ollama");
   * const [proxy] = await registry.check("my-proxy", { live: true });
   * ```
   */
  check(providerId?: string | readonly string[], options?: CheckOptions): Promise<CheckResult[]>;
  /** Local/manual providers in models.json. */
  local: {
    /**
     * The local routes with default URLs (Ollama, LM Studio, vLLM, LiteLLM, SGLang, custom OpenAI/Anthropic, Cloudflare).
     *
     * @example
     * ```ts
     * const presets = await registry.local.presets();
     * ```
     */
    presets(): Promise<LocalPreset[]>;
    /**
     * Add a local provider to models.json from a preset (comment-preserving).
     *
     * @example
     * ```ts
     * await registry.local.add({ preset: "vllm", baseUrl: "http://gpu-box:8000/v1" });
     * ```
     */
    add(input: LocalProviderInput): Promise<{ providerId: string; baseUrl: string }>;
    /**
     * Change fields of a local provider in models.json; `null` removes a field.
     *
     * @example
     * ```ts
     * await registry.local.update("lmstudio", { apiKey: "${LM_API_TOKEN}" });
     * ```
     */
    update(id: string, patch: LocalProviderPatch): Promise<void>;
    /**
     * Remove a local provider from models.json, with its probe and discovered cache.
     *
     * @example
     * ```ts
     * await registry.local.remove("vllm");
     * ```
     */
    remove(id: string): Promise<void>;
    /**
     * Reachability, latency, auth, model count and the API flavour that answered; the result is stored like a check.
     *
     * @example
     * ```ts
     * const t = await registry.local.test("ollama");
     * ```
     */
    test(id: string): Promise<LocalTestResult>;
    /**
     * List the server's models and save them into models.json, keeping user-curated fields of existing entries.
     *
     * @example
     * ```ts
     * const { added } = await registry.local.fetchModels("lmstudio");
     * ```
     */
    fetchModels(id: string): Promise<FetchModelsResult>;
    /**
     * Find local servers: probes Ollama (11434), LM Studio (1234), vLLM (8000), SGLang (30000) and LiteLLM (4000) on
     * 127.0.0.1, and `OLLAMA_HOST`, all in parallel, each under a short timeout (800 ms; `timeoutMs` changes it).
     * `ports` replaces a default port. Only runs when called. The servers that answered with their listing are
     * cached in state.json and show as `local` providers with their models, without any models.json entry
     * (models.json, and `OLLAMA_HOST` for Ollama, still decide where a provider is). With settings.json
     * `localDetection: { enabled: false }` nothing is sent, the answer is `[]`, and an earlier result is ignored.
     *
     * @example
     * ```ts
     * const found = await registry.local.detect({ ports: { vllm: 8001 } });
     * if (found.length === 0) showHint("Start Ollama or LM Studio, then detect again.");
     * else picker.setOptions((await registry.listModels({ usableOnly: true })).map((m) => m.ref));
     * ```
     */
    detect(options?: LocalDetectOptions): Promise<DetectedServer[]>;
    /**
     * Turn local detection on or off (settings.json `localDetection.enabled`). Off: `detect()` sends nothing and an
     * earlier result is ignored, so detected servers disappear from the lists until it is turned on again.
     *
     * @example
     * ```ts
     * await registry.local.setDetection(false); // a machine where probing loopback ports is unwelcome
     * ```
     */
    setDetection(enabled: boolean): Promise<void>;
  };
  /** Hand-added models in models.json (`providers models add/remove`). */
  customModels: {
    /**
     * Custom models in models.json, optionally for one provider.
     *
     * @example
     * ```ts
     * await registry.customModels.list({ provider: "custom" });
     * ```
     */
    list(options?: { provider?: string }): Promise<CustomModel[]>;
    /**
     * Add (or update) a custom model; creates the provider when `baseUrl` is given.
     *
     * @example
     * ```ts
     * await registry.customModels.add({ provider: "custom", model: "my-local-model", baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" });
     * ```
     */
    add(input: CustomModelInput): Promise<{ created: boolean; model: CustomModel }>;
    /**
     * Remove a custom model.
     *
     * @example
     * ```ts
     * await registry.customModels.remove({ provider: "custom", model: "my-local-model" });
     * ```
     */
    remove(input: { provider: string; model: string }): Promise<{ removed: boolean }>;
  };
}

/**
 * Build the status part of the facade ({@link StatusApi}): the status service, local providers and custom models,
 * re-evaluated (and `status` events announced) when credentials or configuration change.
 *
 * @example
 * ```ts
 * const status = createStatusApi({ ...deps, on: events.on });
 * await status.getStatus();
 * ```
 */
export function createStatusApi(ctx: StatusServiceDeps & { on: SubscribeEvent; settingsGuard: Readonly<Record<string, z.ZodType>> }): StatusApi {
  const service = createStatusService(ctx);
  const { local, customModels } = createLocalProviders(ctx, service);
  // Credential and config changes can change a status; re-evaluate once status is in use so `status` listeners hear it.
  ctx.on("config-change", () => service.refreshAfterChange());
  ctx.on("credential-disabled", () => service.refreshAfterChange());
  ctx.on("oauth-refresh", () => service.refreshAfterChange());
  return {
    getStatus: (options) => service.getStatus(options),
    check: (providerId, options) => service.check(providerId, options),
    local: {
      ...local,
      detect: (options) => detectLocalServers(ctx, service, options),
      async setDetection(enabled) {
        checkArgument("local.setDetection", "enabled", z.boolean(), enabled);
        await updateSection(ctx.storage, SETTINGS_JSON_KEY, "localDetection", LocalDetectionSettingsSchema, {}, (current) => ({ ...current, enabled }), {
          guard: ctx.settingsGuard,
        });
        ctx.emit("config-change", { key: SETTINGS_JSON_KEY });
      },
    },
    customModels,
  };
}
