import * as z from "zod";
import { ApiKindSchema } from "./api-kind.js";

/**
 * What kind of credential or input a setup method takes: an API key, a pasted token, a sign-in (OAuth), a local
 * server (URL + model, key optional), or a custom endpoint URL.
 *
 * @example
 * ```ts
 * SetupMethodKindSchema.parse("apiKey");
 * ```
 */
export const SetupMethodKindSchema = z.enum(["apiKey", "token", "oauth", "local", "url"]);

/**
 * One thing a setup screen asks for: a key, a token, a sign-in, a base URL or a model id; `optional` when the method
 * works without it.
 *
 * @example
 * ```ts
 * SetupAskSchema.parse({ what: "url", optional: true });
 * ```
 */
export const SetupAskSchema = z.object({
  what: z.enum(["key", "token", "sign-in", "url", "model"]),
  optional: z.boolean().default(false),
});

/**
 * One setup method of a provider (a row of Fased's "Normal setup methods"): a real choice, not a label. A credential
 * stored with `{ method: id }` is sent to the method's `baseUrl` with its `api` kind (each `undefined` = the
 * provider's default). `env` names the documented variables that hold a key for this method; `source` is the public
 * doc the endpoint was taken from.
 *
 * @example
 * ```ts
 * // A plugin manifest's own methods are checked before they are offered.
 * const checked = SetupMethodSchema.safeParse(manifestMethod);
 * if (!checked.success) report(`setup method skipped: ${checked.error.message}`);
 * ```
 */
export const SetupMethodSchema = z.object({
  /** Stable id, unique within the provider: what `setApiKey(p, key, { method })` takes and auth.json records. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and '-'"),
  kind: SetupMethodKindSchema,
  label: z.string().min(1),
  env: z.array(z.string()).optional(),
  /** The endpoint credentials of this method are sent to; `undefined` = the provider's base URL. */
  baseUrl: z.string().optional(),
  /** The wire protocol the endpoint speaks; `undefined` = the provider's api kind. */
  api: ApiKindSchema.optional(),
  /** What a setup screen asks for; derived from `kind` when absent. */
  asks: z.array(SetupAskSchema).optional(),
  /** URL of the public doc `baseUrl`/`api` come from. */
  source: z.string().optional(),
  /** One line for setup UIs (where to get the key, what is unconfirmed). */
  note: z.string().optional(),
});

/**
 * A setup method (see {@link SetupMethodSchema}).
 *
 * @example
 * ```ts
 * const m: SetupMethod = { id: "api-key", kind: "apiKey", label: "API key" };
 * ```
 */
export type SetupMethod = z.input<typeof SetupMethodSchema>;

/**
 * The kind of a setup method.
 *
 * @example
 * ```ts
 * const kind: SetupMethodKind = "oauth";
 * ```
 */
export type SetupMethodKind = z.infer<typeof SetupMethodKindSchema>;

/**
 * One input a setup method asks for.
 *
 * @example
 * ```ts
 * const ask: SetupAsk = { what: "key", optional: false };
 * ```
 */
export type SetupAsk = z.output<typeof SetupAskSchema>;
