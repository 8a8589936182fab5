import * as z from "zod";
import { ApiKindSchema } from "./api-kind.js";
import { SetupMethodSchema } from "./setup-method.js";

/**
 * How a provider's models are listed live. `none` means no listing endpoint (the catalog is the only source).
 *
 * @example
 * ```ts
 * DiscoveryKindSchema.parse("ollama");
 * ```
 */
export const DiscoveryKindSchema = z.enum([
  "openai-compatible",
  "anthropic",
  "google",
  "ollama",
  "lmstudio",
  "vllm",
  "openrouter",
  "litellm",
  "none",
]);

/**
 * One way to authenticate with a provider; a discriminated union on `type`. Env names are in priority order.
 *
 * @example
 * ```ts
 * AuthMethodSchema.parse({ type: "apiKey", env: ["OPENAI_API_KEY"], label: "API key" });
 * ```
 */
export const AuthMethodSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("apiKey"), env: z.array(z.string()), label: z.string().optional() }),
  z.object({ type: z.literal("token"), env: z.array(z.string()), label: z.string().optional() }),
  z.object({
    type: z.literal("oauth"),
    /** Device code (RFC 8628), PKCE (RFC 7636), or an external tool (gcloud ADC, a CLI). */
    flow: z.enum(["device_code", "pkce", "external"]),
    label: z.string().optional(),
  }),
  z.object({ type: z.literal("none"), label: z.string().optional() }),
]);

/**
 * Schema of a provider definition: the built-in catalog entries and plugin manifest providers share it.
 *
 * @example
 * ```ts
 * ProviderDefinitionSchema.parse({ id: "groq", name: "Groq", api: "openai-completions",
 *   baseUrl: "https://api.groq.com/openai/v1", auth: [{ type: "apiKey", env: ["GROQ_API_KEY"] }] });
 * ```
 */
export const ProviderDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, '.', '_' or '-'"),
  name: z.string(),
  /** Position in the default provider order (the Fased order is 1-28); `null` sorts after, by name. */
  order: z.number().int().positive().nullable().default(null),
  /** Legacy/compat providers still resolve but are not offered as first-run choices. */
  legacy: z.boolean().default(false),
  /** A local or self-hosted server (Ollama, LM Studio, vLLM, ...). */
  local: z.boolean().default(false),
  api: ApiKindSchema,
  baseUrl: z.string().nullable().default(null),
  auth: z.array(AuthMethodSchema).default([]),
  /** Env-var stem for key rotation (`OPENAI` gives `OPENAI_API_KEYS`, `OPENAI_API_KEY_1`, ...). Default: id upper-cased, `-` replaced by `_`. */
  envStem: z.string().optional(),
  /** Extra env names read after the rotation list (e.g. `GOOGLE_API_KEY` for google). */
  envFallbacks: z.array(z.string()).default([]),
  aliases: z.array(z.string()).default([]),
  discovery: DiscoveryKindSchema.default("none"),
  /**
   * The model listing at the default `baseUrl` rejects a bad key (401/403), so a successful listing there proves the
   * key. Trusted only for built-in providers probed at their own origin; anything else needs a negative control or a
   * live probe before status calls the key verified.
   */
  listingAuthenticates: z.boolean().optional(),
  /** Labels for setup UIs, e.g. `["Sign in", "API key"]`. */
  setupMethods: z.array(z.string()).default([]),
  /**
   * The setup methods as real choices (endpoint and api kind per method). Built-ins take theirs from
   * `refs/setup-methods.ts`; when absent they are derived from `setupMethods` and `auth`.
   */
  methods: z.array(SetupMethodSchema).optional(),
  /** The models.dev provider id when it differs from ours, or `null` when models.dev lacks this provider. */
  modelsDevId: z.string().nullable().optional(),
  /** One line for setup UIs: where to get a key, what the provider is. */
  docs: z.string().optional(),
});

/**
 * A provider definition after defaults are applied.
 *
 * @example
 * ```ts
 * const openai: ProviderDefinition | undefined = BUILTIN_PROVIDERS.find((p) => p.id === "openai");
 * ```
 */
export type ProviderDefinition = z.output<typeof ProviderDefinitionSchema>;

/**
 * A provider definition as written by hand (defaults optional).
 *
 * @example
 * ```ts
 * const input: ProviderDefinitionInput = { id: "x", name: "X", api: "openai-completions" };
 * ```
 */
export type ProviderDefinitionInput = z.input<typeof ProviderDefinitionSchema>;

/**
 * One authentication method.
 *
 * @example
 * ```ts
 * const method: AuthMethod = { type: "none" };
 * ```
 */
export type AuthMethod = z.infer<typeof AuthMethodSchema>;

/**
 * One discovery backend kind.
 *
 * @example
 * ```ts
 * const kind: DiscoveryKind = "openai-compatible";
 * ```
 */
export type DiscoveryKind = z.infer<typeof DiscoveryKindSchema>;
