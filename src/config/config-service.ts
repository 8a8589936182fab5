import type { Env, Logger, Storage } from "../ports.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import type { EmitEvent } from "../schema/registry-events.js";
import { updateText } from "../storage/json-document.js";
import { MODELS_JSON_KEY } from "../storage/storage-keys.js";
import type { ModelsJsonEdit } from "./apply-json-edits.js";
import { editModelsJson, modelsJsonBackupKey } from "./edit-models-json.js";
import type { ModelsJsonConfig } from "./models-json-config.js";
import type { ParseModelsJsonResult } from "./models-json-config.js";
import { parseModelsJson } from "./parse-models-json.js";

const KEY = MODELS_JSON_KEY;

/**
 * models.json as the registry sees it: the parsed configuration, every diagnostic (with line and column), and the
 * stored text (`""` when nothing is stored yet).
 *
 * @example
 * ```ts
 * const { config, diagnostics, text } = await registry.getModelsConfig();
 * ```
 */
export interface ModelsConfigSnapshot {
  config: ModelsJsonConfig;
  diagnostics: Diagnostic[];
  text: string;
}

/**
 * Reading and editing models.json (comment-preserving).
 *
 * @example
 * ```ts
 * const registry = createRegistry({ env: hostEnv, storage });
 * await registry.updateModelsConfig([{ path: ["providers", "lmstudio", "apiKey"], value: { env: "LMSTUDIO_KEY" } }]);
 * ```
 */
export interface ConfigApi {
  /**
   * Read and parse models.json from storage (key `models.json`). Never throws on bad content: problems come back as
   * diagnostics, and the providers that are valid are in `config`. Never writes.
   *
   * @example
   * ```ts
   * const { config, diagnostics } = await registry.getModelsConfig();
   * for (const d of diagnostics) console.log(`models.json:${d.line}:${d.column} ${d.message}`);
   * ```
   */
  getModelsConfig(): Promise<ModelsConfigSnapshot>;
  /**
   * Apply edits to models.json atomically (the read, edit and write hold the storage's lock), keeping comments, key
   * order and unknown fields. Throws a `ConfigError` and writes nothing when the stored text does not parse or an
   * edit cannot apply. When the file had to be rewritten (JSON5-only syntax), the original is stored first under
   * `models.json.bak-<timestamp>`. Emits `config-change` when the text changed.
   *
   * Edits that depend on what the file holds (a list position, whether an entry exists) can be passed as a function
   * of the stored text (`""` when absent): it runs under the same lock, so a concurrent edit cannot land between
   * what it read and what is written. It may throw to write nothing.
   *
   * @example
   * ```ts
   * const { diagnostics } = await registry.updateModelsConfig([
   *   { path: ["providers", "vllm"], value: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" } },
   * ]);
   * // Append to the list as it is when the write happens:
   * await registry.updateModelsConfig((text) => {
   *   const models = JSON5.parse(text || "{}").providers?.vllm?.models ?? [];
   *   return [{ path: ["providers", "vllm", "models", models.length], value: { id: "qwen3-8b" } }];
   * });
   * ```
   */
  updateModelsConfig(edits: readonly ModelsJsonEdit[] | ((text: string) => readonly ModelsJsonEdit[])): Promise<ModelsConfigSnapshot>;
}

/**
 * The config service: {@link ConfigApi} plus the parse other services share, so models.json is read one way.
 *
 * @example
 * ```ts
 * const config = createConfigService({ storage, env, logger, now: Date.now, emit, defaultBaseUrl: () => null });
 * const { diagnostics } = config.parse(await storage.get("models.json") ?? "");
 * ```
 */
export interface ConfigService extends ConfigApi {
  /** Parse models.json text with this registry's env and default base URLs (built-in and plugin providers). */
  parse(text: string): ParseModelsJsonResult;
}

/**
 * What the config service needs: storage, the env (for `${VAR}` references), the clock (backup names), the logger,
 * `emit` for `config-change`, and where a provider's default base URL comes from (built-in and plugin providers).
 *
 * @example
 * ```ts
 * const deps: ConfigServiceDeps = { storage, env: {}, logger: silentLogger, now: Date.now, emit: () => {}, defaultBaseUrl: () => null };
 * ```
 */
export interface ConfigServiceDeps {
  storage: Storage;
  env: Env;
  logger: Logger;
  now: () => number;
  emit: EmitEvent;
  /** Plugin providers supply base URLs too: a models.json entry for one needs none of its own. */
  defaultBaseUrl: (providerId: string) => string | null;
}

/**
 * Build the {@link ConfigService}.
 *
 * @example
 * ```ts
 * const config = createConfigService(deps);
 * await config.getModelsConfig();
 * ```
 */
export function createConfigService(ctx: ConfigServiceDeps): ConfigService {
  // Every area reads models.json through here (status, credentials, catalog) on every call; parse once per text. The
  // parse resolves apiKey references from the env, so a referenced variable set or unset later parses again.
  let cached: { text: string; env: string; result: ParseModelsJsonResult } | undefined;
  const envOfRefs = (result: ParseModelsJsonResult): string =>
    Object.values(result.config.providers)
      .map((p) => (p.apiKey?.kind === "env" ? `${p.apiKey.name}=${ctx.env[p.apiKey.name] ?? ""}` : ""))
      .join("\n");
  const parse = (text: string): ParseModelsJsonResult => {
    if (cached?.text !== text || cached.env !== envOfRefs(cached.result)) {
      // Frozen: the one parse is shared by every caller, so none may change it under the others.
      const result = deepFreeze(parseModelsJson(text, { env: ctx.env, defaultBaseUrl: ctx.defaultBaseUrl }));
      cached = { text, env: envOfRefs(result), result };
    }
    return cached.result;
  };
  const snapshot = (text: string): ModelsConfigSnapshot => {
    const { config, diagnostics } = parse(text);
    return { config, diagnostics, text };
  };
  return {
    parse,
    async getModelsConfig() {
      return snapshot((await ctx.storage.get(KEY)) ?? "");
    },
    async updateModelsConfig(edits) {
      let changed = false;
      let backupKey: string | undefined;
      const stored = await updateText(ctx.storage, KEY, async (current) => {
        const result = editModelsJson(current, typeof edits === "function" ? edits(current ?? "") : edits);
        if (!result.changed) return undefined;
        if (result.backup) {
          backupKey = modelsJsonBackupKey(ctx.now());
          await ctx.storage.set(backupKey, result.backup.text);
          ctx.logger.warn("models.json was rewritten to apply an edit; the original is kept as a backup.", {
            backup: backupKey,
            reason: result.backup.reason,
          });
        }
        changed = true;
        return result.text;
      });
      if (changed) ctx.emit("config-change", { key: KEY });
      return snapshot(stored ?? "");
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
