import { DISCOVERY_REQUEST_ARG } from "./discovery-types.js";
import { ARG, checkArgument } from "../errors/check-argument.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { capListing } from "../schema/discovered.js";
import type { DiscoveryKind } from "../schema/provider-definition.js";
import { discoverAnthropic } from "./anthropic.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { discoverGoogle } from "./google.js";
import { discoverLiteLlm } from "./litellm.js";
import { discoverLmStudio } from "./lmstudio.js";
import { discoverOllama } from "./ollama.js";
import { discoverOpenAiCompatible } from "./openai-compatible.js";
import { discoverOpenRouter } from "./openrouter.js";
import { discoverXai } from "./xai.js";

/**
 * The adapter for each discovery kind. OpenAI-compatible listings on `api.x.ai` use xAI's richer endpoint.
 *
 * @example
 * ```ts
 * const adapter = DISCOVERY_ADAPTERS.ollama;
 * ```
 */
export const DISCOVERY_ADAPTERS: Readonly<Record<Exclude<DiscoveryKind, "none">, (r: DiscoveryRequest) => Promise<DiscoveryResult>>> = {
  "openai-compatible": (request) => (isHost(request.baseUrl, "api.x.ai") ? discoverXai(request) : discoverOpenAiCompatible(request)),
  vllm: discoverOpenAiCompatible,
  anthropic: discoverAnthropic,
  google: discoverGoogle,
  openrouter: discoverOpenRouter,
  ollama: discoverOllama,
  lmstudio: discoverLmStudio,
  litellm: discoverLiteLlm,
};

function isHost(url: string, host: string): boolean {
  try {
    return new URL(url).hostname === host;
  } catch {
    return false;
  }
}

/**
 * List a provider's models with the adapter for `kind`, under one deadline of `request.timeoutMs` for the whole
 * listing (every page and per-model call), keeping at most `MAX_STORED_MODELS` models (`truncatedFrom` then says
 * how many the server listed). Never retries. Failures are {@link ProviderCallError}s with a `kind`
 * (`auth_invalid`, `timeout`, `network`, `server_error`, `aborted`, ...) and never carry the key.
 *
 * @example
 * ```ts
 * // List what a server offers before adding it as a provider.
 * const { models, authenticated } = await discoverModels("openai-compatible", {
 *   baseUrl: "https://api.groq.com/openai/v1", fetch, apiKey: new Secret(key), timeoutMs: 5000,
 * });
 * if (!authenticated) console.warn("the listing is public: it did not check the key");
 * picker.setOptions(models.map((m) => m.id));
 * ```
 */
export async function discoverModels(kind: DiscoveryKind, request: DiscoveryRequest): Promise<DiscoveryResult> {
  checkArgument("discoverModels", "kind", ARG.string, kind);
  checkArgument("discoverModels", "request", DISCOVERY_REQUEST_ARG, request);
  if (kind === "none") {
    throw new ProviderCallError({
      kind: "bad_request",
      code: "discovery_unsupported",
      message: "Expected a provider with a model-listing endpoint, found discovery kind \"none\".",
      recovery: "Use the catalog's models for this provider, or add models in models.json.",
    });
  }
  const deadline = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  const result = await DISCOVERY_ADAPTERS[kind]({ ...request, signal });
  // Every listing enters the registry here, so one cap bounds what state.json, models.json and the catalog hold.
  const { models, truncatedFrom } = capListing(result.models);
  return truncatedFrom === null ? result : { ...result, models, truncatedFrom };
}
