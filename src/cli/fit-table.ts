import { visibleLength } from "./text-style.js";

/**
 * Options of {@link fitTable}.
 *
 * @example
 * ```ts
 * const options: FitTableOptions = { columns: 80, shrink: [1, 4], wide: false };
 * ```
 */
export interface FitTableOptions {
  /** Screen width; every line stays within it unless `wide`. */
  columns: number;
  /** Indexes of the columns that may be cut (with `…`), widest first; default: every column but the first. */
  shrink?: readonly number[];
  /** Show everything, however wide (`--wide`). */
  wide?: boolean;
}

const GAP = "  ";

/**
 * Lay out rows (the first is the header) as a table that fits the terminal: columns are padded to their widest cell,
 * and when the total is wider than `columns`, the shrinkable columns are cut (longest first) with `…` until it fits.
 * Trailing spaces are trimmed.
 *
 * @example
 * ```ts
 * out.write(fitTable([["ID", "NAME"], ["openai", "OpenAI"]], { columns: 80 }));
 * ```
 */
export function fitTable(rows: readonly (readonly string[])[], options: FitTableOptions): string {
  if (rows.length === 0) return "";
  const count = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(0, ...rows.map((r) => visibleLength(r[i] ?? ""))));
  if (!options.wide) {
    const shrinkable = [...(options.shrink ?? widths.map((_, i) => i).slice(1))];
    const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (count - 1);
    // Take one column at a time from the widest shrinkable column, down to 8 characters (a readable stub).
    while (total() > options.columns) {
      const widest = shrinkable.filter((i) => (widths[i] ?? 0) > 8).sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0))[0];
      if (widest === undefined) break;
      widths[widest] = Math.max(8, (widths[widest] ?? 0) - (total() - options.columns));
    }
  }
  const cell = (text: string, width: number) => {
    const length = visibleLength(text);
    if (length <= width) return text + " ".repeat(width - length);
    return `${text.replace(/\u001b\[[0-9;]*m/g, "").slice(0, Math.max(0, width - 1))}…`;
  };
  return `${rows.map((r) => widths.map((w, i) => cell(r[i] ?? "", w)).join(GAP).trimEnd()).join("\n")}\n`;
}

/**
 * Cut one line to the screen width with `…` (for free text such as messages).
 *
 * @example
 * ```ts
 * fitLine("a very long message …", 20);
 * ```
 */
export function fitLine(text: string, columns: number): string {
  return visibleLength(text) <= columns ? text : `${text.replace(/\u001b\[[0-9;]*m/g, "").slice(0, columns - 1)}…`;
}

/**
 * Wrap free text to the screen width, breaking at spaces, each continuation line indented.
 *
 * @example
 * ```ts
 * wrapText("→ Set OPENAI_API_KEY in the environment this app is started with …", 80, "    ");
 * ```
 */
export function wrapText(text: string, columns: number, indent = ""): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    // Leading spaces are the line's own indent (an option row in help): kept, not taken for empty words.
    const lead = /^ */.exec(paragraph)![0];
    let line = lead;
    for (const word of paragraph.slice(lead.length).split(" ")) {
      const next = line.trim() === "" ? `${line}${word}` : `${line} ${word}`;
      if (visibleLength(next) > columns && line.trim() !== "") {
        lines.push(line);
        line = `${indent}${word}`;
      } else {
        line = next;
      }
    }
    lines.push(line.length > columns ? fitLine(line, columns) : line);
  }
  return lines;
}
