import type { ErrorClassification } from "../errors/classify-error.js";
import type { ErrorKind } from "../errors/error-kind.js";
import type { Logger, Storage } from "../ports.js";
import type { Emitter } from "../registry/events.js";
import { updateSection } from "../storage/sections.js";
import { activeEntries, applyFailure } from "./cooldown-policy.js";
import type { CredentialCandidate } from "./credential-candidates.js";
import { CooldownsSectionSchema, OAuthSectionSchema, STATE_FILE_KEY, UsageSectionSchema, type CooldownsSection, type UsageSection } from "./credential-state.js";
import type { Secret } from "./secret.js";
import { fingerprint } from "./stable-hash.js";

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
export function createUsageRecorder(deps: { storage: Storage; now: () => number; events: Emitter; logger: Logger }): UsageRecorder {
  /** One use of a credential: a success when `failureKind` is null. Least-recently-used ordering reads `lastUsedAt`. */
  function recordUse(c: CredentialCandidate, now: number, failureKind: ErrorKind | null): Promise<UsageSection> {
    return updateSection(deps.storage, STATE_FILE_KEY, "usage", UsageSectionSchema, {}, (usage: UsageSection) => {
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
    });
  }

  return {
    /** A replaced credential starts clean: no disable mark, no cooldowns, no broken OAuth mark. */
    async clear(ids: readonly string[]) {
      if (ids.length === 0) return;
      const drop = <S extends Record<string, unknown>>(section: S): S => {
        const next = { ...section };
        for (const id of ids) delete next[id];
        return next;
      };
      await updateSection(deps.storage, STATE_FILE_KEY, "cooldowns", CooldownsSectionSchema, {}, drop);
      await updateSection(deps.storage, STATE_FILE_KEY, "oauth", OAuthSectionSchema, {}, drop);
    },

    async success(c: CredentialCandidate, model: string | null) {
      const now = deps.now();
      await recordUse(c, now, null);
      if (activeEntries(c.cooldownState, now).some((e) => e.model === null || e.model === model)) {
        await updateSection(deps.storage, STATE_FILE_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) => {
          const entry = section[c.id];
          if (!entry) return section;
          return { ...section, [c.id]: { ...entry, entries: activeEntries(entry, now).filter((e) => e.model !== null && e.model !== model) } };
        });
      }
    },

    async failure(c: CredentialCandidate, model: string | null, classification: ErrorClassification, used: Secret) {
      const now = deps.now();
      await recordUse(c, now, classification.kind);
      const kind = classification.kind;
      if (kind === "auth_invalid" || kind === "auth_expired") {
        await updateSection(deps.storage, STATE_FILE_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) => ({
          ...section,
          [c.id]: {
            providerId: c.providerId,
            entries: activeEntries(section[c.id], now),
            disabled: { reason: kind, at: now, fingerprint: fingerprint(used.reveal()) },
          },
        }));
        deps.events.emit("credential-disabled", { providerId: c.providerId, credentialId: c.id, reason: kind });
        deps.logger.warn("Credential disabled until replaced.", { providerId: c.providerId, credentialId: c.id, reason: kind });
        return;
      }
      let written: { model: string | null; until: number; reason: string } | null = null;
      await updateSection(deps.storage, STATE_FILE_KEY, "cooldowns", CooldownsSectionSchema, {}, (section: CooldownsSection) => {
        const { state, entry } = applyFailure(section[c.id], { providerId: c.providerId, model, classification, now });
        if (entry === null) return section;
        written = entry;
        return { ...section, [c.id]: state };
      });
      if (written !== null) {
        const entry: { model: string | null; until: number; reason: string } = written;
        deps.events.emit("credential-cooldown", { providerId: c.providerId, credentialId: c.id, model: entry.model, reason: entry.reason, until: entry.until });
        deps.logger.info("Credential cooling down.", { providerId: c.providerId, credentialId: c.id, model: entry.model, reason: entry.reason, until: entry.until });
      }
    },
    async forget(ids) {
      if (ids.length === 0) return;
      await updateSection(deps.storage, STATE_FILE_KEY, "usage", UsageSectionSchema, {}, (usage: UsageSection) => {
        const next = { ...usage };
        for (const id of ids) delete next[id];
        return next;
      });
    },
  };
}
