import * as z from "zod";
import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import { getBuiltinProvider } from "../refs/builtin-providers.js";
import { Secret } from "../schema/secret.js";
import { discoverModels } from "../discovery/discover-models.js";
import { displayUrl } from "../discovery/discovery-http.js";
import type { DiscoveryResult } from "../discovery/discovery-types.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import type { Env, FetchPort, Logger, Storage } from "../ports.js";
import { readSection, updateSection } from "../storage/sections.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import type { KEY_VERIFICATIONS } from "../schema/probe-record.js";
import type { ProviderFacts } from "./status-snapshot.js";

/**
 * How a key was verified, one of `KEY_VERIFICATIONS`.
 *
 * @example
 * ```ts
 * const how: KeyVerification = "negative_control";
 * ```
 */
export type KeyVerification = (typeof KEY_VERIFICATIONS)[number];

/**
 * The deliberately invalid key of a negative control: fixed and obviously fake, so a server log that shows it alarms
 * nobody, and never a value any provider issues.
 *
 * @example
 * ```ts
 * INVALID_CONTROL_KEY.reveal(); // "mpr-negative-control-not-a-real-key"
 * ```
 */
export const INVALID_CONTROL_KEY = new Secret("mpr-negative-control-not-a-real-key");

/**
 * How long a negative-control answer is reused: a server's auth setup rarely changes, and a day bounds how long a
 * stale answer can mislead.
 *
 * @example
 * ```ts
 * const fresh = now - cached.at < KEY_CONTROL_TTL_MS;
 * ```
 */
export const KEY_CONTROL_TTL_MS = 24 * 60 * 60_000;

/**
 * Schema of the state.json section `keyControls`: per base URL (shown form: no query, no user-info), whether its
 * listing rejected the invalid control key, and when that was asked.
 *
 * @example
 * ```ts
 * KeyControlsSectionSchema.parse({ "http://127.0.0.1:8000/v1": { at: 0, rejectsInvalidKey: true } });
 * ```
 */
export const KeyControlsSectionSchema = z.record(z.string(), z.object({ at: z.number(), rejectsInvalidKey: z.boolean() }));

/** Effects a verification needs: narrower than the registry context on purpose. */
interface VerificationContext {
  readonly storage: Storage;
  readonly fetch: FetchPort;
  readonly env: Env;
  readonly now: () => number;
  readonly logger: Logger;
}

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a successful listing of this provider proves its key without another request: a built-in provider whose
 * listing is known to reject bad keys (`listingAuthenticates`), or OpenRouter, whose adapter also asks the key
 * endpoint `GET /api/v1/key` (documented at openrouter.ai/docs/api/api-reference/api-keys/get-current-key; the model
 * list itself is public). Only at the built-in's own origin: the same id pointed at a proxy proves nothing.
 *
 * @example
 * ```ts
 * knownVerification(facts, result); // "listing" for OpenAI at https://api.openai.com/v1
 * ```
 */
export function knownVerification(facts: Pick<ProviderFacts, "id" | "baseUrl" | "discovery">, result: DiscoveryResult): KeyVerification | null {
  const builtin = getBuiltinProvider(facts.id);
  if (!builtin || !result.authenticated) return null;
  const origin = originOf(facts.baseUrl);
  if (origin === null || origin !== originOf(builtin.baseUrl)) return null;
  if (builtin.listingAuthenticates === true && facts.discovery === builtin.discovery) return "listing";
  if (facts.discovery === "openrouter" && builtin.discovery === "openrouter") return "key_endpoint";
  return null;
}

/**
 * The negative control: does this base URL's listing reject a deliberately invalid key? Asked once per base URL and
 * cached in state.json (`keyControls`) for {@link KEY_CONTROL_TTL_MS}. `null` when the answer is inconclusive (the
 * server failed, timed out, or the base URL carries a query that might hold the real key): nothing is cached then.
 *
 * @example
 * ```ts
 * if (await listingRejectsInvalidKey(ctx, facts, { timeoutMs: 2000 })) console.log("a 200 with the real key proves it");
 * ```
 */
export async function listingRejectsInvalidKey(
  ctx: VerificationContext,
  facts: Pick<ProviderFacts, "baseUrl" | "discovery" | "headers">,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<boolean | null> {
  const baseUrl = facts.baseUrl;
  if (!baseUrl || facts.discovery === "none") return null;
  try {
    // A key in the query would ride along with the fake one: the control could not tell them apart.
    if (new URL(baseUrl).search !== "") return null;
  } catch {
    return null;
  }
  const key = displayUrl(baseUrl);
  const schema = KeyControlsSectionSchema.catch({});
  try {
    const cached = (await readSection(ctx.storage, STATE_JSON_KEY, "keyControls", schema, {}))[key];
    if (cached && ctx.now() - cached.at < KEY_CONTROL_TTL_MS) return cached.rejectsInvalidKey;
  } catch (error) {
    ctx.logger.debug("Could not read the key-control cache; asking the server.", { error: String(error) });
  }
  let rejects: boolean;
  try {
    await discoverModels(facts.discovery, {
      baseUrl,
      fetch: ctx.fetch,
      apiKey: INVALID_CONTROL_KEY,
      headers: facts.headers,
      timeoutMs: Math.max(1, Math.round(options.timeoutMs)),
      signal: options.signal,
      env: ctx.env,
    });
    rejects = false;
  } catch (error) {
    const kind = error instanceof ProviderCallError ? error.kind : "unknown";
    if (kind !== "auth_invalid" && kind !== "auth_expired") return null;
    rejects = true;
  }
  try {
    await updateSection(ctx.storage, STATE_JSON_KEY, "keyControls", schema, {}, (current) => ({ ...current, [key]: { at: ctx.now(), rejectsInvalidKey: rejects } }), {
      guard: STATE_SECTION_SCHEMAS,
    });
  } catch (error) {
    ctx.logger.warn("Could not cache the key-control result; the next check asks again.", { error: String(error) });
  }
  return rejects;
}
