/**
 * `local.test()`: a reachability and auth diagnosis of one local server for a setup screen — whether it answers,
 * whether it wants a key, which protocol and version answered, and the one next step. Apart from the models.json
 * edits of `local.*` because it only reads and probes; the probe it makes is stored like a check's.
 */
import * as z from "zod";
import type { SecretRef } from "../config/secret-ref.js";
import { discoverModels } from "../discovery/discover-models.js";
import { fetchJson, joinUrl } from "../discovery/discovery-http.js";
import { lmStudioRoot } from "../discovery/lmstudio.js";
import { normalizeOllamaBaseUrl } from "../discovery/ollama-host.js";
import { probeProvider } from "./probe-provider.js";
import { recoveryForFailure } from "./recovery-for-kind.js";
import { shownUrl } from "./shown-url.js";
import type { StatusServiceDeps } from "./status-deps.js";
import type { StatusService } from "./status-service.js";
import type { ProviderFacts } from "./status-snapshot.js";

/**
 * Result of `local.test()`.
 *
 * @example
 * ```ts
 * const t = await registry.local.test("ollama");
 * if (!t.reachable) console.log(t.message, t.recovery);
 * ```
 */
export interface LocalTestResult {
  providerId: string;
  baseUrl: string | null;
  /** The server answered HTTP (even with an error status). */
  reachable: boolean;
  /** Time of the listing call, in milliseconds; `null` when nothing was sent. */
  latencyMs: number | null;
  /**
   * `ok`: a key was sent and the server rejects requests without it; `rejected`: the server rejected our key;
   * `required`: no key was sent and the server wants one; `not_required`: the server answers without a key.
   */
  auth: "ok" | "rejected" | "required" | "not_required" | "unknown";
  modelCount: number | null;
  /** The server's own version when it tells (Ollama `GET /api/version`), else `null`. */
  serverVersion: string | null;
  /** The protocol that answered: `ollama-native`, `lmstudio-v1`, `lmstudio-v0`, `vllm`, `sglang`, `litellm`, `openai-compatible`, ... */
  flavor: string | null;
  errorKind: string | null;
  message: string | null;
  recovery: string | null;
}

const OllamaVersionSchema = z.object({ version: z.string() });

/** What to do when the server wants a key and none was sent: name the unset variable models.json references. */
function missingKeyRecovery(id: string, apiKey: SecretRef | undefined): string {
  return apiKey?.kind === "env" && apiKey.key === null
    ? `The server wants a key and ${apiKey.name} (the apiKey in models.json) is not set: set it in the environment this app is started with, then test again.`
    : `The server wants a key: add one with local.update("${id}", { apiKey: "\${MY_KEY}" }) and set that variable.`;
}

/**
 * Test one local provider: probe its listing (stored, and statuses recomputed), then tell the key requirement apart
 * with a second, keyless listing when a key was sent and accepted, recognise Ollama behind an OpenAI-compatible URL,
 * and read Ollama's version.
 *
 * @example
 * ```ts
 * const t = await testLocalProvider(ctx, service, facts);
 * if (t.auth === "required") console.log(t.recovery);
 * ```
 */
export async function testLocalProvider(ctx: StatusServiceDeps, service: Pick<StatusService, "persist" | "refreshAfterChange">, facts: ProviderFacts): Promise<LocalTestResult> {
  const outcome = await probeProvider(ctx, facts);
  if (!outcome.record) {
    return {
      providerId: facts.id,
      baseUrl: facts.baseUrl === null ? null : shownUrl(facts.baseUrl),
      reachable: false,
      latencyMs: null,
      auth: "unknown",
      modelCount: null,
      flavor: null,
      serverVersion: null,
      errorKind: null,
      message: outcome.skipped,
      recovery: "Set a base URL for this provider, then test again.",
    };
  }
  await service.persist([outcome]);
  service.refreshAfterChange();
  const r = outcome.record;
  const sentKey = Boolean(facts.credential?.secret?.reveal());
  let auth: LocalTestResult["auth"] = "unknown";
  if (r.outcome === "error" && (r.errorKind === "auth_invalid" || r.errorKind === "auth_expired")) auth = sentKey ? "rejected" : "required";
  else if (r.outcome === "ok" && !sentKey) auth = "not_required";
  else if (r.outcome === "ok" && sentKey) {
    const bare = await probeProvider(ctx, facts, { omitKey: true });
    const kind = bare.record?.errorKind;
    auth = bare.record?.outcome === "ok" ? "not_required" : kind === "auth_invalid" || kind === "auth_expired" ? "ok" : "unknown";
  }
  let flavor = r.flavor;
  let recovery: string | null = null;
  if (r.outcome === "ok" && flavor === "openai-compatible" && facts.baseUrl) {
    const root = lmStudioRoot(facts.baseUrl);
    try {
      await discoverModels("ollama", { baseUrl: root, fetch: ctx.fetch, timeoutMs: ctx.timeoutMs });
      flavor = "ollama-openai-compatible";
      recovery = `This is Ollama's OpenAI-compatible path; use the native API instead: local.update("${facts.id}", { baseUrl: "${normalizeOllamaBaseUrl(facts.baseUrl)}", api: "ollama" }).`;
    } catch {
      // Not Ollama: the plain OpenAI-compatible flavour stands.
    }
  }
  let serverVersion: string | null = null;
  if (r.outcome === "ok" && flavor?.startsWith("ollama") && facts.baseUrl) {
    try {
      const body = await fetchJson(
        { baseUrl: facts.baseUrl, fetch: ctx.fetch, timeoutMs: ctx.timeoutMs, signal: AbortSignal.timeout(ctx.timeoutMs) },
        joinUrl(normalizeOllamaBaseUrl(facts.baseUrl), "api/version"),
        OllamaVersionSchema,
      );
      serverVersion = body.version;
    } catch {
      // Older or proxied servers may not expose it; the version stays unknown.
    }
  }
  const reachable = r.outcome === "ok" || !(r.errorKind === "network" || r.errorKind === "timeout" || r.errorKind === "aborted");
  if (r.outcome === "error") {
    // Only the key advice is local.test's own (it knows which key was sent); every other failure takes the
    // shared code-then-kind table, so a refused redirect says what status says.
    recovery =
      auth === "rejected"
        ? "The server rejected the key: set the right key (or none) with local.update()."
        : auth === "required"
          ? missingKeyRecovery(facts.id, facts.config?.apiKey)
          : recoveryForFailure({ kind: r.errorKind, code: r.errorCode }, { baseUrl: facts.baseUrl, local: true });
  } else if ((r.modelCount ?? 0) === 0) {
    recovery = "The server lists no models: pull or load a model, then fetch models.";
  }
  return {
    providerId: facts.id,
    baseUrl: facts.baseUrl === null ? null : shownUrl(facts.baseUrl),
    reachable,
    latencyMs: r.durationMs,
    auth,
    modelCount: r.modelCount,
    flavor,
    serverVersion,
    errorKind: r.errorKind,
    message: r.message,
    recovery,
  };
}
