import { parseJson5 } from "./parse-json5.js";
import { parse, parseTree, type ParseError } from "jsonc-parser";
import { jsonEqual } from "./json-equal.js";
import { scanJson5 } from "./json5-scanner.js";

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * True when jsonc-parser reads `text` without any error (comments allowed, trailing commas not: its edits are not
 * safe around them) and to the same value json5 does, so a comment-preserving edit can be made in place.
 *
 * @example
 * ```ts
 * isJsoncCompatible('{ "a": 1 } // ok'); // true
 * isJsoncCompatible("{ a: 1 }");           // false
 * ```
 */
export function isJsoncCompatible(text: string, value?: unknown): boolean {
  try {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
    if (errors.length > 0 || tree === undefined) return false;
    if (value === undefined) return true;
    return jsonEqual(parse(text, [], { allowTrailingComma: false, disallowComments: false }), value);
  } catch {
    return false;
  }
}

/**
 * Rewrite JSON5-only syntax as JSON while keeping every comment, blank line and the key order: unquoted and
 * single-quoted keys and strings become double-quoted, hex/`+1`/`.5` numbers become decimal, trailing commas go.
 * Returns `undefined` when that cannot be done without changing a value (e.g. `Infinity`, which JSON cannot hold).
 *
 * @example
 * ```ts
 * normalizeJson5("{\n  // local\n  providers: { 'ollama': {}, },\n}");
 * // '{\n  // local\n  "providers": { "ollama": {} }\n}'
 * ```
 */
export function normalizeJson5(text: string): string | undefined {
  try {
    const value = parseJson5(text) as unknown;
    const replacements: Array<{ start: number; end: number; content: string }> = [];
    for (const token of scanJson5(text).tokens) {
      if (token.kind === "trailing-comma") {
        replacements.push({ start: token.start, end: token.end, content: "" });
      } else if (token.kind === "key") {
        if (!isJsonString(token.text)) {
          const key = Object.keys(parseJson5(`{${token.text}:0}`) as object)[0];
          if (key === undefined) return undefined;
          replacements.push({ start: token.start, end: token.end, content: JSON.stringify(key) });
        }
      } else if (token.kind === "string") {
        if (!isJsonString(token.text)) {
          replacements.push({ start: token.start, end: token.end, content: JSON.stringify(parseJson5(token.text)) });
        }
      } else if (!JSON_NUMBER.test(token.text) && !["true", "false", "null"].includes(token.text)) {
        const n = parseJson5(token.text) as unknown;
        if (typeof n !== "number" || !Number.isFinite(n)) return undefined;
        replacements.push({ start: token.start, end: token.end, content: String(n) });
      }
    }
    let out = text;
    for (const r of replacements.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.content + out.slice(r.end);
    return isJsoncCompatible(out, value) ? out : undefined;
  } catch {
    return undefined;
  }
}

function isJsonString(token: string): boolean {
  if (!token.startsWith('"')) return false;
  try {
    JSON.parse(token);
    return true;
  } catch {
    return false;
  }
}
