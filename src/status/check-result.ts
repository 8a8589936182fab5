/**
 * What `check()` answers and takes: the public shapes of a check, apart from the code that runs it, so the live-probe
 * step, the orchestration and the facade can share them without importing each other.
 */
import type { ProbeRecord } from "../schema/probe-record.js";
import type { KeyVerification } from "./key-verification.js";

/**
 * The result of checking one provider.
 *
 * @example
 * ```ts
 * const [openai] = await registry.check("openai");
 * if (openai?.outcome === "error") console.log(openai.errorKind);
 * ```
 */
export interface CheckResult {
  providerId: string;
  /** `skipped` when no request was made; `reason` says why. */
  outcome: "ok" | "error" | "skipped";
  errorKind: ProbeRecord["errorKind"];
  errorCode: string | null;
  message: string | null;
  modelCount: number | null;
  durationMs: number;
  authenticated: boolean;
  credentialSource: string;
  flavor: string | null;
  at: number;
  reason: string | null;
  /** How the key was verified (`listing`, `key_endpoint`, `negative_control`, `live_probe`), or `null` when it was not. */
  verifiedBy: KeyVerification | null;
  /**
   * The one-token request of `check(id, { live: true })`: `null` when not asked for; `skipped` with a `reason` when it
   * was not needed (the key was already verified or rejected) or not possible (no model, an api kind without one).
   */
  liveProbe: {
    outcome: "ok" | "error" | "skipped";
    errorKind: ProbeRecord["errorKind"];
    message: string | null;
    reason: string | null;
    /** Until the whole one-token answer was read, in ms (`null` unless the probe was sent and answered). */
    latencyMs: number | null;
    /** Until the answer's headers arrived (the one token exists by then), in ms; `null` like `latencyMs`. */
    timeToFirstTokenMs: number | null;
  } | null;
  /**
   * Credentials the provider rejected during this check (401-class), by name — `OPENAI_API_KEYS (key 1 of 2)`,
   * `saved key "openai:work"` — never by value. Each was disabled like a rejected key in `run()`, and the next key
   * was checked; the rest of the result describes the last key checked.
   */
  rejectedCredentials: string[];
}

/**
 * Options of `check()`.
 *
 * @example
 * ```ts
 * await registry.check("my-proxy", { live: true });
 * ```
 */
export interface CheckOptions {
  /**
   * Where the listing cannot prove the key (it answers any key), send one one-token request with it (`max_tokens: 1`
   * or the api kind's equivalent): its success verifies the key, its 401/403 makes the provider `broken_invalid`.
   * Costs one token per provider. Default `false`.
   */
  live?: boolean;
}
