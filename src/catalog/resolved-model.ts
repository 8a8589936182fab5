import type { ApiKind } from "../schema/api-kind.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import type { ModelMetadata } from "../schema/model-metadata.js";
import type { Provenance } from "../schema/provenance.js";
import type { AuthMethod, DiscoveryKind } from "../schema/provider-definition.js";
import type { SetupMethod } from "../schema/setup-method.js";
import type { ThinkingLevel } from "../schema/thinking-levels.js";
import type { FieldExplanation, LayerName } from "./model-layers.js";

/**
 * A typed problem: a stable code, what is wrong, and what the user should do next.
 *
 * Catalog codes: `unknown_provider`, `unknown_model`, `legacy_provider`, `not_allowlisted`, `no_credentials`,
 * `credentials_unusable`, `local_model_unconfirmed`, `api_unsupported`, `source_missing`.
 *
 * @example
 * ```ts
 * const p: ModelProblem = { code: "not_allowlisted", message: "\"openai/gpt-5\" is not in the allowlist.",
 *   recovery: "Add it with registry.setAllowlist([...]) or clear the allowlist." };
 * const typo = (await registry.resolveModel("openrouter/anthropic/claude-sonnet-4-5")).problems[0];
 * typo?.suggestions; // ["openrouter/anthropic/claude-sonnet-4.5"]
 * ```
 */
export interface ModelProblem {
  code: string;
  message: string;
  recovery: string;
  /**
   * "Did you mean" candidates a UI can offer, best first (at most 3): full refs (`provider/model`) for
   * `unknown_model`, provider ids for `unknown_provider`. Absent when nothing known looks close.
   */
  suggestions?: string[];
}

/**
 * Whether credentials for a provider are available, and through what: a local server (`local`), an env var
 * (`env`, `detail` = the variable name), models.json (`models.json`), or a stored credential (`stored`). When
 * stored credentials exist but all are disabled or expired beyond refresh: `available: false, via: "stored",
 * detail: "unusable"`.
 *
 * @example
 * ```ts
 * const a: CredentialAvailability = { available: true, via: "env", detail: "OPENAI_API_KEY" };
 * ```
 */
export interface CredentialAvailability {
  available: boolean;
  via: "local" | "env" | "models.json" | "stored" | null;
  detail: string | null;
}

/**
 * One provider as `listProviders()` returns it.
 *
 * @example
 * ```ts
 * const setup = (await registry.listProviders()).filter((p: ProviderSummary) => !p.legacy);
 * ```
 */
export interface ProviderSummary {
  id: string;
  name: string;
  /** Default position (Fased order 1–28), or `null` (listed after, by name). */
  order: number | null;
  legacy: boolean;
  local: boolean;
  api: ApiKind;
  baseUrl: string | null;
  auth: AuthMethod[];
  /** Env var names that may hold a key, in priority order (numbered `<STEM>_API_KEY_<n>` also count). */
  envNames: string[];
  /** Labels of the setup methods (kept for existing callers; `methods` has the full choices). */
  setupMethods: string[];
  /** The setup methods as choices: id to pass as `{ method }`, kind, label, env, and the endpoint/api each implies. */
  methods: SetupMethod[];
  aliases: string[];
  discovery: DiscoveryKind;
  docs: string | null;
  /** Where the provider is defined: the built-in catalog, a plugin manifest, or only models.json. */
  source: "builtin" | "plugin" | "user";
  /** The package that declared a plugin provider. */
  package: string | null;
  /** Models listed for this provider (all sources, before allowlist/credential filtering). */
  modelCount: number;
  provenance: { api: Provenance | null; baseUrl: Provenance | null };
}

/**
 * A model resolved through every layer. Every metadata value is `null` when no source states it; `provenance`
 * names the source of each field (`null` when unknown).
 *
 * @example
 * ```ts
 * const m: ResolvedModel = await registry.resolveModel("anthropic/claude-sonnet-4-5");
 * console.log(m.limits.contextWindow, m.provenance.contextWindow); // 200000 "models.dev"
 * ```
 */
export interface ResolvedModel {
  /** Canonical `provider/model`. */
  ref: string;
  provider: string;
  /** Wire model id, verbatim. */
  id: string;
  /** Display name, or `null` when no source gives one (show `id` then). */
  name: string | null;
  /** Api kind used to call the model; `null` only for an unknown provider. */
  api: ApiKind | null;
  baseUrl: string | null;
  capabilities: {
    input: string[] | null;
    output: string[] | null;
    tools: boolean | null;
    json: boolean | null;
    reasoning: boolean | null;
    openWeights: boolean | null;
    manualSetup: boolean | null;
    authHints: string[] | null;
  };
  /**
   * `contextWindow` is what a request can use (for a local server, the context the model is loaded with);
   * `maxContextWindow` the model's maximum as the server states it, `null` when unknown.
   */
  limits: { contextWindow: number | null; maxOutputTokens: number | null; maxContextWindow: number | null };
  cost: ModelMetadata["cost"];
  reasoning: {
    supported: boolean | null;
    levels: ThinkingLevel[] | null;
    defaultLevel: ThinkingLevel | null;
    /** models.dev `reasoning_options` when the snapshot carried them. */
    options: Array<Record<string, unknown>> | null;
  };
  /** The flat metadata (same values as above plus family, knowledge, release date). */
  metadata: ModelMetadata;
  provenance: { [K in keyof ModelMetadata | "api" | "baseUrl"]: Provenance | null };
  /** Listed by at least one source (snapshot, curated, plugin, discovery, models.json). */
  known: boolean;
  /** Offered to users: known (or explicitly allowlisted), allowlisted, not legacy, credentials available, not source-missing. */
  offered: boolean;
  /** The last applied refresh no longer found it; kept so saved choices resolve. */
  sourceMissing: boolean;
  /** Why the model is not offered or what is unknown; may be a shared frozen array (copy before changing). */
  problems: ModelProblem[];
}

/**
 * What `explain(ref)` returns: every field's effective value and source with the values it overrode, provider
 * `api`/`baseUrl` provenance, the layers that mention the model, and why it is not offered.
 *
 * @example
 * ```ts
 * const e: ModelExplanation = await registry.explain("ollama/qwen3:8b");
 * for (const [field, f] of Object.entries(e.fields)) console.log(field, f.value, f.source);
 * ```
 */
export interface ModelExplanation {
  /** The ref as asked. */
  input: string;
  /** The alias target when `input` was an alias. */
  aliasOf: string | null;
  ref: string;
  provider: {
    id: string;
    known: boolean;
    source: "builtin" | "plugin" | "user" | null;
    legacy: boolean;
    api: FieldExplanation<ApiKind>;
    baseUrl: FieldExplanation<string>;
    credentials: CredentialAvailability;
  };
  model: { id: string; known: boolean };
  fields: { [K in keyof ModelMetadata]: FieldExplanation<ModelMetadata[K]> };
  layers: Array<{ layer: LayerName; source: Provenance; fields: string[] }>;
  offered: boolean;
  /** Why the model is not offered (empty when offered). */
  reasons: ModelProblem[];
  problems: ModelProblem[];
  /** Catalog-wide diagnostics (plugin manifests, settings) that may explain a surprise. */
  diagnostics: Diagnostic[];
}
