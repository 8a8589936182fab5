import { isCredentialHeader, isCredentialParamName } from "./redact.js";

/**
 * What a request declares about its credentials. Header values arrive as plain strings: the edge never needs (or
 * imports) the credentials area, only to know which parts of a request must stay on their origin.
 *
 * @example
 * ```ts
 * const parts: CredentialParts = { url, headers: { accept: "application/json" }, credentialHeaders: { "x-custom-auth": token } };
 * ```
 */
export interface CredentialParts {
  url: string;
  /** Ordinary headers; well-known credential names among them (`Authorization`, `x-api-key`, ...) still count. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Headers the caller marks as credentials (e.g. every header from models.json `headers`). */
  credentialHeaders?: Readonly<Record<string, string>> | undefined;
  /** The body holds a secret (OAuth grants: refresh tokens, device codes, client secrets). */
  bodyCarriesCredential?: boolean | undefined;
}

/**
 * Name every part of a request that carries a credential (`x-api-key`, `?key`, `user-info`, `body`), never a value.
 * An empty list means the request carries none and may follow a redirect to another origin.
 *
 * @example
 * ```ts
 * credentialCarriers({ url: "https://x.dev/v1?key=abc", headers: { accept: "application/json" } }); // ["?key"]
 * ```
 */
export function credentialCarriers(parts: CredentialParts): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(parts.headers ?? {})) {
    if (value !== "" && isCredentialHeader(name, value)) out.push(name.toLowerCase());
  }
  for (const [name, value] of Object.entries(parts.credentialHeaders ?? {})) {
    if (value !== "" && !out.includes(name.toLowerCase())) out.push(name.toLowerCase());
  }
  try {
    const url = new URL(parts.url);
    if (url.username || url.password) out.push("user-info");
    for (const name of new Set(url.searchParams.keys())) if (isCredentialParamName(name)) out.push(`?${name}`);
  } catch {
    // An unparsable URL fails in fetch before anything is sent.
  }
  if (parts.bodyCarriesCredential) out.push("body");
  return out;
}

/**
 * Every credential value a request carries, for scrubbing messages: header values, credential query values and
 * user-info.
 *
 * @example
 * ```ts
 * credentialValues({ url: "https://x.dev/v1?key=abc123", headers: {} }); // ["abc123"]
 * ```
 */
export function credentialValues(parts: CredentialParts): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(parts.headers ?? {})) if (isCredentialHeader(name, value)) out.push(value, value.replace(/^\S+\s+/, ""));
  for (const value of Object.values(parts.credentialHeaders ?? {})) out.push(value, value.replace(/^\S+\s+/, ""));
  try {
    const url = new URL(parts.url);
    if (url.username) out.push(decodeURIComponent(url.username));
    if (url.password) out.push(decodeURIComponent(url.password));
    for (const [name, value] of url.searchParams) if (isCredentialParamName(name)) out.push(value);
  } catch {
    // Nothing to add for an unparsable URL.
  }
  return out.filter((v) => v.length >= 4);
}
