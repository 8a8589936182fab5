import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { blankModel, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, lenientArray, tokenCount } from "./lenient-schema.js";
import { discoverOpenAiCompatible } from "./openai-compatible.js";

/**
 * One model of LM Studio's `GET /api/v1/models` (LM Studio ≥ 0.4.0). `max_context_length` is what the model
 * supports; `loaded_instances[].config.context_length` is what a loaded copy was started with.
 *
 * @example
 * ```ts
 * LmStudioV1ModelSchema().parse({ key: "qwen/qwen3-8b", max_context_length: 40960, loaded_instances: [] });
 * ```
 */
export const LmStudioV1ModelSchema = lazySchema(() =>
  z.object({
    key: z.string().min(1),
    type: lenient(z.string()),
    publisher: lenient(z.string()),
    display_name: lenient(z.string()),
    architecture: lenient(z.string()),
    quantization: lenient(z.object({ name: lenient(z.string()) })),
    format: lenient(z.string()),
    max_context_length: lenient(z.number()),
    loaded_instances: lenientArray(z.object({ config: lenient(z.object({ context_length: lenient(z.number()) })) })),
    capabilities: lenient(
      z.object({
        vision: lenient(z.boolean()),
        trained_for_tool_use: lenient(z.boolean()),
        reasoning: lenient(z.object({ allowed_options: lenient(z.array(z.string())), default: lenient(z.string()) })),
      }),
    ),
  }),
);

/**
 * One model of LM Studio's `GET /api/v0/models` (LM Studio ≥ 0.3.6; `capabilities` since 0.3.16).
 *
 * @example
 * ```ts
 * LmStudioV0ModelSchema().parse({ id: "qwen3-8b", type: "llm", state: "loaded", max_context_length: 40960 });
 * ```
 */
export const LmStudioV0ModelSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    type: lenient(z.string()),
    publisher: lenient(z.string()),
    arch: lenient(z.string()),
    compatibility_type: lenient(z.string()),
    quantization: lenient(z.string()),
    state: lenient(z.string()),
    max_context_length: lenient(z.number()),
    capabilities: lenient(z.array(z.string())),
  }),
);

const V1ListSchema = lazySchema(() => z.object({ models: itemsOf(LmStudioV1ModelSchema()) }));
const V0ListSchema = lazySchema(() => z.object({ data: itemsOf(LmStudioV0ModelSchema()) }));

function modelType(type: string | null | undefined): string | undefined {
  if (!type) return undefined;
  if (type === "llm" || type === "vlm") return "chat";
  if (type === "embedding" || type === "embeddings") return "embedding";
  return type;
}

/**
 * Map an LM Studio v1 model. Max and loaded context stay apart: `contextWindow` is what a request can use — the
 * loaded instance's context when a copy is loaded (LM Studio rejects longer prompts), else the maximum, since LM
 * Studio loads an unloaded model on first use — and `maxContextWindow` is the model's maximum. Unloaded models are
 * kept.
 *
 * @example
 * ```ts
 * mapLmStudioV1Model({ key: "qwen/qwen3-8b", max_context_length: 40960, loaded_instances: [] }).extra?.loaded; // false
 * mapLmStudioV1Model({ key: "qwen/qwen3-8b", max_context_length: 40960,
 *   loaded_instances: [{ config: { context_length: 8192 } }] }).contextWindow; // 8192 (maxContextWindow: 40960)
 * ```
 */
export function mapLmStudioV1Model(entry: z.output<ReturnType<typeof LmStudioV1ModelSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.key);
  model.name = entry.display_name ?? null;
  model.family = entry.architecture ?? null;
  const caps = entry.capabilities;
  if (caps) {
    if (typeof caps.vision === "boolean") model.input = caps.vision ? ["text", "image"] : ["text"];
    if (typeof caps.trained_for_tool_use === "boolean") model.tools = caps.trained_for_tool_use;
    if (caps.reasoning) model.reasoning = true;
  }
  const instances = entry.loaded_instances ?? [];
  const loadedContext = instances.map((i) => tokenCount(i.config?.context_length)).find((n) => n !== null) ?? null;
  const maxContext = tokenCount(entry.max_context_length);
  model.contextWindow = loadedContext ?? maxContext;
  model.maxContextWindow = maxContext;
  return withExtra(model, {
    modelType: modelType(entry.type),
    publisher: entry.publisher,
    quantization: entry.quantization?.name,
    format: entry.format,
    loaded: entry.loaded_instances ? instances.length > 0 : undefined,
    maxContextLength: tokenCount(entry.max_context_length),
    loadedContextLength: loadedContext,
    reasoningOptions: caps?.reasoning?.allowed_options,
    reasoningDefault: caps?.reasoning?.default,
  });
}

/**
 * Map an LM Studio v0 model. `type: "vlm"` means image input; `capabilities` (0.3.16+) lists `tool_use`.
 *
 * @example
 * ```ts
 * mapLmStudioV0Model({ id: "qwen3-8b", type: "llm", state: "loaded", capabilities: ["tool_use"] }).tools; // true
 * ```
 */
export function mapLmStudioV0Model(entry: z.output<ReturnType<typeof LmStudioV0ModelSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.id);
  model.family = entry.arch ?? null;
  // v0 does not say which context a loaded copy uses: the maximum is all that is known.
  model.contextWindow = tokenCount(entry.max_context_length);
  model.maxContextWindow = model.contextWindow;
  if (entry.type === "vlm") model.input = ["text", "image"];
  else if (entry.type === "llm") model.input = ["text"];
  if (entry.capabilities) model.tools = entry.capabilities.includes("tool_use");
  return withExtra(model, {
    modelType: modelType(entry.type),
    publisher: entry.publisher,
    quantization: entry.quantization,
    format: entry.compatibility_type,
    loaded: entry.state ? entry.state === "loaded" : undefined,
    maxContextLength: tokenCount(entry.max_context_length),
  });
}

/**
 * The LM Studio native root for a configured base URL (`http://127.0.0.1:1234/v1` → `http://127.0.0.1:1234`).
 *
 * @example
 * ```ts
 * lmStudioRoot("http://127.0.0.1:1234/v1"); // "http://127.0.0.1:1234"
 * ```
 */
export function lmStudioRoot(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, "").replace(/\/(api\/)?v[01]$/, "");
}

function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ProviderCallError && (error.code === "endpoint_not_found" || error.code === "invalid_response");
}

/**
 * List LM Studio models: `GET /api/v1/models` (≥ 0.4.0), else `GET /api/v0/models` (≥ 0.3.6), else the
 * OpenAI-compatible `GET /v1/models` (loaded models only, no context lengths). The flavour says which answered.
 * Auth is optional in LM Studio, so a listing never proves a token.
 *
 * @example
 * ```ts
 * const { models, flavor } = await discoverLmStudio({ baseUrl: "http://127.0.0.1:1234/v1", fetch, timeoutMs: 3000 });
 * ```
 */
export async function discoverLmStudio(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const root = lmStudioRoot(request.baseUrl);
  const headers = authHeaders("bearer", request.apiKey);
  const v1 = joinUrl(root, "api/v1/models");
  try {
    const body = await fetchJson(request, v1, V1ListSchema(), { headers });
    return { models: body.models.map(mapLmStudioV1Model), flavor: "lmstudio-v1", authenticated: false, endpoint: displayUrl(v1) };
  } catch (error) {
    if (!isMissingEndpoint(error)) throw error;
  }
  const v0 = joinUrl(root, "api/v0/models");
  try {
    const body = await fetchJson(request, v0, V0ListSchema(), { headers });
    return { models: body.data.map(mapLmStudioV0Model), flavor: "lmstudio-v0", authenticated: false, endpoint: displayUrl(v0) };
  } catch (error) {
    if (!isMissingEndpoint(error)) throw error;
  }
  const result = await discoverOpenAiCompatible({ ...request, baseUrl: joinUrl(root, "v1") });
  return { ...result, authenticated: false };
}
