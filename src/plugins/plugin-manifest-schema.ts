import * as z from "zod";
import { THINKING_LEVELS } from "../schema/thinking-levels.js";
import { AuthMethodSchema, DiscoveryKindSchema } from "../schema/provider-definition.js";

const EnvNames = z.union([z.string().min(1).transform((s) => [s]), z.array(z.string().min(1))]);

/**
 * Auth as a plugin manifest writes it: the short form `{ type: "apiKey", env: "VAR" }` (env may be a string or a
 * list), or the full list of auth methods of the provider schema.
 *
 * @example
 * ```ts
 * PluginAuthSchema.parse({ type: "apiKey", env: "ALIBABA_CODING_PLAN_KEY" });
 * ```
 */
export const PluginAuthSchema = z.union([
  z.looseObject({ type: z.enum(["apiKey", "token"]), env: EnvNames.optional(), label: z.string().optional() }),
  z.looseObject({ type: z.literal("none"), label: z.string().optional() }),
  z.array(AuthMethodSchema),
]);

/**
 * A model a plugin declares. Accepts the registry's metadata names and the models.json names (`maxTokens`,
 * `cacheRead`...) so manifests written for pi/OpenClaw-style hosts work unchanged.
 *
 * @example
 * ```ts
 * PluginModelSchema.parse({ id: "qwen3-coder-plus", name: "Qwen3 Coder Plus", contextWindow: 1000000, reasoning: false });
 * ```
 */
export const PluginModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  family: z.string().optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  maxTokens: z.number().int().positive().optional(),
  input: z.array(z.string()).optional(),
  output: z.array(z.string()).optional(),
  tools: z.boolean().optional(),
  json: z.boolean().optional(),
  reasoning: z.boolean().optional(),
  thinkingLevels: z.array(z.enum(THINKING_LEVELS)).optional(),
  defaultThinkingLevel: z.enum(THINKING_LEVELS).optional(),
  cost: z
    .looseObject({
      input: z.number().nonnegative().optional(),
      output: z.number().nonnegative().optional(),
      cacheRead: z.number().nonnegative().optional(),
      cacheWrite: z.number().nonnegative().optional(),
    })
    .optional(),
  knowledge: z.string().optional(),
  releaseDate: z.string().optional(),
  openWeights: z.boolean().optional(),
});

/**
 * One default tier a plugin suggests. `model` is `provider/model`, or a bare model id of the declaring provider.
 *
 * @example
 * ```ts
 * PluginTierSchema.parse({ model: "qwen3-coder-plus", thinking: "medium" });
 * ```
 */
export const PluginTierSchema = z.looseObject({
  model: z.string().min(1),
  thinking: z.enum(THINKING_LEVELS).optional(),
});

const TierNameSchema = z.enum(["LOW", "MED", "HIGH"]);

/**
 * Default tiers as a record (`{ LOW: { model, thinking } }`) or a list (`[{ tier, model, thinking }]`).
 *
 * @example
 * ```ts
 * PluginTiersSchema.parse({ HIGH: { model: "qwen3-max", thinking: "high" } });
 * ```
 */
export const PluginTiersSchema = z.union([
  z.partialRecord(TierNameSchema, PluginTierSchema),
  z.array(PluginTierSchema.extend({ tier: TierNameSchema })),
]);

/**
 * One provider in a plugin manifest: the provider-definition fields (id, name, api, baseUrl, auth, ...) plus an
 * optional model list and default tiers. `api` defaults to `openai-completions`. Unknown fields are ignored.
 *
 * @example
 * ```ts
 * PluginProviderSchema.parse({ id: "alibaba-coding-plan", name: "Alibaba Coding Plan",
 *   baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1", auth: { type: "apiKey", env: "ALIBABA_CODING_PLAN_KEY" } });
 * ```
 */
export const PluginProviderSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, '.', '_' or '-'"),
  name: z.string().min(1),
  /** Kept as a plain string here so an unknown api kind is reported as incompatible, not as malformed. */
  api: z.string().optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  auth: PluginAuthSchema.optional(),
  order: z.number().int().positive().optional(),
  local: z.boolean().optional(),
  envStem: z.string().optional(),
  envFallbacks: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
  discovery: DiscoveryKindSchema.optional(),
  setupMethods: z.array(z.string()).optional(),
  docs: z.string().optional(),
  models: z.array(z.unknown()).optional(),
  tiers: z.unknown().optional(),
  defaultTiers: z.unknown().optional(),
});

/**
 * The manifest object under `pkg[manifestKey]`: `{ schemaVersion?: 1, enabledByDefault?: boolean, providers: [...],
 * tiers? }`. `enabledByDefault: false` ships the plugin disabled: its providers are not offered until the user calls
 * `registry.plugins.enable(<package name>)`.
 *
 * @example
 * ```ts
 * // Plugin authors check their manifest in their own package's tests.
 * const pkg = JSON.parse(await readFile("package.json", "utf8"));
 * expect(PluginManifestSchema.safeParse(pkg.modelRegistry).success).toBe(true);
 * ```
 */
export const PluginManifestSchema = z.looseObject({
  schemaVersion: z.number().int().positive().optional(),
  enabledByDefault: z.boolean().optional(),
  providers: z.array(z.unknown()).optional(),
  tiers: z.unknown().optional(),
  defaultTiers: z.unknown().optional(),
});

/**
 * The manifest format version this package understands; a manifest declaring a higher `schemaVersion` is skipped
 * as incompatible.
 *
 * @example
 * ```ts
 * if ((manifest.schemaVersion ?? 1) > PLUGIN_MANIFEST_VERSION) console.warn("newer manifest");
 * ```
 */
export const PLUGIN_MANIFEST_VERSION = 1;
