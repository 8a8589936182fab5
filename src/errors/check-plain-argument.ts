import { RegistryError } from "./registry-error.js";

/**
 * A short description of a value for "found …" messages. Strings are never quoted (an argument may be a key), only
 * their kind; numbers and booleans are shown, containers by kind and size.
 *
 * @example
 * ```ts
 * `expected a list, found ${describeFound(input)}` // "expected a list, found the number 5"
 * ```
 */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * A plain object (not null, not a list).
 *
 * @example
 * ```ts
 * if (!isPlainObjectArgument(options)) return defaults;
 * ```
 */
export const isPlainObjectArgument = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A plain object or `undefined` (an omitted options argument).
 *
 * @example
 * ```ts
 * checkPlainArgument("normalizeProviderId", "options", "an object or nothing", isOptionalObjectArgument, options);
 * ```
 */
export const isOptionalObjectArgument = (v: unknown): v is Record<string, unknown> | undefined => v === undefined || isPlainObjectArgument(v);

/**
 * {@link checkArgument} for a shape a plain test decides, without zod: the few functions a host may import alone
 * (`parseModelRef`, `normalizeProviderId`, `getBuiltinProvider`) check their arguments with it, so a bundler that
 * keeps only those functions does not keep zod too. Same `invalid_argument` error and wording as `checkArgument`.
 *
 * @example
 * ```ts
 * checkPlainArgument("getBuiltinProvider", "id", "a string", (v) => typeof v === "string", id);
 * // throws invalid_argument: "getBuiltinProvider: expected id to be a string, found the number 5."
 * ```
 */
export function checkPlainArgument(fn: string, name: string, want: string, test: (value: unknown) => boolean, value: unknown): void {
  if (test(value)) return;
  throw new RegistryError({
    code: "invalid_argument",
    message: `${fn}: expected ${name} to be ${want}, found ${describeFound(value)}.`,
    recovery: `Pass ${want} as ${name} to ${fn}() (see its documentation for the accepted shape).`,
  });
}
