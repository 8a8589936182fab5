import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { THINKING_LEVELS, type ThinkingLevel } from "../schema/thinking-levels.js";
import { blankModel, withExtra, type FullDiscoveredModel } from "./blank-model.js";
import { authHeaders, displayUrl, fetchJson, joinUrl } from "./discovery-http.js";
import type { DiscoveryRequest, DiscoveryResult } from "./discovery-types.js";
import { itemsOf, lenient, tokenCount } from "./lenient-schema.js";
import { listingAuthenticates } from "./openai-compatible.js";

const Supported = lazySchema(() => lenient(z.object({ supported: lenient(z.boolean()) })));

/**
 * One `ModelInfo` of Anthropic's `GET /v1/models`. Older API versions and compatible proxies send only `id`, `type`,
 * `display_name` and `created_at`; everything else is optional.
 *
 * @example
 * ```ts
 * AnthropicModelSchema().parse({ id: "claude-3-5-haiku-20241022", display_name: "Claude Haiku 3.5" });
 * ```
 */
export const AnthropicModelSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    display_name: lenient(z.string()),
    created_at: lenient(z.string()),
    line: lenient(z.string()),
    max_input_tokens: lenient(z.number()),
    max_tokens: lenient(z.number()),
    capabilities: lenient(
      z.object({
        image_input: Supported(),
        pdf_input: Supported(),
        structured_outputs: Supported(),
        thinking: Supported(),
        effort: lenient(
          z.object({
            supported: lenient(z.boolean()),
            minimal: Supported(),
            low: Supported(),
            medium: Supported(),
            high: Supported(),
            xhigh: Supported(),
            max: Supported(),
          }),
        ),
      }),
    ),
  }),
);

const PageSchema = lazySchema(() =>
  z.object({
    data: itemsOf(AnthropicModelSchema()),
    has_more: lenient(z.boolean()),
    last_id: lenient(z.string()),
  }),
);

/**
 * Map one Anthropic model entry. `created_at` is the release time (an epoch value means unknown).
 *
 * @example
 * ```ts
 * mapAnthropicModel({ id: "claude-3-5-haiku-20241022", created_at: "2024-10-22T00:00:00Z" }).releaseDate; // "2024-10-22"
 * ```
 */
export function mapAnthropicModel(entry: z.output<ReturnType<typeof AnthropicModelSchema>>): FullDiscoveredModel {
  const model = blankModel(entry.id);
  model.name = entry.display_name ?? null;
  model.contextWindow = tokenCount(entry.max_input_tokens);
  model.maxOutputTokens = tokenCount(entry.max_tokens);
  const date = entry.created_at?.slice(0, 10) ?? null;
  model.releaseDate = date && /^\d{4}-\d{2}-\d{2}$/.test(date) && !date.startsWith("1970") ? date : null;
  const caps = entry.capabilities;
  if (caps) {
    const image = caps.image_input?.supported;
    const pdf = caps.pdf_input?.supported;
    if (typeof image === "boolean" || typeof pdf === "boolean") {
      model.input = ["text", ...(image ? ["image"] : []), ...(pdf ? ["pdf"] : [])];
    }
    model.json = caps.structured_outputs?.supported ?? null;
    model.reasoning = caps.thinking?.supported ?? null;
    const effort = caps.effort;
    if (effort?.supported === true) {
      const levels = THINKING_LEVELS.filter(
        (level): level is ThinkingLevel => level !== "off" && (effort as Record<string, { supported?: boolean | null } | null | undefined>)[level]?.supported === true,
      );
      if (levels.length > 0) model.thinkingLevels = levels;
    }
  }
  return withExtra(model, { line: entry.line });
}

/**
 * List Anthropic models, following `has_more` / `last_id` with `after_id` until the last page. Sends `x-api-key`
 * and `anthropic-version: 2023-06-01`.
 *
 * @example
 * ```ts
 * const { models } = await discoverAnthropic({ baseUrl: "https://api.anthropic.com", fetch, apiKey, timeoutMs: 5000 });
 * ```
 */
export async function discoverAnthropic(request: DiscoveryRequest): Promise<DiscoveryResult> {
  const base = request.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  const url = joinUrl(base, "v1/models");
  const headers = { "anthropic-version": "2023-06-01", ...authHeaders("anthropic", request.apiKey) };
  const models: FullDiscoveredModel[] = [];
  let afterId: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const body = await fetchJson(request, url, PageSchema(), {
      headers,
      searchParams: { limit: 1000, ...(afterId ? { after_id: afterId } : {}) },
    });
    models.push(...body.data.map(mapAnthropicModel));
    if (!body.has_more) break;
    const next = body.last_id ?? body.data.at(-1)?.id;
    if (!next || next === afterId) {
      throw new ProviderCallError({
        kind: "unknown",
        code: "invalid_response",
        message: `${displayUrl(url)} said has_more but gave no new last_id; stopping to avoid a loop.`,
      });
    }
    afterId = next;
  }
  return {
    models,
    flavor: "anthropic",
    authenticated: Boolean(request.apiKey?.reveal()) && listingAuthenticates(base),
    endpoint: displayUrl(url),
  };
}
