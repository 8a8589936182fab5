import * as z from "zod";
import type { OnboardingChoice, OnboardingMethod } from "../../catalog/onboarding-choices.js";
import { TIERS, type Tier } from "../../reasoning/tiers.js";
import { suggestSimilarIds } from "../../refs/suggest-similar-ids.js";
import type { Registry } from "../../registry/registry.js";
import type { Secret } from "../../schema/secret.js";
import type { CheckResult } from "../../status/check-result.js";
import { cliRecovery } from "../cli-recovery.js";
import type { CliCommand, CommandContext } from "../command.js";
import { CredentialRowSchema, credentialRow, loginWithHint, readSecret, type CredentialRow } from "../credential-input.js";
import { wrapText } from "../fit-table.js";
import { UsageError } from "../usage-error.js";

/**
 * Mayros' `--auth-choice` names (from its provider docs): each maps to a provider and one of its setup methods. Every
 * `<provider>-<method>`, and a provider with one method by its id, is accepted too. Names whose target the catalog
 * lacks are left out of the offer.
 */
const MAYROS_CHOICES: Readonly<Record<string, readonly [provider: string, method: string]>> = {
  "openai-api-key": ["openai", "api-key"],
  "anthropic-api-key": ["anthropic", "api-key"],
  token: ["anthropic", "token"],
  "setup-token": ["anthropic", "token"],
  "openai-codex": ["openai-codex", "sign-in"],
  "opencode-zen": ["opencode", "api-key"],
  "gemini-api-key": ["google", "gemini-api-key"],
  "zai-api-key": ["zai", "global-api-key"],
  "ai-gateway-api-key": ["vercel-ai-gateway", "api-key"],
  "huggingface-api-key": ["huggingface", "token"],
  "minimax-api": ["minimax", "api-key"],
  "volcengine-api-key": ["volcengine", "api-key"],
  "byteplus-api-key": ["byteplus", "api-key"],
  "synthetic-api-key": ["synthetic", "api-key"],
  "moonshot-api-key": ["moonshot", "kimi-api-key"],
  "kimi-code-api-key": ["kimi-coding", "kimi-code-api-key"],
};

/** Check failures that say nothing about the key: the provider could not be reached or answered with a server error. */
const UNREACHABLE = new Set(["network", "timeout", "overloaded", "server_error", "aborted"]);

const CheckSummary = z.object({
  outcome: z.enum(["ok", "error", "skipped"]),
  healthy: z.boolean(),
  /** `false` when the provider could not be reached (network, timeout, server error): the setup is kept, untested. */
  reachable: z.boolean(),
  errorKind: z.string().nullable(),
  message: z.string().nullable(),
  modelCount: z.number().nullable(),
});
type CheckSummary = z.infer<typeof CheckSummary>;

const TierSet = z.object({ tier: z.enum(TIERS), model: z.string(), thinking: z.string(), warnings: z.array(z.string()) });
type TierSet = z.infer<typeof TierSet>;

const OnboardOutput = z.object({
  provider: z.string(),
  method: z.object({ id: z.string(), kind: z.string(), label: z.string() }),
  /** What was stored (masked), or `null` for a keyless local server. */
  stored: CredentialRowSchema.nullable(),
  /** The server URL written to models.json (`written: false` when the built-in default was kept). */
  local: z.object({ baseUrl: z.string(), written: z.boolean() }).nullable(),
  /** `null` with `--no-check`. */
  check: CheckSummary.nullable(),
  tiers: z.array(TierSet),
});
/**
 * What `onboard --json` prints.
 *
 * @example
 * ```ts
 * const out = onboardCommand.output.parse(JSON.parse(stdout)) as OnboardOutput;
 * ```
 */
export type OnboardOutput = z.infer<typeof OnboardOutput>;

/**
 * `model-registry onboard`: connect a provider. On a terminal it asks: provider → setup method → key (hidden) or
 * server URL → a test → a model and thinking level for each tier (only levels the chosen model supports). Without a
 * terminal it runs from flags: `--auth-choice` (Mayros' names, or `<provider>-<method>`), the key on stdin, `--url`,
 * `--model`/`--thinking`/`--tier`, `--no-check`. It never prints a key.
 *
 * @example
 * ```sh
 * printf %s "$OPENAI_KEY" | model-registry onboard --auth-choice openai-api-key --model openai/gpt-5 --thinking high
 * ```
 */
export const onboardCommand: CliCommand = {
  path: ["onboard"],
  summary: "connect a provider: key or URL, a test, tier models",
  usage: "[--auth-choice C [--key-stdin] [--url U] [--model REF [--thinking L] [--tier T]] [--no-check]]",
  options: {
    "auth-choice": { type: "string", description: "what to set up without asking, e.g. openai-api-key, token, ollama", value: "C" },
    "key-stdin": { type: "boolean", description: "read the key or token from stdin (the default when stdin is not a terminal)" },
    url: { type: "string", description: "base URL of a local server or custom endpoint", value: "U" },
    model: { type: "string", description: "model for the tier, provider/model (or a model id of the provider)", value: "REF" },
    thinking: { type: "string", description: "thinking level for --model (default: the model's default)", value: "L" },
    tier: { type: "string", description: "tier --model sets: LOW, MED or HIGH (default HIGH)", value: "T" },
    "no-check": { type: "boolean", description: "do not test the provider after storing" },
  },
  args: { max: 0 },
  output: OnboardOutput,
  async run(ctx, input) {
    const opt = (name: string) => (typeof input.options[name] === "string" ? (input.options[name] as string) : undefined);
    const flag = (name: string) => input.options[name] === true;
    const authChoice = opt("auth-choice");
    const noCheck = flag("no-check");
    const registry = ctx.registry();
    const choices = await registry.onboardingChoices();

    if (authChoice === undefined) {
      const flagsWithoutChoice = ["key-stdin", "url", "model", "thinking", "tier"].filter((name) => input.options[name] !== undefined);
      if (flagsWithoutChoice.length > 0) {
        throw new UsageError({
          message: `Expected --auth-choice with ${flagsWithoutChoice.map((n) => `--${n}`).join(", ")}, found none.`,
          recovery: "model-registry onboard --auth-choice openai-api-key --model openai/gpt-5 --thinking high (key on stdin)",
        });
      }
      if (!ctx.io.stdin.isTTY || !ctx.io.stdout.isTTY) {
        throw new UsageError({
          message: "Expected a terminal to ask on, or --auth-choice to run without one; found neither.",
          recovery:
            'printf %s "$KEY" | model-registry onboard --auth-choice openai-api-key [--model openai/gpt-5 --thinking high] [--tier HIGH] [--no-check]; local servers: --auth-choice ollama [--url http://host:11434]. "model-registry onboard --help" lists the flags.',
        });
      }
      return interactive(ctx, registry, choices, noCheck);
    }
    return fromFlags(ctx, registry, choices, {
      authChoice,
      keyStdin: flag("key-stdin"),
      url: opt("url"),
      model: opt("model"),
      thinking: opt("thinking"),
      tier: opt("tier"),
      noCheck,
    });
  },
};

/** Every `--auth-choice` name: Mayros' names first, then `<provider>-<method>`, then `<provider>` alone when it has one method. */
function authChoiceNames(choices: readonly OnboardingChoice[]): Map<string, { choice: OnboardingChoice; method: OnboardingMethod }> {
  const names = new Map<string, { choice: OnboardingChoice; method: OnboardingMethod }>();
  const find = (provider: string, method: string) => {
    const choice = choices.find((c) => c.providerId === provider);
    const m = choice?.methods.find((x) => x.id === method);
    return choice && m ? { choice, method: m } : undefined;
  };
  for (const [name, [provider, method]] of Object.entries(MAYROS_CHOICES)) {
    const found = find(provider, method);
    if (found) names.set(name, found);
  }
  for (const choice of choices) {
    for (const method of choice.methods) {
      const name = `${choice.providerId}-${method.id}`;
      if (!names.has(name)) names.set(name, { choice, method });
    }
    if (choice.methods.length === 1 && !names.has(choice.providerId)) names.set(choice.providerId, { choice, method: choice.methods[0]! });
  }
  return names;
}

/** The names an unknown `--auth-choice` lists: Mayros' names, then one per provider method (the provider alone when it has one). */
function listedChoices(choices: readonly OnboardingChoice[]): string[] {
  const names = authChoiceNames(choices);
  const mayros = Object.keys(MAYROS_CHOICES).filter((n) => names.has(n));
  const rest = choices.flatMap((c) => (c.methods.length === 1 ? [c.providerId] : c.methods.map((m) => `${c.providerId}-${m.id}`)));
  return [...new Set([...mayros, ...rest])];
}

interface Flags {
  authChoice: string;
  keyStdin: boolean;
  url: string | undefined;
  model: string | undefined;
  thinking: string | undefined;
  tier: string | undefined;
  noCheck: boolean;
}

async function fromFlags(ctx: CommandContext, registry: Registry, choices: readonly OnboardingChoice[], flags: Flags) {
  const names = authChoiceNames(choices);
  const picked = names.get(flags.authChoice.trim().toLowerCase());
  if (picked === undefined) {
    const near = suggestSimilarIds(flags.authChoice, names.keys(), { limit: 1 })[0];
    throw new UsageError({
      message: `Expected an --auth-choice model-registry knows, found "${flags.authChoice}".${near ? ` Did you mean "${near}"?` : ""}`,
      recovery: `One of: ${listedChoices(choices).join(", ")}.`,
    });
  }
  const { choice, method } = picked;
  const provider = choice.providerId;
  const tier = parseTier(flags.tier);
  if (flags.thinking !== undefined && flags.model === undefined) {
    throw new UsageError({ message: "Expected --model with --thinking, found no --model.", recovery: `model-registry onboard --auth-choice ${flags.authChoice} --model ${provider}/<model> --thinking ${flags.thinking}` });
  }
  if (flags.tier !== undefined && flags.model === undefined) {
    throw new UsageError({ message: "Expected --model with --tier, found no --model.", recovery: `model-registry onboard --auth-choice ${flags.authChoice} --model ${provider}/<model> --tier ${tier}` });
  }
  const asksUrl = method.asks.find((a) => a.what === "url");
  if (flags.url !== undefined && asksUrl === undefined) {
    throw new UsageError({ message: `Expected no --url with --auth-choice ${flags.authChoice} (${choice.name}, ${method.label} takes none), found ${flags.url}.`, recovery: `Leave out --url, or pick a local or custom provider, e.g. --auth-choice ollama.` });
  }
  const url = flags.url ?? (await defaultUrl(registry, choice, method));
  if (asksUrl && !asksUrl.optional && url === null) {
    throw new UsageError({ message: `Expected --url with --auth-choice ${flags.authChoice} (${choice.name} has no default URL), found none.`, recovery: `model-registry onboard --auth-choice ${flags.authChoice} --url http://host:port/v1` });
  }
  const model = flags.model === undefined ? undefined : flags.model.includes("/") ? flags.model : `${provider}/${flags.model}`;
  // Refuse an unsupported level before anything is stored, when the model is already known (a local server's models
  // are known only after the test; they are checked again right before the tier is saved).
  if (model !== undefined && flags.thinking !== undefined && (await isKnownModel(registry, model))) await thinkingFor(registry, model, flags.thinking, tier);

  const out: OnboardOutput = { provider, method: { id: method.id, kind: method.kind, label: method.label }, stored: null, local: null, check: null, tiers: [] };
  const fromStdin = flags.keyStdin || !ctx.io.stdin.isTTY;
  const command = `onboard --auth-choice ${flags.authChoice}`;
  if (method.kind === "oauth") {
    out.stored = credentialRow(await loginWithHint(registry, provider, choice.methods, { method: method.id }));
  } else {
    const secretAsk = method.asks.find((a) => a.what === "key" || a.what === "token");
    let secret: Secret | null = null;
    if (secretAsk && !secretAsk.optional) secret = await readSecret(ctx, { what: secretWord(method), provider, command, fromStdin });
    else if (secretAsk && flags.keyStdin) secret = await readSecret(ctx, { what: secretWord(method), provider, command, fromStdin: true, optional: true });
    // A URL the method can do without is written only when given; a required one (or its default) always.
    const urlToApply = flags.url ?? (asksUrl && !asksUrl.optional ? url : null);
    if (asksUrl && urlToApply !== null) out.local = await applyUrl(registry, choice, asksUrl.optional, urlToApply);
    if (secret !== null) out.stored = credentialRow(await storeSecret(registry, provider, method, secret));
  }
  let exitCode: 0 | 1 = 0;
  if (!flags.noCheck) {
    out.check = await runCheck(ctx, registry, provider);
    if (out.check.outcome === "error" && out.check.reachable) exitCode = 1;
  }
  if (model !== undefined) {
    // After a successful test the provider's listing is fresh: a model it does not list is a typo, not a new model.
    const unknown = out.check?.healthy ? (await registry.resolveModel(model)).problems.find((p) => p.code === "unknown_model") : undefined;
    if (unknown !== undefined) {
      const near = unknown.suggestions ?? [];
      throw new UsageError({
        message: `Expected a model ${choice.name} lists for --model, found "${model}"; the setup is saved, no tier was set.${near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : ""}`,
        recovery: `model-registry models set ${tier} <provider/model> --thinking L (model-registry models list --provider ${provider} lists them).`,
      });
    }
    const thinking = await thinkingFor(registry, model, flags.thinking, tier);
    out.tiers.push(await saveTier(registry, tier, model, thinking));
  }
  return { exitCode, json: out, text: summaryText(ctx, out, choice) };
}

async function interactive(ctx: CommandContext, registry: Registry, choices: readonly OnboardingChoice[], noCheck: boolean) {
  const say = (text: string) => {
    if (!ctx.json) ctx.io.stderr.write(`${wrapText(text, ctx.columns, "  ").join("\n")}\n`);
  };
  const { prompt } = ctx.io;
  const providerId = await prompt.select(
    "Which provider do you want to connect?",
    choices.map((c) => ({ value: c.providerId, label: c.name, hint: c.local ? "local server" : shortHint(c.methods.map((m) => m.label).join(", ")) })),
  );
  const choice = choices.find((c) => c.providerId === providerId)!;
  const methodId =
    choice.methods.length === 1
      ? choice.methods[0]!.id
      : await prompt.select(
          `How do you connect to ${choice.name}?`,
          choice.methods.map((m) => ({ value: m.id, label: m.label, hint: m.kind === "oauth" ? "sign-in" : m.kind === "token" ? "token" : m.kind === "apiKey" ? "API key" : "URL" })),
        );
  const method = choice.methods.find((m) => m.id === methodId)!;
  const provider = choice.providerId;
  const out: OnboardOutput = { provider, method: { id: method.id, kind: method.kind, label: method.label }, stored: null, local: null, check: null, tiers: [] };
  if (method.note) say(method.note);

  if (method.kind === "oauth") {
    out.stored = credentialRow(await loginWithHint(registry, provider, choice.methods, { method: method.id }));
  } else {
    const asksUrl = method.asks.find((a) => a.what === "url");
    if (asksUrl) {
      const fallback = await defaultUrl(registry, choice, method);
      const url = (await prompt.text(`Base URL of ${choice.name}`, fallback !== null ? { default: fallback } : {})).trim();
      if (url === "" && !asksUrl.optional) {
        throw new UsageError({ message: `Expected the base URL of ${choice.name}, found nothing.`, recovery: "model-registry onboard, then type the URL, e.g. http://127.0.0.1:8000/v1" });
      }
      if (url !== "") out.local = await applyUrl(registry, choice, asksUrl.optional, url);
    }
    const secretAsk = method.asks.find((a) => a.what === "key" || a.what === "token");
    if (secretAsk) {
      const secret = await readSecret(ctx, { what: secretWord(method), provider, command: "onboard", fromStdin: false, optional: secretAsk.optional });
      if (secret !== null) out.stored = credentialRow(await storeSecret(registry, provider, method, secret));
    }
  }
  if (out.stored) say(`Stored ${out.stored.id}: ${out.stored.masked}.`);
  if (out.local?.written) say(`Saved ${provider} at ${out.local.baseUrl} in models.json.`);

  let exitCode: 0 | 1 = 0;
  if (!noCheck) {
    if (!ctx.json) ctx.progress(`Testing ${choice.name}…`);
    out.check = await runCheck(ctx, registry, provider);
    ctx.progress(null);
    say(checkLine(out.check, choice));
    if (out.check.outcome === "error" && out.check.reachable) exitCode = 1;
  }

  const models = await modelsOf(registry, provider);
  if (models.length === 0) {
    say(`${choice.name} lists no models yet; choose tier models later with model-registry models set <tier> <ref>.`);
  } else {
    for (const tier of TIERS) {
      const ref = await prompt.select(`Model for ${tier} (${TIER_HINTS[tier]})`, [
        { value: "skip", label: "skip (leave it as it is)" },
        ...models.map((m) => ({ value: m, label: m })),
      ]);
      if (ref === "skip") continue;
      const { levels, default: preferred } = await registry.thinkingLevels(ref);
      const thinking =
        levels.length <= 1
          ? (levels[0] ?? "off")
          : await prompt.select(
              `Thinking level for ${tier} (${ref})`,
              levels.map((l) => ({ value: l, label: l, ...(l === preferred ? { hint: "default" } : {}) })),
            );
      out.tiers.push(await saveTier(registry, tier, ref, thinking));
    }
  }
  return { exitCode, json: out, text: summaryText(ctx, out, choice) };
}

const TIER_HINTS: Record<Tier, string> = { LOW: "fast, cheap", MED: "everyday work", HIGH: "hard problems" };

function parseTier(raw: string | undefined): Tier {
  if (raw === undefined) return "HIGH";
  const tier = TIERS.find((t) => t === raw.trim().toUpperCase() || (t === "MED" && raw.trim().toUpperCase() === "MEDIUM"));
  if (tier === undefined) throw new UsageError({ message: `Expected --tier LOW, MED or HIGH, found "${raw}".`, recovery: "model-registry onboard --auth-choice … --model REF --tier HIGH" });
  return tier;
}

function secretWord(method: OnboardingMethod): "API key" | "token" {
  return method.kind === "token" || method.asks.some((a) => a.what === "token") ? "token" : "API key";
}

function shortHint(text: string): string {
  return text.length <= 36 ? text : `${text.slice(0, 35)}…`;
}

async function storeSecret(registry: Registry, provider: string, method: OnboardingMethod, secret: Secret) {
  return method.kind === "token" ? registry.setToken(provider, secret, { method: method.id }) : registry.setApiKey(provider, secret, { method: method.id });
}

/** The URL to offer: models.json's, else the method's, else the local preset's, else the provider's default. */
async function defaultUrl(registry: Registry, choice: OnboardingChoice, method: OnboardingMethod): Promise<string | null> {
  const configured = (await registry.getModelsConfig()).config.providers?.[choice.providerId]?.baseUrl;
  if (typeof configured === "string" && configured !== "") return configured;
  if (method.baseUrl) return method.baseUrl;
  const preset = (await registry.local.presets()).find((p) => p.providerId === choice.providerId);
  return preset?.baseUrl ?? choice.baseUrl;
}

/**
 * Put the server URL where the registry reads it: update models.json's entry, or add one from the local preset, or
 * write just `baseUrl` for a provider without a preset. A provider at its built-in default needs no entry when the
 * URL is optional for the method.
 */
async function applyUrl(registry: Registry, choice: OnboardingChoice, optional: boolean, url: string): Promise<{ baseUrl: string; written: boolean }> {
  const id = choice.providerId;
  const configured = (await registry.getModelsConfig()).config.providers?.[id];
  if (configured) {
    if (configured.baseUrl === url) return { baseUrl: url, written: false };
    await registry.local.update(id, { baseUrl: url });
    return { baseUrl: url, written: true };
  }
  const preset = (await registry.local.presets()).find((p) => p.providerId === id);
  // The provider's own default needs no entry when the method works without a URL (Ollama at 127.0.0.1:11434).
  if (optional && (url === choice.baseUrl || url === preset?.baseUrl)) return { baseUrl: url, written: false };
  if (preset) {
    const added = await registry.local.add({ preset: preset.id, baseUrl: url });
    return { baseUrl: added.baseUrl, written: true };
  }
  await registry.updateModelsConfig([{ path: ["providers", id, "baseUrl"], value: url }]);
  return { baseUrl: url, written: true };
}

async function runCheck(ctx: CommandContext, registry: Registry, provider: string): Promise<CheckSummary> {
  let result: CheckResult | undefined;
  try {
    [result] = await registry.check(provider);
  } catch (error) {
    // The setup is stored; a check that could not run is reported, not fatal.
    const message = error instanceof Error ? error.message : String(error);
    return { outcome: "error", healthy: false, reachable: false, errorKind: "unknown", message, modelCount: null };
  }
  if (result === undefined) return { outcome: "skipped", healthy: false, reachable: true, errorKind: null, message: "Nothing to check.", modelCount: null };
  const reachable = result.outcome !== "error" || !UNREACHABLE.has(result.errorKind ?? "");
  return {
    outcome: result.outcome,
    healthy: result.outcome === "ok",
    reachable,
    errorKind: result.errorKind,
    message: result.message ?? result.reason,
    modelCount: result.modelCount,
  };
}

function checkLine(check: CheckSummary, choice: OnboardingChoice): string {
  const message = (check.message ?? "").replace(/[.\s]+$/, "");
  const again = `model-registry status --check --provider ${choice.providerId}`;
  if (check.healthy) return `✓ ${choice.name} is healthy${check.modelCount !== null ? `: ${check.modelCount} model${check.modelCount === 1 ? "" : "s"}` : ""}.`;
  if (check.outcome === "skipped") return `${choice.name} was not tested: ${message || "nothing to check"}.`;
  if (!check.reachable) return `${choice.name} could not be tested (${check.errorKind}): ${message || "no answer"}. The setup is saved; test it later with ${again}.`;
  return `✗ ${choice.name}: ${check.errorKind ?? "error"} — ${message || "the test failed"}. Fix it, then test again with ${again}.`;
}

async function isKnownModel(registry: Registry, ref: string): Promise<boolean> {
  const resolved = await registry.resolveModel(ref);
  return !resolved.problems.some((p) => p.code === "unknown_model" || p.code === "unknown_provider");
}

/** The thinking level to save: the one asked for when the model supports it (else a usage error listing them), or the model's default. */
async function thinkingFor(registry: Registry, ref: string, asked: string | undefined, tier: Tier): Promise<string> {
  const info = await registry.thinkingLevels(ref);
  if (asked === undefined) return info.default ?? info.levels[0] ?? "off";
  const level = asked.trim().toLowerCase();
  if (!(info.levels as readonly string[]).includes(level)) {
    throw new UsageError({
      message: `Expected a thinking level ${ref} supports (${info.levels.join(", ")}), found "${asked}".${info.problems.some((p) => p.code === "reasoning_unknown") ? " Its thinking support is unknown, so only off is offered." : ""}`,
      recovery: `model-registry onboard … --model ${ref} --tier ${tier} --thinking ${info.default ?? info.levels[info.levels.length - 1] ?? "off"}`,
    });
  }
  return level;
}

async function saveTier(registry: Registry, tier: Tier, model: string, thinking: string): Promise<TierSet> {
  const result = await registry.setTier(tier, { model, thinking });
  return { tier, model: result.saved.model, thinking: result.saved.thinking, warnings: result.warnings.map((w) => `${w.message} ${cliRecovery(w.recovery)}`) };
}

/** The models to offer for the tiers: the provider's usable ones, else every one it lists. */
async function modelsOf(registry: Registry, provider: string): Promise<string[]> {
  const usable = await registry.listModels({ provider, usableOnly: true });
  const models = usable.length > 0 ? usable : await registry.listModels({ provider });
  return models.map((m) => m.ref);
}

function summaryText(ctx: CommandContext, out: OnboardOutput, choice: OnboardingChoice): string {
  const lines: string[] = [];
  // wrapText drops leading spaces: indent after wrapping, within the width left.
  const add = (text: string, indent = "") => lines.push(...wrapText(text, ctx.columns - indent.length, "  ").map((l) => indent + l));
  add(`${choice.name} (${out.method.label}):`);
  if (out.stored) add(`credential ${out.stored.id}: ${out.stored.masked}`, "  ");
  if (out.local) add(`server ${out.local.baseUrl}${out.local.written ? " (saved in models.json)" : ""}`, "  ");
  if (out.check) add(`test: ${checkLine(out.check, choice)}`, "  ");
  for (const t of out.tiers) {
    add(`${t.tier}: ${t.model}, thinking ${t.thinking}`, "  ");
    for (const w of t.warnings) add(`${t.tier}: ${w}`, "    ");
  }
  if (out.tiers.length === 0) add(`tiers unchanged (model-registry models set HIGH ${out.provider}/<model>)`, "  ");
  return `${lines.join("\n")}\n`;
}
