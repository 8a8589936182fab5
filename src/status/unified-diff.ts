/**
 * A line-based unified diff (`--- a/file`, `+++ b/file`, `@@ -l,n +l,n @@` hunks with 3 lines of context), the format
 * `patch -p1` and `git apply` read. Enough for the small edits `doctor()` proposes: the common head and tail of the
 * two texts are skipped, and only the lines between them are compared.
 *
 * @example
 * ```ts
 * const diff = unifiedDiff("models.json", before, after);
 * if (diff !== "") out.write(diff);
 * ```
 */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const hunks = groupHunks(ops, context);
  const out = [`--- a/${file}`, `+++ b/${file}`];
  for (const hunk of hunks) {
    const oldLines = hunk.filter((op) => op.type !== "add");
    const newLines = hunk.filter((op) => op.type !== "del");
    const oldStart = oldLines.length > 0 ? oldLines[0]!.a + 1 : (hunk[0]?.a ?? 0);
    const newStart = newLines.length > 0 ? newLines[0]!.b + 1 : (hunk[0]?.b ?? 0);
    out.push(`@@ -${range(oldStart, oldLines.length)} +${range(newStart, newLines.length)} @@`);
    for (const op of hunk) {
      const line = op.type === "add" ? b[op.b]! : a[op.a]!;
      out.push(`${op.type === "add" ? "+" : op.type === "del" ? "-" : " "}${line.text}`);
      if (!line.newline) out.push("\\ No newline at end of file");
    }
  }
  return `${out.join("\n")}\n`;
}

interface Line {
  text: string;
  /** Whether the line ends with a line break (only the last line of a text may not). */
  newline: boolean;
}

interface Op {
  type: "same" | "del" | "add";
  /** Index in the old lines (for `add`: where it is inserted). */
  a: number;
  /** Index in the new lines (for `del`: where it was removed). */
  b: number;
}

function splitLines(text: string): Line[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const last = parts.pop()!;
  const lines = parts.map((t) => ({ text: t, newline: true }));
  if (last !== "") lines.push({ text: last, newline: false });
  return lines;
}

const same = (x: Line, y: Line) => x.text === y.text && x.newline === y.newline;

/** The edit script: the common head and tail as `same`, the middle by a longest-common-subsequence table. */
function diffLines(a: readonly Line[], b: readonly Line[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && same(a[head]!, b[head]!)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail]!, b[b.length - 1 - tail]!)) tail++;
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ type: "same", a: i, b: i });
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  // lcs[i][j]: the longest common subsequence of the middle parts from i and j on.
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = same(a[head + i]!, b[head + j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[head + i]!, b[head + j]!)) {
      ops.push({ type: "same", a: head + i, b: head + j });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ type: "add", a: head + i, b: head + j });
      j++;
    } else {
      ops.push({ type: "del", a: head + i, b: head + j });
      i++;
    }
  }
  // Removals before insertions within a run of changes, as diff(1) prints them.
  for (let k = 0; k < tail; k++) ops.push({ type: "same", a: a.length - tail + k, b: b.length - tail + k });
  return reorderRuns(ops);
}

function reorderRuns(ops: Op[]): Op[] {
  const out: Op[] = [];
  let run: Op[] = [];
  const flush = () => {
    out.push(...run.filter((o) => o.type === "del"), ...run.filter((o) => o.type === "add"));
    run = [];
  };
  for (const op of ops) {
    if (op.type === "same") {
      flush();
      out.push(op);
    } else run.push(op);
  }
  flush();
  return out;
}

/** Changes with `context` unchanged lines around them; changes closer than twice that share a hunk. */
function groupHunks(ops: readonly Op[], context: number): Op[][] {
  const changed = ops.map((op, index) => (op.type === "same" ? -1 : index)).filter((index) => index >= 0);
  const hunks: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const index of changed) {
    if (start >= 0 && index - end > 2 * context) {
      hunks.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
      start = -1;
    }
    if (start < 0) start = index;
    end = index;
  }
  if (start >= 0) hunks.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
  return hunks;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}
