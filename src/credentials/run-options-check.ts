import { RegistryError } from "../errors/registry-error.js";
import { PoolStrategySchema, type PoolStrategy } from "./credential-pool.js";

/**
 * The part of `run()`'s options that decides which credential is tried first, after validation.
 *
 * @example
 * ```ts
 * const checked: CheckedRunOptions = { strategy: "sticky", sessionId: "chat-7" };
 * ```
 */
export interface CheckedRunOptions {
  strategy: PoolStrategy;
  sessionId: string | undefined;
}

function shown(value: unknown): string {
  if (value === undefined) return "none";
  if (value === null) return "null";
  if (typeof value === "string") return value.trim() === "" ? "an empty string" : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  return `a value of type ${Array.isArray(value) ? "array" : typeof value}`;
}

function invalid(message: string, recovery: string): RegistryError {
  return new RegistryError({ code: "invalid_option", message, recovery });
}

/**
 * Validate the options of `run()` before any credential is tried, so a typo in `strategy` or a sticky session without
 * its id fails loudly instead of silently running with the default failover order (and losing the session's prompt
 * cache). Throws a {@link RegistryError} with code `invalid_option`. Only the shape is checked; values such as the
 * model are checked where they are used.
 *
 * @example
 * ```ts
 * checkRunOptions({ strategy: "sticky", sessionId: chat.id }); // { strategy: "sticky", sessionId: "..." }
 * checkRunOptions({ strategy: "sticky" }); // throws invalid_option: expected a sessionId
 * ```
 */
export function checkRunOptions(options: unknown): CheckedRunOptions {
  if (options === undefined || options === null) return { strategy: "failover", sessionId: undefined };
  if (typeof options !== "object" || Array.isArray(options)) {
    throw invalid(`Expected the options of run() to be an object, found ${shown(options)}.`, "Pass an options object, e.g. { strategy: \"sticky\", sessionId }, or leave it out.");
  }
  const { strategy, sessionId, classify, sleep, model, transientRetry } = options as Record<string, unknown>;
  const choices = PoolStrategySchema.options.map((s) => `"${s}"`).join(", ");
  const parsed = PoolStrategySchema.optional().safeParse(strategy);
  if (!parsed.success) {
    throw invalid(
      `Expected run() option strategy to be one of ${choices}, found ${shown(strategy)}.`,
      `Use strategy "failover" (the default), "round_robin", or "sticky" together with a sessionId.`,
    );
  }
  if (sessionId !== undefined && (typeof sessionId !== "string" || sessionId.trim() === "")) {
    throw invalid(
      `Expected run() option sessionId to be a non-empty string, found ${shown(sessionId)}.`,
      "Pass a stable id of the conversation or session (e.g. its id as a string), or leave sessionId out.",
    );
  }
  if (parsed.data === "sticky" && sessionId === undefined) {
    throw invalid(
      `Expected a sessionId with strategy "sticky" (it is what keeps a session on one credential), found none.`,
      `Pass { strategy: "sticky", sessionId: <conversation id> }, or use strategy "failover" or "round_robin".`,
    );
  }
  for (const [name, value] of [["classify", classify], ["sleep", sleep]] as const) {
    if (value !== undefined && typeof value !== "function") {
      throw invalid(`Expected run() option ${name} to be a function, found ${shown(value)}.`, `Pass a function as ${name}, or leave it out for the default.`);
    }
  }
  if (model !== undefined && (typeof model !== "string" || model.trim() === "")) {
    throw invalid(`Expected run() option model to be a non-empty model id, found ${shown(model)}.`, `Pass the model id (e.g. "gpt-4o"), or use a "provider/model" target instead.`);
  }
  if (transientRetry !== undefined && typeof transientRetry !== "boolean") {
    const t = transientRetry as { retries?: unknown; delayMs?: unknown } | null;
    const bad =
      t === null ||
      typeof t !== "object" ||
      (t.retries !== undefined && !(typeof t.retries === "number" && Number.isInteger(t.retries) && t.retries >= 0)) ||
      (t.delayMs !== undefined && !(typeof t.delayMs === "number" && Number.isFinite(t.delayMs) && t.delayMs >= 0));
    if (bad) {
      throw invalid(
        `Expected run() option transientRetry to be true, false or { retries?: a whole number >= 0, delayMs?: a number >= 0 }, found ${shown(transientRetry)}${t !== null && typeof t === "object" ? ` with retries ${shown(t.retries)} and delayMs ${shown(t.delayMs)}` : ""}.`,
        "Pass transientRetry: true for 2 retries with backoff, or e.g. { retries: 3, delayMs: 1000 }.",
      );
    }
  }
  return { strategy: parsed.data ?? "failover", sessionId: sessionId as string | undefined };
}
