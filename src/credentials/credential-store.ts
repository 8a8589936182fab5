import { RegistryError } from "../errors/registry-error.js";
import type { Storage } from "../ports.js";
import { normalizeProviderId } from "../refs/normalize-provider-id.js";
import { updateText } from "../storage/json-document.js";
import { AUTH_FILE_KEY, parseAuthFile, type AuthFile, type StoredCredential } from "./auth-file.js";
import type { OAuthCredentialInput } from "./oauth-credential.js";
import { Secret } from "../schema/secret.js";

/**
 * Options when storing a credential.
 *
 * @example
 * ```ts
 * await registry.setApiKey("openai", key, { label: "work", order: 1 });
 * ```
 */
export interface SetCredentialOptions {
  /** Shown in listings; also determines the id (`<provider>:<label-slug>`), so the same label replaces. */
  label?: string | undefined;
  /** Explicit pool position (lower first). */
  order?: number | null | undefined;
  /**
   * The provider's setup method this credential belongs to (an id from `listProviders()[i].methods`): calls with it go
   * to that method's endpoint and api kind. Omitted keeps the method of the credential it replaces; `null` clears it.
   */
  method?: string | null | undefined;
}

/**
 * CRUD over `auth.json` (owned credentials). Every write is an atomic read-modify-write; a damaged file is never
 * overwritten.
 *
 * @example
 * ```ts
 * const store = createCredentialStore({ storage, now: Date.now });
 * await store.setApiKey("openai", "sk-…", { label: "work" });
 * ```
 */
export interface CredentialStore {
  all(): Promise<StoredCredential[]>;
  forProvider(providerId: string): Promise<StoredCredential[]>;
  setApiKey(providerId: string, key: string | Secret, options?: SetCredentialOptions): Promise<{ credential: StoredCredential; replaced: boolean }>;
  setToken(
    providerId: string,
    token: string | Secret,
    options?: SetCredentialOptions & { expiresAt?: number | null | undefined },
  ): Promise<{ credential: StoredCredential; replaced: boolean }>;
  setOAuth(providerId: string, input: OAuthCredentialInput, options?: SetCredentialOptions): Promise<{ credential: StoredCredential; replaced: boolean }>;
  remove(providerId: string, credentialId?: string): Promise<StoredCredential[]>;
}

function slug(label: string): string {
  const s = label
    .toLowerCase()
    .replace(/[^a-z0-9@._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s === "" ? "default" : s;
}

const reveal = (v: string | Secret) => (typeof v === "string" ? v : v.reveal());

/** "an API key", "a token". */
const withArticle = (what: string) => `${/^(?:[aeiou]|API\b)/i.test(what) ? "an" : "a"} ${what}`;

function cleanValue(providerId: string, what: string, raw: string | Secret): string {
  const value = reveal(raw).replace(/[\r\n]+/g, "").trim();
  if (value === "" || value === "undefined") {
    throw new RegistryError({
      code: "invalid_credential",
      message: `Expected a non-empty ${what} for provider "${providerId}", found ${value === "" ? "an empty value" : '"undefined"'}.`,
      recovery: `Paste the ${what} itself, e.g. registry.setApiKey("${providerId}", "sk-…").`,
    });
  }
  const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value)?.[1] ?? (/^[A-Z][A-Z0-9]*_[A-Z0-9_]*(?:KEY|TOKEN|KEYS)$/.test(value) ? value : undefined);
  if (reference !== undefined) {
    throw new RegistryError({
      code: "credential_is_reference",
      message: `Expected ${withArticle(what)} value for provider "${providerId}", found what looks like an environment variable name (${reference}).`,
      recovery: `Env keys are read automatically: set ${reference} in the environment the registry is given, or paste the ${what} itself.`,
    });
  }
  if (/\s/.test(value)) {
    throw new RegistryError({
      code: "invalid_credential",
      message: `Expected ${withArticle(what)} without spaces for provider "${providerId}", found a value with ${value.split(/\s+/).length} space-separated parts.`,
      recovery: "Store one key per call; give each a label to keep several.",
    });
  }
  return value;
}

function serialize(file: AuthFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Create a {@link CredentialStore} over a storage port.
 *
 * @example
 * ```ts
 * const store = createCredentialStore({ storage: createMemoryStorage(), now: () => Date.now() });
 * ```
 */
export function createCredentialStore(deps: { storage: Storage; now: () => number }): CredentialStore {
  const { storage, now } = deps;

  async function read(): Promise<AuthFile> {
    return parseAuthFile((await storage.get(AUTH_FILE_KEY)) ?? undefined);
  }

  async function upsert(
    providerId: string,
    defaultLabel: string,
    options: SetCredentialOptions,
    build: (base: { id: string; providerId: string; label: string; order: number | null; createdAt: number; updatedAt: number; method?: string }) => StoredCredential,
  ): Promise<{ credential: StoredCredential; replaced: boolean }> {
    const pid = normalizeProviderId(providerId);
    const label = options.label?.trim() || defaultLabel;
    const id = `${pid}:${slug(label)}`;
    if (options.order !== undefined && options.order !== null && !Number.isInteger(options.order)) {
      throw new RegistryError({
        code: "invalid_option",
        message: `Expected order to be an integer, found ${String(options.order)}.`,
        recovery: "Pass e.g. { order: 1 } (lower is tried first), or omit it.",
      });
    }
    let credential: StoredCredential | undefined;
    let replaced = false;
    await updateText(storage, AUTH_FILE_KEY, (text) => {
      const file = parseAuthFile(text);
      const existing = file.credentials.find((c) => c.id === id);
      replaced = existing !== undefined;
      const t = now();
      const method = options.method === undefined ? existing?.method : (options.method ?? undefined);
      credential = build({
        id,
        providerId: pid,
        label,
        order: options.order === undefined ? (existing?.order ?? null) : options.order,
        createdAt: existing?.createdAt ?? t,
        updatedAt: t,
        // Written only when set, so auth.json files without methods stay byte-identical on rewrite.
        ...(method !== undefined ? { method } : {}),
      });
      const credentials = existing ? file.credentials.map((c) => (c.id === id ? credential! : c)) : [...file.credentials, credential];
      return serialize({ ...file, credentials });
    });
    return { credential: credential!, replaced };
  }

  return {
    async all() {
      return (await read()).credentials;
    },
    async forProvider(providerId) {
      const pid = normalizeProviderId(providerId);
      return (await read()).credentials.filter((c) => c.providerId === pid);
    },
    setApiKey(providerId, key, options = {}) {
      const value = cleanValue(providerId, "API key", key);
      return upsert(providerId, "default", options, (base) => ({ ...base, type: "apiKey", key: value }));
    },
    setToken(providerId, token, options = {}) {
      const value = cleanValue(providerId, "token", token);
      return upsert(providerId, "token", options, (base) => ({ ...base, type: "token", token: value, expiresAt: options.expiresAt ?? null }));
    },
    setOAuth(providerId, input, options = {}) {
      const access = cleanValue(providerId, "OAuth access token", input.access);
      const refresh = input.refresh === undefined || input.refresh === null ? null : cleanValue(providerId, "OAuth refresh token", input.refresh);
      if (!Number.isFinite(input.expiresAt)) {
        throw new RegistryError({
          code: "invalid_credential",
          message: `Expected expiresAt to be epoch milliseconds, found ${String(input.expiresAt)}.`,
          recovery: "Pass expiresAt: Date.now() + expires_in * 1000.",
        });
      }
      const accountId = input.accountId ?? null;
      return upsert(providerId, options.label ?? accountId ?? "oauth", options, (base) => ({
        ...base,
        type: "oauth",
        access,
        refresh,
        expiresAt: input.expiresAt,
        accountId,
      }));
    },
    async remove(providerId, credentialId) {
      const pid = normalizeProviderId(providerId);
      let removed: StoredCredential[] = [];
      await updateText(storage, AUTH_FILE_KEY, (text) => {
        const file = parseAuthFile(text);
        removed = file.credentials.filter((c) => c.providerId === pid && (credentialId === undefined || c.id === credentialId));
        if (removed.length === 0) return undefined;
        return serialize({ ...file, credentials: file.credentials.filter((c) => !removed.includes(c)) });
      });
      return removed;
    },
  };
}

/**
 * The value a stored credential sends on the wire (API key, token or OAuth access token), as a {@link Secret}.
 *
 * @example
 * ```ts
 * credentialValue(stored).reveal();
 * ```
 */
export function credentialValue(credential: StoredCredential): Secret {
  return new Secret(credential.type === "apiKey" ? credential.key : credential.type === "token" ? credential.token : credential.access);
}
