import { RegistryError } from "../errors/registry-error.js";
import { MODEL_ROLES, type ModelRole } from "../reasoning/model-roles.js";
import { TIERS, type Tier } from "../reasoning/tiers.js";

/**
 * What `stream()` / `complete()` call: a model ref (`"openai/gpt-5"`), a tier (`"LOW" | "MED" | "HIGH"`, with its
 * thinking level and fallbacks), a role (`"primary" | "fallback" | "task"`), or an explicit `{ model, fallbacks? }`.
 *
 * @example
 * ```ts
 * const target: CallTarget = { model: "anthropic/claude-sonnet-4-5", fallbacks: ["openai/gpt-5"] };
 * ```
 */
export type CallTarget = string | { model: string; fallbacks?: readonly string[] | undefined };

/**
 * One model to try, in order: its ref as given and the thinking level it brings (a tier's level; `null` = none asked).
 *
 * @example
 * ```ts
 * const c: CallCandidate = { ref: "openai/gpt-5", thinking: "high", origin: "tier HIGH" };
 * ```
 */
export interface CallCandidate {
  ref: string;
  thinking: string | boolean | null;
  /** Where the candidate came from, for messages: `tier HIGH`, `fallback of tier HIGH`, `role primary`, `target`. */
  origin: string;
}

/**
 * The lookups target resolution needs (from the thinking service).
 *
 * @example
 * ```ts
 * const deps: CallTargetDeps = { resolveTier: registry.resolveTier, getRoles: registry.getRoles };
 * ```
 */
export interface CallTargetDeps {
  resolveTier(tier: Tier): Promise<{ model: string | null; thinking: { requested: string }; fallbacks: readonly string[]; warnings: readonly { code: string; message: string; recovery: string }[] }>;
  getRoles(): Promise<Record<ModelRole, string | null>>;
}

/**
 * Turn a target into the ordered models to try. A bare word is a tier or a role when it names one (case-insensitive;
 * `MEDIUM` is `MED`); anything else is a model ref. Roles chain to the `fallback` role: `primary` and `task` try it
 * after their own model. Duplicate refs are tried once.
 *
 * @example
 * ```ts
 * const candidates = await resolveCallTarget("HIGH", { resolveTier, getRoles });
 * // [{ ref: "anthropic/claude-opus-4-8", thinking: "high", origin: "tier HIGH" }, { ref: "openai/gpt-5.4", … }]
 * ```
 */
export async function resolveCallTarget(target: CallTarget, deps: CallTargetDeps): Promise<CallCandidate[]> {
  if (typeof target === "object" && target !== null && typeof target.model === "string") {
    return unique([
      { ref: target.model, thinking: null, origin: "target" },
      ...(target.fallbacks ?? []).map((ref) => ({ ref, thinking: null, origin: `fallback of ${target.model}` })),
    ]);
  }
  if (typeof target !== "string" || target.trim() === "") {
    throw new RegistryError({
      code: "invalid_argument",
      message: `Expected a call target (a model ref, a tier ${TIERS.join("/")}, a role ${MODEL_ROLES.join("/")}, or { model, fallbacks }), found ${describe(target)}.`,
      recovery: 'Pass e.g. "openai/gpt-5", "HIGH", "primary" or { model: "openai/gpt-5", fallbacks: ["google/gemini-2.5-flash"] }.',
    });
  }
  const word = target.trim();
  const tier = asTier(word);
  if (tier !== null) {
    const resolved = await deps.resolveTier(tier);
    if (resolved.model === null) {
      const warning = resolved.warnings[0];
      throw new RegistryError({
        code: "no_call_candidates",
        message: `Expected a model for tier ${tier}, found none saved and no default: ${warning?.message ?? "no provider is connected"}`,
        recovery: warning?.recovery ?? `Save a model for tier ${tier} with setTier("${tier}", { model, thinking }).`,
      });
    }
    const thinking = resolved.thinking.requested;
    return unique([
      { ref: resolved.model, thinking, origin: `tier ${tier}` },
      ...resolved.fallbacks.map((ref) => ({ ref, thinking, origin: `fallback of tier ${tier}` })),
    ]);
  }
  const role = (MODEL_ROLES as readonly string[]).includes(word.toLowerCase()) ? (word.toLowerCase() as ModelRole) : null;
  if (role !== null) {
    const roles = await deps.getRoles();
    const own = roles[role];
    const chain: CallCandidate[] = [];
    if (own !== null) chain.push({ ref: own, thinking: null, origin: `role ${role}` });
    if (role !== "fallback" && roles.fallback !== null) chain.push({ ref: roles.fallback, thinking: null, origin: "role fallback" });
    if (own === null) {
      throw new RegistryError({
        code: "no_call_candidates",
        message: `Expected a model for the ${role} role, found none saved.`,
        recovery: `Save one with setRole("${role}", "provider/model") (CLI: model-registry models set ${role} <ref>).`,
      });
    }
    return unique(chain);
  }
  return [{ ref: word, thinking: null, origin: "target" }];
}

function asTier(word: string): Tier | null {
  const upper = word.toUpperCase();
  const tier = upper === "MEDIUM" ? "MED" : upper;
  return (TIERS as readonly string[]).includes(tier) && !word.includes("/") ? (tier as Tier) : null;
}

function unique(candidates: CallCandidate[]): CallCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => (seen.has(c.ref) ? false : (seen.add(c.ref), true)));
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object without a string `model`" : `${typeof value} ${JSON.stringify(value) ?? ""}`.trim();
}
