import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { ConfigError } from "../errors/config-error.js";
import type { Storage } from "../ports.js";
import { isDamagedDocument } from "../storage/damaged-document.js";
import { readSections } from "../storage/sections.js";
import type { CredentialState } from "./credential-candidates.js";
import { CooldownsSectionSchema, OAuthSectionSchema, UsageSectionSchema } from "../schema/credential-state.js";

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

/**
 * The credential sections of `state.json` with their schemas, each read as empty when absent or damaged. Status
 * guards its own writes to `state.json` with them too, so no part rewrites a file whose credential state is damaged.
 *
 * @example
 * ```ts
 * const { values, damage } = await readSections(storage, "state.json", CREDENTIAL_STATE_SECTIONS);
 * ```
 */
export const CREDENTIAL_STATE_SECTIONS = {
  cooldowns: { schema: CooldownsSectionSchema, fallback: {} },
  usage: { schema: UsageSectionSchema, fallback: {} },
  oauth: { schema: OAuthSectionSchema, fallback: {} },
} as const;

/**
 * Read the `cooldowns`, `usage` and `oauth` sections of `state.json` without failing on damage. `state.json` is
 * machine-written and re-creatable, so a damaged copy must not stop calls; but it may hold state a person wants to
 * inspect, so the caller is told (`unreadable`, naming the file and the recovery) and must not write to it
 * meanwhile (principle 5). A section that is fine is still used when another one is damaged; a leading BOM is not
 * damage.
 *
 * @example
 * ```ts
 * // A dashboard shows cooldowns from state.json; a damaged file is reported, never read as empty.
 * const { state, unreadable } = await loadCredentialState(storage);
 * if (unreadable) console.warn(unreadable.message, unreadable.recovery);
 * else for (const [credentialId, cooldown] of Object.entries(state.cooldowns)) console.log(credentialId, cooldown);
 * ```
 */
export async function loadCredentialState(storage: Storage): Promise<LoadedCredentialState> {
  checkArgument("loadCredentialState", "storage", ARG.storage, storage);
  const { values, damage } = await readSections(storage, STATE_JSON_KEY, CREDENTIAL_STATE_SECTIONS);
  const state: CredentialState = { cooldowns: values.cooldowns, usage: values.usage, oauth: values.oauth };
  return { state, unreadable: damage };
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
  return error instanceof ConfigError && isDamagedDocument(error);
}
