import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { blankModel, modalities, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, perMillion, tokenCount } from "./lenient-schema.js";

/**
 * One model of OpenRouter's `GET /api/v1/models`. Prices are decimal strings in USD per token.
 *
 * @example
 * ```ts
 * OpenRouterModelSchema().parse({ id: "openai/gpt-5", pricing: { prompt: "0.00000125", completion: "0.00001" } });
 * ```
 */
export const OpenRouterModelSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    canonical_slug: lenient(z.string()),
    hugging_face_id: lenient(z.string()),
    name: lenient(z.string()),
    context_length: lenient(z.number()),
    architecture: lenient(
      z.object({ input_modalities: lenient(z.array(z.string())), output_modalities: lenient(z.array(z.string())) }),
    ),
    pricing: lenient(
      z.object({
        prompt: lenient(z.union([z.string(), z.number()])),
        completion: lenient(z.union([z.string(), z.number()])),
        input_cache_read: lenient(z.union([z.string(), z.number()])),
        input_cache_write: lenient(z.union([z.string(), z.number()])),
      }),
    ),
    top_provider: lenient(z.object({ context_length: lenient(z.number()), max_completion_tokens: lenient(z.number()) })),
    supported_parameters: lenient(z.array(z.string())),
    knowledge_cutoff: lenient(z.string()),
  }),
);

const ListSchema = lazySchema(() => z.object({ data: itemsOf(OpenRouterModelSchema()) }));
const KeySchema = lazySchema(() => z.object({ data: lenient(z.object({ label: lenient(z.string()) })) }));

/**
 * Map one OpenRouter model: capabilities from `supported_parameters` (tools ⇔ `tools`/`tool_choice`, reasoning ⇔
 * `reasoning`/`include_reasoning`, JSON ⇔ `structured_outputs`), prices × 1e6, context from `top_provider` first.
 *
 * @example
 * ```ts
 * mapOpenRouterModel({ id: "x/y", pricing: { prompt: "0.000003" } }).cost?.input; // 3
 * ```
 */
export function mapOpenRouterModel(entry: z.output<ReturnType<typeof OpenRouterModelSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.id);
  model.name = entry.name ?? null;
  model.contextWindow = tokenCount(entry.top_provider?.context_length) ?? tokenCount(entry.context_length);
  model.maxOutputTokens = tokenCount(entry.top_provider?.max_completion_tokens);
  model.input = modalities(entry.architecture?.input_modalities);
  model.output = modalities(entry.architecture?.output_modalities);
  const params = entry.supported_parameters;
  if (params) {
    model.tools = params.includes("tools") || params.includes("tool_choice");
    model.reasoning = params.includes("reasoning") || params.includes("include_reasoning");
    model.json = params.includes("structured_outputs");
  }
  if (entry.pricing) {
    const cost = {
      input: perMillion(entry.pricing.prompt),
      output: perMillion(entry.pricing.completion),
      cacheRead: perMillion(entry.pricing.input_cache_read),
      cacheWrite: perMillion(entry.pricing.input_cache_write),
    };
    if (cost.input !== null || cost.output !== null) model.cost = cost;
  }
  model.knowledge = entry.knowledge_cutoff ?? null;
  model.openWeights = entry.hugging_face_id ? true : null;
  return withExtra(model, { canonicalSlug: entry.canonical_slug, huggingFaceId: entry.hugging_face_id || undefined });
}

/**
 * List OpenRouter models. The listing needs no key, so it proves nothing about one: when a key is given, the key
 * endpoint `GET /api/v1/key` is asked as well (in parallel), and only its success makes the result `authenticated`;
 * its 401 fails the discovery with `auth_invalid`.
 *
 * @example
 * ```ts
 * const { models, authenticated } = await discoverOpenRouter({ baseUrl: "https://openrouter.ai/api/v1", fetch, apiKey, timeoutMs: 5000 });
 * ```
 */
export async function discoverOpenRouter(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const url = joinUrl(request.baseUrl, "models");
  const hasKey = Boolean(request.apiKey?.reveal());
  const headers = authHeaders("bearer", request.apiKey);
  const [body] = await Promise.all([
    fetchJson(request, url, ListSchema(), { headers }),
    hasKey ? fetchJson(request, joinUrl(request.baseUrl, "key"), KeySchema(), { headers }) : Promise.resolve(null),
  ]);
  return { models: body.data.map(mapOpenRouterModel), flavor: "openrouter", authenticated: hasKey, endpoint: displayUrl(url) };
}
