import { parseJson5 } from "../config/parse-json5.js";
import type { ModelsJsonEdit } from "../config/apply-json-edits.js";
import { editModelsJson } from "../config/edit-models-json.js";
import { parseModelsJson } from "../config/parse-models-json.js";
import { defaultBaseUrlLookup } from "../config/default-base-url.js";
import { ConfigError } from "../errors/config-error.js";
import { parsePluginManifest } from "../plugins/parse-plugin-manifest.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { updateText } from "../storage/json-document.js";
import type { AreaContext } from "../registry/area-context.js";

/**
 * Edits to models.json, or a function computing them from the text as stored (`""` when absent). The function runs
 * inside the atomic read-modify-write, so what it reads, checks and returns is exactly what is written; it may throw
 * to write nothing.
 *
 * @example
 * ```ts
 * const plan: ModelsConfigEdits = (text) => (text.includes('"ollama"') ? [] : [{ path: ["providers", "ollama"], value: {} }]);
 * ```
 */
export type ModelsConfigEdits = readonly ModelsJsonEdit[] | ((text: string) => readonly ModelsJsonEdit[]);

interface ConfigFacadeLike {
  updateModelsConfig?: (edits: ModelsConfigEdits) => Promise<unknown>;
}

/**
 * Apply comment-preserving edits to models.json. Goes through the registry's `updateModelsConfig` (which also keeps
 * backups and emits `config-change`); when a registry is assembled without it, falls back to the same pure editor
 * under the storage's atomic update. Either way a file that does not parse is refused and left byte-identical.
 * Edits that depend on the file (list positions, what is already there) and checks of the result belong in the
 * function form: it runs under the same lock as the write.
 *
 * @example
 * ```ts
 * await writeModelsConfig(ctx, [{ path: ["providers", "ollama", "baseUrl"], value: "http://127.0.0.1:11434" }]);
 * ```
 */
export async function writeModelsConfig(ctx: AreaContext, edits: ModelsConfigEdits): Promise<void> {
  const facade = ctx.registry() as unknown as ConfigFacadeLike;
  if (typeof facade.updateModelsConfig === "function") {
    await facade.updateModelsConfig(edits);
    return;
  }
  let changed = false;
  await updateText(ctx.storage, "models.json", (current) => {
    const result = editModelsJson(current, typeof edits === "function" ? edits(current ?? "") : edits);
    changed = result.changed;
    return result.changed ? result.text : undefined;
  });
  if (changed) ctx.events.emit("config-change", { key: "models.json" });
}

/**
 * models.json as stored: its text and one provider's entry exactly as written (before validation, so invalid
 * models and a missing `models` list are visible). Edits must address the file's own list positions: the parsed
 * config drops invalid models, so its indexes can point at the wrong entry.
 *
 * @example
 * ```ts
 * const { provider } = await readStoredProvider(ctx, "lmstudio");
 * Array.isArray(provider?.["models"]); // false when the file has no models list yet
 * ```
 */
export async function readStoredProvider(ctx: AreaContext, providerId: string): Promise<{ text: string; provider: Record<string, unknown> | undefined }> {
  return storedProviderOf((await ctx.storage.get("models.json")) ?? "", providerId);
}

/**
 * One provider's entry in models.json text exactly as written, as {@link readStoredProvider} reads it; for the
 * function form of {@link writeModelsConfig}, which gets the text under the write lock.
 *
 * @example
 * ```ts
 * await writeModelsConfig(ctx, (text) => (storedProviderOf(text, "lmstudio").provider ? [] : [{ path: ["providers", "lmstudio"], value: {} }]));
 * ```
 */
export function storedProviderOf(text: string, providerId: string): { text: string; provider: Record<string, unknown> | undefined } {
  let root: unknown;
  try {
    root = text.trim() === "" ? {} : parseJson5(text);
  } catch {
    // Unparsable: the editor refuses it (config_unparsable) with located diagnostics when an edit is attempted.
    return { text, provider: undefined };
  }
  const providers = isObject(root) ? root["providers"] : undefined;
  const provider = isObject(providers) && Object.hasOwn(providers, providerId) ? providers[providerId] : undefined;
  return { text, provider: isObject(provider) ? provider : undefined };
}

/**
 * Check edits before they are written: apply them in memory with the same editor, parse the result, and refuse
 * (a `ConfigError` carrying the new diagnostics; nothing written) when provider `providerId` gains an error it did
 * not have, or when `accept` rejects the parsed result. Errors the file already had are not blamed on the edit.
 *
 * @example
 * ```ts
 * checkModelsConfigEdits(ctx, text, edits, "custom", (config) => config.providers["custom"] !== undefined);
 * ```
 */
export function checkModelsConfigEdits(
  ctx: AreaContext,
  text: string,
  edits: readonly ModelsJsonEdit[],
  providerId: string,
  accept: (result: ReturnType<typeof parseModelsJson>) => boolean,
): void {
  const { text: next } = editModelsJson(text, edits);
  const defaultBaseUrl = defaultBaseUrlLookup(ctx.plugins.flatMap((pkg) => parsePluginManifest(pkg, { manifestKey: ctx.manifestKey }).providers));
  const options = { env: ctx.env, defaultBaseUrl };
  const ofProvider = (d: Diagnostic) => d.severity === "error" && d.path[0] === "providers" && d.path[1] === providerId;
  const key = (d: Diagnostic) => `${d.code} ${JSON.stringify(d.path)}`;
  const before = new Set(parseModelsJson(text, options).diagnostics.filter(ofProvider).map(key));
  const after = parseModelsJson(next, options);
  const errors = after.diagnostics.filter(ofProvider);
  const added = errors.filter((d) => !before.has(key(d)));
  if (added.length === 0 && accept(after)) return;
  const shown = added.length > 0 ? added : errors;
  throw new ConfigError({
    code: "invalid_models_config_edit",
    message: `Expected the change to leave provider "${providerId}" in models.json valid, found ${
      shown.length > 0 ? shown.map((d) => d.message).join(" ") : "that it would not be loaded"
    } Nothing was written.`,
    recovery:
      added.length > 0
        ? "Pass valid values (see the diagnostics), then retry."
        : `Fix provider "${providerId}" in models.json first (getModelsConfig() shows its diagnostics), then retry.`,
    diagnostics: shown,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
