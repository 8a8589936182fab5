import { z } from "zod";
import { RegistryError } from "./registry-error.js";

/**
 * A short description of a value for "found …" messages. Strings are never quoted (an argument may be a key), only
 * their kind; numbers and booleans are shown, containers by kind and size.
 */
function found(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

const KIND_TEXT: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "a list",
  record: "an object",
  map: "a Map",
  function: "a function",
  bigint: "a bigint",
  symbol: "a symbol",
  date: "a Date",
  never: "nothing",
};

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return KIND_TEXT[issue.expected] ?? issue.expected;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      return "one of the accepted shapes";
    default:
      return issue.message;
  }
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Check one argument of a public function at its entry, so wrong input types fail with a {@link RegistryError}
 * (code `invalid_argument`) that says what was expected and found, never with a `TypeError` from deep inside. Only
 * validates: the caller keeps using its own value (zod's parsed copy would drop unknown fields).
 *
 * @example
 * ```ts
 * checkArgument("splitAuthProfile", "model", z.string(), model);
 * // throws invalid_argument: "splitAuthProfile: expected model to be a string, found the number 5."
 * ```
 */
export function checkArgument(fn: string, name: string, schema: z.ZodType, value: unknown): void {
  // The shared shapes answer "valid" without zod (most calls pass); zod decides, and words the error, otherwise.
  if (quickChecks().get(schema)?.(value) === true) return;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidArgument(fn, name, result.error, value, schema.description);
}

/**
 * The `invalid_argument` error for a value that failed its schema, for functions that parse their argument anyway
 * (and so check it without a second pass). `schemaText` describes the whole expected value for union failures.
 *
 * @example
 * ```ts
 * const parsed = Schema.safeParse(doc);
 * if (!parsed.success) throw invalidArgument("readModelsDevProviders", "doc", parsed.error, doc);
 * ```
 */
export function invalidArgument(fn: string, name: string, error: z.ZodError, value: unknown, schemaText?: string): RegistryError {
  const issue = error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  const where = `${name}${path}`;
  const want = path === "" && schemaText !== undefined ? schemaText : expected(issue);
  return new RegistryError({
    code: "invalid_argument",
    message: `${fn}: expected ${where} to be ${want}, found ${found(at(value, issue.path))}.`,
    recovery: `Pass ${want} as ${where} to ${fn}() (see its documentation for the accepted shape).`,
    cause: error,
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Argument shapes shared by many public functions. Objects are loose (extra fields are fine) and list only the
 * fields a function reads, so the check costs little and never rejects a richer value.
 *
 * @example
 * ```ts
 * checkArgument("readJson", "storage", ARG.storage, storage);
 * ```
 */
const isOptionalObject = (v: unknown): v is Record<string, unknown> | undefined => v === undefined || isObject(v);
const isFunction = (v: unknown): v is (...args: never[]) => unknown => typeof v === "function";
const isStorage = (v: unknown): v is object =>
  isObject(v) && typeof v["get"] === "function" && (typeof v["update"] === "function" || typeof v["set"] === "function");
const isZodSchema = (v: unknown): v is z.ZodType => typeof (v as { safeParse?: unknown } | null)?.safeParse === "function";
const isIterable = (v: unknown): v is Iterable<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";

export const ARG = {
  string: z.string(),
  number: z.number(),
  finite: z.number().refine(Number.isFinite, "a finite number"),
  boolean: z.boolean(),
  strings: z.array(z.string()),
  object: z.custom<Record<string, unknown>>(isObject, "an object"),
  optionalObject: z.custom<Record<string, unknown> | undefined>(isOptionalObject, "an object or nothing"),
  function: z.custom<(...args: never[]) => unknown>(isFunction, "a function"),
  /** An env port: a plain object of strings (or unset entries). */
  // Not z.record: that takes plain objects only, and the environment object Node hosts pass is not one.
  env: z.object({}).catchall(z.string().optional()).describe("an object of environment strings"),
  /** A storage port: get/set/update functions (an object). */
  storage: z.custom<object>(isStorage, "a Storage (an object with get() and update())"),
  /** A zod schema (anything with safeParse). */
  zodSchema: z.custom<z.ZodType>(isZodSchema, "a zod schema"),
  /** A list of anything (items are checked where they are read). */
  list: z.array(z.unknown()),
  /** An iterable that is not a string. */
  iterable: z.custom<Iterable<unknown>>(isIterable, "an iterable (e.g. a list or Set)"),
} as const;

function isStringList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  // Indexed, so a hole counts as the undefined zod sees there.
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  return true;
}

let quick: ReadonlyMap<z.ZodType, (value: unknown) => boolean> | undefined;

/**
 * For each shared shape, a plain test that accepts only what its schema accepts (never more). A first zod parse of
 * a schema walks and compiles it, which a registry's first calls would otherwise pay on every public entry.
 */
function quickChecks(): ReadonlyMap<z.ZodType, (value: unknown) => boolean> {
  return (quick ??= new Map<z.ZodType, (value: unknown) => boolean>([
    [ARG.string, (v) => typeof v === "string"],
    [ARG.number, (v) => Number.isFinite(v)],
    [ARG.finite, (v) => Number.isFinite(v)],
    [ARG.boolean, (v) => typeof v === "boolean"],
    [ARG.strings, isStringList],
    [ARG.object, isObject],
    [ARG.optionalObject, isOptionalObject],
    [ARG.function, isFunction],
    [ARG.storage, isStorage],
    [ARG.zodSchema, isZodSchema],
    [ARG.list, (v) => Array.isArray(v)],
    [ARG.iterable, isIterable],
  ]));
}
