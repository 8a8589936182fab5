import type { ThinkingLevel } from "./thinking-levels.js";
import type { ReasoningKind, WireDialect } from "./reasoning-descriptor-schema.js";

/**
 * The descriptor part a rule states. `budgets`/`budgetRange` only for budget models; `wireValues` only where the wire
 * value differs from the level name.
 *
 * @example
 * ```ts
 * const spec: ReasoningRuleSpec = { kind: "toggle", levels: ["off", "medium"], default: "medium", canDisable: true, wire: "zai-thinking" };
 * ```
 */
export interface ReasoningRuleSpec {
  readonly kind: ReasoningKind;
  readonly levels: readonly ThinkingLevel[];
  readonly default: ThinkingLevel | null;
  readonly canDisable: boolean;
  readonly wire: WireDialect | null;
  /** When set, `wire` applies only on these providers; elsewhere the dialect is unknown and nothing is sent. */
  readonly wireProviders?: readonly string[];
  readonly wireValues?: Partial<Record<ThinkingLevel, string>>;
  readonly budgets?: Partial<Record<ThinkingLevel, number>>;
  readonly budgetRange?: { readonly min: number | null; readonly max: number | null };
}

/**
 * One row of a reasoning rules table. `model` is tested against the lower-cased wire id (full id, so a reseller's
 * `anthropic/claude-opus-4.6` or Bedrock's `us.anthropic.claude-opus-4-6-v1:0` match too), `name` against the
 * lower-cased display name. `providers`/`apis` restrict the row; `reasoning` makes it apply only when the catalog's
 * reasoning flag equals that value. The first matching row wins.
 *
 * @example
 * ```ts
 * const rule: ReasoningRule = { id: "my-model", why: "…", match: { model: /my-model/ },
 *   spec: { kind: "none", levels: ["off"], default: "off", canDisable: true, wire: null } };
 * ```
 */
export interface ReasoningRule {
  readonly id: string;
  /** Why the row says what it says (shown by explain()). */
  readonly why: string;
  readonly match: {
    readonly model?: RegExp;
    readonly name?: RegExp;
    readonly providers?: readonly string[];
    readonly apis?: readonly string[];
    readonly reasoning?: boolean;
    /** With `providers`: never apply the row as a family rule on other providers. */
    readonly exclusive?: boolean;
  };
  readonly spec: ReasoningRuleSpec;
}

/** Start of a model-name segment inside a wire id: start, `/` (resellers), `.` (Bedrock), `:` or `~`. */
const B = String.raw`(?:^|[/.:~])`;
const re = (source: string): RegExp => new RegExp(source);

const ANTHROPIC_BUDGETS = { minimal: 1024, low: 2048, medium: 8192, high: 16384 } as const;
const GENERIC_BUDGETS = ANTHROPIC_BUDGETS;
const OPENAI_PROVIDERS = ["openai", "azure-openai-responses", "openai-codex", "github-copilot"] as const;
const ANTHROPIC_PROVIDERS = ["anthropic", "amazon-bedrock", "google-vertex-anthropic"] as const;
const GOOGLE_PROVIDERS = ["google", "google-vertex", "google-gemini-cli", "google-antigravity"] as const;
const ZAI_PROVIDERS = ["zai", "zai-coding-plan", "zhipuai", "zhipuai-coding-plan"] as const;
const DASHSCOPE_PROVIDERS = [
  "qwen",
  "qwen-portal",
  "alibaba",
  "alibaba-cn",
  "alibaba-coding-plan",
  "alibaba-coding-plan-cn",
  "alibaba-token-plan",
  "alibaba-token-plan-cn",
] as const;
const OFF_NONE = { off: "none" } as const;
const FIXED: ReasoningRuleSpec = { kind: "always_on", levels: ["medium"], default: "medium", canDisable: false, wire: "none" };
const NONE: ReasoningRuleSpec = { kind: "none", levels: ["off"], default: "off", canDisable: true, wire: null };
/** Qwen hybrid thinking on DashScope: enable_thinking plus a thinking_budget; only the default differs by family. */
const qwenHybrid = (defaultLevel: "off" | "medium"): ReasoningRuleSpec => ({
  kind: "budget",
  levels: ["off", "minimal", "low", "medium", "high"],
  default: defaultLevel,
  canDisable: true,
  wire: "qwen-enable-thinking",
  wireProviders: DASHSCOPE_PROVIDERS,
  budgets: { off: 0, ...GENERIC_BUDGETS },
  budgetRange: { min: null, max: null },
});

/**
 * Provider rules: what each known model family accepts, as data. Levels follow the providers' documentation and the
 * models.dev `reasoning_options` of the same models (a test checks the two agree). xhigh and max appear only on rows
 * whose provider documents them.
 *
 * @example
 * ```ts
 * PROVIDER_REASONING_RULES.find((r) => r.match.model?.test("gpt-5.2"))?.spec.levels;
 * // ["off", "low", "medium", "high", "xhigh"]
 * ```
 */
export const PROVIDER_REASONING_RULES: readonly ReasoningRule[] = [
  // -- Local Ollama (native /api/chat): `think` is a boolean, except gpt-oss which takes an effort string.
  {
    id: "ollama-gpt-oss",
    why: "Ollama runs gpt-oss with think: \"low\" | \"medium\" | \"high\"; it cannot switch thinking off.",
    match: { model: re(`${B}gpt-oss`), apis: ["ollama"] },
    spec: { kind: "effort", levels: ["low", "medium", "high"], default: "medium", canDisable: false, wire: "ollama-think-effort" },
  },
  {
    id: "ollama-think",
    why: "Ollama models with the thinking capability take think: true | false.",
    match: { apis: ["ollama"], reasoning: true },
    spec: { kind: "toggle", levels: ["off", "medium"], default: "medium", canDisable: true, wire: "ollama-think" },
  },
  {
    id: "ollama-no-thinking",
    why: "Ollama reports no thinking capability for this model.",
    match: { apis: ["ollama"], reasoning: false },
    spec: NONE,
  },

  // -- OpenAI
  {
    id: "openai-gpt-5-pro",
    why: "gpt-5-pro only runs at reasoning effort high.",
    match: { model: re(`${B}gpt-5-pro(?:-\\d{4}-\\d{2}-\\d{2})?$`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["high"], default: "high", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-gpt-5.x-pro",
    why: "gpt-5.2+ pro models take effort medium, high or xhigh.",
    match: { model: re(`${B}gpt-5\\.\\d+-pro`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["medium", "high", "xhigh"], default: "high", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-gpt-5-chat",
    why: "gpt-5-chat reasons at a fixed depth and takes no reasoning_effort.",
    match: { model: re(`${B}gpt-5-chat`), providers: OPENAI_PROVIDERS },
    spec: FIXED,
  },
  {
    id: "openai-gpt-5.x-chat",
    why: "gpt-5.1/5.2 chat models accept only reasoning effort medium.",
    match: { model: re(`${B}gpt-5\\.[12]-chat`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["medium"], default: "medium", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-codex-5.3+",
    why: "gpt-5.3+ codex models take effort none..xhigh.",
    match: { model: re(`${B}gpt-5\\.(?:[3-9]|\\d{2,})-codex`), providers: OPENAI_PROVIDERS },
    spec: {
      kind: "effort",
      levels: ["off", "low", "medium", "high", "xhigh"],
      default: "medium",
      canDisable: true,
      wire: "openai-effort",
      wireValues: OFF_NONE,
    },
  },
  {
    id: "openai-codex-xhigh",
    why: "gpt-5.1-codex-max and gpt-5.2-codex add xhigh; they cannot switch reasoning off.",
    match: { model: re(`${B}gpt-5\\.(?:1-codex-max|2-codex)`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["low", "medium", "high", "xhigh"], default: "medium", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-codex",
    why: "gpt-5-codex, gpt-5.1-codex and codex-mini take effort low..high.",
    match: { model: re(`${B}gpt-5(?:\\.1)?-codex`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["low", "medium", "high"], default: "medium", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-gpt-5.1",
    why: "gpt-5.1 takes effort none..high and defaults to none.",
    match: { model: re(`${B}gpt-5\\.1(?:-\\d{4}-\\d{2}-\\d{2})?$`), providers: OPENAI_PROVIDERS },
    spec: {
      kind: "effort",
      levels: ["off", "low", "medium", "high"],
      default: "off",
      canDisable: true,
      wire: "openai-effort",
      wireValues: OFF_NONE,
    },
  },
  {
    id: "openai-gpt-5.2+",
    why: "gpt-5.2 and later (incl. mini/nano) take effort none..xhigh and default to none.",
    match: { model: re(`${B}gpt-5\\.(?:[2-9]|\\d{2,})(?:-mini|-nano)?(?:-\\d{4}-\\d{2}-\\d{2})?$`), providers: OPENAI_PROVIDERS },
    spec: {
      kind: "effort",
      levels: ["off", "low", "medium", "high", "xhigh"],
      default: "off",
      canDisable: true,
      wire: "openai-effort",
      wireValues: OFF_NONE,
    },
  },
  {
    id: "openai-gpt-5",
    why: "gpt-5, gpt-5-mini and gpt-5-nano take effort minimal..high (no off, no xhigh).",
    match: { model: re(`${B}gpt-5(?:-mini|-nano)?(?:-\\d{4}-\\d{2}-\\d{2})?$`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["minimal", "low", "medium", "high"], default: "medium", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-deep-research",
    why: "Deep-research models run at effort medium only.",
    match: { model: re(`${B}o[34](?:-mini)?-deep-research`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["medium"], default: "medium", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-o-series",
    why: "o1, o3, o3-mini, o3-pro, o4-mini always reason; effort low..high.",
    match: { model: re(`${B}o(?:1(?:-pro)?|3(?:-mini|-pro)?|4-mini)(?:-high|-low)?(?:-\\d{4}-\\d{2}-\\d{2})?$`), providers: OPENAI_PROVIDERS },
    spec: { kind: "effort", levels: ["low", "medium", "high"], default: "medium", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "openai-gpt-oss",
    why: "gpt-oss takes reasoning effort low..high and cannot switch it off.",
    match: { model: re(`${B}gpt-oss`) },
    spec: { kind: "effort", levels: ["low", "medium", "high"], default: "medium", canDisable: false, wire: "openai-effort" },
  },

  // -- Anthropic
  {
    id: "anthropic-claude-3.7-budget",
    why: "Claude 3.7 Sonnet has extended thinking with a token budget (≥1024); off unless enabled.",
    match: { model: re(`${B}claude-3[-.]7-sonnet`), providers: ANTHROPIC_PROVIDERS },
    spec: {
      kind: "budget",
      levels: ["off", "minimal", "low", "medium", "high"],
      default: "off",
      canDisable: true,
      wire: "anthropic-budget",
      budgets: ANTHROPIC_BUDGETS,
      budgetRange: { min: 1024, max: null },
    },
  },
  {
    id: "anthropic-4.6-adaptive",
    why: "Claude Opus/Sonnet 4.6 use adaptive thinking with effort low..high and max (no xhigh).",
    match: { model: re(`${B}claude-(?:opus|sonnet)-4[-.]6`), providers: ANTHROPIC_PROVIDERS },
    spec: {
      kind: "effort",
      levels: ["off", "low", "medium", "high", "max"],
      default: "off",
      canDisable: true,
      wire: "anthropic-adaptive",
    },
  },
  {
    id: "anthropic-sonnet-5-adaptive",
    why: "Claude Sonnet 5 uses adaptive thinking with effort low..max and can switch thinking off.",
    match: { model: re(`${B}claude-sonnet-5`), providers: ANTHROPIC_PROVIDERS },
    spec: {
      kind: "effort",
      levels: ["off", "low", "medium", "high", "xhigh", "max"],
      default: "off",
      canDisable: true,
      wire: "anthropic-adaptive",
    },
  },
  {
    id: "anthropic-opus-4.7+-adaptive",
    why: "Claude Opus 4.7+ and Fable 5 always think adaptively, effort low..max including xhigh.",
    match: { model: re(`${B}claude-(?:opus-4[-.][7-9]|fable-5)`), providers: ANTHROPIC_PROVIDERS },
    spec: {
      kind: "effort",
      levels: ["low", "medium", "high", "xhigh", "max"],
      default: "high",
      canDisable: false,
      wire: "anthropic-adaptive",
    },
  },
  {
    id: "anthropic-claude-4-budget",
    why: "Claude 4, 4.1 and 4.5 (Opus, Sonnet, Haiku) have extended thinking with a token budget (≥1024).",
    match: { model: re(`${B}claude-(?:opus|sonnet|haiku)-4(?:[-.](?:0|1|5))?(?![\\d.])`), providers: ANTHROPIC_PROVIDERS },
    spec: {
      kind: "budget",
      levels: ["off", "minimal", "low", "medium", "high"],
      default: "off",
      canDisable: true,
      wire: "anthropic-budget",
      budgets: ANTHROPIC_BUDGETS,
      budgetRange: { min: 1024, max: null },
    },
  },
  {
    id: "anthropic-claude-3",
    why: "Claude 3 and 3.5 models do not think.",
    match: { model: re(`${B}claude-(?:[a-z]+-)?3(?:[-.]5)?(?:-|$)`), providers: ANTHROPIC_PROVIDERS },
    spec: NONE,
  },

  // -- Google
  {
    id: "google-gemini-2.5-pro",
    why: "Gemini 2.5 Pro thinks with a budget of 128..32768 tokens and cannot switch thinking off.",
    match: { model: re(`${B}gemini-2\\.5-pro(?!.*(?:tts|image))`), providers: GOOGLE_PROVIDERS },
    spec: {
      kind: "budget",
      levels: ["minimal", "low", "medium", "high"],
      default: null,
      canDisable: false,
      wire: "gemini-budget",
      budgets: { minimal: 128, low: 2048, medium: 8192, high: 32768 },
      budgetRange: { min: 128, max: 32768 },
    },
  },
  {
    id: "google-gemini-2.5-flash-lite",
    why: "Gemini 2.5 Flash-Lite thinks only when given a budget (512..24576); 0 = off, the default.",
    match: { model: re(`${B}gemini-(?:2\\.5-)?flash-lite(?!.*(?:tts|image))`), providers: GOOGLE_PROVIDERS },
    spec: {
      kind: "budget",
      levels: ["off", "minimal", "low", "medium", "high"],
      default: "off",
      canDisable: true,
      wire: "gemini-budget",
      budgets: { off: 0, minimal: 512, low: 2048, medium: 8192, high: 24576 },
      budgetRange: { min: 512, max: 24576 },
    },
  },
  {
    id: "google-gemini-2.5-flash",
    why: "Gemini 2.5 Flash thinks with a budget of 0..24576 tokens (0 = off); dynamic by default.",
    match: { model: re(`${B}gemini-(?:2\\.5-flash|flash-latest)(?!.*(?:tts|image|lite))`), providers: GOOGLE_PROVIDERS },
    spec: {
      kind: "budget",
      levels: ["off", "minimal", "low", "medium", "high"],
      default: null,
      canDisable: true,
      wire: "gemini-budget",
      budgets: { off: 0, minimal: 128, low: 2048, medium: 8192, high: 24576 },
      budgetRange: { min: 0, max: 24576 },
    },
  },
  {
    id: "google-gemini-3-pro",
    why: "Gemini 3 Pro takes thinkingLevel low or high (default high); it cannot switch thinking off.",
    match: { model: re(`${B}gemini-3-pro(?!-image)`), providers: GOOGLE_PROVIDERS },
    spec: { kind: "effort", levels: ["low", "high"], default: "high", canDisable: false, wire: "gemini-level" },
  },
  {
    id: "google-gemini-3.x-pro",
    why: "Gemini 3.1+ Pro takes thinkingLevel low, medium or high.",
    match: { model: re(`${B}gemini-3\\.\\d+-pro(?!-image)`), providers: GOOGLE_PROVIDERS },
    spec: { kind: "effort", levels: ["low", "medium", "high"], default: "high", canDisable: false, wire: "gemini-level" },
  },
  {
    id: "google-gemini-3-flash-image",
    why: "Gemini 3 Flash image models take thinkingLevel minimal or high.",
    match: { model: re(`${B}gemini-3(?:\\.\\d+)?-flash-(?:lite-)?image`), providers: GOOGLE_PROVIDERS },
    spec: { kind: "effort", levels: ["minimal", "high"], default: "high", canDisable: false, wire: "gemini-level" },
  },
  {
    id: "google-gemini-3-flash",
    why: "Gemini 3 Flash / Flash-Lite take thinkingLevel minimal..high; minimal is the lowest (no off).",
    match: { model: re(`${B}gemini-3(?:\\.\\d+)?-flash`), providers: GOOGLE_PROVIDERS },
    spec: { kind: "effort", levels: ["minimal", "low", "medium", "high"], default: "high", canDisable: false, wire: "gemini-level" },
  },
  {
    id: "google-gemini-legacy",
    why: "Gemini 1.x and 2.0 do not think.",
    match: { model: re(`${B}gemini-(?:1\\.|2\\.0)`), providers: GOOGLE_PROVIDERS },
    spec: NONE,
  },

  // -- xAI
  {
    id: "xai-non-reasoning",
    why: "xAI's *-non-reasoning variants do not think.",
    match: { model: re(`${B}grok-[\\w.-]*non-reasoning`), providers: ["xai"] },
    spec: NONE,
  },
  {
    id: "xai-grok-3-mini",
    why: "grok-3-mini takes reasoning_effort low or high (default low) and always reasons.",
    match: { model: re(`${B}grok-3-mini`), providers: ["xai"] },
    spec: { kind: "effort", levels: ["low", "high"], default: "low", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "xai-grok-4.3",
    why: "grok-4.3 takes reasoning effort none..high.",
    match: { model: re(`${B}grok-4\\.3`), providers: ["xai"] },
    spec: {
      kind: "effort",
      levels: ["off", "low", "medium", "high"],
      default: null,
      canDisable: true,
      wire: "openai-effort",
      wireValues: OFF_NONE,
    },
  },
  {
    id: "xai-grok-4.20-multi-agent",
    why: "grok-4.20 multi-agent takes reasoning effort low..xhigh.",
    match: { model: re(`${B}grok-4[.-]20-multi-agent`), providers: ["xai"] },
    spec: { kind: "effort", levels: ["low", "medium", "high", "xhigh"], default: null, canDisable: false, wire: "openai-effort" },
  },
  {
    id: "xai-grok-4-always-on",
    why: "grok-4 family reasoning models always reason and reject reasoning_effort.",
    match: { model: re(`${B}grok-(?:4|code|build)`), providers: ["xai"] },
    spec: FIXED,
  },
  {
    id: "xai-grok-legacy",
    why: "grok-2 and grok-3 (not mini) do not think.",
    match: { model: re(`${B}grok-(?:2|3)(?!-mini)(?:$|[-.])`), providers: ["xai"] },
    spec: NONE,
  },

  // -- Z.ai GLM
  {
    id: "zai-glm-5.2-effort",
    why: "GLM-5.2 always thinks, with effort high or max.",
    match: { model: re(`${B}glm-5[.-]2`), providers: ZAI_PROVIDERS },
    spec: { kind: "effort", levels: ["high", "max"], default: "high", canDisable: false, wire: "openai-effort" },
  },
  {
    id: "zai-glm-toggle",
    why: "GLM-4.5+ hybrid models switch thinking on/off with thinking.type (on by default); no depth knob.",
    match: { model: re(`${B}glm-(?:4\\.[5-9]|5)`), providers: ZAI_PROVIDERS },
    spec: {
      kind: "toggle",
      levels: ["off", "medium"],
      default: "medium",
      canDisable: true,
      wire: "zai-thinking",
      wireProviders: ZAI_PROVIDERS,
    },
  },

  // -- DeepSeek
  {
    id: "deepseek-v4",
    why: "DeepSeek V4 switches thinking on/off and takes reasoning effort high or max.",
    match: { model: re(`${B}deepseek-v4`), providers: ["deepseek"] },
    spec: {
      kind: "effort",
      levels: ["off", "high", "max"],
      default: "high",
      canDisable: true,
      wire: "deepseek-thinking",
      wireProviders: ["deepseek"],
    },
  },
  {
    id: "deepseek-reasoner",
    why: "deepseek-reasoner and R1 always reason at their own depth and take no effort field.",
    match: { model: re(`${B}deepseek-(?:reasoner|r1)`), providers: ["deepseek"] },
    spec: FIXED,
  },
  {
    id: "deepseek-chat",
    why: "deepseek-chat is the non-thinking mode.",
    match: { model: re(`${B}deepseek-chat`), providers: ["deepseek"] },
    spec: NONE,
  },

  // -- Qwen
  {
    id: "groq-qwen3-32b",
    why: "Groq serves qwen3-32b with reasoning_effort none | default.",
    match: { model: re(`${B}qwen3-32b`), providers: ["groq"], exclusive: true },
    spec: {
      kind: "effort",
      levels: ["off", "medium"],
      default: "medium",
      canDisable: true,
      wire: "openai-effort",
      wireValues: { off: "none", medium: "default" },
    },
  },
  {
    id: "qwen-thinking-only",
    why: "Qwen *-thinking models always think; DashScope takes a thinking_budget.",
    match: { model: re(`${B}qwen[\\w.-]*-thinking`), providers: DASHSCOPE_PROVIDERS },
    spec: {
      kind: "budget",
      levels: ["minimal", "low", "medium", "high"],
      default: null,
      canDisable: false,
      wire: "qwen-enable-thinking",
      wireProviders: DASHSCOPE_PROVIDERS,
      budgets: GENERIC_BUDGETS,
      budgetRange: { min: null, max: null },
    },
  },
  {
    id: "qwen-qwq-qvq",
    why: "QwQ and QVQ always reason at their own depth.",
    match: { model: re(`${B}(?:qwq|qvq)`), providers: DASHSCOPE_PROVIDERS },
    spec: FIXED,
  },
  {
    id: "qwen3-open-hybrid",
    why: "Open-weight Qwen3 hybrid models switch thinking with enable_thinking (on by default) and take a thinking_budget.",
    match: { model: re(`${B}qwen3(?:\\.\\d+)?-\\d+b(?:-a\\d+b)?$`), providers: DASHSCOPE_PROVIDERS },
    spec: qwenHybrid("medium"),
  },
  {
    id: "qwen-commercial-hybrid",
    why: "Qwen Plus/Flash/Turbo/Max hybrid models switch thinking with enable_thinking (off by default) and take a thinking_budget.",
    match: { model: re(`${B}qwen(?:3(?:\\.\\d+)?)?-(?:plus|flash|turbo|max|vl-plus)`), providers: DASHSCOPE_PROVIDERS, reasoning: true },
    spec: qwenHybrid("off"),
  },

  // -- Mistral
  {
    id: "mistral-magistral",
    why: "Magistral models always reason.",
    match: { model: re(`${B}magistral`), providers: ["mistral"] },
    spec: FIXED,
  },
  {
    id: "mistral-effort",
    why: "Mistral Small 4 / Medium 3.5 take reasoning_effort none or high.",
    match: { model: re(`${B}mistral-(?:small|medium)-(?:2603|2604|latest)`), providers: ["mistral"], reasoning: true },
    spec: {
      kind: "effort",
      levels: ["off", "high"],
      default: null,
      canDisable: true,
      wire: "openai-effort",
      wireValues: OFF_NONE,
    },
  },
];

/**
 * Model id / display-name heuristics, used only when no provider rule and no models.dev options apply, and never
 * against an explicit `reasoning: false`. Their descriptors never send wire fields (source `model-id`).
 *
 * @example
 * ```ts
 * MODEL_ID_REASONING_RULES[0].match.model?.test("kimi-k2-thinking"); // true
 * ```
 */
export const MODEL_ID_REASONING_RULES: readonly ReasoningRule[] = [
  {
    id: "id-non-reasoning",
    why: "The id says non-reasoning.",
    match: { model: /non-?reasoning/ },
    spec: NONE,
  },
  {
    id: "id-thinking",
    why: "The id marks a thinking/reasoner variant (-thinking, :thinking, -reasoner, r1, qwq, magistral).",
    match: { model: /(?:^|[-_:/.])(?:thinking|think|reasoner|reasoning|r1|qwq|magistral)(?:$|[-_:/.])/ },
    spec: FIXED,
  },
  {
    id: "name-thinking",
    why: "The display name marks a thinking variant.",
    match: { name: /\b(?:thinking|reasoner|reasoning)\b/ },
    spec: FIXED,
  },
];
