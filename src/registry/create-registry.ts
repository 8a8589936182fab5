import { createCatalogService } from "../catalog/catalog-service.js";
import { defaultBaseUrlLookup } from "../config/default-base-url.js";
import { createConfigService } from "../config/config-service.js";
import { createCredentialsService } from "../credentials/credentials-service.js";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { createPluginManifests } from "../plugins/plugin-manifests.js";
import { createPluginsService } from "../plugins/plugins-service.js";
import { ReasoningOverridesSchema } from "../reasoning/reasoning-descriptor-schema.js";
import { reasoningBlock } from "../reasoning/resolved-reasoning.js";
import { SETTINGS_SECTION_SCHEMAS } from "../reasoning/settings-sections.js";
import { createThinkingService } from "../reasoning/thinking-service.js";
import { createStatusApi } from "../status/status-api.js";
import { createDoctor } from "../status/doctor.js";
import { createRefreshService } from "../refresh/refresh-service.js";
import { createEmitter } from "./events.js";
import { normalizeRegistryOptions, type RegistryOptions } from "./options.js";
import type { Registry } from "./registry.js";
import type { CallsApi } from "../calls/calls-service.js";
import { runOnTarget } from "../calls/run-on-target.js";

/** An async iterable whose source is created on the first `next()` (so a lazily loaded module can supply it). */
function lazyIterable<T>(open: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      let inner: AsyncIterator<T> | undefined;
      const source = async () => (inner ??= (await open())[Symbol.asyncIterator]());
      return {
        // After the first call this is a plain forward: no extra promise per event.
        next: () => (inner !== undefined ? inner.next() : source().then((it) => it.next())),
        return: async (value?: unknown) => {
          if (inner === undefined) return { done: true, value: value as T };
          return (await inner.return?.(value)) ?? { done: true, value: value as T };
        },
      };
    },
  };
}

/**
 * Create a registry. No I/O happens here: storage is read and the network used only when a method asks.
 *
 * @example
 * ```ts
 * import { createRegistry } from "model-provider-registry";
 *
 * const registry = createRegistry({ env: hostEnv });
 * const models = await registry.listModels({ usableOnly: true });
 * picker.setOptions(models.map((m) => ({ value: m.ref, label: m.name ?? m.id })));
 * ```
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  checkArgument("createRegistry", "options", ARG.optionalObject, options);
  const { storage, fetch, env, envPrefix, plugins: packages, manifestKey, clock, now, timeoutMs, callTimeoutMs, logger } = normalizeRegistryOptions(options);
  const events = createEmitter({
    onListenerError: (error) => logger.warn("A registry event listener threw.", { error: String(error) }),
  });
  const { on, emit } = events;

  // Each service is built once, in dependency order, from the ports and the services it needs.
  const plugins = createPluginManifests({ plugins: packages, manifestKey });
  let baseUrls: ((providerId: string) => string | null) | undefined;
  // Plugin providers supply default base URLs too; their manifests are parsed on first use, not here.
  const defaultBaseUrl = (providerId: string): string | null => (baseUrls ??= defaultBaseUrlLookup(plugins.providers()))(providerId);
  const pluginState = createPluginsService({ storage, emit, manifests: plugins, guard: SETTINGS_SECTION_SCHEMAS });
  const config = createConfigService({ storage, env, logger, now, emit, defaultBaseUrl });
  // run() calls a detected local server where the catalog places it (the catalog is built after credentials).
  const detectedBaseUrl = async (providerId: string): Promise<string | null> => (await catalog.catalog()).detected?.get(providerId)?.baseUrl ?? null;
  const credentials = createCredentialsService({ storage, env, envPrefix, clock, logger, emit, plugins, config, detectedBaseUrl });
  const catalog = createCatalogService({
    storage,
    env,
    envPrefix,
    logger,
    on,
    emit,
    plugins,
    config,
    credentials,
    reasoning: {
      overrides: { schema: ReasoningOverridesSchema, fallback: {} },
      describe: reasoningBlock,
    },
    settingsGuard: SETTINGS_SECTION_SCHEMAS,
  });
  const status = createStatusApi({ storage, fetch, env, envPrefix, now, timeoutMs, logger, on, emit, config, catalog, credentials, settingsGuard: SETTINGS_SECTION_SCHEMAS });
  const { doctor } = createDoctor({ storage, env, envPrefix, now, logger, config, catalog, credentials });
  const loadSources = () => import("./on-demand.js").then((m) => m.refreshSources);
  const refresh = createRefreshService({ storage, fetch, env, now, timeoutMs, logger, emit, plugins, loadSources, status: { storage, env, envPrefix, now, logger, config, catalog } });
  const thinking = createThinkingService({ storage, env, envPrefix, logger, emit, plugins, catalog, status, credentials, config });

  const callTargets = { resolveTier: thinking.resolveTier, getRoles: thinking.getRoles };
  // The calls code (wire adapters, the stream engine) is loaded on the first call, never at import or create; it
  // shares one dynamic-import target with the refresh sources (see on-demand.ts).
  let calls: Promise<CallsApi> | undefined;
  const loadCalls = (): Promise<CallsApi> =>
    (calls ??= import("./on-demand.js").then(({ createCallsService, adapterFor }) =>
      createCallsService({
        resolveModel: catalog.resolveModel,
        run: credentials.run,
        planThinking: (ref, level, opts) => thinking.planThinking(ref, level as string, opts),
        target: callTargets,
        adapterFor,
        clock,
        fetch,
        timeouts: { connectMs: callTimeoutMs, idleMs: callTimeoutMs },
        maxRetryWaitMs: 30_000,
      }),
    ));

  // The facade: the public methods of each service, nothing else.
  return {
    getModelsConfig: config.getModelsConfig,
    updateModelsConfig: config.updateModelsConfig,

    listProviders: catalog.listProviders,
    onboardingChoices: catalog.onboardingChoices,
    listModels: catalog.listModels,
    resolveModel: catalog.resolveModel,
    explain: catalog.explain,
    getAllowlist: catalog.getAllowlist,
    setAllowlist: catalog.setAllowlist,
    getModelAliases: catalog.getModelAliases,
    setModelAlias: catalog.setModelAlias,
    getModelOverrides: catalog.getModelOverrides,
    setModelOverride: catalog.setModelOverride,
    getCatalogDiagnostics: catalog.getCatalogDiagnostics,

    ...credentials,
    // A provider of a disabled plugin (the bundled auth plugins ship disabled) cannot be signed in to until enabled.
    loginOAuth: async (providerId, loginOptions) => {
      await pluginState.checkLogin(providerId);
      return credentials.loginOAuth(providerId, loginOptions);
    },
    run: (target, attempt, runOptions) => runOnTarget({ run: credentials.run, target: callTargets }, target, attempt, runOptions),
    ...status,
    ...thinking,
    ...refresh,
    doctor,
    stream: (target, request) => lazyIterable(async () => (await loadCalls()).stream(target, request)),
    complete: async (target, request) => (await loadCalls()).complete(target, request),
    plugins: { list: pluginState.list, enable: pluginState.enable, disable: pluginState.disable },
    on,
  };
}
