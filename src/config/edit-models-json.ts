import { ARG, checkArgument } from "../errors/check-argument.js";
import { modelsJsonBackupKeyAt } from "../storage/storage-keys.js";
import JSON5 from "json5";
import { parseJson5 } from "./parse-json5.js";
import {
  applyEdits,
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
 * - Absent or blank text starts from {@link EMPTY_MODELS_JSON}; text holding only comments keeps them, followed by
 *   that object.
 * - JSON5-only syntax is rewritten only with `backup` set (see {@link EditModelsJsonResult}).
 * - Every result is checked: the new text must parse to exactly the old value with the edits applied.
 *
 * @example
 * ```ts
 * const { text: next } = editModelsJson(text, [
 *   { path: ["providers", "vllm"], value: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions" } },
 *   { path: ["providers", "ollama", "models", -1], value: { id: "qwen3:8b" } },
 * ]);
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
  try {
    let current = text;
    for (const { path, value } of edits) {
      // Removing what is not there is a no-op (jsonc-parser would throw when a parent is missing).
      if (value === undefined && !hasNode(current, path)) continue;
      const raw = modify(current, path, value, {});
      if (raw.length === 0) continue;
      if (raw.length !== 1) {
        current = applyEdits(current, raw);
        continue;
      }
      const edit = value === undefined ? keepTrailingComment(current, raw[0]!) : raw[0]!;
      let next = applyEdits(current, [edit]);
      if (value !== undefined) {
        const container = deepestExisting(current, path);
        if (container && (!container.children || container.children.length === 0)) {
          // Filling an empty {} or []: lay out the whole container, which held nothing else.
          next = applyEdits(next, format(next, { offset: container.offset, length: container.length + edit.content.length - edit.length }, options));
        } else {
          const oneLine = container !== undefined && !/[\r\n]/.test(current.slice(container.offset, container.offset + container.length));
          const afterComment = oneLine ? undefined : insertAfterTrailingComment(current, edit, options.eol);
          if (afterComment) {
            next = applyEdits(afterComment.text, format(afterComment.text, afterComment.range, options));
          } else {
            next = applyEdits(next, format(next, { offset: edit.offset, length: edit.content.length }, { ...options, keepLines: oneLine }));
          }
        }
      }
      current = next;
    }
    return jsonEqual(parseJson5(current), expected) ? current : undefined;
  } catch {
    return undefined;
  }
}

/**
 * jsonc-parser appends a member right after the previous value, which would leave that value's same-line comment
 * (`"b": 2 // about b`) trailing the new member instead. Put the comma before the comment and the new member on its
 * own line after it.
 */
function insertAfterTrailingComment(
  text: string,
  edit: Edit,
  eol: string,
): { text: string; range: { offset: number; length: number } } | undefined {
  if (edit.length !== 0 || !edit.content.startsWith(",")) return undefined;
  const comment = /^[ \t]*(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/)/.exec(text.slice(edit.offset));
  if (!comment) return undefined;
  const end = edit.offset + comment[0].length;
  const lineStart = Math.max(text.lastIndexOf("\n", edit.offset - 1), text.lastIndexOf("\r", edit.offset - 1)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
  const member = edit.content.slice(1);
  return {
    text: `${text.slice(0, edit.offset)},${text.slice(edit.offset, end)}${eol}${indent}${member}${text.slice(end)}`,
    range: { offset: end + 1 + eol.length + indent.length, length: member.length },
  };
}

function hasNode(text: string, path: ReadonlyArray<string | number>): boolean {
  const tree = parseTree(text);
  return tree !== undefined && findNodeAtLocation(tree, [...path]) !== undefined;
}

/** The node that will hold the edited value: its parent when it exists, else the deepest existing ancestor. */
function deepestExisting(text: string, path: ReadonlyArray<string | number>): Node | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const node = findNodeAtLocation(tree, path.slice(0, i));
    if (node) return node;
  }
  return undefined;
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
