import { AUTH_JSON_KEY } from "../storage/storage-keys.js";
import * as z from "zod";
import { lazySchema } from "../errors/check-argument.js";
import type { ConfigError } from "../errors/config-error.js";
import { parseJsonDocument } from "../storage/damaged-document.js";

// The fields every stored credential has (a function, so nothing is built at import).
const baseFields = () => ({
  /** `<providerId>:<label-slug>`; stable, shown in listings, used to replace or remove. */
  id: z.string().min(1),
  providerId: z.string().min(1),
  label: z.string(),
  /** Explicit position in the provider's pool (lower first); `null` = use the default ordering. */
  order: z.number().int().nullable().default(null),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The provider setup method the credential was stored with (`coding-plan-cn`, ...); absent = the provider default. */
  method: z.string().min(1).optional(),
});


/**
 * One stored credential in `auth.json`, a discriminated union on `type`. The values are stored because the user
 * gave them to the registry to keep (owned credentials); env-backed keys are never stored.
 *
 * @example
 * ```ts
 * StoredCredentialSchema().parse({ id: "openai:default", providerId: "openai", label: "default", type: "apiKey",
 *   key: "sk-...", createdAt: 0, updatedAt: 0 });
 * ```
 */
export const StoredCredentialSchema = lazySchema(() => {
  const base = baseFields();
  return z.discriminatedUnion("type", [
    z.looseObject({ ...base, type: z.literal("apiKey"), key: z.string().min(1) }),
    z.looseObject({ ...base, type: z.literal("token"), token: z.string().min(1), expiresAt: z.number().nullable().default(null) }),
    z.looseObject({
      ...base,
      type: z.literal("oauth"),
      access: z.string().min(1),
      refresh: z.string().nullable().default(null),
      /** Epoch ms when the access token expires (as issued; the 5-minute skew is applied when checking). */
      expiresAt: z.number(),
      accountId: z.string().nullable().default(null),
    }),
  ]);
});

/**
 * A stored credential.
 *
 * @example
 * ```ts
 * function isOAuth(c: StoredCredential) { return c.type === "oauth"; }
 * ```
 */
export type StoredCredential = z.output<ReturnType<typeof StoredCredentialSchema>>;

/**
 * Schema of the `auth.json` storage key. `version` lets a future format migrate instead of guessing; unknown
 * top-level fields are kept.
 *
 * @example
 * ```ts
 * const file = AuthFileSchema().parse(JSON.parse(text));
 * ```
 */
export const AuthFileSchema = lazySchema(() =>
  z.looseObject({
    version: z.literal(1),
    credentials: z.array(StoredCredentialSchema()).default([]),
  }),
);

/**
 * Contents of `auth.json`.
 *
 * @example
 * ```ts
 * const empty: AuthFile = { version: 1, credentials: [] };
 * ```
 */
export type AuthFile = z.output<ReturnType<typeof AuthFileSchema>>;

/**
 * Storage key of the credentials document.
 *
 * @example
 * ```ts
 * await storage.get(AUTH_FILE_KEY);
 * ```
 */
export const AUTH_FILE_KEY = AUTH_JSON_KEY;

/**
 * Parse the stored text of `auth.json` without failing on damage: absent or empty → no credentials; a file that does
 * not parse or fails its schema → no credentials plus `damage` (the error writes refuse with). A leading BOM is
 * stripped. Messages name schema paths, never values (a value there is a key).
 *
 * @example
 * ```ts
 * const { file, damage } = readAuthFile(await storage.get("auth.json"));
 * if (damage) report("credentials_unreadable", damage.message);
 * ```
 */
export function readAuthFile(text: string | undefined | null): { file: AuthFile; damage: ConfigError | null } {
  const { value, damage } = parseJsonDocument(AUTH_FILE_KEY, text, AuthFileSchema(), { version: 1, credentials: [] });
  return { file: value, damage };
}

/**
 * Parse the stored text of `auth.json` (absent or empty → no credentials; a leading BOM is stripped). Throws a
 * `ConfigError` (`storage_unparsable` / `storage_invalid`, naming the file and its backup) rather than treating a
 * damaged file as empty, so it is never overwritten.
 *
 * @example
 * ```ts
 * const file = parseAuthFile(await storage.get("auth.json") ?? undefined);
 * ```
 */
export function parseAuthFile(text: string | undefined | null): AuthFile {
  const { file, damage } = readAuthFile(text);
  if (damage) throw damage;
  return file;
}
