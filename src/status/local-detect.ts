/**
 * `local.detect()`: find local servers on their default ports (and `OLLAMA_HOST`) so they show as `local` providers
 * without any models.json entry. It only runs when called — never on import, create or a request — and its result
 * is cached in state.json (`localDetection`), which the catalog layers below models.json.
 */
import * as z from "zod";
import { checkArgument } from "../errors/check-argument.js";
import { ollamaHostFromEnv } from "../discovery/ollama-host.js";
import type { DiscoveredModel } from "../schema/discovered.js";
import { LocalDetectionSectionSchema, LocalDetectionSettingsSchema, EMPTY_LOCAL_DETECTION, type DetectedLocalServer } from "../schema/local-detection.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { warnDamagedDocument } from "../storage/damaged-document.js";
import { readSection, updateSectionIfReadable } from "../storage/sections.js";
import { SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import { getLocalPreset } from "./local-presets.js";
import { probeProvider, type ProbeOutcome } from "./probe-provider.js";
import { shownUrl } from "./shown-url.js";
import type { StatusServiceDeps } from "./status-deps.js";
import type { StatusService } from "./status-service.js";
import { unknownProviderFacts, type ProviderFacts } from "./status-snapshot.js";

/**
 * The ports `local.detect()` probes on 127.0.0.1, per preset: each server's documented default.
 *
 * @example
 * ```ts
 * LOCAL_DETECT_PORTS.ollama; // 11434
 * ```
 */
export const LOCAL_DETECT_PORTS = Object.freeze({ ollama: 11434, lmstudio: 1234, vllm: 8000, sglang: 30000, litellm: 4000 });

/**
 * A preset `local.detect()` looks for.
 *
 * @example
 * ```ts
 * const preset: DetectablePreset = "lmstudio";
 * ```
 */
export type DetectablePreset = keyof typeof LOCAL_DETECT_PORTS;

/**
 * Options of `local.detect()`.
 *
 * @example
 * ```ts
 * await registry.local.detect({ ports: { vllm: 8001 }, timeoutMs: 500 });
 * ```
 */
export interface LocalDetectOptions {
  /** Ports to probe instead of the defaults, per preset. */
  ports?: Partial<Record<DetectablePreset, number>>;
  /** Budget of each probe (they run in parallel); default 800 ms. */
  timeoutMs?: number;
}

/**
 * A server `local.detect()` found: the provider it shows as, where it answered, and what it lists.
 *
 * @example
 * ```ts
 * for (const s of await registry.local.detect()) console.log(s.providerId, s.baseUrl, s.models.length);
 * ```
 */
export interface DetectedServer {
  /** The preset id, which is also the provider id: `ollama`, `lmstudio`, `vllm`, `sglang` or `litellm`. */
  providerId: string;
  baseUrl: string;
  models: DiscoveredModel[];
}

/** Short: a loopback server answers in milliseconds, and a closed port must not hold a setup screen up. */
const DETECT_TIMEOUT_MS = 800;

const port = z.number().int().min(1).max(65535);
const DETECT_OPTIONS_ARG = z
  .strictObject({
    ports: z.strictObject({ ollama: port.optional(), lmstudio: port.optional(), vllm: port.optional(), sglang: port.optional(), litellm: port.optional() }).optional(),
    timeoutMs: z.number().int().min(1).max(60_000).optional(),
  })
  .optional();

/** The preset's default URL on another port (the path, e.g. `/v1`, kept). */
function onPort(baseUrl: string, portNumber: number): string {
  const url = new URL(baseUrl);
  url.port = String(portNumber);
  return url.toString().replace(/\/+$/, "");
}

/**
 * Whether detection is on: settings.json `localDetection.enabled` is not `false`. A damaged settings.json may hide an
 * off switch, so it counts as off (nothing is probed; the damage is warned about once).
 */
async function detectionEnabled(ctx: StatusServiceDeps): Promise<boolean> {
  try {
    return (await readSection(ctx.storage, SETTINGS_JSON_KEY, "localDetection", LocalDetectionSettingsSchema, {})).enabled !== false;
  } catch (error) {
    ctx.logger.warn("settings.json is unreadable; local detection is skipped (it may be switched off there).", { error: String(error) });
    return false;
  }
}

/**
 * Probe the default local ports (and `OLLAMA_HOST`) in parallel, each under a short budget, with the discovery adapter
 * of its preset; cache the servers that answered with their listing in state.json and answer them. With detection
 * switched off (settings `localDetection: { enabled: false }`) nothing is sent and the answer is `[]`.
 *
 * @example
 * ```ts
 * const found = await detectLocalServers(ctx, service, { ports: { ollama: 11500 } });
 * ```
 */
export async function detectLocalServers(
  ctx: StatusServiceDeps,
  service: Pick<StatusService, "loader" | "refreshAfterChange">,
  options?: LocalDetectOptions,
): Promise<DetectedServer[]> {
  checkArgument("local.detect", "options", DETECT_OPTIONS_ARG, options);
  if (!(await detectionEnabled(ctx))) return [];
  const timeoutMs = options?.timeoutMs ?? DETECT_TIMEOUT_MS;
  const snapshot = await service.loader.load();

  const candidates: Array<{ providerId: DetectablePreset; baseUrl: string }> = [];
  for (const [id, defaultPort] of Object.entries(LOCAL_DETECT_PORTS) as Array<[DetectablePreset, number]>) {
    const preset = getLocalPreset(id);
    if (!preset?.baseUrl) continue;
    const url = onPort(preset.baseUrl, options?.ports?.[id] ?? defaultPort);
    // OLLAMA_HOST names where the user runs Ollama: tried first, so it wins when both answer.
    const host = id === "ollama" ? ollamaHostFromEnv(ctx.env) : null;
    if (host !== null && host !== url) candidates.push({ providerId: id, baseUrl: host });
    candidates.push({ providerId: id, baseUrl: url });
  }

  const outcomes = await Promise.all(
    candidates.map(async (candidate): Promise<ProbeOutcome> => {
      const preset = getLocalPreset(candidate.providerId);
      const known = snapshot.providers.get(candidate.providerId);
      // The provider's own credential and headers (a LiteLLM master key in LITELLM_API_KEY), aimed at the candidate URL.
      const facts: ProviderFacts = {
        ...(known ?? unknownProviderFacts(candidate.providerId, { local: true })),
        baseUrl: candidate.baseUrl,
        local: true,
        discovery: preset?.discovery ?? "openai-compatible",
      };
      try {
        return await probeProvider(ctx, facts, { timeoutMs });
      } catch (error) {
        // probeProvider turns provider failures into records; anything else still only means "not found here".
        ctx.logger.debug("A local detection probe failed.", { providerId: candidate.providerId, error: String(error) });
        return { providerId: candidate.providerId, record: null, models: null, result: null, skipped: String(error) };
      }
    }),
  );

  const servers: DetectedLocalServer[] = [];
  outcomes.forEach((outcome, i) => {
    const candidate = candidates[i] as (typeof candidates)[number];
    if (outcome.record?.outcome !== "ok" || outcome.models === null) return;
    if (servers.some((s) => s.providerId === candidate.providerId)) return;
    servers.push({ providerId: candidate.providerId, baseUrl: candidate.baseUrl, models: outcome.models, probe: outcome.record });
  });

  // The latest detection replaces the last: a server that stopped answering stops showing as a provider.
  const skipped = await updateSectionIfReadable(
    ctx.storage,
    STATE_JSON_KEY,
    "localDetection",
    LocalDetectionSectionSchema,
    EMPTY_LOCAL_DETECTION,
    () => ({ at: ctx.now(), servers }),
    { guard: STATE_SECTION_SCHEMAS },
  );
  if (skipped) warnDamagedDocument(ctx.storage, ctx.logger, STATE_JSON_KEY, skipped);
  service.refreshAfterChange();
  return servers.map((s) => ({ providerId: s.providerId, baseUrl: shownUrl(s.baseUrl), models: s.models }));
}

