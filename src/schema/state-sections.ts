import { CooldownsSectionSchema, OAuthSectionSchema, UsageSectionSchema } from "./credential-state.js";
import { DiscoveredCacheSchema } from "./discovered.js";
import { LocalDetectionSectionSchema } from "./local-detection.js";
import { ProbesSectionSchema, StatusesSectionSchema } from "./probe-record.js";

/**
 * Every guarded section of `state.json` and its schema. Every writer of `state.json` passes them as the guard
 * (`updateSection(..., { guard: STATE_SECTION_SCHEMAS })`), whichever section it writes: a file with any damaged
 * section is left byte-identical (issue 9 item 8). It lives in schema/ so credentials/ and status/ both reach it
 * without importing upward.
 *
 * @example
 * ```ts
 * await updateSectionIfReadable(storage, "state.json", "probes", ProbesSectionSchema, {}, fn, { guard: STATE_SECTION_SCHEMAS });
 * ```
 */
export const STATE_SECTION_SCHEMAS = Object.freeze({
  cooldowns: CooldownsSectionSchema,
  usage: UsageSectionSchema,
  oauth: OAuthSectionSchema,
  probes: ProbesSectionSchema,
  statuses: StatusesSectionSchema,
  discovered: DiscoveredCacheSchema,
  localDetection: LocalDetectionSectionSchema,
});
