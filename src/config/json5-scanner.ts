import { parseJson5 } from "./parse-json5.js";

/**
 * A path into a JSON document: object keys and array indexes.
 *
 * @example
 * ```ts
 * const path: JsonPath = ["providers", "ollama", "models", 0, "id"];
 * ```
 */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * A token of JSON5 source that a JSON (with comments) editor may not accept, with its offsets.
 * `key` tokens are object keys, `string` and `scalar` tokens are values, `trailing-comma` is a comma before `}`/`]`.
 *
 * @example
 * ```ts
 * const t: Json5Token = { kind: "key", start: 2, end: 11, text: "providers" };
 * ```
 */
export interface Json5Token {
  kind: "key" | "string" | "scalar" | "trailing-comma";
  start: number;
  end: number;
  text: string;
}

/**
 * Where one value sits in the text: the offset of its first character and, for object members, of its key.
 *
 * @example
 * ```ts
 * const at: NodeLocation = { path: ["providers"], valueStart: 14, keyStart: 2 };
 * ```
 */
export interface NodeLocation {
  path: JsonPath;
  valueStart: number;
  /** Offset of the member's key, or `null` for array elements and the root. */
  keyStart: number | null;
}

/**
 * The result of {@link scanJson5}: the location of every value by path, duplicate keys, and the tokens an editor
 * needs to turn JSON5-only syntax into JSON.
 *
 * @example
 * ```ts
 * const scan = scanJson5('{ a: 1 }');
 * scan.locate(["a"]); // { path: ["a"], valueStart: 5, keyStart: 2 }
 * ```
 */
export interface Json5Scan {
  /** The location of the value at `path`, or `undefined` when the text has no such value. */
  locate(path: JsonPath): NodeLocation | undefined;
  /** Every value, in document order. */
  readonly nodes: readonly NodeLocation[];
  /** Keys that appear more than once in the same object; each entry is a later occurrence (JSON5 keeps the last). */
  readonly duplicates: readonly NodeLocation[];
  readonly tokens: readonly Json5Token[];
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WHITESPACE = /[\t\n\v\f\r \u00A0\uFEFF\u2028\u2029\p{Zs}]/u;

/**
 * Stable map key for a path; JSON.stringify keeps the key "1" and the index 1 apart.
 *
 * @example
 * ```ts
 * pathKey(["providers", "a", 0]); // '["providers","a",0]'
 * ```
 */
export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

interface Frame {
  type: "object" | "array";
  path: JsonPath;
  /** Whether values inside are recorded (always, unless `only` restricts the scan to some paths). */
  wanted: boolean;
  depth: number;
  index: number;
  keys: Set<string>;
}

/**
 * Values nested deeper than this are walked but not recorded: models.json needs a handful of levels, and recording
 * paths of pathological nesting would cost time quadratic in the depth. Locations then fall back to an ancestor.
 */
const MAX_RECORDED_DEPTH = 64;

/**
 * Locate every value of a text that `JSON5.parse` accepts. Neither json5 nor jsonc-parser reports positions for
 * JSON5 syntax (unquoted keys, single quotes, hex numbers, ...), so this walks the text once, iteratively (no
 * recursion: deep nesting cannot overflow the stack), decoding keys with json5 itself. It is lenient by design:
 * on text json5 rejects it stops early and returns what it found, and never throws.
 *
 * @example
 * ```ts
 * const scan = scanJson5("{\n  providers: { 'ollama': { baseUrl: 'http://127.0.0.1:11434' } },\n}");
 * scan.locate(["providers", "ollama", "baseUrl"])?.valueStart;
 * ```
 */
export function scanJson5(text: string, options: { only?: readonly JsonPath[] } = {}): Json5Scan {
  // With `only`, just those paths and their ancestors are recorded, and no tokens: a parser that already has the
  // value locates its few diagnostics without a location per value of a large file.
  const wantedKeys = options.only === undefined ? undefined : new Set(options.only.flatMap((p) => p.map((_, i) => pathKey(p.slice(0, i + 1))).concat(pathKey([]))));
  const keepTokens = wantedKeys === undefined;
  const nodes: NodeLocation[] = [];
  const byPath = new Map<string, NodeLocation>();
  const duplicates: NodeLocation[] = [];
  const tokens: Json5Token[] = [];
  const stack: Frame[] = [];
  let pos = 0;
  const length = text.length;

  const skipTrivia = (): void => {
    while (pos < length) {
      const c = text[pos]!;
      if (WHITESPACE.test(c)) {
        pos++;
      } else if (c === "/" && text[pos + 1] === "/") {
        pos += 2;
        while (pos < length && !"\n\r\u2028\u2029".includes(text[pos]!)) pos++;
      } else if (c === "/" && text[pos + 1] === "*") {
        const end = text.indexOf("*/", pos + 2);
        pos = end < 0 ? length : end + 2;
      } else {
        return;
      }
    }
  };

  const readString = (): void => {
    const quote = text[pos];
    pos++;
    while (pos < length && text[pos] !== quote) pos += text[pos] === "\\" ? 2 : 1;
    pos = Math.min(pos + 1, length);
  };

  const record = (path: JsonPath, valueStart: number, keyStart: number | null, duplicate: boolean): void => {
    const node: NodeLocation = { path, valueStart, keyStart };
    nodes.push(node);
    if (duplicate) duplicates.push(node);
    byPath.set(pathKey(path), node);
  };

  /** Reads one value at `pos`; containers push a frame and are finished by the main loop. */
  const readValue = (path: JsonPath, depth: number, keyStart: number | null, duplicate = false, parentWanted = true): boolean => {
    skipTrivia();
    if (pos >= length) return false;
    const start = pos;
    const wanted = parentWanted && (wantedKeys === undefined || wantedKeys.has(pathKey(path)));
    if (depth <= MAX_RECORDED_DEPTH && wanted) record(path, start, keyStart, duplicate);
    const c = text[pos]!;
    if (c === "{" || c === "[") {
      pos++;
      stack.push({ type: c === "{" ? "object" : "array", path, wanted, depth, index: 0, keys: new Set() });
      return true;
    }
    if (c === '"' || c === "'") {
      readString();
      if (keepTokens) tokens.push({ kind: "string", start, end: pos, text: text.slice(start, pos) });
      return true;
    }
    while (pos < length && !",}]/".includes(text[pos]!) && !WHITESPACE.test(text[pos]!)) pos++;
    if (pos === start) return false;
    if (keepTokens) tokens.push({ kind: "scalar", start, end: pos, text: text.slice(start, pos) });
    return true;
  };

  const decodeKey = (raw: string): string | undefined => {
    // The common case without json5: a plain identifier, or a quoted key without escapes or line breaks.
    if (SIMPLE_KEY.test(raw)) return raw;
    if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0] && !/[\\\n\r\u2028\u2029]/.test(raw)) {
      const inner = raw.slice(1, -1);
      if (!inner.includes(raw[0])) return inner;
    }
    try {
      const parsed = parseJson5(`{${raw}:0}`) as Record<string, unknown>;
      return Object.keys(parsed)[0];
    } catch {
      return undefined;
    }
  };

  /** Reads the next member or element of the innermost container, or closes it. */
  const readNext = (frame: Frame): boolean => {
    skipTrivia();
    if (pos >= length) return false;
    const c = text[pos]!;
    if ((frame.type === "object" && c === "}") || (frame.type === "array" && c === "]")) {
      pos++;
      stack.pop();
      return true;
    }
    if (frame.index > 0) {
      if (c !== ",") return false;
      const comma = pos;
      pos++;
      skipTrivia();
      const next = text[pos];
      if ((frame.type === "object" && next === "}") || (frame.type === "array" && next === "]")) {
        if (keepTokens) tokens.push({ kind: "trailing-comma", start: comma, end: comma + 1, text: "," });
        pos++;
        stack.pop();
        return true;
      }
    }
    const index = frame.index++;
    const deep = frame.depth >= MAX_RECORDED_DEPTH;
    // Outside the wanted paths nothing inside is recorded, so the path is not extended (no allocation per value).
    const extend = !deep && frame.wanted;
    if (frame.type === "array") return readValue(extend ? [...frame.path, index] : frame.path, frame.depth + 1, null, false, frame.wanted);
    const keyStart = pos;
    if (text[pos] === '"' || text[pos] === "'") {
      readString();
    } else {
      while (pos < length && text[pos] !== ":" && text[pos] !== "/" && !WHITESPACE.test(text[pos]!)) pos++;
    }
    const rawKey = text.slice(keyStart, pos);
    const key = decodeKey(rawKey);
    if (key === undefined) return false;
    if (keepTokens) tokens.push({ kind: "key", start: keyStart, end: pos, text: rawKey });
    skipTrivia();
    if (text[pos] !== ":") return false;
    pos++;
    const duplicate = frame.wanted && frame.keys.has(key);
    if (frame.wanted) frame.keys.add(key);
    return readValue(extend ? [...frame.path, key] : frame.path, frame.depth + 1, keyStart, duplicate, frame.wanted);
  };

  let ok = readValue([], 0, null);
  while (ok && stack.length > 0) ok = readNext(stack[stack.length - 1]!);

  return {
    locate: (path) => byPath.get(pathKey(path)),
    nodes,
    duplicates,
    tokens,
  };
}
