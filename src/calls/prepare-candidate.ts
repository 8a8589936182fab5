import type { ResolvedModel } from "../catalog/resolved-model.js";
import { OPENCLAW_MODEL_DEFAULTS } from "../config/assumed-defaults.js";
import { ProviderCallError } from "../errors/provider-call-error.js";
import { RegistryError } from "../errors/registry-error.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { CallDeps } from "./call-deps.js";
import type { CallCandidate } from "./call-target.js";
import type { ChatRequest } from "./chat-request.js";
import { requestMisfit } from "./request-fit.js";
import type { CallThinking } from "./stream-events.js";
import type { WireAdapter } from "./wire-adapter.js";

/**
 * A candidate ready to call: its resolved model, wire adapter, max tokens and thinking fields.
 *
 * @example
 * ```ts
 * const prepared: PreparedCandidate = await prepareCandidate(deps, candidate, request, { estimatedTokens, overflowFloor: null });
 * ```
 */
export interface PreparedCandidate {
  ref: string;
  model: ResolvedModel;
  api: ApiKind;
  adapter: WireAdapter;
  maxTokens: { value: number; assumed: boolean };
  thinking: CallThinking;
  thinkingParams: Record<string, unknown>;
}


/**
 * Resolve a candidate and decide what to send, or throw why it cannot take the request (unknown provider, an api
 * kind without an adapter, an image for a text-only model, a context window too small): the engine skips it.
 *
 * @example
 * ```ts
 * const prepared = await prepareCandidate(deps, { ref: "openai/gpt-5", thinking: "high", origin: "tier HIGH" }, request, { estimatedTokens: 1200, overflowFloor: null });
 * ```
 */
export async function prepareCandidate(
  deps: CallDeps,
  candidate: CallCandidate,
  request: ChatRequest,
  context: { estimatedTokens: number; overflowFloor: number | null },
): Promise<PreparedCandidate> {
  const model = await deps.resolveModel(candidate.ref);
  const ref = model.ref;
  if (model.api === null) {
    const problem = model.problems[0];
    throw new RegistryError({
      code: "unknown_provider",
      message: problem?.message ?? `Expected a known provider for ${ref}, found none.`,
      recovery: problem?.recovery ?? "Check the provider id, or add the provider to models.json.",
    });
  }
  // A provider gated by a disabled plugin is not callable until the user enables it (the problem names how).
  const gated = model.problems.find((p) => p.code === "plugin_disabled");
  if (gated !== undefined) throw new RegistryError({ code: "plugin_disabled", message: gated.message, recovery: gated.recovery });
  const adapter = deps.adapterFor(model.api);
  if (adapter === null) {
    throw new RegistryError({
      code: "unsupported_api",
      message: `Expected an api kind stream() can speak (openai-completions, openai-responses, anthropic-messages, google-generative-ai, ollama) for ${ref}, found ${model.api}.`,
      recovery: "Pick a model on a supported api kind, or call this one through run() with your own client.",
    });
  }
  const misfit = requestMisfit(request, { input: model.capabilities.input, contextWindow: model.limits.contextWindow }, {
    estimatedTokens: context.estimatedTokens,
    minContextWindow: context.overflowFloor,
  });
  if (misfit !== null) {
    if (misfit.code === "input_not_supported") {
      throw new RegistryError({ code: "input_not_supported", message: `${ref} cannot take this request: ${misfit.message}.`, recovery: "Use a model whose input modes include image, or send the request without images." });
    }
    throw new ProviderCallError({ kind: "context_overflow", message: `${ref} cannot take this request: ${misfit.message}.`, recovery: "Shorten the conversation, or add a fallback with a larger context window." });
  }
  const maxTokens = decideMaxTokens(request, model, context.estimatedTokens);
  const requested = request.thinking ?? candidate.thinking;
  let thinking: CallThinking = { requested: null, effective: null, clamped: false };
  let thinkingParams: Record<string, unknown> = {};
  if (requested !== null && requested !== undefined) {
    const plan = await deps.planThinking(ref, requested, { api: model.api });
    thinking = { requested: plan.resolution.requested, effective: plan.resolution.effective, clamped: plan.resolution.clamped };
    thinkingParams = plan.params;
  }
  return { ref, model, api: model.api, adapter, maxTokens, thinking, thinkingParams };
}

function decideMaxTokens(request: ChatRequest, model: ResolvedModel, estimatedTokens: number): { value: number; assumed: boolean } {
  if (request.maxTokens !== undefined) return { value: request.maxTokens, assumed: false };
  const stated = model.limits.maxOutputTokens;
  if (stated !== null) {
    // Some servers reject input + max_tokens over the window: leave room for the input when both are known.
    const window = model.limits.contextWindow;
    const room = window !== null ? window - estimatedTokens : stated;
    return { value: Math.max(1, Math.min(stated, room > 0 ? room : stated)), assumed: false };
  }
  return { value: OPENCLAW_MODEL_DEFAULTS.maxTokens, assumed: true };
}

