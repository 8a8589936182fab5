import { Secret } from "../schema/secret.js";
import { ConfigError } from "../errors/config-error.js";
import { formatJsonPath } from "./json-path-text.js";

/**
 * One change to models.json: set the value at `path`, or remove it when `value` is `undefined`. Missing objects
 * along the path are created; an array index equal to the length (or `-1`) appends.
 *
 * @example
 * ```ts
 * const edits: ModelsJsonEdit[] = [
 *   { path: ["providers", "vllm", "baseUrl"], value: "http://127.0.0.1:8000/v1" },
 *   { path: ["providers", "old"], value: undefined },
 * ];
 * ```
 */
export interface ModelsJsonEdit {
  path: ReadonlyArray<string | number>;
  value: unknown;
}

/**
 * Check that an edit's value can be written as JSON and return a plain copy of it. Refuses `Secret`s (models.json
 * stores references, not keys), non-finite numbers, functions, class instances and cycles.
 *
 * @example
 * ```ts
 * toJsonValue({ env: "OPENAI_API_KEY" }, ["providers", "openai", "apiKey"]); // { env: "OPENAI_API_KEY" }
 * ```
 */
export function toJsonValue(value: unknown, path: ReadonlyArray<string | number>): unknown {
  if (value === undefined) return undefined;
  const where = formatJsonPath(path);
  const refuse = (found: string, recovery: string): never => {
    throw new ConfigError({
      code: "invalid_edit",
      message: `Expected a JSON value to write at ${where}, found ${found}. Nothing was written.`,
      recovery,
    });
  };
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (item.depth > 200) refuse("a value nested more than 200 levels deep", "Write a flatter value.");
    if (v instanceof Secret) {
      refuse(
        "a Secret",
        'models.json keeps references, not keys: write { "env": "VAR" } (or "${VAR}") and put the key in that variable, or store it with setApiKey().',
      );
    }
    if (typeof v === "number" && !Number.isFinite(v)) refuse(String(v), "Write a finite number.");
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") refuse(`a ${typeof v}`, "Write a string, number, boolean, null, list or object.");
    if (typeof v === "object" && v !== null) {
      const proto = Object.getPrototypeOf(v);
      if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
        refuse(`an instance of ${(v as object).constructor?.name ?? "a class"}`, "Write a plain object.");
      }
      for (const child of Object.values(v)) stack.push({ value: child, depth: item.depth + 1 });
    }
  }
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (cause) {
    return refuse("a value JSON cannot represent (a cycle?)", "Write a plain JSON value without cycles.");
  }
}

/**
 * Apply edits to a parsed JSON document without mutating it (containers along each path are copied). This is the
 * meaning of an edit; {@link editModelsJson} checks every text it produces against it.
 *
 * @example
 * ```ts
 * applyJsonEdits({ providers: {} }, [{ path: ["providers", "x", "baseUrl"], value: "http://h/v1" }]);
 * // { providers: { x: { baseUrl: "http://h/v1" } } }
 * ```
 */
export function applyJsonEdits(root: unknown, edits: readonly ModelsJsonEdit[]): unknown {
  // Containers copied by an earlier edit are this call's own: later edits change them in place rather than copy
  // them again, so thousands of edits to one list stay linear.
  const own = new WeakSet<object>();
  let result = root;
  for (const edit of edits) result = applyOne(result, edit, own);
  return result;
}

function applyOne(root: unknown, edit: ModelsJsonEdit, own: WeakSet<object>): unknown {
  const { path, value } = edit;
  const fail = (at: number, message: string, recovery: string): never => {
    throw new ConfigError({
      code: "invalid_edit",
      message: `Cannot apply the edit at ${formatJsonPath(path)}: ${message}. Nothing was written.`,
      recovery,
      diagnostics: [
        {
          severity: "error",
          code: "invalid_edit",
          path: path.slice(0, at + 1) as Array<string | number>,
          line: null,
          column: null,
          message,
          hint: recovery,
        },
      ],
    });
  };
  if (path.length === 0) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      fail(-1, "the whole document can only be replaced by an object", "Pass an object, or edit a path inside it.");
    }
    return value;
  }
  for (const [i, segment] of path.entries()) {
    if (segment === "__proto__") fail(i, 'the key "__proto__" is not allowed', "Use another key.");
    if (typeof segment === "number" && (!Number.isInteger(segment) || segment < -1)) {
      fail(i, `${segment} is not an array index`, "Use an index from 0 to the list length, or -1 to append.");
    }
  }
  const copyRoot = shallowCopy(root, own);
  let parent: unknown = copyRoot;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i]!;
    const container = parent as Record<string | number, unknown>;
    checkContainer(parent, segment, i, fail);
    let child = Array.isArray(container) ? container[segment as number] : Object.hasOwn(container, segment) ? container[segment] : undefined;
    if (child === undefined) {
      if (value === undefined) return root;
      if (typeof path[i + 1] === "number") {
        fail(i, `${formatJsonPath(path.slice(0, i + 1))} does not exist, so no list index can be set in it`, "Create the list first, e.g. set it to [].");
      }
      child = {};
      own.add(child as object);
    } else {
      child = shallowCopy(child, own);
    }
    container[segment] = child;
    parent = child;
  }
  const last = path[path.length - 1]!;
  checkContainer(parent, last, path.length - 1, fail);
  if (Array.isArray(parent)) {
    const index = last as number;
    if (value === undefined) {
      if (index >= 0 && index < parent.length) parent.splice(index, 1);
      return copyRoot;
    }
    if (index === -1 || index === parent.length) parent.push(value);
    else if (index < parent.length) parent[index] = value;
    else fail(path.length - 1, `index ${index} is past the end of a list of ${parent.length}`, `Use an index up to ${parent.length}, or -1 to append.`);
    return copyRoot;
  }
  const object = parent as Record<string, unknown>;
  if (value === undefined) delete object[last as string];
  else object[last as string] = value;
  return copyRoot;
}

function checkContainer(
  parent: unknown,
  segment: string | number,
  at: number,
  fail: (at: number, message: string, recovery: string) => never,
): void {
  const isArray = Array.isArray(parent);
  const isObject = typeof parent === "object" && parent !== null && !isArray;
  if (typeof segment === "number" && !isArray) {
    fail(at, `expected a list to index with ${segment}, found ${describe(parent)}`, "Use a key (a string) for objects.");
  }
  if (typeof segment === "string" && !isObject) {
    fail(at, `expected an object to hold "${segment}", found ${describe(parent)}`, "Edit the parent value first, or use a list index for lists.");
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function shallowCopy(value: unknown, own: WeakSet<object>): unknown {
  if (typeof value !== "object" || value === null || own.has(value)) return value;
  const copy = Array.isArray(value) ? [...value] : { ...value };
  own.add(copy);
  return copy;
}
