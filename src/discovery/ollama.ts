import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { blankModel, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, tokenCount } from "./lenient-schema.js";
import { normalizeOllamaBaseUrl } from "./ollama-host.js";
import { ProviderCallError } from "../errors/provider-call-error.js";

const DetailsSchema = lazySchema(() =>
  z.object({
    family: lenient(z.string()),
    format: lenient(z.string()),
    parameter_size: lenient(z.string()),
    quantization_level: lenient(z.string()),
    context_length: lenient(z.number()),
  }),
);

/**
 * One entry of Ollama's `GET /api/tags`. Since v0.30 entries carry `capabilities` and `details.context_length`;
 * older servers need `/api/show` per model for those.
 *
 * @example
 * ```ts
 * OllamaTagSchema().parse({ name: "qwen3:8b", model: "qwen3:8b" });
 * ```
 */
export const OllamaTagSchema = lazySchema(() =>
  z
    .object({
      name: lenient(z.string()),
      model: lenient(z.string()),
      size: lenient(z.number()),
      details: lenient(DetailsSchema()),
      capabilities: lenient(z.array(z.string())),
    })
    .refine((t) => Boolean(t.model ?? t.name), "a tag needs a model or name"),
);

const TagsSchema = lazySchema(() => z.object({ models: itemsOf(OllamaTagSchema()) }));

/**
 * Ollama's `POST /api/show` response: capabilities (since v0.6.4) and `model_info` holding
 * `<general.architecture>.context_length`.
 *
 * @example
 * ```ts
 * OllamaShowSchema().parse({ capabilities: ["completion", "tools"], model_info: { "general.architecture": "qwen3" } });
 * ```
 */
export const OllamaShowSchema = lazySchema(() =>
  z.object({
    details: lenient(DetailsSchema()),
    model_info: lenient(z.record(z.string(), z.unknown())),
    capabilities: lenient(z.array(z.string())),
  }),
);

type Tag = z.output<ReturnType<typeof OllamaTagSchema>>;
type Show = z.output<ReturnType<typeof OllamaShowSchema>>;

/**
 * How many `/api/show` calls run at once: enough to be quick, few enough not to stall a laptop loading models.
 *
 * @example
 * ```ts
 * OLLAMA_SHOW_CONCURRENCY; // 4
 * ```
 */
export const OLLAMA_SHOW_CONCURRENCY = 4;

/**
 * Map an Ollama model from its tag entry and, when fetched, its `/api/show` answer. Capabilities absent (old
 * servers) leave tools, vision and thinking `null` — unknown, not unsupported.
 *
 * @example
 * ```ts
 * mapOllamaModel({ model: "qwen3:8b", capabilities: ["completion", "tools", "thinking"] }, null).tools; // true
 * ```
 */
export function mapOllamaModel(tag: Tag, show: Show | null): FullDiscoveredModel {
  const id = (tag.model ?? tag.name) as string;
  const model = blankModel(id);
  const details = tag.details ?? show?.details;
  model.family = details?.family ?? null;
  const arch = show?.model_info?.["general.architecture"];
  const showContext = typeof arch === "string" ? tokenCount(show?.model_info?.[`${arch}.context_length`]) : null;
  model.contextWindow = tokenCount(tag.details?.context_length) ?? showContext;
  const caps = tag.capabilities ?? show?.capabilities ?? null;
  let modelType: string | undefined;
  if (caps) {
    model.tools = caps.includes("tools");
    model.reasoning = caps.includes("thinking");
    model.input = caps.includes("vision") ? ["text", "image"] : ["text"];
    modelType = caps.includes("embedding") && !caps.includes("completion") ? "embedding" : "chat";
  }
  return withExtra(model, {
    modelType,
    parameterSize: details?.parameter_size,
    quantization: details?.quantization_level,
    format: details?.format,
    sizeBytes: tag.size,
  });
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * List Ollama models through the native API: `GET /api/tags`, then `POST /api/show` for each model the tag entry
 * does not fully describe (servers before v0.30), at most {@link OLLAMA_SHOW_CONCURRENCY} at a time. A failing
 * `/api/show` leaves that model's capabilities unknown instead of failing the listing. The base URL is normalised
 * (`/v1` stripped). Ollama does not authenticate local listings, so the result is never `authenticated`.
 *
 * @example
 * ```ts
 * const { models } = await discoverOllama({ baseUrl: "http://127.0.0.1:11434/v1", fetch, timeoutMs: 3000 });
 * ```
 */
export async function discoverOllama(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const base = normalizeOllamaBaseUrl(request.baseUrl);
  const headers = authHeaders("bearer", request.apiKey);
  const url = joinUrl(base, "api/tags");
  const tags = await fetchJson(request, url, TagsSchema(), { headers });
  const models = await mapLimited(tags.models, OLLAMA_SHOW_CONCURRENCY, async (tag) => {
    const complete = tag.capabilities !== undefined && tag.capabilities !== null && tokenCount(tag.details?.context_length) !== null;
    if (complete) return mapOllamaModel(tag, null);
    try {
      const show = await fetchJson(request, joinUrl(base, "api/show"), OllamaShowSchema(), {
        method: "post",
        headers,
        json: { model: tag.model ?? tag.name },
      });
      return mapOllamaModel(tag, show);
    } catch (error) {
      if (error instanceof ProviderCallError && (error.kind === "aborted" || error.kind === "timeout")) throw error;
      return mapOllamaModel(tag, null);
    }
  });
  return { models, flavor: "ollama-native", authenticated: false, endpoint: displayUrl(url) };
}
