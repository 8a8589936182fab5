import { parseJson5 } from "../config/parse-json5.js";
import type { ModelsJsonEdit } from "../config/apply-json-edits.js";
import { editModelsJson } from "../config/edit-models-json.js";
import type { ParseModelsJsonResult } from "../config/models-json-config.js";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { MODELS_JSON_KEY } from "../storage/storage-keys.js";

/**
 * models.json as stored: its text and one provider's entry exactly as written (before validation, so invalid
 * models and a missing `models` list are visible). Edits must address the file's own list positions: the parsed
 * config drops invalid models, so its indexes can point at the wrong entry.
 *
 * @example
 * ```ts
 * const { provider } = await readStoredProvider(storage, "lmstudio");
 * Array.isArray(provider?.["models"]); // false when the file has no models list yet
 * ```
 */
export async function readStoredProvider(storage: Storage, providerId: string): Promise<{ text: string; provider: Record<string, unknown> | undefined }> {
  return storedProviderOf((await storage.get(MODELS_JSON_KEY)) ?? "", providerId);
}

/**
 * One provider's entry in models.json text exactly as written, as {@link readStoredProvider} reads it; for the
 * function form of `updateModelsConfig`, which gets the text under the write lock.
 *
 * @example
 * ```ts
 * await config.updateModelsConfig((text) => (storedProviderOf(text, "lmstudio").provider ? [] : [{ path: ["providers", "lmstudio"], value: {} }]));
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
 * checkModelsConfigEdits(config.parse, text, edits, "custom", (parsed) => parsed.config.providers["custom"] !== undefined);
 * ```
 */
export function checkModelsConfigEdits(
  /** The config service's parse (this registry's env and default base URLs). */
  parse: (text: string) => ParseModelsJsonResult,
  text: string,
  edits: readonly ModelsJsonEdit[],
  providerId: string,
  accept: (result: ParseModelsJsonResult) => boolean,
): void {
  const { text: next } = editModelsJson(text, edits);
  const ofProvider = (d: Diagnostic) => d.severity === "error" && d.path[0] === "providers" && d.path[1] === providerId;
  const key = (d: Diagnostic) => `${d.code} ${JSON.stringify(d.path)}`;
  const before = new Set(parse(text).diagnostics.filter(ofProvider).map(key));
  const after = parse(next);
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

/**
 * Whether a value read from models.json text is a JSON object (not an array, not null): the shape a provider entry
 * and a model entry must have before their fields are read.
 *
 * @example
 * ```ts
 * const index = models.findIndex((m) => isObject(m) && m["id"] === "my-local-model");
 * ```
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
