import * as z from "zod";
import { DiscoveredModelSchema } from "./discovered.js";
import { ProbeRecordSchema } from "./probe-record.js";

/**
 * Schema of one server `local.detect()` found: the provider it is (a preset id: `ollama`, `lmstudio`, `vllm`,
 * `sglang`, `litellm`), the base URL that answered, its listing, and the probe that listed it (status reads the probe
 * like a check's, so a detected server reports as a tested local provider).
 *
 * @example
 * ```ts
 * const server = DetectedLocalServerSchema.parse({ providerId: "ollama", baseUrl: "http://127.0.0.1:11434", models: [{ id: "qwen3:8b" }], probe });
 * ```
 */
export const DetectedLocalServerSchema = z.object({
  providerId: z.string().min(1),
  baseUrl: z.string().min(1),
  models: z.array(DiscoveredModelSchema),
  probe: ProbeRecordSchema,
});

/**
 * A server found by `local.detect()`, as cached in state.json.
 *
 * @example
 * ```ts
 * const ids = (servers: DetectedLocalServer[]) => servers.map((s) => s.providerId);
 * ```
 */
export type DetectedLocalServer = z.output<typeof DetectedLocalServerSchema>;

/**
 * Schema of the `localDetection` section of `state.json`: the result of the last `local.detect()` and when it ran
 * (`at: null` before the first one). Only servers that answered are kept; the catalog layers them below models.json.
 *
 * @example
 * ```ts
 * const cache = await readSection(storage, "state.json", "localDetection", LocalDetectionSectionSchema, EMPTY_LOCAL_DETECTION);
 * ```
 */
export const LocalDetectionSectionSchema = z.object({
  at: z.number().nullable(),
  servers: z.array(DetectedLocalServerSchema),
});

/**
 * The `localDetection` section of `state.json`.
 *
 * @example
 * ```ts
 * const found = (cache: LocalDetectionSection) => cache.servers.length;
 * ```
 */
export type LocalDetectionSection = z.output<typeof LocalDetectionSectionSchema>;

/**
 * The `localDetection` section before any detection ran.
 *
 * @example
 * ```ts
 * await readSection(storage, "state.json", "localDetection", LocalDetectionSectionSchema, EMPTY_LOCAL_DETECTION);
 * ```
 */
export const EMPTY_LOCAL_DETECTION: LocalDetectionSection = Object.freeze({ at: null, servers: [] }) as LocalDetectionSection;

/**
 * Schema of the `localDetection` section of `settings.json`: `{ enabled: false }` turns detection off (`detect()`
 * sends nothing and answers `[]`, and the cached result is ignored). Absent, or `enabled` absent, means on.
 *
 * @example
 * ```ts
 * await updateSection(storage, "settings.json", "localDetection", LocalDetectionSettingsSchema, {}, () => ({ enabled: false }));
 * ```
 */
export const LocalDetectionSettingsSchema = z.looseObject({ enabled: z.boolean().optional() });

/**
 * The `localDetection` section of `settings.json`.
 *
 * @example
 * ```ts
 * const on = (s: LocalDetectionSettings) => s.enabled !== false;
 * ```
 */
export type LocalDetectionSettings = z.output<typeof LocalDetectionSettingsSchema>;
