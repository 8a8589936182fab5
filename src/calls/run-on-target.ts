import type { RunAttemptContext, RunOptions } from "../credentials/run-options.js";
import { MODEL_ROLES } from "../reasoning/model-roles.js";
import { TIERS } from "../reasoning/tiers.js";
import { resolveCallTarget, type CallTargetDeps } from "./call-target.js";
import { failsOver } from "./failover-policy.js";

const WORDS = new Set<string>([...TIERS, "MEDIUM", ...MODEL_ROLES.map((r) => r.toUpperCase())]);

/**
 * `run()` over a tier or role as well as a model ref or provider id: a tier (`"HIGH"`) or role (`"primary"`) runs
 * on its model and, when that fails over (auth, rate limits after every key, overload, network, …), on its
 * fallbacks in order; `context.model` says which. Anything else goes to `run()` unchanged.
 *
 * @example
 * ```ts
 * const reply = await runOnTarget(deps, "HIGH", ({ apiKey, baseUrl, model }) => myClient(baseUrl!, apiKey, model!));
 * ```
 */
export async function runOnTarget<T>(
  deps: { run<R>(target: string, attempt: (context: RunAttemptContext) => Promise<R>, options?: RunOptions): Promise<R>; target: CallTargetDeps },
  target: string,
  attempt: (context: RunAttemptContext) => Promise<T>,
  options?: RunOptions,
): Promise<T> {
  if (typeof target !== "string" || target.includes("/") || !WORDS.has(target.trim().toUpperCase())) return deps.run(target, attempt, options);
  const candidates = await resolveCallTarget(target, deps.target);
  let last: unknown;
  for (const candidate of candidates) {
    try {
      return await deps.run(candidate.ref, attempt, options);
    } catch (error) {
      if (!failsOver(error) || options?.signal?.aborted) throw error;
      last = error;
    }
  }
  throw last;
}
