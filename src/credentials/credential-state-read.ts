import { ARG, checkArgument } from "../errors/check-argument.js";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";
import { SettingsFileSchema } from "../schema/settings.js";
import { readJson } from "../storage/json-document.js";
import type { CredentialState } from "./credential-candidates.js";
import { CooldownsSectionSchema, OAuthSectionSchema, STATE_FILE_KEY, UsageSectionSchema } from "./credential-state.js";

/**
 * The credential state as `run()` and the listings use it, plus why it could not be read. `unreadable` is set when
 * `state.json` does not parse or one of the credential sections fails its schema; the damaged sections are then
 * read as empty (no cooldowns, no usage, no OAuth marks) and nothing may be written to `state.json` until it is fixed.
 *
 * @example
 * ```ts
 * const { state, unreadable } = await loadCredentialState(storage);
 * if (unreadable) logger.warn(unreadable.message);
 * ```
 */
export interface LoadedCredentialState {
  state: CredentialState;
  unreadable: ConfigError | null;
}

const SECTIONS = [
  ["cooldowns", CooldownsSectionSchema],
  ["usage", UsageSectionSchema],
  ["oauth", OAuthSectionSchema],
] as const;

/**
 * Read the `cooldowns`, `usage` and `oauth` sections of `state.json` without failing on damage. `state.json` is
 * machine-written and re-creatable, so a damaged copy must not stop calls; but it may hold state a person wants to
 * inspect, so the caller is told (`unreadable`) and must not write to it meanwhile (principle 5). A section that is
 * fine is still used when another one is damaged.
 *
 * @example
 * ```ts
 * const { state, unreadable } = await loadCredentialState(storage);
 * const record = unreadable === null; // only then write usage and cooldowns back
 * ```
 */
export async function loadCredentialState(storage: Storage): Promise<LoadedCredentialState> {
  checkArgument("loadCredentialState", "storage", ARG.storage, storage);
  const state: CredentialState = { cooldowns: {}, usage: {}, oauth: {} };
  let doc: Record<string, unknown>;
  try {
    doc = await readJson(storage, STATE_FILE_KEY, SettingsFileSchema, {});
  } catch (error) {
    if (isUnreadableState(error)) return { state, unreadable: error };
    throw error;
  }
  const problems: string[] = [];
  for (const [name, schema] of SECTIONS) {
    const raw = doc[name];
    if (raw === undefined) continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) (state as unknown as Record<string, unknown>)[name] = parsed.data;
    else {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${[name, ...i.path].join(".")}: ${i.message}`)
        .join("; ");
      problems.push(where);
    }
  }
  if (problems.length === 0) return { state, unreadable: null };
  return {
    state,
    unreadable: new ConfigError({
      code: "storage_invalid",
      message: `Expected the credential sections of "${STATE_FILE_KEY}" to match their schema, found: ${problems.join("; ")}.`,
      recovery: `Delete "${STATE_FILE_KEY}" (it only holds re-creatable cooldowns, usage and probe results) or fix the fields named above; until then cooldowns are ignored and not recorded.`,
    }),
  };
}

/**
 * True for the errors that mean "`state.json` is damaged" (`storage_unparsable`, `storage_invalid`): the reads and
 * writes that hit them are skipped, never retried as if the file were empty.
 *
 * @example
 * ```ts
 * try { await usage.success(c, model); } catch (e) { if (!isUnreadableState(e)) throw e; }
 * ```
 */
export function isUnreadableState(error: unknown): error is ConfigError {
  return error instanceof ConfigError && (error.code === "storage_unparsable" || error.code === "storage_invalid");
}
