/**
 * A 1-based line and column in a text, as editors show them.
 *
 * @example
 * ```ts
 * const at: TextPosition = { line: 3, column: 16 };
 * ```
 */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Maps offsets of one text to 1-based line/column. Lines end at `\n` (so CRLF files count like LF files and the `\r`
 * is the last column of its line), the same rule json5 uses for its syntax errors, so both kinds of diagnostics agree.
 *
 * @example
 * ```ts
 * const index = createLineIndex("{\n  a: 1\n}");
 * index.positionAt(4); // { line: 2, column: 3 }
 * index.offsetAt({ line: 2, column: 3 }); // 4
 * ```
 */
export function createLineIndex(text: string): {
  positionAt(offset: number): TextPosition;
  offsetAt(position: TextPosition): number;
} {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return {
    positionAt(offset) {
      const target = Math.max(0, Math.min(offset, text.length));
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= target) low = mid;
        else high = mid - 1;
      }
      return { line: low + 1, column: target - starts[low]! + 1 };
    },
    offsetAt({ line, column }) {
      const start = starts[Math.max(0, Math.min(line - 1, starts.length - 1))]!;
      return Math.max(0, Math.min(start + column - 1, text.length));
    },
  };
}
