import { z } from "zod";
import { RegistryError } from "../errors/registry-error.js";

const base = {
  /** `<providerId>:<label-slug>`; stable, shown in listings, used to replace or remove. */
  id: z.string().min(1),
  providerId: z.string().min(1),
  label: z.string(),
  /** Explicit position in the provider's pool (lower first); `null` = use the default ordering. */
  order: z.number().int().nullable().default(null),
  createdAt: z.number(),
  updatedAt: z.number(),
};

/**
 * One stored credential in `auth.json`, a discriminated union on `type`. The values are stored because the user
 * gave them to the registry to keep (owned credentials); env-backed keys are never stored.
 *
 * @example
 * ```ts
 * StoredCredentialSchema.parse({ id: "openai:default", providerId: "openai", label: "default", type: "apiKey",
 *   key: "sk-...", createdAt: 0, updatedAt: 0 });
 * ```
 */
export const StoredCredentialSchema = z.discriminatedUnion("type", [
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

/**
 * A stored credential.
 *
 * @example
 * ```ts
 * function isOAuth(c: StoredCredential) { return c.type === "oauth"; }
 * ```
 */
export type StoredCredential = z.output<typeof StoredCredentialSchema>;

/**
 * Schema of the `auth.json` storage key. `version` lets a future format migrate instead of guessing; unknown
 * top-level fields are kept.
 *
 * @example
 * ```ts
 * const file = AuthFileSchema.parse(JSON.parse(text));
 * ```
 */
export const AuthFileSchema = z.looseObject({
  version: z.literal(1),
  credentials: z.array(StoredCredentialSchema).default([]),
});

/**
 * Contents of `auth.json`.
 *
 * @example
 * ```ts
 * const empty: AuthFile = { version: 1, credentials: [] };
 * ```
 */
export type AuthFile = z.output<typeof AuthFileSchema>;

/**
 * Storage key of the credentials document.
 *
 * @example
 * ```ts
 * await storage.get(AUTH_FILE_KEY);
 * ```
 */
export const AUTH_FILE_KEY = "auth.json";

/**
 * Parse the stored text of `auth.json` (absent or empty → no credentials). Throws a `RegistryError`
 * (`storage_unparsable` / `storage_invalid`) rather than treating a damaged file as empty, so it is never overwritten.
 *
 * @example
 * ```ts
 * const file = parseAuthFile(await storage.get("auth.json") ?? undefined);
 * ```
 */
export function parseAuthFile(text: string | undefined | null): AuthFile {
  if (text === undefined || text === null || text === "") return { version: 1, credentials: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new RegistryError({
      code: "storage_unparsable",
      message: 'Expected "auth.json" in storage to hold JSON, found text that does not parse.',
      recovery: 'Restore "auth.json" from its backup; the registry will not overwrite it meanwhile.',
      cause,
    });
  }
  const parsed = AuthFileSchema.safeParse(raw);
  if (!parsed.success) {
    // Issue paths only: zod messages can quote the offending value, which may be a key.
    throw new RegistryError({
      code: "storage_invalid",
      message: `Expected "auth.json" to match its schema (version 1, credentials[]), found problems at: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => i.path.join(".") || "(root)")
        .join(", ")}.`,
      recovery: 'Fix or restore "auth.json"; the registry will not overwrite it meanwhile.',
    });
  }
  return parsed.data;
}
