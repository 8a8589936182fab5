import { parseJson5 } from "./parse-json5.js";

/**
 * True when `text` holds no JSON5 value at all: only whitespace and comments, such as a user's template
 * `// add providers here`. Such a file is an empty models.json, not a broken one.
 *
 * Decided by JSON5 itself rather than a second hand-written lexer, so "whitespace" and "comment" mean exactly what
 * they mean to the parser: the text followed by a lone `0` on its own line parses to `0` only when the text
 * contributed nothing. An unterminated block comment or a partial token (`-`, `/`, `"`) makes that fail.
 *
 * @example
 * ```ts
 * isTriviaOnly("// add providers here\n"); // true
 * isTriviaOnly("/* open");                 // false: the comment never ends
 * isTriviaOnly("{}");                      // false
 * ```
 */
export function isTriviaOnly(text: string): boolean {
  try {
    return Object.is(parseJson5(`${text}\n0`), 0);
  } catch {
    return false;
  }
}
