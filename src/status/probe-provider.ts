import type { ErrorKind } from "../schema/error-kind.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { isRegistryError } from "../errors/registry-error.js";
import { discoverModels } from "../discovery/discover-models.js";
import type { DiscoveryResult } from "../discovery/discovery-types.js";
import type { ProbePorts } from "./status-deps.js";
import type { DiscoveredModel } from "../schema/discovered.js";
import { redactText } from "../transport/redact.js";
import { knownVerification, listingRejectsInvalidKey, type KeyVerification } from "./key-verification.js";
import type { ProbeRecord } from "../schema/probe-record.js";
import type { ProviderFacts } from "./status-snapshot.js";
import { monotonicNow } from "./monotonic-now.js";
import { withCredentialEndpoint } from "./credential-endpoint.js";

/**
 * What one probe produced: the record to persist and, on success, the models it listed. `skipped` explains why no
 * request was made (no listing endpoint, no base URL, no credential for a key-based provider).
 *
 * @example
 * ```ts
 * const outcome: ProbeOutcome = { providerId: "ollama", record, models: [], result: null, skipped: null };
 * ```
 */
export interface ProbeOutcome {
  providerId: string;
  record: ProbeRecord | null;
  models: DiscoveredModel[] | null;
  result: DiscoveryResult | null;
  skipped: string | null;
  /** The failure, for callers that act on it (e.g. recording a rejected key); never persisted. */
  error?: unknown;
  /** HTTP status of a failed probe when the server answered; a 403 is told apart from a 401 with it. */
  httpStatus?: number | null;
}

/**
 * Why a provider cannot be probed, or `null` when it can.
 *
 * @example
 * ```ts
 * skipReason(facts); // "no credential to check" for a hosted provider without a key
 * ```
 */
export function skipReason(facts: ProviderFacts): string | null {
  if (facts.discovery === "none") return "this provider has no model-listing endpoint";
  if (!facts.baseUrl) return "no base URL configured";
  if (/<[^>]+>|\{[^}]+\}/.test(facts.baseUrl)) return "the base URL still has placeholders";
  // Listing endpoints take API keys; an OAuth access token sent as one would be rejected and misread as a dead login.
  // OAuth health comes from expiry and refresh state (decision-table row 2) instead.
  if (facts.credential?.status.type === "oauth") return "OAuth sign-ins are verified by their refresh state, not by a listing probe";
  // Anthropic and Gemini listings take API-key headers (x-api-key, x-goog-api-key); a token (e.g. Anthropic's
  // setup-token) goes elsewhere and would be misread as rejected.
  if (facts.credential?.status.type === "token" && (facts.discovery === "anthropic" || facts.discovery === "google")) {
    return "token credentials are not accepted by this provider's model listing";
  }
  const keyless = facts.local || facts.definition?.auth.some((a) => a.type === "none") === true;
  if (!keyless && !facts.credential?.secret) return "no credential to check";
  return null;
}

/**
 * Whether a successful listing with the key proves the key: the provider is known to authenticate its listing (or, for
 * OpenRouter, its key endpoint accepted the key), else the same listing must reject a deliberately invalid key — the
 * negative control, cached per base URL — within what is left of the probe's budget. A listing that answers 200 to
 * any key proves nothing: `null`.
 */
async function verifyKey(ctx: ProbePorts, facts: ProviderFacts, result: DiscoveryResult, remainingMs: number, signal: AbortSignal): Promise<KeyVerification | null> {
  const known = knownVerification(facts, result);
  if (known !== null) return known;
  if (remainingMs < 1) return null;
  const rejects = await listingRejectsInvalidKey(ctx, facts, { timeoutMs: remainingMs, signal });
  return rejects === true ? "negative_control" : null;
}

/**
 * Probe one provider with its cheapest listing call under `ctx.timeoutMs`. Never throws for provider failures: they
 * become an `error` record with a kind. A hard cap of `timeoutMs` (plus a small grace) holds even if the injected
 * fetch ignores abort signals, so one hung server costs at most the timeout.
 *
 * @example
 * ```ts
 * const outcome = await probeProvider(ctx, facts);
 * if (outcome.record?.outcome === "error") console.log(outcome.record.errorKind);
 * ```
 */
export async function probeProvider(
  ctx: ProbePorts,
  facts: ProviderFacts,
  options: { signal?: AbortSignal; omitKey?: boolean; /** What is left of the check's budget; default `ctx.timeoutMs`. */ timeoutMs?: number } = {},
): Promise<ProbeOutcome> {
  // The credential's setup method may send it to another endpoint (a Coding Plan key): check it where calls go.
  facts = withCredentialEndpoint(facts);
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? ctx.timeoutMs));
  const skipped = skipReason(facts);
  if (skipped !== null) return { providerId: facts.id, record: null, models: null, result: null, skipped };
  const started = monotonicNow();
  const at = ctx.now();
  const secret = options.omitKey ? undefined : (facts.credential?.secret ?? undefined);
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProviderCallError({ kind: "timeout", message: `${facts.name} did not answer within ${timeoutMs} ms.` }));
    }, timeoutMs + 50);
  });
  const credentialSource = options.omitKey ? "none" : (facts.credential?.sourceLabel ?? facts.noCredentialLabel);
  const base = { at, credentialSource, credentialId: options.omitKey ? null : (facts.credential?.credentialId ?? null) };
  try {
    const result = await Promise.race([
      discoverModels(facts.discovery, {
        baseUrl: facts.baseUrl as string,
        fetch: ctx.fetch,
        apiKey: secret,
        headers: facts.headers,
        timeoutMs,
        signal,
        env: ctx.env,
      }),
      cap,
    ]);
    // The hard cap holds for the control too; when it fires, the key simply stays unverified.
    const verifiedBy = secret?.reveal()
      ? await Promise.race([verifyKey(ctx, facts, result, timeoutMs - (monotonicNow() - started), signal), cap.then(() => null, () => null)])
      : null;
    return {
      providerId: facts.id,
      models: result.models,
      result,
      skipped: null,
      record: {
        ...base,
        outcome: "ok",
        errorKind: null,
        errorCode: null,
        message: null,
        modelCount: result.models.length,
        ...(result.truncatedFrom !== undefined ? { truncatedFrom: result.truncatedFrom } : {}),
        durationMs: Math.round(monotonicNow() - started),
        authenticated: verifiedBy !== null,
        verifiedBy,
        flavor: result.flavor,
        endpoint: result.endpoint,
      },
    };
  } catch (error) {
    const kind: ErrorKind = error instanceof ProviderCallError ? error.kind : "unknown";
    const code = isRegistryError(error) ? error.code : "unknown";
    const message = redactText(error instanceof Error ? error.message : String(error), { secrets: [secret] });
    return {
      providerId: facts.id,
      models: null,
      result: null,
      skipped: null,
      error,
      httpStatus: error instanceof ProviderCallError ? (error.status ?? null) : null,
      record: {
        ...base,
        outcome: "error",
        errorKind: kind,
        errorCode: code === kind ? null : code,
        message,
        modelCount: null,
        durationMs: Math.round(monotonicNow() - started),
        // A rejection proves the key was checked; anything else proves nothing.
        authenticated: kind === "auth_invalid" || kind === "auth_expired",
        verifiedBy: null,
        flavor: null,
        endpoint: null,
      },
    };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
