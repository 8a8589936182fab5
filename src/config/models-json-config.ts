import type { z } from "zod";
import type { Diagnostic } from "../schema/diagnostic.js";
import type { ModelConfigSchema, ProviderConfigInputSchema } from "../schema/models-json.js";
import type { AssumedModelDefaults } from "./assumed-defaults.js";
import type { ConfigHeaders } from "./config-headers.js";
import type { SecretRef } from "./secret-ref.js";

/**
 * One custom model from models.json, validated. Fields the file leaves out stay absent (see
 * {@link assumedDefaults} for what OpenClaw would assume); unknown fields are kept. Credential-looking `headers`
 * values are `Secret`s (see {@link ConfigHeaders}).
 *
 * @example
 * ```ts
 * const model: ModelConfig = { id: "qwen3:8b", contextWindow: 40960 };
 * ```
 */
export type ModelConfig = WithConfigHeaders<z.output<typeof ModelConfigSchema>>;

/** `T` with `headers` retyped as {@link ConfigHeaders}; a key-remapping type, so the schema's known fields stay typed. */
type WithConfigHeaders<T> = { [K in keyof T as K extends "headers" ? never : K]: T[K] } & { headers?: ConfigHeaders | undefined };

/**
 * One provider from models.json, validated, with `apiKey` resolved to a {@link SecretRef}, credential-looking
 * `headers` values wrapped in `Secret`s (logging the configuration never prints them; `revealHeaders()` gives the
 * wire values) and `models` always a list. `baseUrl` is kept as written. Unknown fields are kept.
 *
 * @example
 * ```ts
 * const p: ProviderConfig = { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [] };
 * ```
 */
export type ProviderConfig = Omit<z.output<typeof ProviderConfigInputSchema>, "apiKey" | "models" | "headers"> & {
  apiKey?: SecretRef | undefined;
  headers?: ConfigHeaders | undefined;
  models: ModelConfig[];
};

/**
 * models.json, validated. Providers that failed validation are absent and reported in the diagnostics; unknown
 * top-level fields are kept.
 *
 * @example
 * ```ts
 * const config: ModelsJsonConfig = { mode: "merge", providers: {} };
 * ```
 */
export interface ModelsJsonConfig {
  mode: "merge" | "replace";
  providers: Record<string, ProviderConfig>;
  [field: string]: unknown;
}

/**
 * What {@link parseModelsJson} returns: the usable part of the file, every problem found, and the values OpenClaw
 * would assume for fields custom models leave out (`assumed[providerId][modelId]`), never merged into `config`.
 *
 * @example
 * ```ts
 * const { config, diagnostics, assumed } = parseModelsJson(text, { env: hostEnv });
 * ```
 */
export interface ParseModelsJsonResult {
  config: ModelsJsonConfig;
  diagnostics: Diagnostic[];
  assumed: Record<string, Record<string, AssumedModelDefaults>>;
}

/**
 * Options of {@link parseModelsJson}.
 *
 * @example
 * ```ts
 * const options: ParseModelsJsonOptions = { env: { LMSTUDIO_KEY: "lm-studio" }, source: "~/.myapp/models.json" };
 * ```
 */
export interface ParseModelsJsonOptions {
  /** Environment for `apiKey` references. Default `{}`: every reference is then reported missing. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Name shown as each diagnostic's `source`. Default `"models.json"`. */
  source?: string;
  /**
   * The base URL a provider id gets when models.json leaves `baseUrl` out (built-in catalog, plugin manifest), or
   * `null`. A provider with models, no `baseUrl` and no default is reported (`base_url_missing`): it could never be
   * called. Default: the built-in catalog; a registry passes one that knows its plugins too.
   */
  defaultBaseUrl?: (providerId: string) => string | null;
}
