// The page posts small JSON objects; these helpers read one field each and answer 400 (not 500) for a wrong shape.
import type { Context } from "hono";
import { BadRequest } from "./api-error.js";

/**
 * Reads the request body as a JSON object; an empty or non-object body is a 400.
 *
 * @example
 * const body = await readObject(c);
 */
export async function readObject(c: Context): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    throw new BadRequest("invalid_body", "Expected a JSON object as the request body.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadRequest("invalid_body", "Expected a JSON object as the request body.");
  }
  return value as Record<string, unknown>;
}

/**
 * A required, non-empty string field.
 *
 * @example
 * const model = requireString(body, "model");
 */
export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value.trim() === "") {
    throw new BadRequest(`${field}_missing`, `Expected a non-empty "${field}".`, `Fill in ${field} and try again.`);
  }
  return value;
}

/**
 * An optional string field: absent or empty is `undefined`.
 *
 * @example
 * const label = optionalString(body, "label");
 */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new BadRequest(`${field}_invalid`, `Expected "${field}" to be a string.`);
  return value;
}
