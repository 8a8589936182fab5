import type { ResolvedModel } from "../catalog/resolved-model.js";
import type { RunAttemptContext, RunOptions } from "../credentials/run-options.js";
import type { Clock, FetchPort } from "../ports.js";
import type { ThinkingPlan } from "../reasoning/thinking-params.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { CallTargetDeps } from "./call-target.js";
import type { WireAdapter } from "./wire-adapter.js";

/**
 * What the call engine needs, as functions of the services below it (never the facade).
 *
 * @example
 * ```ts
 * const deps: CallDeps = { resolveModel: catalog.resolveModel, run: credentials.run, planThinking: thinking.planThinking,
 *   target: { resolveTier: thinking.resolveTier, getRoles: thinking.getRoles }, adapterFor, clock, fetch,
 *   timeouts: { connectMs: 60_000, idleMs: 60_000 }, maxRetryWaitMs: 30_000 };
 * ```
 */
export interface CallDeps {
  resolveModel(ref: string): Promise<ResolvedModel>;
  run<T>(target: string, attempt: (context: RunAttemptContext) => Promise<T>, options?: RunOptions): Promise<T>;
  planThinking(ref: string, level: string | boolean, options: { api: string }): Promise<ThinkingPlan>;
  target: CallTargetDeps;
  adapterFor(api: ApiKind): WireAdapter | null;
  clock: Clock;
  fetch: FetchPort | undefined;
  timeouts: { connectMs: number; idleMs: number };
  /** Longest Retry-After waited for before trying the last candidate again. */
  maxRetryWaitMs: number;
}

