import type { Diagnostic } from "../schema/diagnostic.js";
import type { ModelOverride, ModelOverrides } from "./catalog-settings.js";
import type { ModelExplanation, ProviderSummary, ResolvedModel } from "./resolved-model.js";
import type { OnboardingChoice } from "./onboarding-choices.js";

/**
 * Providers, models, resolution and explain(), plus the catalog's settings (allowlist, model aliases, overrides).
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv });
 * const providers = await registry.listProviders();
 * const usable = await registry.listModels({ usableOnly: true });
 * const why = await registry.explain("openai/gpt-5");
 * ```
 */
export interface CatalogApi {
  /**
   * Every provider: the Fased order first, then the rest by name. Includes plugin providers and models.json
   * providers unknown to the catalog (`source: "user"`). With `connectedFirst: true`, providers that can be used
   * now come first — a usable stored key, token or OAuth sign-in, an env variable, a models.json key, or a local
   * server whose last check, `local.test()` or `local.detect()` listed its models — each group in the default
   * order. Nothing is sent over the network either way.
   *
   * @example
   * ```ts
   * for (const p of await registry.listProviders()) console.log(p.order ?? "-", p.name, p.setupMethods.join(", "));
   * // A provider picker that opens on what already works:
   * const [first] = await registry.listProviders({ connectedFirst: true });
   * ```
   */
  listProviders(options?: { connectedFirst?: boolean }): Promise<ProviderSummary[]>;
  /**
   * What a first-run screen (or the CLI's onboard) offers: the providers in default order with their setup methods
   * and what each asks for (key, token, sign-in, URL, model); legacy providers excluded. Store the user's choice with
   * `setApiKey(provider, key, { method: id })` so its calls go to that method's endpoint.
   *
   * @example
   * ```ts
   * for (const c of await registry.onboardingChoices()) console.log(c.name, c.methods.map((m) => m.label).join(" | "));
   * ```
   */
  onboardingChoices(): Promise<OnboardingChoice[]>;
  /**
   * Models from every layer, resolved. `provider` filters by provider id (aliases accepted); `usableOnly` keeps
   * models that are offered: allowlisted, provider not legacy, credentials available (env, stored, models.json or a
   * local server), not source-missing. Allowlisted refs missing from the catalog are listed too. A `provider` that no
   * catalog, plugin or models.json defines (and that nothing lists models for) throws a `RegistryError`
   * (`unknown_provider`) whose recovery suggests close provider ids, rather than returning an empty list.
   *
   * Each call returns a fresh array (yours to sort or filter) of deeply frozen models shared with later calls:
   * resolved models are cached until a layer changes (models.json, settings, catalog.json, discovery state, plugins,
   * detected local servers, credentials), so writing to one throws in strict mode. Copy a model
   * (`structuredClone(m)`) to change it.
   *
   * @example
   * ```ts
   * const models = await registry.listModels({ provider: "anthropic", usableOnly: true });
   * ```
   */
  listModels(options?: { provider?: string; usableOnly?: boolean }): Promise<ResolvedModel[]>;
  /**
   * Resolve `provider/model` (or a model alias from settings). Unknown providers and models resolve with all-null
   * metadata and a problem; a malformed ref throws a `RegistryError` (`invalid_model_ref`). The model is deeply
   * frozen and cached until a layer it comes from changes (as for {@link CatalogApi.listModels}).
   *
   * @example
   * ```ts
   * const m = await registry.resolveModel("openrouter/anthropic/claude-sonnet-4.5");
   * m.limits.contextWindow; m.provenance.contextWindow;
   * ```
   */
  resolveModel(ref: string): Promise<ResolvedModel>;
  /**
   * Every field's effective value and source with the values it overrode, and why the model is not offered.
   *
   * @example
   * ```ts
   * const e = await registry.explain("ollama/qwen3:8b");
   * e.fields.contextWindow; // { value: 32768, source: "user", layer: "models.json", overridden: [...] }
   * e.reasons.map((r) => r.code); // e.g. ["no_credentials"]
   * ```
   */
  explain(ref: string): Promise<ModelExplanation>;
  /**
   * The allowlist (settings `allowlist`); empty means every model is allowed.
   *
   * @example
   * ```ts
   * await registry.getAllowlist(); // ["openai/gpt-5", "ollama/*"]
   * ```
   */
  getAllowlist(): Promise<string[]>;
  /**
   * Replace the allowlist. Entries are normalised (`z.ai/glm-4.7` → `zai/glm-4.7`); `provider/*` allows a provider;
   * refs missing from the catalog are kept. Throws `invalid_model_ref` and writes nothing if an entry is malformed.
   *
   * @example
   * ```ts
   * await registry.setAllowlist(["anthropic/claude-sonnet-4-5", "ollama/*"]);
   * ```
   */
  setAllowlist(refs: readonly string[]): Promise<string[]>;
  /**
   * Model aliases (settings `aliases`): alias → ref.
   *
   * @example
   * ```ts
   * await registry.getModelAliases(); // { sonnet: "anthropic/claude-sonnet-4-5" }
   * ```
   */
  getModelAliases(): Promise<Record<string, string>>;
  /**
   * Set (or with `null` remove) a model alias. Aliases are case-insensitive; the target is normalised.
   *
   * @example
   * ```ts
   * await registry.setModelAlias("sonnet", "anthropic/claude-sonnet-4-5");
   * (await registry.resolveModel("sonnet")).ref; // "anthropic/claude-sonnet-4-5"
   * ```
   */
  setModelAlias(alias: string, ref: string | null): Promise<Record<string, string>>;
  /**
   * Settings overrides (settings `modelOverrides`): `provider/model` → metadata patch.
   *
   * @example
   * ```ts
   * await registry.getModelOverrides(); // { "openai/gpt-5": { maxOutputTokens: 64000 } }
   * ```
   */
  getModelOverrides(): Promise<ModelOverrides>;
  /**
   * Deep-merge a metadata patch into a model's override (highest layer, provenance `user`). A `null` field
   * removes that field from the override; `patch: null` removes the whole override.
   *
   * @example
   * ```ts
   * await registry.setModelOverride("openai/gpt-5", { maxOutputTokens: 64000, cost: { cacheRead: 0.1 } });
   * ```
   */
  setModelOverride(ref: string, patch: ModelOverride | null): Promise<ModelOverrides>;
  /**
   * Diagnostics from plugin manifests, models.json and catalog settings that affect the catalog.
   *
   * @example
   * ```ts
   * for (const d of await registry.getCatalogDiagnostics()) console.warn(d.source, d.message);
   * ```
   */
  getCatalogDiagnostics(): Promise<Diagnostic[]>;
}
