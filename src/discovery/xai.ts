import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { blankModel, modalities, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, tokenCount } from "./lenient-schema.js";
import { discoverOpenAiCompatible, listingAuthenticates } from "./openai-compatible.js";
import { ProviderCallError } from "../errors/provider-call-error.js";

/**
 * One entry of xAI's `GET /v1/language-models`. Prices are integers in USD cents per 100 million tokens.
 *
 * @example
 * ```ts
 * XaiLanguageModelSchema().parse({ id: "grok-4-0709", prompt_text_token_price: 30000 });
 * ```
 */
export const XaiLanguageModelSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    created: lenient(z.number()),
    owned_by: lenient(z.string()),
    version: lenient(z.string()),
    input_modalities: lenient(z.array(z.string())),
    output_modalities: lenient(z.array(z.string())),
    prompt_text_token_price: lenient(z.number()),
    cached_prompt_text_token_price: lenient(z.number()),
    completion_text_token_price: lenient(z.number()),
    max_prompt_length: lenient(z.number()),
    aliases: lenient(z.array(z.string())),
  }),
);

const XaiListSchema = lazySchema(() => z.object({ models: itemsOf(XaiLanguageModelSchema()) }));

function centsPer100M(value: number | null | undefined): number | null {
  // cents per 100M tokens → USD per 1M tokens: / 100 (cents) / 100 (100M → 1M).
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Number((value / 10_000).toPrecision(10)) : null;
}

/**
 * Map one xAI language-model entry.
 *
 * @example
 * ```ts
 * mapXaiLanguageModel({ id: "grok-3-mini", prompt_text_token_price: 3000 }).cost?.input; // 0.3
 * ```
 */
export function mapXaiLanguageModel(entry: z.output<ReturnType<typeof XaiLanguageModelSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.id);
  model.input = modalities(entry.input_modalities);
  model.output = modalities(entry.output_modalities);
  model.contextWindow = tokenCount(entry.max_prompt_length);
  const input = centsPer100M(entry.prompt_text_token_price);
  const output = centsPer100M(entry.completion_text_token_price);
  if (input !== null || output !== null) {
    model.cost = { input, output, cacheRead: centsPer100M(entry.cached_prompt_text_token_price), cacheWrite: null };
  }
  return withExtra(model, {
    ownedBy: entry.owned_by,
    created: entry.created,
    version: entry.version,
    aliases: entry.aliases && entry.aliases.length > 0 ? entry.aliases : undefined,
  });
}

/**
 * List xAI models from the rich `GET /v1/language-models` (modalities, prices, aliases), falling back to the
 * minimal OpenAI-compatible `GET /v1/models` when the rich endpoint is absent (e.g. a proxy).
 *
 * @example
 * ```ts
 * const { models } = await discoverXai({ baseUrl: "https://api.x.ai/v1", fetch, apiKey, timeoutMs: 5000 });
 * ```
 */
export async function discoverXai(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const url = joinUrl(request.baseUrl, "language-models");
  try {
    const body = await fetchJson(request, url, XaiListSchema(), { headers: authHeaders("bearer", request.apiKey) });
    return {
      models: body.models.map(mapXaiLanguageModel),
      flavor: "xai-language-models",
      authenticated: Boolean(request.apiKey?.reveal()) && listingAuthenticates(request.baseUrl),
      endpoint: displayUrl(url),
    };
  } catch (error) {
    if (error instanceof ProviderCallError && error.code === "endpoint_not_found") return discoverOpenAiCompatible(request);
    throw error;
  }
}
