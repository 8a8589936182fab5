import { ARG, checkArgument } from "../errors/check-argument.js";
import { modelsJsonBackupKeyAt } from "../storage/storage-keys.js";
import JSON5 from "json5";
import { parseJson5 } from "./parse-json5.js";
import {
  findNodeAtLocation,
  format,
  modify,
  parseTree,
  type Edit,
  type FormattingOptions,
  type Node,
} from "jsonc-parser";
import { ConfigError } from "../errors/config-error.js";
import { isRegistryError } from "../errors/registry-error.js";
import { applyJsonEdits, toJsonValue, type ModelsJsonEdit } from "./apply-json-edits.js";
import { jsonEqual } from "./json-equal.js";
import { isTriviaOnly } from "./is-trivia-only.js";
import { isJsoncCompatible, normalizeJson5 } from "./normalize-json5.js";
import { parseModelsJson } from "./parse-models-json.js";

/**
 * The text models.json starts from when it is absent or empty.
 *
 * @example
 * ```ts
 * editModelsJson(EMPTY_MODELS_JSON, [{ path: ["mode"], value: "merge" }]);
 * ```
 */
export const EMPTY_MODELS_JSON = '{\n  "providers": {}\n}\n';

/**
 * What {@link editModelsJson} produced.
 * - `in-place`: only the edited values changed; comments, order, formatting and unknown fields are untouched.
 * - `normalized`: the file used JSON5-only syntax (unquoted keys, single quotes, hex numbers, trailing commas);
 *   it was rewritten as JSON with every comment and the key order kept, then edited in place.
 * - `rewritten`: it could not be edited safely (e.g. `Infinity`, duplicate keys); it was re-serialised and its
 *   comments are lost.
 * Whenever the strategy is not `in-place`, `backup` holds the original text: store it (e.g. under
 * {@link modelsJsonBackupKey}) before writing `text`.
 *
 * @example
 * ```ts
 * const result: EditModelsJsonResult = editModelsJson(text, edits);
 * if (result.backup) await storage.set(modelsJsonBackupKey(Date.now()), result.backup.text);
 * ```
 */
export interface EditModelsJsonResult {
  text: string;
  changed: boolean;
  strategy: "in-place" | "normalized" | "rewritten";
  backup: { text: string; reason: string } | null;
}

/**
 * The storage key for a backup of models.json taken at `now`, e.g. `models.json.bak-2026-11-21T08-16-34-000Z`.
 *
 * @example
 * ```ts
 * await storage.set(modelsJsonBackupKey(Date.now()), originalText);
 * ```
 */
export function modelsJsonBackupKey(now: number): string {
  checkArgument("modelsJsonBackupKey", "now", ARG.finite, now);
  return modelsJsonBackupKeyAt(now);
}

/**
 * Apply edits to models.json text, keeping comments, key order, formatting and unknown fields. The one module every
 * write to models.json goes through.
 *
 * - Refuses with a {@link ConfigError} (`config_unparsable`, carrying the syntax diagnostics) when the text does not
 *   parse, and with `invalid_edit` when an edit cannot apply: the caller then writes nothing.
 * - Absent or blank text starts from `EMPTY_MODELS_JSON`; text holding only comments keeps them, followed by
 *   that object.
 * - JSON5-only syntax is rewritten only with `backup` set (see {@link EditModelsJsonResult}).
 * - Every result is checked: the new text must parse to exactly the old value with the edits applied.
 *
 * @example
 * ```ts
 * const text = (await storage.get("models.json")) ?? "";
 * const { text: next, changed, backup } = editModelsJson(text, [
 *   { path: ["providers", "vllm"], value: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" } },
 * ]);
 * if (backup) await storage.set(modelsJsonBackupKey(Date.now()), backup.text);
 * if (changed) await storage.set("models.json", next);
 * ```
 */
export function editModelsJson(text: string | null | undefined, edits: readonly ModelsJsonEdit[]): EditModelsJsonResult {
  try {
    return editUnguarded(text ?? "", edits);
  } catch (error) {
    if (isRegistryError(error)) throw error;
    throw new ConfigError({
      code: "config_edit_failed",
      message: "Expected to edit models.json, found a document the editor could not handle. Nothing was written.",
      recovery: "Simplify the file (e.g. remove extreme nesting) and retry.",
      cause: error,
    });
  }
}

/** How the file is laid out: indentation and line ends, detected so edits match. */
type Layout = Required<Pick<FormattingOptions, "insertSpaces" | "tabSize" | "eol">>;

function editUnguarded(original: string, edits: readonly ModelsJsonEdit[]): EditModelsJsonResult {
  if (!Array.isArray(edits) || edits.some((e) => typeof e !== "object" || e === null || !Array.isArray(e.path) || (e.path as unknown[]).some((p) => typeof p !== "string" && typeof p !== "number"))) {
    throw new ConfigError({
      code: "invalid_edit",
      message: "Expected edits as an array of { path: (string | number)[], value }, found something else. Nothing was written.",
      recovery: 'Pass e.g. [{ path: ["providers", "vllm", "baseUrl"], value: "http://127.0.0.1:8000/v1" }].',
    });
  }
  const bom = original.charCodeAt(0) === 0xfeff ? "\uFEFF" : "";
  const rest = original.slice(bom.length);
  const blank = rest.trim() === "";
  const commentsOnly = !blank && isTriviaOnly(rest);
  const body = blank ? EMPTY_MODELS_JSON : commentsOnly ? startAfterComments(rest) : rest;

  let root: unknown;
  try {
    root = parseJson5(body);
  } catch (cause) {
    const diagnostics = parseModelsJson(original).diagnostics.filter((d) => d.severity === "error");
    const at = diagnostics[0];
    throw new ConfigError({
      code: "config_unparsable",
      message: `Expected models.json to parse before editing it, found ${at?.found ?? "a syntax error"}${
        at?.line ? ` at line ${at.line}, column ${at.column}` : ""
      }. Nothing was written.`,
      recovery: "Fix the file by hand (or restore it from a models.json.bak-* backup), then retry.",
      diagnostics,
      cause,
    });
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new ConfigError({
      code: "config_invalid_root",
      message: `Expected models.json to hold an object, found ${Array.isArray(root) ? "a list" : root === null ? "null" : `a ${typeof root}`}. Nothing was written.`,
      recovery: 'Make the file an object such as { "providers": {} }, then retry.',
    });
  }

  const plainEdits = edits.map((edit) => ({ path: [...edit.path], value: toJsonValue(edit.value, edit.path) }));
  const expected = applyJsonEdits(root, plainEdits);
  if (jsonEqual(expected, root)) return { text: original, changed: false, strategy: "in-place", backup: null };

  // A comment's indentation says nothing about how the user lays out JSON: lay out the new object the default way.
  const options = formattingOptionsOf(commentsOnly ? EMPTY_MODELS_JSON.replace(/\n/g, body.includes("\r\n") ? "\r\n" : "\n") : body);
  if (isJsoncCompatible(body, root)) {
    const edited = editInPlace(body, plainEdits, expected, options);
    if (edited !== undefined) return { text: bom + edited, changed: true, strategy: "in-place", backup: null };
  }
  const keep = blank ? null : { text: original };
  const normalized = normalizeJson5(body);
  if (normalized !== undefined) {
    const edited = editInPlace(normalized, plainEdits, expected, options);
    if (edited !== undefined) {
      return {
        text: bom + edited,
        changed: true,
        strategy: "normalized",
        backup: keep && { ...keep, reason: "JSON5-only syntax was rewritten as JSON (comments and key order kept)." },
      };
    }
  }
  const indent = options.insertSpaces ? " ".repeat(options.tabSize) : "\t";
  const serialised = containsNonJsonNumber(expected)
    ? JSON5.stringify(expected, { space: indent, quote: '"' })
    : JSON.stringify(expected, null, indent);
  return {
    text: bom + serialised.replace(/\n/g, options.eol) + options.eol,
    changed: true,
    strategy: "rewritten",
    backup: keep && { ...keep, reason: "The file could not be edited in place; it was re-serialised and its comments were dropped." },
  };
}

/**
 * A file holding only comments (a template such as `// add providers here`) gets the empty object after them, so
 * the user's comments stay first and the edit is made in place. The file's line ends are kept.
 */
function startAfterComments(comments: string): string {
  const eol = comments.includes("\r\n") ? "\r\n" : "\n";
  return `${comments.trimEnd()}${eol}${EMPTY_MODELS_JSON.replace(/\n/g, eol)}`;
}

function editInPlace(
  text: string,
  edits: ReadonlyArray<{ path: Array<string | number>; value: unknown }>,
  expected: unknown,
  options: Layout,
): string | undefined {
  // Batched first (linear in the file size for large edit lists); if that ever disagrees with the meaning of the
  // edits, one parse per edit (the original, quadratic way) before giving up on editing in place.
  for (const batched of edits.length > 1 ? [true, false] : [false]) {
    try {
      const edited = applyInPlace(text, edits, options, batched);
      if (jsonEqual(parseJson5(edited), expected)) return edited;
    } catch {
      // Try the next way, then fall back to normalising or rewriting.
    }
  }
  return undefined;
}

/**
 * Apply the edits in batches: every edit of a batch is placed against one parse of the text, and the batch is
 * written with one pass over it. An edit joins the batch only when its result cannot depend on the others: no
 * path is a prefix of another's, no earlier removal shifted the list it goes through, and the lines it rewrites
 * (the range jsonc-parser's formatter reads) are not shared with another edit. Appends to one list or new keys of
 * one object become a single insertion, formatted once. Otherwise the batch is written and the text parsed again.
 */
function applyInPlace(
  text: string,
  edits: ReadonlyArray<{ path: Array<string | number>; value: unknown }>,
  options: Layout,
  batched: boolean,
): string {
  let current = text;
  let i = 0;
  while (i < edits.length) {
    const batch = new Batch(current, options, batched);
    while (i < edits.length && batch.add(edits[i]!)) i += 1;
    current = batch.write();
  }
  return current;
}

/** Lines `start`..`end` of the text are replaced by `render()`. */
interface Placement {
  start: number;
  end: number;
  render: () => string;
}

/** Members appended to one existing list or object, written as one insertion after its last member. */
interface Group {
  isArray: boolean;
  keys: Set<string>;
  /** Members after the first (which the placement's own edit holds). */
  members: string[];
}

class Batch {
  private readonly tree: Node | undefined;
  private readonly placements: Placement[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly touched = new Set<string>();
  private readonly prefixes = new Set<string>();
  private readonly shifted = new Set<string>();
  private size = 0;

  constructor(
    private readonly text: string,
    private readonly options: Layout,
    private readonly batched: boolean,
  ) {
    this.tree = parseTree(text);
  }

  /** Place the edit in this batch; `false` when it must wait for the next one (never for an empty batch). */
  add(edit: { path: Array<string | number>; value: unknown }): boolean {
    const { path, value } = edit;
    const chain: Node[] = [];
    let node = this.tree;
    while (node && chain.length < path.length) {
      chain.push(node);
      node = findNodeAtLocation(node, [path[chain.length - 1]!]);
    }
    const full = node !== undefined && chain.length === path.length;
    const depth = full ? path.length : chain.length - 1;
    const container = full ? chain[path.length - 1] : chain[depth];
    const containerPath = path.slice(0, full ? path.length - 1 : depth);

    const last = path[path.length - 1];
    const containerKey = pathKey(containerPath);
    const group = this.groups.get(containerKey);
    const appends =
      value !== undefined &&
      !full &&
      depth === path.length - 1 &&
      container !== undefined &&
      (container.type === "array"
        ? typeof last === "number" && (last === -1 || last === (container.children?.length ?? 0) + added(group))
        : container.type === "object" && typeof last === "string" && !group?.keys.has(last));
    const memberPath = appends && container.type === "array" ? [...containerPath, (container.children?.length ?? 0) + added(group)] : path;
    const touched = full || appends ? memberPath : path.slice(0, depth + 1);

    if (this.size > 0) {
      if (!this.batched || this.conflicts(memberPath, touched)) return false;
    }
    if (value === undefined && !full) {
      this.size += 1;
      return true; // Removing what is not there (jsonc-parser would throw when a parent is missing).
    }

    if (appends && group) {
      group.members.push(memberText(last!, value, group.isArray));
      if (!group.isArray) group.keys.add(last as string);
    } else {
      const placement = appends ? this.placeGroup(container, containerPath, last!, value) : this.placeEdit(container, containerPath, path, value);
      if (placement === undefined) {
        this.size += 1;
        return true;
      }
      if (!this.claim(placement)) {
        if (this.size > 0) {
          if (appends) this.groups.delete(containerKey);
          return false;
        }
        throw new Error("overlapping placement in an empty batch");
      }
    }
    this.register(touched, value === undefined && container?.type === "array" ? containerPath : undefined);
    this.size += 1;
    return true;
  }

  write(): string {
    const parts: string[] = [];
    let at = 0;
    for (const p of this.placements) {
      parts.push(this.text.slice(at, p.start), p.render());
      at = p.end;
    }
    parts.push(this.text.slice(at));
    return parts.join("");
  }

  private conflicts(path: ReadonlyArray<string | number>, touched: ReadonlyArray<string | number>): boolean {
    if (this.prefixes.has(pathKey(touched))) return true;
    for (let k = 0; k <= path.length; k++) {
      const key = pathKey(path.slice(0, k));
      if (this.touched.has(key)) return true;
      if (k < path.length && this.shifted.has(key)) return true;
    }
    return false;
  }

  private register(touched: ReadonlyArray<string | number>, shiftedList: ReadonlyArray<string | number> | undefined): void {
    this.touched.add(pathKey(touched));
    for (let k = 0; k <= touched.length; k++) this.prefixes.add(pathKey(touched.slice(0, k)));
    if (shiftedList) this.shifted.add(pathKey(shiftedList));
  }

  /** Keep placements sorted and disjoint; a placement sharing a line with another one waits for the next batch. */
  private claim(placement: Placement): boolean {
    const list = this.placements;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.start < placement.start) lo = mid + 1;
      else hi = mid;
    }
    const before = list[lo - 1];
    const after = list[lo];
    if (before && before.end >= placement.start) return false;
    if (after && placement.end >= after.start) return false;
    list.splice(lo, 0, placement);
    return true;
  }

  /** The edit as jsonc-parser's `modify` makes it, computed on the container's text alone (not the whole file). */
  private rawEdit(container: Node | undefined, containerPath: ReadonlyArray<string | number>, path: ReadonlyArray<string | number>, value: unknown): Edit | undefined {
    const offset = container?.offset ?? 0;
    const own = container ? this.text.slice(offset, offset + container.length) : this.text;
    const raw = modify(own, path.slice(containerPath.length), value, {});
    if (raw.length === 0) return undefined;
    if (raw.length !== 1) throw new Error("unexpected multi-part edit");
    return { ...raw[0]!, offset: raw[0]!.offset + offset };
  }

  private placeGroup(container: Node, containerPath: Array<string | number>, first: string | number, value: unknown): Placement | undefined {
    const isArray = container.type === "array";
    const edit = this.rawEdit(container, containerPath, [...containerPath, first], value);
    if (!edit) return undefined;
    const group: Group = { isArray, keys: new Set(isArray ? [] : [first as string]), members: [] };
    this.groups.set(pathKey(containerPath), group);
    return this.layout({ ...edit, content: "" }, container, () => edit.content + group.members.join(""), edit.content.startsWith(","));
  }

  private placeEdit(
    container: Node | undefined,
    containerPath: Array<string | number>,
    path: Array<string | number>,
    value: unknown,
  ): Placement | undefined {
    const raw = this.rawEdit(container, containerPath, path, value);
    if (!raw) return undefined;
    if (value === undefined) {
      const edit = keepTrailingComment(this.text, raw);
      const start = lineStart(this.text, edit.offset);
      const end = lineEnd(this.text, edit.offset + edit.length);
      return { start, end, render: () => this.text.slice(start, edit.offset) + edit.content + this.text.slice(edit.offset + edit.length, end) };
    }
    return this.layout({ ...raw, content: "" }, container, () => raw.content, raw.content.startsWith(","));
  }

  /**
   * Where an insertion or replacement goes and how it is laid out: the lines around it are formatted with the
   * file's layout, exactly as formatting them in the whole edited file would (the formatter reads whole lines only).
   */
  private layout(edit: Edit, container: Node | undefined, content: () => string, afterComma: boolean): Placement {
    const text = this.text;
    const editEnd = edit.offset + edit.length;
    if (container && (!container.children || container.children.length === 0)) {
      // Filling an empty {} or []: lay out the whole container, which held nothing else.
      const start = lineStart(text, Math.min(edit.offset, container.offset));
      const end = lineEnd(text, Math.max(editEnd, container.offset + container.length));
      return {
        start,
        end,
        render: () => {
          const inserted = content();
          const local = text.slice(start, edit.offset) + inserted + text.slice(editEnd, end);
          return formatLocal(local, { offset: container.offset - start, length: container.length + inserted.length - edit.length }, this.options);
        },
      };
    }
    const oneLine = container !== undefined && !/[\r\n]/.test(text.slice(container.offset, container.offset + container.length));
    const comment = oneLine || edit.length !== 0 || !afterComma ? null : trailingComment(text, edit.offset);
    if (comment) {
      // jsonc-parser appends a member right after the previous value, which would leave that value's same-line
      // comment (`"b": 2 // about b`) trailing the new member instead. Put the comma before the comment and the new
      // member on its own line after it.
      const commentEnd = edit.offset + comment.length;
      const start = lineStart(text, edit.offset);
      const end = lineEnd(text, commentEnd);
      const indent = /^[ \t]*/.exec(text.slice(start, end))?.[0] ?? "";
      return {
        start,
        end,
        render: () => {
          const member = content().slice(1);
          const head = `${text.slice(start, edit.offset)},${comment}${this.options.eol}${indent}`;
          return formatLocal(head + member + text.slice(commentEnd, end), { offset: head.length, length: member.length }, this.options);
        },
      };
    }
    const start = lineStart(text, edit.offset);
    const end = lineEnd(text, editEnd);
    return {
      start,
      end,
      render: () => {
        const inserted = content();
        const local = text.slice(start, edit.offset) + inserted + text.slice(editEnd, end);
        return formatLocal(local, { offset: edit.offset - start, length: inserted.length }, { ...this.options, keepLines: oneLine });
      },
    };
  }
}

/** How many members a pending group already appends. */
function added(group: Group | undefined): number {
  return group ? 1 + group.members.length : 0;
}

/** One more member of a list or object, as jsonc-parser's `modify` writes it when it appends. */
function memberText(key: string | number, value: unknown, isArray: boolean): string {
  return isArray ? `,${JSON.stringify(value)}` : `,${JSON.stringify(key)}: ${JSON.stringify(value)}`;
}

function pathKey(path: ReadonlyArray<string | number>): string {
  return JSON.stringify(path);
}

/**
 * Format `range` of a few lines of text and return the result. The formatter's edits are applied in one pass:
 * jsonc-parser's `applyEdits` rebuilds the text once per edit, quadratic for a 5,000-entry insertion.
 */
function formatLocal(local: string, range: { offset: number; length: number }, options: FormattingOptions): string {
  const edits = format(local, range, options);
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(local.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(local.slice(at));
  return parts.join("");
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i -= 1;
  return i;
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i += 1;
  return i;
}

/** A comment on the same line right after `offset` (`"b": 2 // about b`), with the blanks before it. */
function trailingComment(text: string, offset: number): string | null {
  return /^[ \t]*(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/)/.exec(text.slice(offset, lineEnd(text, offset)))?.[0] ?? null;
}

const LINE_COMMENT = String.raw`(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/)`;

/**
 * Tidy jsonc-parser's removal of a member so comments stay with the members they describe:
 * - a later member is removed from the comma after the previous value, which would also delete a comment trailing
 *   that previous value (`"a": 1, // about a`): keep it;
 * - the removed member's own same-line comment would be left behind, now trailing the previous line: drop it;
 * - the first member is removed through the next member's start, which would pull that member onto the opening
 *   brace's line: keep the original line break and indentation.
 */
function keepTrailingComment(text: string, edit: Edit): Edit {
  const removed = text.slice(edit.offset, edit.offset + edit.length);
  const own = new RegExp(`^[ \\t]*(,)?([ \\t]*${LINE_COMMENT})?`).exec(text.slice(edit.offset + edit.length))!;
  const ownComment = own[2] === undefined ? 0 : own[0].length;
  if (!/^\s*,/.test(removed)) {
    const lead = /^\s*/.exec(removed)?.[0] ?? "";
    if (lead !== "" && lead !== removed && /\s$/.test(removed)) return { ...edit, content: lead };
    // The only member: its own trailing comment goes with it.
    return own[1] === undefined ? { ...edit, length: edit.length + ownComment } : edit;
  }
  const firstLine = /^[^\r\n]*/.exec(removed)?.[0] ?? "";
  const previous =
    firstLine.length === removed.length ? undefined : new RegExp(`^\\s*,\\s*(${LINE_COMMENT})\\s*$`).exec(firstLine)?.[1];
  if (own[1] !== undefined) {
    return { ...edit, length: edit.length + own[0].length, content: previous === undefined ? "," : `, ${previous}` };
  }
  return { ...edit, length: edit.length + ownComment, content: previous === undefined ? "" : ` ${previous}` };
}

function formattingOptionsOf(text: string): Layout {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith("\t")) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? Math.min(indent.length, 8) : 2, eol };
}

function containsNonJsonNumber(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "number" && !Number.isFinite(v)) return true;
    if (typeof v === "object" && v !== null) stack.push(...Object.values(v));
  }
  return false;
}
