import * as z from "zod";
import { stableHash } from "./stable-hash.js";

/**
 * The pool strategies, as a schema: the single list `run()` validates `strategy` against.
 *
 * @example
 * ```ts
 * // Check a strategy from the host's own config before passing it to run().
 * const strategy = PoolStrategySchema.parse(hostConfig.keyStrategy ?? "failover");
 * const reply = await registry.run("openai/gpt-5", ({ apiKey }) => callOpenAi(apiKey, prompt), { strategy });
 * ```
 */
export const PoolStrategySchema = z.enum(["failover", "round_robin", "sticky"]);

/**
 * How a pool picks the credential to try first.
 *
 * - `failover` (default): always the pool order; the next credential only when one fails.
 * - `round_robin`: the least recently used usable credential first, spreading load over all keys.
 * - `sticky`: a session id always maps to the same credential (keeps provider prompt caches warm); the others
 *   follow in pool order when it fails or cools down.
 *
 * @example
 * ```ts
 * const strategy: PoolStrategy = "sticky";
 * ```
 */
export type PoolStrategy = z.infer<typeof PoolStrategySchema>;

/**
 * What the pool needs to know about a credential to order it. Values are not part of it.
 *
 * @example
 * ```ts
 * const c: PoolCandidate = { id: "openai:work", type: "apiKey", source: "stored", order: null, createdAt: 1, lastUsedAt: null, coolingUntil: null, disabled: false };
 * ```
 */
export interface PoolCandidate {
  id: string;
  type: "oauth" | "token" | "apiKey";
  source: "stored" | "env" | "config";
  /** Explicit position (lower first); `null` = default ordering. */
  order: number | null;
  createdAt: number | null;
  lastUsedAt: number | null;
  /** Active cooldown for the model in question, or `null`. */
  coolingUntil: number | null;
  /** Disabled (rejected key, broken OAuth): never tried until replaced. */
  disabled: boolean;
}

const TYPE_RANK: Record<PoolCandidate["type"], number> = { oauth: 0, token: 1, apiKey: 2 };
const SOURCE_RANK: Record<PoolCandidate["source"], number> = { stored: 0, env: 1, config: 2 };

function explicitFirst(a: PoolCandidate, b: PoolCandidate): number {
  if (a.order !== null && b.order !== null) return a.order - b.order;
  if (a.order !== null) return -1;
  if (b.order !== null) return 1;
  return 0;
}

/**
 * The pool order of a provider's credentials (pure; input order is the tie-break, so env keys keep their priority):
 * stored before env before models.json; explicit `order` first; then OAuth > token > API key; then least recently
 * used (never used first). `stable: true` leaves out the least-recently-used step, for sticky sessions.
 *
 * @example
 * ```ts
 * poolOrder(candidates).map((c) => c.id);
 * ```
 */
export function poolOrder<C extends PoolCandidate>(candidates: readonly C[], options: { stable?: boolean } = {}): C[] {
  const indexed = candidates.map((c, i) => ({ c, i }));
  indexed.sort((x, y) => {
    const a = x.c;
    const b = y.c;
    return (
      SOURCE_RANK[a.source] - SOURCE_RANK[b.source] ||
      explicitFirst(a, b) ||
      (a.source === "env" ? 0 : TYPE_RANK[a.type] - TYPE_RANK[b.type]) ||
      (options.stable || a.source === "env" ? 0 : (a.lastUsedAt ?? -Infinity) - (b.lastUsedAt ?? -Infinity) || 0) ||
      (a.createdAt ?? 0) - (b.createdAt ?? 0) ||
      x.i - y.i
    );
  });
  return indexed.map((e) => e.c);
}

/**
 * The order in which to try credentials for one call, per strategy. Credentials in cooldown go last (soonest expiry
 * first) but are never dropped; disabled ones are returned separately in `skipped`.
 *
 * @example
 * ```ts
 * const { attempts, skipped } = planAttempts(candidates, { strategy: "sticky", sessionId: "chat-7", now: Date.now() });
 * ```
 */
export function planAttempts<C extends PoolCandidate>(
  candidates: readonly C[],
  options: { strategy?: PoolStrategy; sessionId?: string | undefined; now: number },
): { attempts: C[]; skipped: C[] } {
  const strategy = options.strategy ?? "failover";
  const skipped = candidates.filter((c) => c.disabled);
  const live = candidates.filter((c) => !c.disabled);
  let ordered: C[];
  if (strategy === "sticky" && options.sessionId !== undefined && live.length > 0) {
    const stable = poolOrder(live, { stable: true });
    const start = stableHash(options.sessionId) % stable.length;
    ordered = [...stable.slice(start), ...stable.slice(0, start)];
  } else if (strategy === "round_robin") {
    const base = poolOrder(live);
    ordered = base
      .map((c, i) => ({ c, i }))
      .sort((x, y) => (x.c.lastUsedAt ?? -Infinity) - (y.c.lastUsedAt ?? -Infinity) || x.i - y.i)
      .map((e) => e.c);
  } else {
    ordered = poolOrder(live);
  }
  const ready = ordered.filter((c) => c.coolingUntil === null || c.coolingUntil <= options.now);
  const cooling = ordered
    .filter((c) => c.coolingUntil !== null && c.coolingUntil > options.now)
    .sort((a, b) => (a.coolingUntil ?? 0) - (b.coolingUntil ?? 0));
  return { attempts: [...ready, ...cooling], skipped };
}
