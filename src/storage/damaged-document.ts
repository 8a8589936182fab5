import { AUTH_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY } from "./storage-keys.js";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { z } from "zod";
import { ConfigError } from "../errors/config-error.js";
import { isRegistryError, type RegistryError } from "../errors/registry-error.js";
import type { Logger, Storage } from "../ports.js";

/**
 * Codes of the error that says "this stored document is damaged": `storage_unparsable` (not JSON: truncated, a
 * comment, a stray character) and `storage_invalid` (JSON that fails its schema).
 *
 * @example
 * ```ts
 * if (DAMAGED_DOCUMENT_CODES.includes(error.code)) showRecovery(error.recovery);
 * ```
 */
export const DAMAGED_DOCUMENT_CODES: readonly string[] = Object.freeze(["storage_unparsable", "storage_invalid"]);

/**
 * True for an error that reports a damaged stored document (see {@link DAMAGED_DOCUMENT_CODES}), from any part that
 * reads one (`settings.json`, `state.json`, `auth.json`). Reads that meet one fall back and say so; writes refuse.
 *
 * @example
 * ```ts
 * try { await updateSection(storage, "state.json", "probes", schema, {}, fn); } catch (e) { if (!isDamagedDocument(e)) throw e; }
 * ```
 */
export function isDamagedDocument(error: unknown): error is RegistryError {
  return isRegistryError(error) && DAMAGED_DOCUMENT_CODES.includes(error.code);
}

/**
 * Drop a leading UTF-8 byte order mark. Editors on Windows add one; it is not damage, and `JSON.parse` would
 * otherwise reject the whole file.
 *
 * @example
 * ```ts
 * JSON.parse(stripBom("\uFEFF{}")); // {}
 * ```
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * What to do about a damaged document, by key: `auth.json` and `settings.json` hold what a person chose (restore or
 * fix them); `state.json` holds only re-creatable state (delete it). File storage keeps `<key>.bak.1..N`.
 *
 * @example
 * ```ts
 * damagedDocumentRecovery("state.json"); // "Delete state.json (it only holds ...) ..."
 * ```
 */
export function damagedDocumentRecovery(key: string): string {
  const backup = `${key}.bak.1 (the newest backup file storage keeps)`;
  const meanwhile = "Until then the registry reads it as empty and never overwrites it.";
  switch (key) {
    case STATE_JSON_KEY:
      return `Delete ${key} (it only holds re-creatable probe results, listings, cooldowns and usage) or fix it by hand. ${meanwhile}`;
    case SETTINGS_JSON_KEY:
      return `Fix ${key} by hand (it must be plain JSON: no comments) or replace it with ${backup}; deleting it resets tiers, allowlist, aliases and overrides. ${meanwhile}`;
    case AUTH_JSON_KEY:
      return `Restore ${key} from ${backup} or fix it by hand; deleting it removes the saved credentials. ${meanwhile}`;
    default:
      return `Fix ${key} by hand, replace it with ${backup}, or delete it. ${meanwhile}`;
  }
}

/** Where the text stops being JSON (1-based line and column, jsonc-parser's code), without quoting it: it may hold a key. */
function syntaxPosition(text: string): { line: number; column: number; error: string } | null {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return null;
  const before = text.slice(0, first.offset);
  return { line: before.split("\n").length, column: first.offset - before.lastIndexOf("\n"), error: printParseErrorCode(first.error) };
}

/**
 * A short description of a damage error for problem texts ("does not parse (line 1, column 1: InvalidCommentToken)",
 * "does not match its schema at probes.openai"), taken from the diagnostic the error carries.
 *
 * @example
 * ```ts
 * createProblem("state_unreadable", { file: "state.json", detail: damageDetail(damage) });
 * ```
 */
export function damageDetail(damage: RegistryError): string {
  const diagnostic = (damage as Partial<ConfigError>).diagnostics?.[0];
  if (diagnostic) return diagnostic.message;
  return damage.code === "storage_invalid" ? "does not match its schema" : "does not parse";
}

/**
 * Parse the stored text of a JSON document without throwing on damage: an absent or empty document yields
 * `fallback`; one that does not parse or fails `schema` yields `fallback` plus `damage`, the {@link ConfigError} a
 * write must refuse with. A leading BOM is stripped. Messages name schema paths, never values.
 *
 * @example
 * ```ts
 * const { value, damage } = parseJsonDocument("settings.json", text, SettingsFileSchema, {});
 * ```
 */
export function parseJsonDocument<S extends z.ZodType>(
  key: string,
  stored: string | null | undefined,
  schema: S,
  fallback: z.output<S>,
): { value: z.output<S>; damage: ConfigError | null } {
  const text = stored === null || stored === undefined ? "" : stripBom(stored);
  if (text.trim() === "") return { value: fallback, damage: null };
  const result = parseText(key, text, schema, fallback);
  if (result.damage) noteDamagedText(result.damage, text);
  return result;
}

function parseText<S extends z.ZodType>(key: string, text: string, schema: S, fallback: z.output<S>): { value: z.output<S>; damage: ConfigError | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The SyntaxError is not kept as `cause`: its message quotes the text around the error.
    const at = syntaxPosition(text);
    const detail = `does not parse${at ? ` (line ${at.line}, column ${at.column}: ${at.error})` : ""}`;
    const recovery = damagedDocumentRecovery(key);
    return {
      value: fallback,
      damage: new ConfigError({
        code: "storage_unparsable",
        message: `Expected ${key} to hold plain JSON, found text that ${detail}.`,
        recovery,
        diagnostics: [{ severity: "error", code: "storage_unparsable", path: [], line: at?.line ?? null, column: at?.column ?? null, message: detail, hint: recovery, source: key }],
      }),
    };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { value: result.data, damage: null };
  return { value: fallback, damage: schemaDamage(key, null, result.error) };
}

/**
 * The damage error for a document (or one `section` of it) that parses but fails its schema. Names paths only:
 * zod messages can quote the offending value, which in `auth.json` is a key.
 *
 * @example
 * ```ts
 * const damage = schemaDamage("state.json", "probes", parsed.error);
 * ```
 */
export function schemaDamage(key: string, section: string | null, error: z.ZodError): ConfigError {
  const paths = [...new Set(error.issues.map((i) => [...(section === null ? [] : [section]), ...i.path].join(".") || "(root)"))].slice(0, 3);
  const recovery = damagedDocumentRecovery(key);
  const first = error.issues[0];
  const path = [...(section === null ? [] : [section]), ...(first?.path ?? [])].filter((p): p is string | number => typeof p !== "symbol");
  return new ConfigError({
    code: "storage_invalid",
    message: `Expected ${section === null ? key : `section "${section}" of ${key}`} to match its schema, found problems at: ${paths.join(", ")}.`,
    recovery,
    diagnostics: [{ severity: "error", code: "storage_invalid", path, line: null, column: null, message: `does not match its schema at ${paths.join(", ")}`, hint: recovery, source: key }],
  });
}

/** Which stored text each damage was found in (a cheap fingerprint, not the text: state.json can be large). */
const foundIn = new WeakMap<object, string>();
const fingerprintOf = (text: string) => `${text.length}:${text.slice(0, 64)}:${text.slice(-64)}`;

/**
 * Remember which stored text a damage error was found in, so {@link warnDamagedDocument} warns again when the text
 * changes (a new damage) and not when several parts read the same damaged text.
 *
 * @example
 * ```ts
 * noteDamagedText(damage, text);
 * ```
 */
export function noteDamagedText<E extends object>(damage: E, text: string): E {
  foundIn.set(damage, fingerprintOf(text));
  return damage;
}

const warned = new WeakMap<Storage, Map<string, { text: string; messages: Set<string> }>>();

/**
 * Warn once through the host's logger that a document is damaged and is read as empty: every part that reads the
 * same damaged text (catalog, tiers, status, credentials) shares the one warning; a changed text or a different
 * damage warns again. The text is the registry's own (file, code, paths, recovery), never the stored content, so
 * there is nothing to scrub.
 *
 * @example
 * ```ts
 * if (damage) warnDamagedDocument(storage, logger, "settings.json", damage);
 * ```
 */
export function warnDamagedDocument(storage: Storage, logger: Logger, key: string, damage: RegistryError): void {
  let byKey = warned.get(storage);
  if (!byKey) warned.set(storage, (byKey = new Map()));
  // A damage found by a write (no text noted) belongs to whatever text was last reported.
  const text = foundIn.get(damage);
  let entry = byKey.get(key);
  if (!entry || (text !== undefined && entry.text !== text)) byKey.set(key, (entry = { text: text ?? "", messages: new Set() }));
  if (entry.messages.has(damage.message)) return;
  entry.messages.add(damage.message);
  logger.warn(`${key} is damaged: it is read as empty and not written until it is fixed or deleted.`, {
    file: key,
    code: damage.code,
    error: damage.message,
    recovery: damage.recovery ?? damagedDocumentRecovery(key),
  });
}

/**
 * Forget that a document was reported damaged (it reads fine again), so new damage is reported.
 *
 * @example
 * ```ts
 * if (!damage) clearDamageWarning(storage, "settings.json");
 * ```
 */
export function clearDamageWarning(storage: Storage, key: string): void {
  warned.get(storage)?.delete(key);
}
