import * as z from "zod";
import { ERROR_KINDS } from "./error-kind.js";

/**
 * How a probe proved the key it sent: the built-in provider's listing is known to reject bad keys (`listing`), a key
 * endpoint accepted it (`key_endpoint`, OpenRouter's `GET /api/v1/key`), the same listing rejected a deliberately
 * invalid key (`negative_control`), or a one-token request with it succeeded (`live_probe`).
 *
 * @example
 * ```ts
 * KEY_VERIFICATIONS.includes("negative_control"); // true
 * ```
 */
export const KEY_VERIFICATIONS = ["listing", "key_endpoint", "negative_control", "live_probe"] as const;

/**
 * Schema of one stored probe result (state.json section `probes`, keyed by provider id).
 *
 * @example
 * ```ts
 * ProbeRecordSchema.parse({ at: 1767225600000, outcome: "ok", errorKind: null, modelCount: 3, durationMs: 42,
 *   authenticated: false, credentialSource: "local" });
 * ```
 */
export const ProbeRecordSchema = z.object({
  at: z.number(),
  outcome: z.enum(["ok", "error"]),
  errorKind: z.enum(ERROR_KINDS).nullable(),
  /** A finer code, e.g. `invalid_response`, `endpoint_not_found`. */
  errorCode: z.string().nullable().default(null),
  /** A short scrubbed message for failures. */
  message: z.string().nullable().default(null),
  modelCount: z.number().int().nonnegative().nullable(),
  /**
   * How many models the server listed when that was more than the registry keeps (`MAX_STORED_MODELS`): the listing
   * was cut to `modelCount`. Absent when nothing was cut.
   */
  truncatedFrom: z.number().int().nonnegative().optional(),
  durationMs: z.number().nonnegative(),
  /**
   * The probe proved something about the credential: a success that verified it (see `verifiedBy`), or a rejection
   * (401/403). A success without `verifiedBy` proves nothing about the key.
   */
  authenticated: z.boolean(),
  /** How a successful probe verified the key; `null` when it did not (records written before this field too). */
  verifiedBy: z.enum(KEY_VERIFICATIONS).nullable().default(null),
  /** `stored`, `oauth`, an env var name, `local`, `models.json` or `none`; never the value. */
  credentialSource: z.string(),
  /** Stored credential id the probe used, so a newer credential is not judged by an old probe. */
  credentialId: z.string().nullable().default(null),
  /** Protocol flavour that answered, e.g. `ollama-native`, `lmstudio-v1`. */
  flavor: z.string().nullable().default(null),
  /** The endpoint asked (scrubbed). */
  endpoint: z.string().nullable().default(null),
});

/**
 * A stored probe result.
 *
 * @example
 * ```ts
 * const ok = (r: ProbeRecord) => r.outcome === "ok";
 * ```
 */
export type ProbeRecord = z.output<typeof ProbeRecordSchema>;

/**
 * Schema of the `probes` section of state.json.
 *
 * @example
 * ```ts
 * const probes = await readSection(storage, "state.json", "probes", ProbesSectionSchema, {});
 * ```
 */
export const ProbesSectionSchema = z.record(z.string(), ProbeRecordSchema);

/**
 * Schema of the `statuses` section of state.json: the last status computed per provider, so a change can be
 * announced with the `status` event even across restarts.
 *
 * @example
 * ```ts
 * const last = await readSection(storage, "state.json", "statuses", StatusesSectionSchema, {});
 * ```
 */
export const StatusesSectionSchema = z.record(z.string(), z.string());
