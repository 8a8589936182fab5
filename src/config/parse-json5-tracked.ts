import type { JsonPath } from "./json5-scanner.js";
import { parseJson5 } from "./parse-json5.js";

/**
 * A key written more than once in the same object (JSON5 keeps the last): where the later copy's key starts.
 *
 * @example
 * ```ts
 * const dup: DuplicateKey = { path: ["providers", "a"], keyStart: 31 };
 * ```
 */
export interface DuplicateKey {
  path: JsonPath;
  keyStart: number;
}

/**
 * Duplicate keys nested deeper than this are not reported, as the scanner never recorded them: the same limit as
 * json5-scanner's, so both paths of parseModelsJson report the same warnings.
 */
const MAX_REPORTED_DEPTH = 64;

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const OTHER_WHITESPACE = /[\u00A0\uFEFF\u2028\u2029\p{Zs}]/u;

interface Frame {
  value: Record<string, unknown> | unknown[];
  /** This container's key or index in its parent (unused for the root). */
  at: string | number;
  isArray: boolean;
  count: number;
}

/** Thrown inside the parser only: the text is not in the subset it decides alone; the caller asks json5 instead. */
const BAIL = Symbol("bail");

function isWhitespace(code: number, c: string): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && OTHER_WHITESPACE.test(c);
}

/** A string token's value: plain content is sliced, anything with escapes or separators is json5's to decode. */
function decodeString(token: string): string {
  for (let i = 1; i < token.length - 1; i++) {
    const code = token.charCodeAt(i);
    if (code === 92 || code === 10 || code === 13 || code === 0x2028 || code === 0x2029) return parseJson5(token) as string;
  }
  return token.slice(1, -1);
}

/**
 * `JSON5.parse` and the duplicate keys it silently resolves, in one pass over the text and without recording where
 * every value is (parseModelsJson locates only what it reports). Decides alone only what it is sure to read exactly as
 * json5 does: structure, comments, plain strings and JSON numbers; each other token (escapes, hex, `Infinity`,
 * unicode identifiers, ...) is decoded by json5 itself. Returns `undefined` for any text it does not accept, valid
 * or not: the caller then uses `parseJson5`, which gives the value or the located syntax error. Never recursive.
 *
 * @example
 * ```ts
 * const parsed = parseJson5Tracked("{ a: 1, a: 2 }");
 * parsed?.value; // { a: 2 }
 * parsed?.duplicates; // [{ path: ["a"], keyStart: 8 }]
 * ```
 */
export function parseJson5Tracked(text: string): { value: unknown; duplicates: DuplicateKey[] } | undefined {
  try {
    return parseOrBail(text);
  } catch {
    // BAIL, or json5 rejected a token: either way the whole text is json5's to judge.
    return undefined;
  }
}

function parseOrBail(text: string): { value: unknown; duplicates: DuplicateKey[] } {
  const length = text.length;
  const duplicates: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let pos = 0;

  const skipTrivia = (): void => {
    while (pos < length) {
      const code = text.charCodeAt(pos);
      if (code === 47) {
        const next = text.charCodeAt(pos + 1);
        if (next === 47) {
          pos += 2;
          while (pos < length) {
            const k = text.charCodeAt(pos);
            if (k === 10 || k === 13 || k === 0x2028 || k === 0x2029) break;
            pos++;
          }
        } else if (next === 42) {
          const end = text.indexOf("*/", pos + 2);
          if (end < 0) throw BAIL;
          pos = end + 2;
        } else throw BAIL;
      } else if (isWhitespace(code, text[pos]!)) pos++;
      else return;
    }
  };

  /** The end of the quoted token starting at `pos` (just past its closing quote). */
  const stringEnd = (): number => {
    const quote = text.charCodeAt(pos);
    let i = pos + 1;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === quote) return i + 1;
      i += code === 92 ? 2 : 1;
    }
    throw BAIL;
  };

  /** Reads the value at `pos`; a container is pushed on the stack for the main loop to fill. */
  const readValue = (at: string | number): { value: unknown; container: boolean } => {
    skipTrivia();
    if (pos >= length) throw BAIL;
    const code = text.charCodeAt(pos);
    if (code === 123 || code === 91) {
      pos++;
      const isArray = code === 91;
      const value = isArray ? [] : {};
      stack.push({ value, at, isArray, count: 0 });
      return { value, container: true };
    }
    if (code === 34 || code === 39) {
      const start = pos;
      pos = stringEnd();
      return { value: decodeString(text.slice(start, pos)), container: false };
    }
    const start = pos;
    while (pos < length) {
      const k = text.charCodeAt(pos);
      if (k === 44 || k === 125 || k === 93 || k === 47 || k === 58 || isWhitespace(k, text[pos]!)) break;
      pos++;
    }
    if (pos === start) throw BAIL;
    const token = text.slice(start, pos);
    if (token === "true") return { value: true, container: false };
    if (token === "false") return { value: false, container: false };
    if (token === "null") return { value: null, container: false };
    if (JSON_NUMBER.test(token)) return { value: Number(token), container: false };
    const value = parseJson5(token);
    if (typeof value === "object" && value !== null) throw BAIL;
    return { value, container: false };
  };

  const readKey = (): { key: string; keyStart: number } => {
    const keyStart = pos;
    const code = text.charCodeAt(pos);
    let key: string;
    if (code === 34 || code === 39) {
      pos = stringEnd();
      key = decodeString(text.slice(keyStart, pos));
    } else {
      while (pos < length) {
        const k = text.charCodeAt(pos);
        if (k === 58 || k === 47 || k === 44 || k === 125 || isWhitespace(k, text[pos]!)) break;
        pos++;
      }
      const raw = text.slice(keyStart, pos);
      if (SIMPLE_KEY.test(raw)) key = raw;
      else {
        if (raw === "") throw BAIL;
        const decoded = parseJson5(`{${raw}:0}`) as Record<string, unknown>;
        const keys = Object.keys(decoded);
        if (keys.length !== 1) throw BAIL;
        key = keys[0]!;
      }
    }
    skipTrivia();
    if (text.charCodeAt(pos) !== 58) throw BAIL;
    pos++;
    return { key, keyStart };
  };

  const attach = (frame: Frame, at: string | number, value: unknown): void => {
    if (frame.isArray) {
      (frame.value as unknown[]).push(value);
      return;
    }
    const target = frame.value as Record<string, unknown>;
    const key = at as string;
    // As json5 does: "__proto__" becomes an own field, never the prototype.
    if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    else target[key] = value;
  };

  const root = readValue("");
  let result = root.value;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    skipTrivia();
    if (pos >= length) throw BAIL;
    let code = text.charCodeAt(pos);
    const close = frame.isArray ? 93 : 125;
    if (code !== close && frame.count > 0) {
      if (code !== 44) throw BAIL;
      pos++;
      skipTrivia();
      if (pos >= length) throw BAIL;
      code = text.charCodeAt(pos);
      if (code !== close && code === 44) throw BAIL;
    }
    if (code === close) {
      pos++;
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) attach(parent, frame.at, frame.value);
      else result = frame.value;
      continue;
    }
    let at: string | number;
    let keyStart = -1;
    if (frame.isArray) at = frame.count;
    else {
      ({ key: at, keyStart } = readKey());
      // Told when the key is read (document order); an earlier container with this key is attached by now.
      if (Object.hasOwn(frame.value, at) && stack.length <= MAX_REPORTED_DEPTH) {
        const path: Array<string | number> = [];
        // stack[0] is the root: its `at` is not part of any path.
        for (let i = 1; i < stack.length; i++) path.push(stack[i]!.at);
        path.push(at);
        duplicates.push({ path, keyStart });
      }
    }
    frame.count++;
    const item = readValue(at);
    // A container is attached when it closes (its members are read first), like a scalar right away.
    if (!item.container) attach(frame, at, item.value);
  }
  skipTrivia();
  if (pos < length) throw BAIL;
  return { value: result, duplicates };
}
