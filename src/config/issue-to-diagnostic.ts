import type { z } from "zod";
import { describeValue } from "./describe-value.js";
import { closestMatch, fieldHint } from "./field-hints.js";
import { formatJsonPath } from "./json-path-text.js";
import type { JsonPath } from "./json5-scanner.js";

/**
 * A diagnostic before it gets a text position: `anchor` says whether to point at the member's key or its value.
 *
 * @example
 * ```ts
 * const draft: DiagnosticDraft = { severity: "error", code: "invalid_type", path: ["mode"], message: "…", hint: "…", anchor: "value" };
 * ```
 */
export interface DiagnosticDraft {
  severity: "error" | "warning" | "info";
  code: string;
  path: Array<string | number>;
  message: string;
  expected?: string;
  found?: string;
  hint: string;
  anchor: "key" | "value";
  /** A known text offset, when the path alone is ambiguous (a duplicate key shares its path with the original). */
  offset?: number;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "a list",
  null: "null",
};

/**
 * Read the value at `path` inside `root` without throwing.
 *
 * @example
 * ```ts
 * valueAt({ a: [{ b: 1 }] }, ["a", 0, "b"]); // 1
 * ```
 */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * Turn one zod issue into a diagnostic that says what was expected, what was found, and what to write instead.
 * `basePath` is where the validated value sits in the file; `root` is the whole parsed file (for the found value).
 *
 * @example
 * ```ts
 * const drafts = result.error.issues.map((issue) => issueToDiagnostic(issue, ["providers", id], root));
 * ```
 */
export function issueToDiagnostic(
  issue: z.core.$ZodIssue,
  basePath: JsonPath,
  root: unknown,
  consequence: string,
): DiagnosticDraft {
  const path = [...basePath, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
  const value = valueAt(root, path);
  const found = describeValue(value, path);
  const where = formatJsonPath(path);
  const hint = fieldHint(path);
  let expected: string;
  let code: string = issue.code;
  let extraHint = "";
  let shortExpected: string | undefined;
  switch (issue.code) {
    case "invalid_type":
      expected = TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
      if (path[path.length - 1] === "baseUrl" && issue.expected === "string") expected = "a URL string";
      if (value === undefined) code = "missing_field";
      break;
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v));
      expected = `one of ${options.join(", ")}`;
      // Long lists belong in `expected` and the hint; the message stays one readable sentence.
      if (options.length > 4) shortExpected = `one of the ${options.length} supported values`;
      const suggestion =
        typeof value === "string" ? closestMatch(value, issue.values.filter((v): v is string => typeof v === "string")) : undefined;
      if (suggestion !== undefined) extraHint = `Did you mean "${suggestion}"? `;
      break;
    }
    case "invalid_format":
      expected = issue.format === "url" ? "an http(s) URL" : `text in ${issue.format} format`;
      break;
    case "too_small":
      expected =
        issue.origin === "string"
          ? "a non-empty string"
          : issue.origin === "array"
            ? `a list of at least ${String(issue.minimum)}`
            : `a number ${issue.inclusive ? "≥" : ">"} ${String(issue.minimum)}`;
      break;
    case "too_big":
      expected =
        issue.origin === "int" || issue.origin === "number"
          ? `a number ≤ ${String(issue.maximum)}`
          : `at most ${String(issue.maximum)} items`;
      break;
    case "invalid_union":
      expected = path[path.length - 1] === "apiKey" ? '"${VAR}", { "env": "VAR" } or a key string' : "one of the allowed shapes";
      break;
    default:
      expected = "a valid value";
  }
  return {
    severity: "error",
    code,
    path,
    message:
      code === "missing_field"
        ? `Expected ${where} to be ${expected}, found it missing. ${consequence}`.trim()
        : `Expected ${shortExpected ?? expected} at ${where}, found ${found}. ${consequence}`.trim(),
    expected,
    found,
    hint: `${extraHint}${hint}`,
    anchor: "value",
  };
}
