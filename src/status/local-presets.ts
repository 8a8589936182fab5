import type { ApiKind } from "../schema/api-kind.js";
import type { DiscoveryKind } from "../schema/provider-definition.js";

/**
 * A ready-made local/manual provider route: what to write into models.json and how to list its models.
 *
 * @example
 * ```ts
 * const ollama = LOCAL_PRESETS.find((p) => p.id === "ollama");
 * ollama?.baseUrl; // "http://127.0.0.1:11434"
 * ```
 */
export interface LocalPreset {
  /** Preset id, passed to `local.add({ preset })`. */
  id: "ollama" | "lmstudio" | "vllm" | "litellm" | "sglang" | "custom-openai" | "custom-anthropic" | "cloudflare-ai-gateway";
  name: string;
  /** The models.json provider id written by default. */
  providerId: string;
  /** Default base URL, or `null` when the user must supply one (custom endpoints, Cloudflare's per-account route). */
  baseUrl: string | null;
  /** Shape of the URL to fill in when `baseUrl` is `null`. */
  baseUrlTemplate: string | null;
  api: ApiKind;
  discovery: DiscoveryKind;
  /** Whether the server needs a key: `none` (never asks), `optional` (off by default), `required`. */
  auth: "none" | "optional" | "required";
  /** Env variables that override the base URL (`OLLAMA_HOST`). */
  hostEnv: string[];
  /** One line for setup UIs. */
  notes: string;
}

/**
 * The local/manual routes the product docs name, with default URLs. Ollama uses its native API at
 * `http://127.0.0.1:11434` — never `/v1`, where tool calls break.
 *
 * @example
 * ```ts
 * for (const p of LOCAL_PRESETS) console.log(p.name, p.baseUrl ?? p.baseUrlTemplate);
 * ```
 */
export const LOCAL_PRESETS: readonly LocalPreset[] = Object.freeze([
  {
    id: "ollama",
    name: "Ollama",
    providerId: "ollama",
    baseUrl: "http://127.0.0.1:11434",
    baseUrlTemplate: null,
    api: "ollama",
    discovery: "ollama",
    auth: "none",
    hostEnv: ["OLLAMA_HOST"],
    notes: "Native /api/chat at http://127.0.0.1:11434, not /v1. Models via /api/tags and /api/show.",
  },
  {
    id: "lmstudio",
    name: "LM Studio",
    providerId: "lmstudio",
    baseUrl: "http://127.0.0.1:1234/v1",
    baseUrlTemplate: null,
    api: "openai-completions",
    discovery: "lmstudio",
    auth: "optional",
    hostEnv: [],
    notes: "OpenAI-compatible on localhost:1234; models from its local catalog (/api/v1/models), loaded or not.",
  },
  {
    id: "vllm",
    name: "vLLM",
    providerId: "vllm",
    baseUrl: "http://127.0.0.1:8000/v1",
    baseUrlTemplate: null,
    api: "openai-completions",
    discovery: "vllm",
    auth: "optional",
    hostEnv: [],
    notes: "`vllm serve <model>`; a key only when started with --api-key. LoRA adapters are listed as models.",
  },
  {
    id: "litellm",
    name: "LiteLLM",
    providerId: "litellm",
    baseUrl: "http://127.0.0.1:4000",
    baseUrlTemplate: null,
    api: "openai-completions",
    discovery: "litellm",
    auth: "optional",
    hostEnv: [],
    notes: "A LiteLLM proxy; limits and prices from /model/info. Use the master or a virtual key when the proxy has one.",
  },
  {
    id: "sglang",
    name: "SGLang",
    providerId: "sglang",
    baseUrl: "http://127.0.0.1:30000/v1",
    baseUrlTemplate: null,
    api: "openai-completions",
    discovery: "vllm",
    auth: "optional",
    hostEnv: [],
    notes: "SGLang's OpenAI-compatible server (default port 30000).",
  },
  {
    id: "custom-openai",
    name: "Custom OpenAI-compatible",
    providerId: "custom",
    baseUrl: null,
    baseUrlTemplate: "http://<host>:<port>/v1",
    api: "openai-completions",
    discovery: "openai-compatible",
    auth: "optional",
    hostEnv: [],
    notes: "Any server speaking /v1/chat/completions and /v1/models.",
  },
  {
    id: "custom-anthropic",
    name: "Custom Anthropic-compatible",
    providerId: "custom-anthropic",
    baseUrl: null,
    baseUrlTemplate: "https://<host>/anthropic",
    api: "anthropic-messages",
    discovery: "anthropic",
    auth: "required",
    hostEnv: [],
    notes: "Any server speaking Anthropic's /v1/messages (and /v1/models for discovery).",
  },
  {
    id: "cloudflare-ai-gateway",
    name: "Cloudflare AI Gateway",
    providerId: "cloudflare-ai-gateway",
    baseUrl: null,
    baseUrlTemplate: "https://gateway.ai.cloudflare.com/v1/<account_id>/<gateway_id>/compat",
    api: "openai-completions",
    discovery: "none",
    auth: "required",
    hostEnv: [],
    notes: "OpenAI-compatible gateway route per account and gateway; models are named <provider>/<model>.",
  },
] satisfies LocalPreset[]);

/**
 * Look up a preset by id.
 *
 * @example
 * ```ts
 * getLocalPreset("vllm")?.baseUrl; // "http://127.0.0.1:8000/v1"
 * ```
 */
export function getLocalPreset(id: string): LocalPreset | undefined {
  return LOCAL_PRESETS.find((p) => p.id === id);
}
