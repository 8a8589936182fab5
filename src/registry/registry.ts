import type { CallsApi } from "../calls/calls-service.js";
import type { CatalogApi } from "../catalog/catalog-api.js";
import type { ConfigApi } from "../config/config-service.js";
import type { CredentialsApi } from "../credentials/credentials-api.js";
import type { PluginsApi } from "../plugins/plugins-service.js";
import type { ThinkingApi } from "../reasoning/thinking-service.js";
import type { RefreshApi } from "../refresh/refresh-service.js";
import type { RegistryEventName, RegistryListener } from "../schema/registry-events.js";
import type { StatusApi } from "../status/status-api.js";
import type { DoctorApi } from "../status/doctor.js";

/**
 * The registry facade: one object answering which providers and models are usable, with which credentials and
 * thinking levels, and what is wrong when something is broken. Created by {@link createRegistry}; creating it
 * never touches storage or the network.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv });
 * const off = registry.on("status", (e) => console.log(e.providerId, e.to));
 * ```
 */
export interface Registry extends ConfigApi, CatalogApi, CredentialsApi, StatusApi, ThinkingApi, CallsApi, RefreshApi, DoctorApi {
  /**
   * Plugins (bundled auth plugins and package manifests): list them, enable or disable one by name. The choice is
   * kept in settings.json, so every registry on the same storage sees it.
   *
   * @example
   * ```ts
   * await registry.plugins.enable("google-antigravity-auth");
   * (await registry.listProviders()).some((p) => p.id === "google-antigravity"); // true
   * ```
   */
  plugins: PluginsApi;
  /**
   * Subscribe to an event; returns the function that unsubscribes.
   *
   * @example
   * ```ts
   * const off = registry.on("credential-cooldown", (e) => console.log(e.credentialId, e.until));
   * off();
   * ```
   */
  on<E extends RegistryEventName>(event: E, listener: RegistryListener<E>): () => void;
}
