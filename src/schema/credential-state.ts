import * as z from "zod";

/**
 * One active cooldown of a credential: credential-wide (`model: null`) or for one model. `count` is the number of
 * consecutive failures that escalated it; it resets when the cooldown expires.
 *
 * @example
 * ```ts
 * CooldownEntrySchema.parse({ model: "gpt-4o", until: 1, reason: "rate_limit", count: 1, since: 0, backoff: "generic" });
 * ```
 */
export const CooldownEntrySchema = z.object({
  model: z.string().nullable(),
  until: z.number(),
  reason: z.string(),
  count: z.number().int().min(1),
  since: z.number(),
  backoff: z.enum(["generic", "billing"]),
});

/**
 * Cooldown state of one credential (stored id or `env:<VAR>`): active cooldowns and a disable mark. A disable is
 * tied to a fingerprint of the value it was recorded for, so replacing the key lifts it.
 *
 * @example
 * ```ts
 * CredentialCooldownSchema.parse({ providerId: "openai", entries: [], disabled: null });
 * ```
 */
export const CredentialCooldownSchema = z.object({
  providerId: z.string(),
  entries: z.array(CooldownEntrySchema).default([]),
  disabled: z.object({ reason: z.string(), at: z.number(), fingerprint: z.string() }).nullable().default(null),
});

/**
 * The `cooldowns` section of `state.json`, keyed by credential id.
 *
 * @example
 * ```ts
 * const cooldowns = await readSection(storage, "state.json", "cooldowns", CooldownsSectionSchema, {});
 * ```
 */
export const CooldownsSectionSchema = z.record(z.string(), CredentialCooldownSchema);

/**
 * Usage of one credential: when it was last used and how it fared.
 *
 * @example
 * ```ts
 * UsageEntrySchema.parse({ providerId: "openai", lastUsedAt: 1 });
 * ```
 */
export const UsageEntrySchema = z.object({
  providerId: z.string(),
  lastUsedAt: z.number().nullable().default(null),
  lastSuccessAt: z.number().nullable().default(null),
  lastFailureAt: z.number().nullable().default(null),
  lastFailureKind: z.string().nullable().default(null),
  uses: z.number().int().default(0),
  failures: z.number().int().default(0),
});

/**
 * The `usage` section of `state.json`, keyed by credential id.
 *
 * @example
 * ```ts
 * const usage = await readSection(storage, "state.json", "usage", UsageSectionSchema, {});
 * ```
 */
export const UsageSectionSchema = z.record(z.string(), UsageEntrySchema);

/**
 * OAuth state of one stored OAuth credential: last refresh, and whether it is broken (a terminal refresh error such
 * as `invalid_grant` or a reused refresh token) until the user signs in again.
 *
 * @example
 * ```ts
 * OAuthStateEntrySchema.parse({ providerId: "anthropic", state: "broken_expired", reason: "invalid_grant", at: 1 });
 * ```
 */
export const OAuthStateEntrySchema = z.object({
  providerId: z.string(),
  state: z.enum(["ok", "broken_expired"]),
  reason: z.string().nullable().default(null),
  at: z.number(),
  /** Fingerprint of the refresh token the state was recorded for; a new sign-in lifts a broken mark. */
  fingerprint: z.string().nullable().default(null),
  lastRefreshAt: z.number().nullable().default(null),
});

/**
 * The `oauth` section of `state.json`, keyed by credential id.
 *
 * @example
 * ```ts
 * const oauth = await readSection(storage, "state.json", "oauth", OAuthSectionSchema, {});
 * ```
 */
export const OAuthSectionSchema = z.record(z.string(), OAuthStateEntrySchema);

/**
 * Inferred types of the state sections.
 *
 * @example
 * ```ts
 * const entry: CooldownEntry = { model: null, until: 0, reason: "billing", count: 1, since: 0, backoff: "billing" };
 * ```
 */
export type CooldownEntry = z.output<typeof CooldownEntrySchema>;
/** @example `const c: CredentialCooldown = { providerId: "openai", entries: [], disabled: null };` */
export type CredentialCooldown = z.output<typeof CredentialCooldownSchema>;
/** @example `const s: CooldownsSection = {};` */
export type CooldownsSection = z.output<typeof CooldownsSectionSchema>;
/** @example `const u: UsageSection = {};` */
export type UsageSection = z.output<typeof UsageSectionSchema>;
/** @example `const u: UsageEntry = UsageEntrySchema.parse({ providerId: "openai" });` */
export type UsageEntry = z.output<typeof UsageEntrySchema>;
/** @example `const o: OAuthSection = {};` */
export type OAuthSection = z.output<typeof OAuthSectionSchema>;
/** @example `const e: OAuthStateEntry = OAuthStateEntrySchema.parse({ providerId: "x", state: "ok", at: 0 });` */
export type OAuthStateEntry = z.output<typeof OAuthStateEntrySchema>;
