import type { JsonPath } from "./json5-scanner.js";

/**
 * A short, safe description of a value for "found …" messages. Values under `apiKey` or `headers` are never shown
 * (they may be credentials), and long strings are cut.
 *
 * @example
 * ```ts
 * describeValue(11434, ["providers", "ollama", "baseUrl"]); // "the number 11434"
 * describeValue("sk-abc", ["providers", "x", "apiKey"]);   // "a string (6 characters)"
 * ```
 */
export function describeValue(value: unknown, path: JsonPath): string {
  const sensitive = path.some((segment) => segment === "apiKey" || segment === "headers");
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (typeof value === "string") {
    if (sensitive) return `a string (${value.length} characters)`;
    if (value === "") return "an empty string";
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  }
  if (typeof value === "number") {
    if (sensitive) return "a number";
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return `${value > 0 ? "" : "-"}Infinity (a number too large to represent)`;
    return `the number ${value}`;
  }
  if (typeof value === "boolean") return sensitive ? "a boolean" : `${value}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
