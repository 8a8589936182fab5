import * as z from "zod";
import type { Secret } from "../schema/secret.js";
import { authHeaders, fetchJson, joinUrl } from "../discovery/discovery-http.js";
import { normalizeOllamaBaseUrl } from "../discovery/ollama-host.js";
import type { DiscoveryRequest } from "../discovery/discovery-types.js";
import type { ApiKind } from "../schema/api-kind.js";
import { monotonicNow } from "./monotonic-now.js";

/** Any JSON object: a live probe only needs the call to succeed, not its answer. */
const AnyObjectSchema = z.looseObject({});

/** The one word every live probe sends. */
const PROMPT = "ping";

/**
 * One live one-token request: where it goes and what it carries. `null` when the api kind has no live probe here.
 *
 * @example
 * ```ts
 * liveProbeRequest("openai-completions", "https://api.example.com/v1", "m", key)?.url; // "https://api.example.com/v1/chat/completions"
 * ```
 */
export function liveProbeRequest(
  api: ApiKind | string,
  baseUrl: string,
  model: string,
  key: Secret,
): { url: string; json: unknown; headers: Record<string, string> } | null {
  const base = baseUrl.replace(/\/+$/, "");
  switch (api) {
    case "openai-completions":
    case "openai-responses":
      // Chat Completions is served wherever Responses is (OpenAI), and by every OpenAI-compatible server.
      return {
        url: joinUrl(base, "chat/completions"),
        json: { model, messages: [{ role: "user", content: PROMPT }], max_tokens: 1 },
        headers: authHeaders("bearer", key),
      };
    case "anthropic-messages":
      return {
        url: joinUrl(base, /\/v1$/.test(base) ? "messages" : "v1/messages"),
        json: { model, max_tokens: 1, messages: [{ role: "user", content: PROMPT }] },
        headers: { ...authHeaders("anthropic", key), "anthropic-version": "2023-06-01" },
      };
    case "google-generative-ai":
      return {
        url: joinUrl(/\/v1(beta)?$/.test(base) ? base : `${base}/v1beta`, `models/${encodeURIComponent(model.replace(/^models\//, ""))}:generateContent`),
        json: { contents: [{ role: "user", parts: [{ text: PROMPT }] }], generationConfig: { maxOutputTokens: 1 } },
        headers: authHeaders("google", key),
      };
    case "ollama":
      return {
        url: joinUrl(normalizeOllamaBaseUrl(base), "api/chat"),
        json: { model, messages: [{ role: "user", content: PROMPT }], stream: false, options: { num_predict: 1 } },
        headers: authHeaders("bearer", key),
      };
    default:
      return null;
  }
}

/**
 * Send the one-token request that proves a key where a listing cannot (a listing that answers any key), and time
 * it: `latencyMs` until the whole answer is read, `timeToFirstTokenMs` until its headers arrived — the request is not
 * streamed and asks for one token, so the server sends its headers once that token exists. Throws the
 * {@link fetchJson} `ProviderCallError` on failure: `auth_invalid` for a rejected key, `network`, `timeout`, ...
 *
 * @example
 * ```ts
 * const request = liveProbeRequest("openai-completions", baseUrl, "gpt-5", key);
 * if (request) console.log(await sendLiveProbe({ baseUrl, fetch, apiKey: key, timeoutMs: 5000 }, request));
 * ```
 */
export async function sendLiveProbe(
  transport: DiscoveryRequest,
  request: NonNullable<ReturnType<typeof liveProbeRequest>>,
): Promise<{ latencyMs: number; timeToFirstTokenMs: number }> {
  const started = monotonicNow();
  let headersAt: number | null = null;
  await fetchJson(transport, request.url, AnyObjectSchema, {
    method: "post",
    json: request.json,
    headers: request.headers,
    onHeaders: () => (headersAt = monotonicNow()),
  });
  const ended = monotonicNow();
  return { latencyMs: Math.round(ended - started), timeToFirstTokenMs: Math.round((headersAt ?? ended) - started) };
}
