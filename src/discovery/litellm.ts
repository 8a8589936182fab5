import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { blankModel, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, perMillion, tokenCount } from "./lenient-schema.js";
import { discoverOpenAiCompatible, listingAuthenticates } from "./openai-compatible.js";

/**
 * One deployment of LiteLLM's `GET /model/info`. Costs are USD per token; limits and costs are null/0 for models
 * missing from LiteLLM's cost map.
 *
 * @example
 * ```ts
 * LiteLlmModelInfoSchema().parse({ model_name: "gpt-4o", model_info: { max_input_tokens: 128000 } });
 * ```
 */
export const LiteLlmModelInfoSchema = lazySchema(() =>
  z.object({
    model_name: z.string().min(1),
    litellm_params: lenient(z.object({ model: lenient(z.string()) })),
    model_info: lenient(
      z.object({
        max_tokens: lenient(z.number()),
        max_input_tokens: lenient(z.number()),
        max_output_tokens: lenient(z.number()),
        input_cost_per_token: lenient(z.number()),
        output_cost_per_token: lenient(z.number()),
        cache_read_input_token_cost: lenient(z.number()),
        cache_creation_input_token_cost: lenient(z.number()),
        litellm_provider: lenient(z.string()),
        mode: lenient(z.string()),
        supports_function_calling: lenient(z.boolean()),
        supports_vision: lenient(z.boolean()),
        supports_pdf_input: lenient(z.boolean()),
        supports_response_schema: lenient(z.boolean()),
        supports_reasoning: lenient(z.boolean()),
      }),
    ),
  }),
);

const InfoSchema = lazySchema(() => z.object({ data: itemsOf(LiteLlmModelInfoSchema()) }));

/**
 * Map one LiteLLM deployment. When LiteLLM's cost map lacks the model, every limit is null and the costs are
 * placeholder zeros: the costs are then reported as unknown (`null`), not as free.
 *
 * @example
 * ```ts
 * mapLiteLlmModel({ model_name: "gpt-4o", model_info: { input_cost_per_token: 2.5e-6, max_input_tokens: 128000 } }).cost?.input; // 2.5
 * ```
 */
export function mapLiteLlmModel(entry: z.output<ReturnType<typeof LiteLlmModelInfoSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.model_name);
  const info = entry.model_info;
  if (info) {
    model.contextWindow = tokenCount(info.max_input_tokens);
    model.maxOutputTokens = tokenCount(info.max_output_tokens) ?? tokenCount(info.max_tokens);
    model.tools = info.supports_function_calling ?? null;
    model.json = info.supports_response_schema ?? null;
    model.reasoning = info.supports_reasoning ?? null;
    if (typeof info.supports_vision === "boolean" || typeof info.supports_pdf_input === "boolean") {
      model.input = ["text", ...(info.supports_vision ? ["image"] : []), ...(info.supports_pdf_input ? ["pdf"] : [])];
    }
    const inCostMap =
      tokenCount(info.max_input_tokens) !== null || tokenCount(info.max_output_tokens) !== null || tokenCount(info.max_tokens) !== null;
    const input = perMillion(info.input_cost_per_token);
    const output = perMillion(info.output_cost_per_token);
    if (inCostMap && (input !== null || output !== null)) {
      model.cost = {
        input,
        output,
        cacheRead: perMillion(info.cache_read_input_token_cost),
        cacheWrite: perMillion(info.cache_creation_input_token_cost),
      };
    }
  }
  return withExtra(model, {
    modelType: info?.mode,
    upstreamModel: entry.litellm_params?.model,
    litellmProvider: info?.litellm_provider,
  });
}

/**
 * List a LiteLLM proxy's models from `GET /model/info` (limits, prices, capabilities per deployment), falling back
 * to `GET /v1/models` (names only) when `/model/info` is not available to this key. Sends the key as a Bearer token.
 *
 * @example
 * ```ts
 * const { models } = await discoverLiteLlm({ baseUrl: "http://127.0.0.1:4000", fetch, apiKey, timeoutMs: 3000 });
 * ```
 */
export async function discoverLiteLlm(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const root = request.baseUrl.trim().replace(/\/+$/, "").replace(/\/v1$/, "");
  const url = joinUrl(root, "model/info");
  const authenticated = Boolean(request.apiKey?.reveal()) && listingAuthenticates(root);
  try {
    const body = await fetchJson(request, url, InfoSchema(), { headers: authHeaders("bearer", request.apiKey) });
    return { models: body.data.map(mapLiteLlmModel), flavor: "litellm", authenticated, endpoint: displayUrl(url) };
  } catch (error) {
    if (!(error instanceof ProviderCallError) || (error.code !== "endpoint_not_found" && error.code !== "invalid_response")) throw error;
  }
  const result = await discoverOpenAiCompatible({ ...request, baseUrl: joinUrl(root, "v1") });
  return { ...result, flavor: "litellm", authenticated };
}
