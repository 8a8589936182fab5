import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { blankModel, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { lenient, lenientArray, tokenCount } from "./lenient-schema.js";
import { listingAuthenticates } from "./openai-compatible.js";

/**
 * One model of Gemini's `GET /v1beta/models`. `name` is `models/<id>`.
 *
 * @example
 * ```ts
 * GeminiModelSchema().parse({ name: "models/gemini-2.5-flash", inputTokenLimit: 1048576 });
 * ```
 */
export const GeminiModelSchema = lazySchema(() =>
  z.object({
    name: z.string().min(1),
    displayName: lenient(z.string()),
    version: lenient(z.string()),
    inputTokenLimit: lenient(z.number()),
    outputTokenLimit: lenient(z.number()),
    supportedGenerationMethods: lenient(z.array(z.string())),
    thinking: lenient(z.boolean()),
  }),
);

const PageSchema = lazySchema(() =>
  z.object({
    models: lenientArray(GeminiModelSchema()).transform((m) => m ?? []),
    nextPageToken: lenient(z.string()),
  }),
);

/**
 * Map one Gemini model; the `models/` prefix is stripped from the id. `thinking` absent means unknown (`null`).
 *
 * @example
 * ```ts
 * mapGeminiModel({ name: "models/gemini-2.5-flash", thinking: true }).id; // "gemini-2.5-flash"
 * ```
 */
export function mapGeminiModel(entry: z.output<ReturnType<typeof GeminiModelSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.name.replace(/^models\//, ""));
  model.name = entry.displayName ?? null;
  model.contextWindow = tokenCount(entry.inputTokenLimit);
  model.maxOutputTokens = tokenCount(entry.outputTokenLimit);
  model.reasoning = entry.thinking ?? null;
  const methods = entry.supportedGenerationMethods;
  const modelType = methods
    ? methods.includes("generateContent")
      ? "chat"
      : methods.includes("embedContent")
        ? "embedding"
        : undefined
    : undefined;
  return withExtra(model, { version: entry.version, modelType, generationMethods: methods });
}

/**
 * List Gemini models, following `nextPageToken` with `pageToken`. The key goes in `x-goog-api-key`, never `?key=`.
 *
 * @example
 * ```ts
 * const { models } = await discoverGoogle({ baseUrl: "https://generativelanguage.googleapis.com", fetch, apiKey, timeoutMs: 5000 });
 * ```
 */
export async function discoverGoogle(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const base = request.baseUrl.replace(/\/+$/, "").replace(/\/v1(beta)?$/, "");
  const url = joinUrl(base, "v1beta/models");
  const models: FullDiscoveredModel[] = [];
  let pageToken: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < 100; page += 1) {
    const body = await fetchJson(request, url, PageSchema(), {
      headers: authHeaders("google", request.apiKey),
      searchParams: { pageSize: 1000, ...(pageToken ? { pageToken } : {}) },
    });
    models.push(...body.models.map(mapGeminiModel));
    if (!body.nextPageToken || seen.has(body.nextPageToken)) break;
    seen.add(body.nextPageToken);
    pageToken = body.nextPageToken;
  }
  return {
    models,
    flavor: "gemini",
    authenticated: Boolean(request.apiKey?.reveal()) && listingAuthenticates(base),
    endpoint: displayUrl(url),
  };
}
