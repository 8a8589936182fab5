import type { ProviderDefinition } from "../schema/provider-definition.js";
import type { SetupMethod, SetupMethodKind } from "../schema/setup-method.js";

/*
 * The setup methods of Fased's provider table ("Normal setup methods", seed 002) as real choices. Every endpoint and
 * api kind below names the public doc it came from (`source`); where a doc could not be found the entry says so in
 * `note` and keeps the provider's default endpoint rather than guessing one. Plain data: nothing is built or parsed
 * at import time. `test/refs/setup-methods.test.ts` validates every entry against SetupMethodSchema.
 */

const ZAI_API_DOC = "https://docs.z.ai/api-reference/introduction";
const BIGMODEL_HTTP_DOC = "https://docs.bigmodel.cn/cn/guide/develop/http/introduction";
const MINIMAX_ANTHROPIC_DOC = "https://platform.minimax.io/docs/api-reference/text-anthropic-api";
const MINIMAX_CN_ANTHROPIC_DOC = "https://platform.minimaxi.com/docs/api-reference/text-anthropic-api";

const key = (what: "key" | "token" | "sign-in" | "url" | "model", optional = false) => ({ what, optional });

/** Setup methods by provider id, in the order of Fased's table. */
const TABLE: Readonly<Record<string, readonly SetupMethod[]>> = {
  openai: [
    {
      id: "sign-in",
      kind: "oauth",
      label: "Sign in",
      // ChatGPT sign-in tokens are not accepted by api.openai.com; they reach the ChatGPT backend the built-in
      // openai-codex provider names (pi-ai's provider table).
      baseUrl: "https://chatgpt.com/backend-api",
      api: "openai-codex-responses",
      source: "built-in provider openai-codex (pi-ai provider table)",
      note: "ChatGPT subscription sign-in; its models are listed under openai-codex.",
    },
    { id: "api-key", kind: "apiKey", label: "API key", env: ["OPENAI_API_KEY"] },
  ],
  anthropic: [
    { id: "sign-in", kind: "oauth", label: "Sign in" },
    { id: "token", kind: "token", label: "Token", env: ["ANTHROPIC_OAUTH_TOKEN"], note: "Paste the output of `claude setup-token`." },
    { id: "api-key", kind: "apiKey", label: "API key", env: ["ANTHROPIC_API_KEY"] },
  ],
  chutes: [
    { id: "sign-in", kind: "oauth", label: "Sign in" },
    { id: "api-key", kind: "apiKey", label: "API key", env: ["CHUTES_API_KEY"] },
  ],
  ollama: [{ id: "native-url", kind: "local", label: "Native URL and model", asks: [key("url", true), key("model")], note: "Use http://127.0.0.1:11434, not /v1." }],
  lmstudio: [
    {
      id: "local-url",
      kind: "local",
      label: "Local URL, optional token, and model key",
      env: ["LM_API_TOKEN", "LMSTUDIO_API_KEY"],
      asks: [key("url", true), key("token", true), key("model")],
    },
  ],
  vllm: [{ id: "custom-url", kind: "local", label: "Custom URL and model", env: ["VLLM_API_KEY"], asks: [key("url"), key("model"), key("key", true)] }],
  minimax: [
    // MiniMax sign-in (OpenClaw's minimax-portal) answers on the provider's Anthropic-compatible endpoint; which
    // region a sign-in lands in is not documented, so the provider default (global) is kept.
    { id: "sign-in", kind: "oauth", label: "Sign in" },
    { id: "api-key", kind: "apiKey", label: "API key", env: ["MINIMAX_API_KEY"], baseUrl: "https://api.minimax.io/anthropic", api: "anthropic-messages", source: MINIMAX_ANTHROPIC_DOC },
    { id: "api-key-cn", kind: "apiKey", label: "API key CN", baseUrl: "https://api.minimaxi.com/anthropic", api: "anthropic-messages", source: MINIMAX_CN_ANTHROPIC_DOC },
    {
      id: "highspeed-api-key",
      kind: "apiKey",
      label: "Highspeed API key",
      baseUrl: "https://api.minimax.io/anthropic",
      api: "anthropic-messages",
      source: MINIMAX_ANTHROPIC_DOC,
      // Both MiniMax docs list highspeed as model variants (MiniMax-M2.7-highspeed, ...) on the same endpoint; no
      // separate highspeed endpoint is documented.
      note: "Highspeed is a model variant (e.g. MiniMax-M2.7-highspeed) on the global endpoint; pick a -highspeed model.",
    },
  ],
  moonshot: [
    { id: "kimi-api-key", kind: "apiKey", label: "Kimi API key", env: ["MOONSHOT_API_KEY"], baseUrl: "https://api.moonshot.ai/v1", api: "openai-completions", source: "product doc seed 001 (model providers page, Moonshot AI section); https://platform.kimi.com/docs/api/overview" },
    { id: "kimi-cn-api-key", kind: "apiKey", label: "Kimi CN API key", baseUrl: "https://api.moonshot.cn/v1", api: "openai-completions", source: "https://platform.kimi.com/docs/api/overview" },
    {
      id: "kimi-code-api-key",
      kind: "apiKey",
      label: "Kimi Code API key",
      // Same endpoint as the built-in kimi-coding provider. Kimi's own docs for it were not found (unconfirmed by
      // the vendor): product doc seed 001 says Kimi Coding uses Moonshot's Anthropic-compatible endpoint, and
      // MoonshotAI's kimi-cli discussion #2497 gives https://api.kimi.com/coding/v1 for OpenAI-style clients.
      baseUrl: "https://api.kimi.com/coding",
      api: "anthropic-messages",
      source: "product doc seed 001 (Kimi Coding section); https://github.com/MoonshotAI/kimi-cli/discussions/2497",
      note: "Keys from the Kimi Code console (sk-kimi-…); model ids there differ (e.g. kimi-for-coding).",
    },
  ],
  google: [
    { id: "gemini-api-key", kind: "apiKey", label: "Gemini API key", env: ["GEMINI_API_KEY", "GOOGLE_API_KEY"] },
    {
      id: "sign-in",
      kind: "oauth",
      label: "Sign in",
      // The Gemini CLI sign-in: same endpoint and wire as the built-in google-gemini-cli provider (pi-ai).
      baseUrl: "https://cloudcode-pa.googleapis.com",
      api: "google-gemini-cli",
      source: "built-in provider google-gemini-cli (pi-ai provider table)",
      note: "Needs the google-gemini-cli-auth login flow; stream() does not speak google-gemini-cli (run() does).",
    },
  ],
  qwen: [
    {
      id: "coding-plan-api-key",
      kind: "apiKey",
      label: "Coding Plan API key",
      env: ["ALIBABA_CODING_PLAN_API_KEY"],
      // Coding Plan keys (sk-sp-…) only work on the dedicated coding host. The international host comes from Model
      // Studio's API-key doc (coding-intl.dashscope.aliyuncs.com/apps/anthropic); the OpenAI-compatible path /v1 from
      // its "More tools" doc (coding.dashscope.aliyuncs.com/v1 for China); the OpenClaw Qwen provider docs use
      // https://coding-intl.dashscope.aliyuncs.com/v1 for global Coding Plan keys.
      baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1",
      api: "openai-completions",
      source: "https://www.alibabacloud.com/help/en/model-studio/get-api-key; https://help.aliyun.com/en/model-studio/more-tools",
      note: "China-region Coding Plan keys use https://coding.dashscope.aliyuncs.com/v1 (set it as the provider's baseUrl in models.json).",
    },
    {
      id: "dashscope-api-key",
      kind: "apiKey",
      label: "DashScope API key",
      env: ["DASHSCOPE_API_KEY"],
      baseUrl: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
      api: "openai-completions",
      source: "https://www.alibabacloud.com/help/en/model-studio/base-url",
    },
  ],
  zai: [
    { id: "coding-plan-global", kind: "apiKey", label: "Coding Plan Global", baseUrl: "https://api.z.ai/api/coding/paas/v4", api: "openai-completions", source: ZAI_API_DOC },
    { id: "coding-plan-cn", kind: "apiKey", label: "Coding Plan CN", baseUrl: "https://open.bigmodel.cn/api/coding/paas/v4", api: "openai-completions", source: BIGMODEL_HTTP_DOC },
    { id: "global-api-key", kind: "apiKey", label: "Global API key", baseUrl: "https://api.z.ai/api/paas/v4", api: "openai-completions", source: ZAI_API_DOC },
    { id: "cn-api-key", kind: "apiKey", label: "CN API key", baseUrl: "https://open.bigmodel.cn/api/paas/v4", api: "openai-completions", source: BIGMODEL_HTTP_DOC },
  ],
  "github-copilot": [
    { id: "github-sign-in", kind: "oauth", label: "GitHub sign in", env: ["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"] },
    {
      id: "proxy-sign-in",
      kind: "local",
      label: "Proxy sign in",
      // The Copilot Proxy VS Code extension serves an OpenAI-compatible API; OpenClaw's copilot-proxy plugin
      // defaults to this URL ("Base URL must include /v1") and sends no real key.
      baseUrl: "http://localhost:3000/v1",
      api: "openai-completions",
      asks: [key("url", true), key("model")],
      source: "https://docs.openclaw.ai/plugins/reference/copilot-proxy (extensions/copilot-proxy DEFAULT_BASE_URL)",
      note: "Copilot Proxy must be running in VS Code.",
    },
  ],
  huggingface: [{ id: "token", kind: "token", label: "Token", env: ["HUGGINGFACE_HUB_TOKEN", "HF_TOKEN"] }],
  litellm: [{ id: "api-key", kind: "apiKey", label: "API key plus base URL when needed", env: ["LITELLM_API_KEY"], asks: [key("key"), key("url", true)] }],
  "cloudflare-ai-gateway": [
    {
      id: "api-key",
      kind: "apiKey",
      label: "API key plus gateway route",
      env: ["CLOUDFLARE_AI_GATEWAY_API_KEY", "CLOUDFLARE_API_TOKEN"],
      asks: [key("key"), key("url")],
      note: "The route is https://gateway.ai.cloudflare.com/v1/<account_id>/<gateway_id>/compat.",
    },
  ],
  custom: [{ id: "base-url", kind: "url", label: "Base URL, model id, and optional key", asks: [key("url"), key("model"), key("key", true)] }],
  sglang: [{ id: "custom-url", kind: "local", label: "Custom URL and model", env: ["SGLANG_API_KEY"], asks: [key("url", true), key("model"), key("key", true)] }],
  "azure-openai-responses": [{ id: "api-key", kind: "apiKey", label: "API key and resource name", env: ["AZURE_OPENAI_API_KEY"], asks: [key("key"), key("url")] }],
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const kindOfLabel = (label: string): SetupMethodKind =>
  /sign[ -]?in|credentials|adc\b/i.test(label) ? "oauth" : /token/i.test(label) ? "token" : /url|route|resource/i.test(label) ? "url" : "apiKey";

const slug = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "method";

/** Methods from a definition's labels and auth entries: one per label, env from the auth entries of the same kind. */
function derive(definition: ProviderDefinition): readonly SetupMethod[] {
  const labels = definition.setupMethods.length > 0 ? definition.setupMethods : definition.auth.flatMap((a) => (a.label ? [a.label] : []));
  const seen = new Set<string>();
  const out: SetupMethod[] = [];
  for (const label of labels) {
    const kind = kindOfLabel(label);
    let id = slug(label);
    for (let n = 2; seen.has(id); n++) id = `${slug(label)}-${n}`;
    seen.add(id);
    const env = definition.auth.flatMap((a) => (a.type === kind && (a.type === "apiKey" || a.type === "token") ? a.env : []));
    out.push({ id, kind, label, ...(env.length > 0 ? { env } : {}) });
  }
  return out;
}

const derived = new WeakMap<ProviderDefinition, readonly SetupMethod[]>();

/**
 * The setup methods of a provider: the definition's own `methods`, else the built-in table above (Fased's "Normal
 * setup methods" with endpoints), else one per `setupMethods` label. Cached per definition (definitions are frozen).
 *
 * @example
 * ```ts
 * const zai = getBuiltinProvider("zai")!;
 * setupMethodsOf(zai).map((m) => m.id); // ["coding-plan-global", "coding-plan-cn", "global-api-key", "cn-api-key"]
 * ```
 */
export function setupMethodsOf(definition: ProviderDefinition): readonly SetupMethod[] {
  if (definition.methods) return definition.methods;
  let methods = derived.get(definition);
  if (methods === undefined) {
    methods = deepFreeze(TABLE[definition.id] ?? derive(definition));
    derived.set(definition, methods);
  }
  return methods;
}

/**
 * The method an environment variable implies: the one method whose `env` names it, or `null` when none (or more
 * than one) does.
 *
 * @example
 * ```ts
 * methodForEnv(setupMethodsOf(getBuiltinProvider("qwen")!), "ALIBABA_CODING_PLAN_API_KEY")?.id; // "coding-plan-api-key"
 * ```
 */
export function methodForEnv(methods: readonly SetupMethod[], variable: string): SetupMethod | null {
  const matches = methods.filter((m) => m.env?.includes(variable) === true);
  return matches.length === 1 ? matches[0]! : null;
}
