import * as z from "zod";
import { ARG, checkArgument } from "../errors/check-argument.js";
import type { Secret } from "../schema/secret.js";

// Argument shapes checked at the entry of the public functions below (built once, not per call).
const REDACT_URL_URL_ARG = z.union([z.string(), z.instanceof(URL)]).describe("a URL string or URL");

/**
 * What every scrubbed value is replaced with.
 *
 * @example
 * ```ts
 * // Count how often logs needed scrubbing.
 * const line = redactText(logLine, { secrets: [apiKey] });
 * if (line.includes(REDACTED)) metrics.increment("log.redactions");
 * ```
 */
export const REDACTED = "[REDACTED]";

/** Query parameters that carry credentials (Gemini `?key=`, OAuth `access_token=`, ...). Compared lower-cased. */
const SECRET_PARAMS = new Set([
  "key",
  "api_key",
  "apikey",
  "api-key",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "code_verifier",
  "auth",
  "sig",
  "signature",
  "password",
]);

/** Headers that carry credentials. Compared lower-cased. */
const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "x-goog-api-key",
  "api-key",
  "x-auth-token",
  "cookie",
  "set-cookie",
  "openai-organization-key",
  "anthropic-api-key",
  "cf-aig-authorization",
]);

/**
 * True for a URL query parameter that carries a credential (`key`, `api_key`, `access_token`, ...).
 *
 * @example
 * ```ts
 * isCredentialParamName("key"); // true
 * ```
 */
export function isCredentialParamName(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

/** Object property names whose string values are secrets wherever they appear in a logged/thrown object. */
const SECRET_FIELDS = /^(?:api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|access|refresh|secret|client[-_]?secret|password|authorization|x-api-key|x-goog-api-key)$/i;

/**
 * Well-known key shapes, scrubbed even when the registry does not know the value (a key pasted into a prompt, a
 * proxy echoing a key it received). Deliberately narrow prefixes, so ordinary text is untouched.
 */
const KEY_SHAPES =
  /\b(?:sk-(?:ant-|proj-|or-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|ya29\.[A-Za-z0-9_-]{20,})/g;

/** `Authorization: Bearer x`, `x-api-key: x` and `"authorization":"x"` inside free text. */
const HEADER_IN_TEXT =
  /((?:proxy-)?authorization|x-api-key|x-goog-api-key|api-key|anthropic-api-key)(["']?\s*[:=]\s*["']?)(?:(Bearer|Basic|Token)\s+)?([^\s"',;}]+)/gi;

/** `key=...`, `api_key=...`, `token=...` in URLs and query strings inside free text. */
const PARAM_IN_TEXT =
  /([?&;\s"'](?:key|api_key|apikey|api-key|token|access_token|refresh_token|id_token|client_secret|code_verifier|password)=)([^&#\s"'<>]+)/gi;

/** User-info in a URL inside free text (`https://user:pass@host`, `https://TOKEN@host`): undici quotes it in errors. */
const USERINFO_IN_TEXT = /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]+)@/gi;

/** A bare `Bearer <token>` anywhere in text. */
const BEARER_IN_TEXT = /\b(Bearer)\s+([A-Za-z0-9._~+/=-]{8,})/g;

/**
 * Options shared by the redaction helpers: the secret values known to the caller, replaced wherever they occur.
 *
 * @example
 * ```ts
 * const options: RedactOptions = { secrets: [new Secret("sk-live-1234567890")] };
 * ```
 */
export interface RedactOptions {
  /** Known secret values (strings or {@link Secret}s). Values shorter than 4 characters are ignored. */
  secrets?: Iterable<string | Secret | null | undefined>;
}

function secretValues(options: RedactOptions | undefined): string[] {
  const out = new Set<string>();
  for (const s of options?.secrets ?? []) {
    if (s === null || s === undefined) continue;
    const value = typeof s === "string" ? s : s.reveal();
    if (value.length < 4) continue;
    out.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) out.add(encoded);
    try {
      out.add(btoa(value));
    } catch {
      // non-Latin-1 values cannot be base64-encoded by btoa; nothing to add
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

function replaceAll(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

/**
 * Scrub a string: known secret values, `key=`/`token=` query parameters, `Authorization`/`x-api-key` headers written
 * in the text, `Bearer` tokens and well-known key shapes (`sk-…`, `AIza…`, `gsk_…`, ...).
 *
 * @example
 * ```ts
 * // Scrub a line before it goes to a log file or a bug report.
 * logFile.write(`${redactText(`GET ${url} failed: ${error.message}`, { secrets: [apiKey] })}\n`);
 * ```
 */
export function redactText(text: string, options?: RedactOptions): string {
  checkArgument("redactText", "text", ARG.string, text);
  checkArgument("redactText", "options", ARG.optionalObject, options);
  return redactWith(text, secretValues(options));
}

function redactWith(text: string, values: readonly string[]): string {
  let out = replaceAll(text, values);
  out = out.replace(HEADER_IN_TEXT, (_m, name: string, sep: string, scheme: string | undefined) =>
    `${name}${sep}${scheme ? `${scheme} ` : ""}${REDACTED}`,
  );
  out = out.replace(PARAM_IN_TEXT, (_m, prefix: string) => `${prefix}${REDACTED}`);
  out = out.replace(USERINFO_IN_TEXT, (_m, scheme: string) => `${scheme}${REDACTED}@`);
  out = out.replace(BEARER_IN_TEXT, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(KEY_SHAPES, REDACTED);
  return out;
}

/**
 * Scrub a URL: credential query parameters (`key`, `api_key`, `token`, `access_token`, ...), user-info
 * (`https://user:pass@host`) and any known secret value. Returns a string; invalid URLs are scrubbed as text.
 *
 * @example
 * ```ts
 * // Show the endpoint in an error dialog without its ?key= parameter.
 * dialog.show(`Could not reach ${redactUrl(request.url)}`);
 * ```
 */
export function redactUrl(url: string | URL, options?: RedactOptions): string {
  checkArgument("redactUrl", "url", REDACT_URL_URL_ARG, url);
  checkArgument("redactUrl", "options", ARG.optionalObject, options);
  return redactUrlWith(url, secretValues(options));
}

/**
 * Scrub headers (a `Headers` object, a record, or `[name, value]` pairs): credential headers (`Authorization`,
 * `x-api-key`, `x-goog-api-key`, `api-key`, cookies) are replaced whole (keeping a `Bearer` scheme word), other
 * values are scrubbed of known secrets. Returns a plain record.
 *
 * @example
 * ```ts
 * // Log outgoing request headers without Authorization or x-api-key values.
 * logger.debug("request", { url: redactUrl(url), headers: redactHeaders(init.headers) });
 * ```
 */
export function redactHeaders(
  headers: Headers | Record<string, unknown> | ReadonlyArray<readonly [string, string]> | null | undefined,
  options?: RedactOptions,
): Record<string, string> {
  checkArgument("redactHeaders", "options", ARG.optionalObject, options);
  return redactHeadersWith(headers, secretValues(options));
}

function headerEntries(headers: unknown): Array<[string, unknown]> {
  if (!headers || typeof headers !== "object") return [];
  if (typeof Headers !== "undefined" && headers instanceof Headers) return [...headers.entries()];
  if (Array.isArray(headers)) return headers.filter((e) => Array.isArray(e)).map((e) => [String(e[0]), e[1]]);
  if (typeof (headers as { entries?: unknown }).entries === "function" && typeof (headers as { get?: unknown }).get === "function") {
    try {
      return [...(headers as { entries(): Iterable<[string, unknown]> }).entries()];
    } catch {
      return [];
    }
  }
  return Object.entries(headers as Record<string, unknown>);
}

function redactHeadersWith(headers: unknown, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of headerEntries(headers)) {
    if (raw === undefined || raw === null) continue;
    const value = Array.isArray(raw) ? raw.join(", ") : String(raw);
    if (isSecretHeaderName(name) || CREDENTIAL_VALUE.test(value)) {
      const scheme = /^(Bearer|Basic|Token)\s/i.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      out[name] = redactWith(value, values);
    }
  }
  return out;
}

/**
 * Deep-scrub any value for logging or for an error's `cause`: strings are scrubbed as text, fields named like
 * credentials (`apiKey`, `token`, `access`, `refresh`, `authorization`, ...) are replaced whole, `Headers` become
 * scrubbed records, URLs are scrubbed, `Secret`s become their masked form, errors become plain
 * `{ name, message, ... }` objects. Cycles and depth are bounded.
 *
 * @example
 * ```ts
 * // Attach request context to a bug report with no key anywhere in it.
 * bugReport.attach("request.json", JSON.stringify(redactValue({ url, headers, body })));
 * ```
 */
export function redactValue(value: unknown, options?: RedactOptions): unknown {
  return deepRedact(value, secretValues(options), 0, new WeakMap());
}

function isSecretLike(value: unknown): value is Secret {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { reveal?: unknown }).reveal === "function" &&
    typeof (value as { masked?: unknown }).masked === "string"
  );
}

function deepRedact(value: unknown, values: readonly string[], depth: number, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === "string") return redactWith(value, values);
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  }
  if (isSecretLike(value)) return `Secret(${value.masked})`;
  // Cycles become a marker so the result is always JSON-serialisable (it is meant for logs and error causes).
  if (seen.has(value)) return "[Circular]";
  if (depth > 8) return "[…]";
  if (typeof URL !== "undefined" && value instanceof URL) return redactUrlWith(value, values);
  if (typeof Headers !== "undefined" && value instanceof Headers) return redactHeadersWith(value, values);
  if (typeof Request !== "undefined" && value instanceof Request) {
    return { method: value.method, url: redactUrlWith(value.url, values), headers: redactHeadersWith(value.headers, values) };
  }
  if (typeof Response !== "undefined" && value instanceof Response) {
    return { status: value.status, statusText: value.statusText, url: redactUrlWith(value.url, values), headers: redactHeadersWith(value.headers, values) };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, true);
    for (const item of value.slice(0, 200)) out.push(deepRedact(item, values, depth + 1, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, true);
  if (value instanceof Error) {
    out.name = value.name;
    out.message = redactWith(value.message, values);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" && SECRET_FIELDS.test(key)) {
      out[key] = REDACTED;
    } else if (/^headers$/i.test(key)) {
      out[key] = redactHeadersWith(item, values);
    } else {
      const redacted = deepRedact(item, values, depth + 1, seen);
      if (redacted !== undefined) out[key] = redacted;
    }
  }
  if (value instanceof Error && value.cause !== undefined && !("cause" in out)) {
    out.cause = deepRedact(value.cause, values, depth + 1, seen);
  }
  return out;
}

/**
 * Header names that carry credentials beyond the well-known ones: `X-Relay-Token`, `X-Gateway-Secret`,
 * `X-Proxy-Auth`, `apikey`, ... A name segment (split on `-`/`_`) decides, so `x-ratelimit-remaining-tokens` (plural)
 * and `anthropic-version` stay readable.
 */
const SECRET_HEADER_SEGMENT = /(?:^|[-_])(?:api[-_]?key|apikey|key|token|secret|password|passwd|auth|authorization|credential|credentials|cookie|session|signature|sig)(?:$|[-_])/i;

function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || SECRET_HEADER_SEGMENT.test(lower);
}

/** A header value that is a credential whatever the header is called: an auth scheme or a well-known key shape. */
const CREDENTIAL_VALUE = /^\s*(?:(?:Bearer|Basic|Token)\s+\S|(?:sk-(?:ant-|proj-|or-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|ya29\.[A-Za-z0-9_-]{20,}))/;

/**
 * Whether a header (name and value) carries a credential: a well-known credential header (`Authorization`,
 * `x-api-key`, `x-goog-api-key`, `api-key`, cookies), a name with a credential word as one of its parts
 * (`X-Relay-Token`, `X-Gateway-Secret`), or a value that is an auth scheme (`Bearer …`) or a well-known key shape.
 * The one rule behind {@link redactHeaders} and the `Secret`-wrapped header values of models.json.
 *
 * @example
 * ```ts
 * isCredentialHeader("X-Relay-Token", "abc");      // true
 * isCredentialHeader("X-Title", "my-app");         // false
 * isCredentialHeader("X-Custom", "Bearer abc123"); // true
 * ```
 */
export function isCredentialHeader(name: string, value: string): boolean {
  return isSecretHeaderName(name) || CREDENTIAL_VALUE.test(value);
}

/**
 * The credential parts of a URL, as written and decoded: values of credential query parameters (`key`, `api_key`,
 * `token`, `access_token`, ...) and the user-info (`user:pass@`). Feed them to {@link RedactOptions.secrets} so an
 * error that quotes only the bare value (a proxy echoing "invalid key abc123") is scrubbed too. `[]` for `null`,
 * an unparsable URL or a URL without credentials.
 *
 * @example
 * ```ts
 * urlCredentials("https://gw.example/v1?key=abc123&x=1"); // ["abc123"]
 * urlCredentials("https://admin:pw@gw.example/v1");       // ["admin", "pw"]
 * ```
 */
export function urlCredentials(url: string | URL | null | undefined): string[] {
  if (url === null || url === undefined) return [];
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return [];
  }
  const out = new Set<string>();
  const add = (value: string) => {
    if (value === "") return;
    out.add(value);
    try {
      out.add(decodeURIComponent(value));
    } catch {
      // a malformed escape: the raw form above is what appears in text
    }
  };
  add(parsed.username);
  add(parsed.password);
  for (const [name, value] of parsed.searchParams) {
    if (SECRET_PARAMS.has(name.toLowerCase())) {
      add(value);
      // searchParams decodes; the text may carry the encoded form
      add(encodeURIComponent(value));
    }
  }
  return [...out];
}

/**
 * The credential values among headers (see {@link isCredentialHeader}): whole values and, for `Bearer x` style
 * values, the token alone. Accepts plain strings and `Secret`s (revealed here only to be matched and removed).
 *
 * @example
 * ```ts
 * headerCredentials({ Authorization: "Bearer abc123", "X-Title": "app" }); // ["Bearer abc123", "abc123"]
 * ```
 */
export function headerCredentials(headers: Readonly<Record<string, string | Secret | null | undefined>> | null | undefined): string[] {
  const out: string[] = [];
  for (const [name, raw] of Object.entries(headers ?? {})) {
    if (raw === null || raw === undefined) continue;
    const value = typeof raw === "string" ? raw : raw.reveal();
    if (!isCredentialHeader(name, value)) continue;
    out.push(value);
    const token = /^\s*(?:Bearer|Basic|Token)\s+(\S.*)$/i.exec(value)?.[1];
    if (token) out.push(token.trim());
  }
  return out;
}

/** KEY_SHAPES without its global flag, compiled once: `test()` on a global regex would carry `lastIndex` over. */
const KEY_SHAPE = new RegExp(KEY_SHAPES.source);

/**
 * A URL as the registry shows it (listings, explain, status, messages): exactly as written when it carries no
 * credential, otherwise with credential query values and user-info replaced by {@link REDACTED}. Unlike
 * {@link redactUrl} an unchanged URL is not normalised (`http://127.0.0.1:11434` keeps its missing slash), so
 * showing a URL never changes one that was safe.
 *
 * @example
 * ```ts
 * shownUrl("http://127.0.0.1:9/v1?key=abc");  // "http://127.0.0.1:9/v1?key=[REDACTED]"
 * shownUrl("http://127.0.0.1:11434");         // "http://127.0.0.1:11434"
 * ```
 */
export function shownUrl(url: string): string {
  // Most URLs have no query, user-info or key shape: skip parsing them (listings show thousands).
  if (!/[?@;]/.test(url) && !KEY_SHAPE.test(url)) return url;
  const redacted = redactUrlWith(url, []);
  return redacted.includes(REDACTED) ? redacted : url;
}

/**
 * An argument to echo in an error message when it may be a key pasted in the wrong place (a credential id that is
 * really the key itself): shown as given when it looks like an identifier (`provider:label`, `provider:env:VAR`,
 * no key shape, no long random run, no known secret), otherwise as a masked form (an ellipsis and the last four
 * characters, as `Secret.masked` shows keys; the ellipsis alone for short values).
 *
 * @example
 * ```ts
 * shownArgument("openai:work");                       // "openai:work"
 * shownArgument("sk-proj-abcdefghijklmnop1234");      // "…1234"
 * ```
 */
export function shownArgument(value: string, options?: RedactOptions): string {
  const text = String(value);
  const identifierLike =
    text.length <= 80 &&
    /^[A-Za-z0-9][A-Za-z0-9._@ -]*(?::[A-Za-z0-9._@ \[\]-]*)*$/.test(text) &&
    // Between separators, a long run mixing digits and letters (or both letter cases) is a key, not a label someone
    // typed or an env var name (labels are slugged lower-case; OPENAI_API_KEY splits into short words).
    !text.split(/[:._@ \[\]-]+/).some((word) => word.length >= 32 || (word.length >= 16 && ((/\d/.test(word) && /[A-Za-z]/.test(word)) || (/[a-z]/.test(word) && /[A-Z]/.test(word))))) &&
    redactWith(text, secretValues(options)) === text;
  if (identifierLike) return text;
  return text.length >= 12 ? `…${text.slice(-4)}` : "…";
}

function redactUrlWith(url: string | URL, values: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return redactWith(String(url), values);
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  // URL percent-encodes the marker in user-info; show it as written everywhere else.
  return redactWith(parsed.toString().split(encodeURIComponent(REDACTED)).join(REDACTED), values);
}

/**
 * True when `value` (a string, an object graph, an error with its cause chain, `Headers`, a `Request`) contains
 * any of the known secret values. Used to decide whether a host's error can be passed on untouched.
 *
 * @example
 * ```ts
 * // A last check before sending telemetry: drop the event if a known key survived.
 * if (!containsSecret(event, { secrets: keys.map((k) => k.key.reveal()) })) telemetry.send(event);
 * ```
 */
export function containsSecret(value: unknown, options?: RedactOptions): boolean {
  checkArgument("containsSecret", "options", ARG.optionalObject, options);
  const values = secretValues(options);
  if (values.length === 0) return false;
  return scan(value, values, 0, new WeakSet());
}

function scan(value: unknown, values: readonly string[], depth: number, seen: WeakSet<object>): boolean {
  if (typeof value === "string") return values.some((v) => value.includes(v));
  if (value === null || typeof value !== "object" || depth > 10) return false;
  if (isSecretLike(value)) return values.includes(value.reveal());
  if (seen.has(value)) return false;
  seen.add(value);
  if (typeof URL !== "undefined" && value instanceof URL) return scan(value.toString(), values, depth, seen);
  if (typeof Headers !== "undefined" && value instanceof Headers) {
    return [...value.entries()].some(([, v]) => scan(v, values, depth, seen));
  }
  if (typeof Request !== "undefined" && value instanceof Request) {
    return scan(value.url, values, depth, seen) || scan(value.headers, values, depth, seen);
  }
  if (value instanceof Error) {
    if (scan(value.message, values, depth, seen) || scan(value.stack ?? "", values, depth, seen)) return true;
    if (value.cause !== undefined && scan(value.cause, values, depth + 1, seen)) return true;
  }
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => scan(item, values, depth + 1, seen));
}

/**
 * Make an error safe to throw or log. When it contains none of the known secrets it is returned unchanged (hosts
 * keep `instanceof` and every field); otherwise a copy with the same prototype is returned whose message, stack,
 * fields and cause chain are scrubbed, so classification (status, code, headers, body) still works on it.
 *
 * @example
 * ```ts
 * const safe = redactError(error, { secrets: [apiKey] });
 * logger.error("call failed", { error: safe });
 * ```
 */
export function redactError<E>(error: E, options?: RedactOptions): E {
  if (!containsSecret(error, options)) return error;
  return copyRedacted(error, secretValues(options), 0) as E;
}

function copyRedacted(value: unknown, values: readonly string[], depth: number): unknown {
  if (typeof value === "string") return redactWith(value, values);
  if (typeof DOMException !== "undefined" && value instanceof DOMException) {
    // DOMException fields are brand-checked getters: a prototype copy would throw on read.
    return new DOMException(redactWith(value.message, values), value.name);
  }
  if (!(value instanceof Error) || depth > 5) return deepRedact(value, values, 0, new WeakMap());
  try {
    return copyWithPrototype(value, values, depth);
  } catch {
    const plain = new Error(redactWith(value.message, values));
    plain.name = value.name;
    plain.stack = redactWith(value.stack ?? "", values);
    return plain;
  }
}

function copyWithPrototype(value: Error, values: readonly string[], depth: number): unknown {
  const copy = Object.create(Object.getPrototypeOf(value) as object) as Error & Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const item = (value as unknown as Record<string, unknown>)[key];
    let redacted: unknown;
    if (typeof item === "string" && SECRET_FIELDS.test(key)) redacted = REDACTED;
    else if (/^headers$/i.test(key) && typeof Headers !== "undefined" && item instanceof Headers) {
      redacted = new Headers(redactHeadersWith(item, values));
    } else if (/^headers$/i.test(key)) redacted = redactHeadersWith(item, values);
    else redacted = deepRedact(item, values, 1, new WeakMap());
    Object.defineProperty(copy, key, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  const define = (key: string, v: unknown) =>
    Object.defineProperty(copy, key, { value: v, enumerable: false, writable: true, configurable: true });
  define("message", redactWith(value.message, values));
  if (!Object.prototype.hasOwnProperty.call(copy, "name")) define("name", value.name);
  define("stack", redactWith(value.stack ?? "", values));
  if (value.cause !== undefined) define("cause", copyRedacted(value.cause, values, depth + 1));
  return copy;
}

/**
 * A redactor bound to a set of known secrets, so a call path scrubs every string, URL, header set, value and error
 * with the same list.
 *
 * @example
 * ```ts
 * const redact = createRedactor({ secrets: [key] });
 * logger.warn(redact.text(`request to ${redact.url(url)} failed`));
 * ```
 */
export interface Redactor {
  text(text: string): string;
  url(url: string | URL): string;
  headers(headers: Headers | Record<string, unknown> | null | undefined): Record<string, string>;
  value(value: unknown): unknown;
  error<E>(error: E): E;
  contains(value: unknown): boolean;
}

/**
 * Create a {@link Redactor} for a list of known secrets.
 *
 * @example
 * ```ts
 * // One redactor per session knows the session's keys; use it for every log line and error.
 * const redact = createRedactor({ secrets: [apiKey] });
 * logger.info(redact.text(`calling ${redact.url(url)}`));
 * throw redact.error(error);
 * ```
 */
export function createRedactor(options: RedactOptions = {}): Redactor {
  checkArgument("createRedactor", "options", ARG.optionalObject, options);
  const list = [...(options.secrets ?? [])];
  const values = secretValues({ secrets: list });
  return {
    text: (text) => redactWith(text, values),
    url: (url) => redactUrlWith(url, values),
    headers: (headers) => redactHeadersWith(headers, values),
    value: (value) => deepRedact(value, values, 0, new WeakMap()),
    error: (error) => redactError(error, { secrets: list }),
    contains: (value) => containsSecret(value, { secrets: list }),
  };
}
