import JSON5 from "json5";

const SEPARATORS = /[\u2028\u2029]/;

/**
 * Rewrites each raw U+2028/U+2029 inside a string literal as a `\u2028`/`\u2029` escape (same value) or, with
 * `sameLength`, as a space (same offsets, for error positions). Outside strings the characters are whitespace or
 * end a `//` comment, and json5 accepts them there silently, so they stay as they are.
 */
function rewriteSeparatorsInStrings(text: string, sameLength: boolean): string {
  let out = "";
  let quote: string | null = null;
  let comment: "line" | "block" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === "\\") {
        out += c + (text[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === quote) quote = null;
      else if (c === "\u2028" || c === "\u2029") {
        out += sameLength ? " " : c === "\u2028" ? "\\u2028" : "\\u2029";
        continue;
      }
    } else if (comment === "line") {
      if ("\n\r\u2028\u2029".includes(c)) comment = null;
    } else if (comment === "block") {
      if (c === "*" && text[i + 1] === "/") {
        out += "*/";
        i++;
        comment = null;
        continue;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      comment = text[i + 1] === "/" ? "line" : "block";
      out += c + text[i + 1]!;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * `JSON5.parse` without its console output. json5 2.x calls `console.warn` for every raw U+2028/U+2029 inside a
 * string ("not valid ECMAScript"), which would bypass the host's injected logger; nothing but the CLI may write to
 * the console. Such a character means the same as its `\u2028` escape inside a string, so the text is rewritten
 * that way before json5 sees it: the parsed value is unchanged. On a syntax error the error is taken from a
 * same-length rewrite, so its line and column point into the caller's original text.
 *
 * @example
 * ```ts
 * parseJson5('{ note: "a\u2028b" }'); // { note: "a\u2028b" }, and nothing printed
 * ```
 */
export function parseJson5(text: string): unknown {
  if (!SEPARATORS.test(text)) return JSON5.parse(text) as unknown;
  try {
    return JSON5.parse(rewriteSeparatorsInStrings(text, false)) as unknown;
  } catch (error) {
    try {
      JSON5.parse(rewriteSeparatorsInStrings(text, true));
    } catch (positioned) {
      throw positioned;
    }
    throw error;
  }
}
