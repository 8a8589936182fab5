import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import type { ErrorClassification } from "../errors/classify-error.js";
import type { ConfigError } from "../errors/config-error.js";
import type { ErrorKind } from "../schema/error-kind.js";
import type { Logger, Storage } from "../ports.js";
import type { EmitEvent } from "../schema/registry-events.js";
import { updateSection } from "../storage/sections.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { redactText } from "../transport/redact.js";
import { activeEntries, applyFailure } from "./cooldown-policy.js";
import type { CredentialCandidate } from "./credential-candidates.js";
import { isUnreadableState, loadCredentialState } from "./credential-state-read.js";
import { CooldownsSectionSchema, OAuthSectionSchema, UsageSectionSchema, type CooldownsSection, type UsageSection } from "../schema/credential-state.js";
import type { Secret } from "../schema/secret.js";
import { fingerprint } from "./stable-hash.js";

/** Every write to state.json checks all its sections: a file with a damaged one is never written over. */
const guard = { guard: STATE_SECTION_SCHEMAS };

/**
 * Writes the consequences of a call to `state.json`: usage on every call, cooldowns for rate limits, quotas and
 * billing, a disable mark for a rejected key; and emits `credential-cooldown` / `credential-disabled`.
 *
 * @example
 * ```ts
 * const usage = createUsageRecorder({ storage, now: Date.now, events, logger });
 * await usage.failure(candidate, "gpt-4o", classifyError(error), key);
 * ```
 */
export interface UsageRecorder {
  /** Forget cooldowns, disable marks and OAuth marks of replaced or removed credentials. */
  clear(ids: readonly string[]): Promise<void>;
  /** Record a successful call: last used, and the credential's cooldowns for that model are lifted. */
  success(candidate: CredentialCandidate, model: string | null): Promise<void>;
  /** Record a failed call and apply its consequence (cooldown or disable). `used` is the value that was sent. */
  failure(candidate: CredentialCandidate, model: string | null, classification: ErrorClassification, used: Secret): Promise<void>;
  /** Drop usage records of removed credentials. */
  forget(ids: readonly string[]): Promise<void>;
}

/**
 * Create a {@link UsageRecorder}.
 *
 * @example
 * ```ts
 * const usage = createUsageRecorder({ storage, now: () => Date.now(), events: createEmitter(), logger: silentLogger });
 * ```
 */
export function createUsageRecorder(deps: {
  storage: Storage;
  now: () => number;
  events: { emit: EmitEvent };
  logger: Logger;
  /**
   * Told when `state.json` turned out damaged while recording: the record is dropped (nothing is written over a file
   * that did not parse). Default: a scrubbed warning on `logger`.
   */
  onUnreadable?: (error: ConfigError) => void;
}): UsageRecorder {
  const unreadable =
    deps.onUnreadable ??
    ((error: ConfigError) =>
      deps.logger.warn("state.json is damaged: usage and cooldowns are not recorded until it is fixed or deleted.", { code: error.code, error: redactText(error.message) }));
  /** Bookkeeping never fails a call: a damaged state.json skips the record (and its write) instead. */
  async function guarded(record: () => Promise<unknown>): Promise<void> {
    try {
      await record();
    } catch (error) {
      if (!isUnreadableState(error)) throw error;
      unreadable(error);
    }
  }

  /** One use of a credential: a success when `failureKind` is null. Least-recently-used ordering reads `lastUsedAt`. */
  function recordUse(c: CredentialCandidate, now: number, failureKind: ErrorKind | null): Promise<UsageSection> {
    return updateSection(deps.storage, STATE_JSON_KEY, "usage", UsageSectionSchema, {}, (usage: UsageSection) => {
      const prev = usage[c.id];
      return {
        ...usage,
        [c.id]: {
          providerId: c.providerId,
          lastUsedAt: now,
          lastSuccessAt: failureKind === null ? now : (prev?.lastSuccessAt ?? null),
          lastFailureAt: failureKind === null ? (prev?.lastFailureAt ?? null) : now,
          lastFailureKind: failureKind ?? prev?.lastFailureKind ?? null,
          uses: (prev?.uses ?? 0) + 1,
          failures: (prev?.failures ?? 0) + (failureKind === null ? 0 : 1),
        },
      };
    }, guard);
  }

  /**
   * Clearing touches sections other than the damaged one, which would rewrite the file around it: check the whole
   * credential state first, so a damaged state.json stays byte-identical.
   */
  async function whenReadable(write: () => Promise<unknown>): Promise<void> {
    const { unreadable: problem } = await loadCredentialState(deps.storage);
    if (problem !== null) {
      unreadable(problem);
      return;
    }
    await guarded(write);
  }

  return {
    /** A replaced credential starts clean: no disable mark, no cooldowns, no broken OAuth mark. */
    async clear(ids: readonly string[]) {
      if (ids.length === 0) return;
      await whenReadable(() => clearIds(ids));
    },
    async success(c: CredentialCandidate, model: string | null) {
      await guarded(() => recordSuccess(c, model));
    },
    async failure(c: CredentialCandidate, model: string | null, classification: ErrorClassification, used: Secret) {
      await guarded(() => recordFailure(c, model, classification, used));
    },
    async forget(ids) {
      if (ids.length === 0) return;
      await whenReadable(() => forgetIds(ids));
    },
  };

  async function clearIds(ids: readonly string[]): Promise<void> {
    const drop = <S extends Record<string, unknown>>(section: S): S => {
      const next = { ...section };
      for (const id of ids) delete next[id];
      return next;
    };
    await updateSection(deps.storage, STATE_JSON_KEY, "cooldowns", CooldownsSectionSchema, {}, drop, guard);
    await updateSection(deps.storage, STATE_JSON_KEY, "oauth", OAuthSectionSchema, {}, drop, guard);
  }

  async function recordSuccess(c: CredentialCandidate, model: string | null): Promise<void> {
    const now = deps.now();
    await recordUse(c, now, null);
    if (activeEntries(c.cooldownState, now).some((e) => e.model === null || e.model === model)) {
      await updateSection(deps.storage, STATE_JSON_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) => {
        const entry = section[c.id];
        if (!entry) return section;
        return { ...section, [c.id]: { ...entry, entries: activeEntries(entry, now).filter((e) => e.model !== null && e.model !== model) } };
      }, guard);
    }
  }

  async function recordFailure(c: CredentialCandidate, model: string | null, classification: ErrorClassification, used: Secret): Promise<void> {
    const now = deps.now();
    await recordUse(c, now, classification.kind);
    const kind = classification.kind;
    if (kind === "auth_invalid" || kind === "auth_expired") {
      await updateSection(deps.storage, STATE_JSON_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) => ({
        ...section,
        [c.id]: {
          providerId: c.providerId,
          entries: activeEntries(section[c.id], now),
          disabled: { reason: kind, at: now, fingerprint: fingerprint(used.reveal()) },
        },
      }), guard);
      deps.events.emit("credential-disabled", { providerId: c.providerId, credentialId: c.id, reason: kind });
      deps.logger.warn("Credential disabled until replaced.", { providerId: c.providerId, credentialId: c.id, reason: kind });
      return;
    }
    let written: { model: string | null; until: number; reason: string } | null = null;
    await updateSection(deps.storage, STATE_JSON_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) => {
      const { state, entry } = applyFailure(section[c.id], { providerId: c.providerId, model, classification, now });
      if (entry === null) return section;
      written = entry;
      return { ...section, [c.id]: state };
    }, guard);
    if (written !== null) {
      const entry: { model: string | null; until: number; reason: string } = written;
      deps.events.emit("credential-cooldown", { providerId: c.providerId, credentialId: c.id, model: entry.model, reason: entry.reason, until: entry.until });
      deps.logger.info("Credential cooling down.", { providerId: c.providerId, credentialId: c.id, model: entry.model, reason: entry.reason, until: entry.until });
    }
  }

  async function forgetIds(ids: readonly string[]): Promise<void> {
    await updateSection(deps.storage, STATE_JSON_KEY, "usage", UsageSectionSchema, {}, (usage: UsageSection) => {
      const next = { ...usage };
      for (const id of ids) delete next[id];
      return next;
    }, guard);
  }
}
