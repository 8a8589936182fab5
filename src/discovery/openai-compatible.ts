import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { blankModel, modalities, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, lenientArray, price, tokenCount } from "./lenient-schema.js";

const HfProviderSchema = lazySchema(() =>
  z.object({
    provider: lenient(z.string()),
    status: lenient(z.string()),
    context_length: lenient(z.number()),
    supports_tools: lenient(z.boolean()),
    supports_structured_output: lenient(z.boolean()),
  }),
);

/**
 * One entry of an OpenAI-compatible `GET /v1/models` listing. Only `id` is required; the optional fields cover what
 * the backends that reuse this endpoint add: Mistral (`capabilities`, `max_context_length`, `aliases`), Groq
 * (`context_window`, `max_completion_tokens`, `active`), Together (`display_name`, `context_length`, `pricing`,
 * `type`), Hugging Face router (`architecture`, `providers[]`), vLLM and SGLang (`max_model_len`, `root`, `parent`).
 *
 * @example
 * ```ts
 * OpenAiModelSchema().parse({ id: "gpt-5", object: "model", owned_by: "system" });
 * ```
 */
export const OpenAiModelSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    created: lenient(z.number()),
    owned_by: lenient(z.string()),
    name: lenient(z.string()),
    display_name: lenient(z.string()),
    type: lenient(z.string()),
    context_window: lenient(z.number()),
    context_length: lenient(z.number()),
    max_context_length: lenient(z.number()),
    max_model_len: lenient(z.number()),
    max_completion_tokens: lenient(z.number()),
    active: lenient(z.boolean()),
    root: lenient(z.string()),
    parent: lenient(z.string()),
    aliases: lenient(z.array(z.string())),
    deprecation: lenient(z.string()),
    capabilities: lenient(
      z.object({
        completion_chat: lenient(z.boolean()),
        function_calling: lenient(z.boolean()),
        vision: lenient(z.boolean()),
      }),
    ),
    pricing: lenient(z.object({ input: lenient(z.number()), output: lenient(z.number()), cached_input: lenient(z.number()) })),
    architecture: lenient(
      z.object({ input_modalities: lenient(z.array(z.string())), output_modalities: lenient(z.array(z.string())) }),
    ),
    providers: lenientArray(HfProviderSchema()),
  }),
);

/**
 * The listing body: `{ data: [...] }`, or a bare array (Together AI).
 *
 * @example
 * ```ts
 * OpenAiModelListSchema().parse([{ id: "meta-llama/Llama-3.3-70B-Instruct-Turbo" }]);
 * ```
 */
export const OpenAiModelListSchema = lazySchema(() =>
  z.union([
    itemsOf(OpenAiModelSchema()).transform((data) => ({ data })),
    z.object({ data: itemsOf(OpenAiModelSchema()) }),
  ]),
);

type OpenAiModel = z.output<ReturnType<typeof OpenAiModelSchema>>;

const MISTRAL_TYPES = new Set(["base", "fine-tuned"]);

function anyLive(
  providers: ReadonlyArray<z.output<ReturnType<typeof HfProviderSchema>>>,
  pick: (p: z.output<ReturnType<typeof HfProviderSchema>>) => boolean | null | undefined,
): boolean | null {
  const live = providers.filter((p) => p.status === undefined || p.status === null || p.status === "live");
  const stated = live.map(pick).filter((v): v is boolean => typeof v === "boolean");
  if (stated.length === 0) return null;
  return stated.some(Boolean);
}

/**
 * Map one OpenAI-compatible listing entry to a discovered model; what the entry does not state stays `null`.
 *
 * @example
 * ```ts
 * mapOpenAiModel({ id: "llama-3.3-70b-versatile", context_window: 131072 }).contextWindow; // 131072
 * ```
 */
export function mapOpenAiModel(entry: OpenAiModel): FullDiscoveredModel {
  const model = blankModel(entry.id);
  const hf = entry.providers ?? [];
  const hfContext = hf.map((p) => tokenCount(p.context_length)).filter((n): n is number => n !== null);
  model.name = entry.display_name ?? entry.name ?? null;
  model.contextWindow =
    tokenCount(entry.context_window) ??
    tokenCount(entry.context_length) ??
    tokenCount(entry.max_context_length) ??
    tokenCount(entry.max_model_len) ??
    (hfContext.length > 0 ? Math.max(...hfContext) : null);
  model.maxOutputTokens = tokenCount(entry.max_completion_tokens);
  const caps = entry.capabilities;
  if (caps) {
    if (typeof caps.function_calling === "boolean") model.tools = caps.function_calling;
    if (typeof caps.vision === "boolean" && caps.completion_chat !== false) {
      model.input = caps.vision ? ["text", "image"] : ["text"];
    }
  }
  if (entry.architecture) {
    model.input = modalities(entry.architecture.input_modalities) ?? model.input;
    model.output = modalities(entry.architecture.output_modalities);
  }
  if (hf.length > 0) {
    model.tools = anyLive(hf, (p) => p.supports_tools);
    model.json = anyLive(hf, (p) => p.supports_structured_output);
  }
  if (entry.pricing) {
    const input = price(entry.pricing.input);
    const output = price(entry.pricing.output);
    if (input !== null || output !== null) {
      model.cost = { input, output, cacheRead: price(entry.pricing.cached_input), cacheWrite: null };
    }
  }
  const lora = entry.parent !== undefined && entry.parent !== null;
  return withExtra(model, {
    ownedBy: entry.owned_by,
    created: entry.created,
    // Together's `type` is a modality (chat, embedding, ...); Mistral's is base vs fine-tuned.
    modelType: entry.type && !MISTRAL_TYPES.has(entry.type) ? entry.type : undefined,
    fineTuned: entry.type && MISTRAL_TYPES.has(entry.type) ? entry.type === "fine-tuned" : undefined,
    active: entry.active,
    aliases: entry.aliases && entry.aliases.length > 0 ? entry.aliases : undefined,
    deprecation: entry.deprecation,
    root: entry.root,
    parent: entry.parent,
    lora: lora ? true : undefined,
    inferenceProviders: hf.length > 0 ? hf.map((p) => p.provider).filter(Boolean) : undefined,
  });
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|[^.]+\.local|[^.]+)$/i;

/**
 * Hosts whose model listing answers without a credential, so a successful listing proves nothing about a key.
 *
 * @example
 * ```ts
 * UNAUTHENTICATED_LISTING_HOSTS.has("openrouter.ai"); // true
 * ```
 */
export const UNAUTHENTICATED_LISTING_HOSTS: ReadonlySet<string> = new Set(["openrouter.ai", "router.huggingface.co"]);

/**
 * Whether a URL points at this machine or a private network (loopback, RFC 1918, `.local`, single-label hosts):
 * servers there usually run with auth off, and are what "local provider" means.
 *
 * @example
 * ```ts
 * isLocalNetworkUrl("http://192.168.1.20:11434"); // true
 * isLocalNetworkUrl("https://api.openai.com/v1"); // false
 * ```
 */
export function isLocalNetworkUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Whether an OpenAI-compatible listing at this URL, sent with a key, proves the key: hosted APIs reject bad keys on
 * `/models`; local and private servers often run with auth off, and some hosts list models for anyone.
 *
 * @example
 * ```ts
 * listingAuthenticates("https://api.openai.com/v1"); // true
 * listingAuthenticates("http://127.0.0.1:8000/v1"); // false
 * ```
 */
export function listingAuthenticates(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return false;
  }
  return !LOOPBACK.test(host) && !UNAUTHENTICATED_LISTING_HOSTS.has(host);
}

/**
 * List models from an OpenAI-compatible `GET <baseUrl>/models` (OpenAI, Groq, Cerebras, xAI, Mistral, Together,
 * Hugging Face router, Ollama `/v1`, vLLM, SGLang, LiteLLM, LM Studio `/v1`). `baseUrl` includes the version
 * segment, e.g. `https://api.openai.com/v1`.
 *
 * @example
 * ```ts
 * const { models } = await discoverOpenAiCompatible({ baseUrl: "http://127.0.0.1:8000/v1", fetch, timeoutMs: 3000 });
 * ```
 */
export async function discoverOpenAiCompatible(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const url = joinUrl(request.baseUrl, "models");
  const body = await fetchJson(request, url, OpenAiModelListSchema(), { headers: authHeaders("bearer", request.apiKey) });
  const models = body.data.map(mapOpenAiModel);
  const ownedBy = new Set(body.data.map((m) => m.owned_by));
  const flavor = ownedBy.has("vllm") ? "vllm" : ownedBy.has("sglang") ? "sglang" : "openai-compatible";
  return {
    models,
    flavor,
    authenticated: Boolean(request.apiKey?.reveal()) && listingAuthenticates(request.baseUrl),
    endpoint: displayUrl(url),
  };
}
