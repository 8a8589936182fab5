import * as z from "zod";
import { describeFound as found, isOptionalObjectArgument as isOptionalObject, isPlainObjectArgument as isObject } from "./check-plain-argument.js";
import { RegistryError } from "./registry-error.js";

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
export function checkArgument(fn: string, name: string, shape: z.ZodType | LazySchema<z.ZodType>, value: unknown): void {
  const schema = typeof shape === "function" ? shape() : shape;
  // The shared shapes answer "valid" without zod (most calls pass); zod decides, and words the error, otherwise.
  if (QUICK_CHECKS.get(schema)?.(value) === true) return;
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

const isFunction = (v: unknown): v is (...args: never[]) => unknown => typeof v === "function";
const isStorage = (v: unknown): v is object =>
  isObject(v) && typeof v["get"] === "function" && (typeof v["update"] === "function" || typeof v["set"] === "function");
const isZodSchema = (v: unknown): v is z.ZodType => typeof (v as { safeParse?: unknown } | null)?.safeParse === "function";
const isIterable = (v: unknown): v is Iterable<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";

/**
 * A schema built on first use, not at import: the argument shapes of public functions are many, and a host that
 * never calls most of those functions should not pay for building their schemas when it loads the package.
 *
 * @example
 * ```ts
 * const REF_ARG = lazySchema(() => z.looseObject({ provider: ARG.string, model: ARG.string }));
 * checkArgument("resolveFromCatalog", "ref", REF_ARG, ref);
 * ```
 */
export type LazySchema<T extends z.ZodType> = () => T;

/**
 * Wrap a schema's construction so it runs once, on first use (see {@link LazySchema}).
 *
 * @example
 * ```ts
 * const OPTIONS_ARG = lazySchema(() => z.looseObject({ tokenUrl: ARG.string, clientId: ARG.string }));
 * checkArgument("requestToken", "options", OPTIONS_ARG, options);
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<T extends z.ZodType>(build: () => T): LazySchema<T> {
  let schema: T | undefined;
  return () => (schema ??= build());
}

/**
 * A schema built on first use (see {@link lazySchema}) with a plain test that answers "valid" without zod. `quick`
 * must accept only values the schema accepts (never more): anything it rejects goes to zod, which decides and words
 * the error. For checks on a hot first call, where zod's first parse (which compiles the schema) would cost more
 * than the call itself.
 *
 * @example
 * ```ts
 * const INPUT_ARG = quickSchema(() => z.looseObject({ plugins: ARG.list }), (v) => isPlainObject(v) && Array.isArray(v.plugins));
 * checkArgument("buildCatalog", "input", INPUT_ARG, input);
 * ```
 */
export function quickSchema<T extends z.ZodType>(build: () => T, quick: (value: unknown) => boolean): LazySchema<T> {
  return shared(build, quick);
}

/**
 * For each shared shape built so far, a plain test that accepts only what its schema accepts (never more): a first
 * zod parse of a schema walks and compiles it, which a registry's first calls would otherwise pay on every entry.
 */
const QUICK_CHECKS = new Map<z.ZodType, (value: unknown) => boolean>();

/* @__NO_SIDE_EFFECTS__ */
function shared<T extends z.ZodType>(build: () => T, quick: (value: unknown) => boolean): LazySchema<T> {
  return lazySchema(() => {
    const schema = build();
    QUICK_CHECKS.set(schema, quick);
    return schema;
  });
}

function isStringList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  // Indexed, so a hole counts as the undefined zod sees there.
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  return true;
}

const SHARED = {
  string: shared(() => z.string(), (v) => typeof v === "string"),
  number: shared(() => z.number(), (v) => Number.isFinite(v)),
  finite: shared(() => z.number().refine(Number.isFinite, "a finite number"), (v) => Number.isFinite(v)),
  boolean: shared(() => z.boolean(), (v) => typeof v === "boolean"),
  strings: shared(() => z.array(z.string()), isStringList),
  object: shared(() => z.custom<Record<string, unknown>>(isObject, "an object"), isObject),
  optionalObject: shared(() => z.custom<Record<string, unknown> | undefined>(isOptionalObject, "an object or nothing"), isOptionalObject),
  function: shared(() => z.custom<(...args: never[]) => unknown>(isFunction, "a function"), isFunction),
  // Not z.record: that takes plain objects only, and the environment object Node hosts pass is not one.
  env: lazySchema(() => z.object({}).catchall(z.string().optional()).describe("an object of environment strings")),
  storage: shared(() => z.custom<object>(isStorage, "a Storage (an object with get() and update())"), isStorage),
  zodSchema: shared(() => z.custom<z.ZodType>(isZodSchema, "a zod schema"), isZodSchema),
  list: shared(() => z.array(z.unknown()), (v) => Array.isArray(v)),
  iterable: shared(() => z.custom<Iterable<unknown>>(isIterable, "an iterable (e.g. a list or Set)"), isIterable),
};

/**
 * Argument shapes shared by many public functions. Objects are loose (extra fields are fine) and list only the
 * fields a function reads, so the check costs little and never rejects a richer value. Each is built on first read.
 *
 * @example
 * ```ts
 * checkArgument("readJson", "storage", ARG.storage, storage);
 * ```
 */
export const ARG = {
  get string() {
    return SHARED.string();
  },
  get number() {
    return SHARED.number();
  },
  get finite() {
    return SHARED.finite();
  },
  get boolean() {
    return SHARED.boolean();
  },
  get strings() {
    return SHARED.strings();
  },
  get object() {
    return SHARED.object();
  },
  get optionalObject() {
    return SHARED.optionalObject();
  },
  get function() {
    return SHARED.function();
  },
  /** An env port: a plain object of strings (or unset entries). */
  get env() {
    return SHARED.env();
  },
  /** A storage port: get/set/update functions (an object). */
  get storage() {
    return SHARED.storage();
  },
  /** A zod schema (anything with safeParse). */
  get zodSchema() {
    return SHARED.zodSchema();
  },
  /** A list of anything (items are checked where they are read). */
  get list() {
    return SHARED.list();
  },
  /** An iterable that is not a string. */
  get iterable() {
    return SHARED.iterable();
  },
};
