// Turns any failure into the JSON the page shows. A RegistryError carries a message and a recovery that the library
// already scrubbed of keys; anything else is answered with a fixed text, so an unexpected error can never echo a
// posted key back to the browser.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isRegistryError } from "../../../src/index.js";

/**
 * The error body every endpoint answers with: `{ error: { code, message, recovery } }`.
 *
 * @example
 * const body: ApiErrorBody = { error: { code: "invalid_argument", message: "…", recovery: "…" } };
 */
export interface ApiErrorBody {
  error: { code: string; message: string; recovery: string | null };
}

/**
 * An error the server raises itself for a bad request (missing field, wrong type), answered with status 400.
 *
 * @example
 * throw new BadRequest("key_missing", "Expected a non-empty key.", "Paste the key and save again.");
 */
export class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly recovery: string | null = null,
  ) {
    super(message);
    this.name = "BadRequest";
  }
}

/**
 * Hono's `onError` handler: registry and request errors become 400/404 JSON, anything else a generic 500.
 *
 * @example
 * app.onError(respondWithError);
 */
export function respondWithError(error: unknown, c: Context): Response {
  if (error instanceof BadRequest) return c.json<ApiErrorBody>({ error: { code: error.code, message: error.message, recovery: error.recovery } }, 400);
  if (isRegistryError(error)) {
    const status: ContentfulStatusCode = error.code === "unknown_provider" || error.code === "unknown_model" ? 404 : 400;
    return c.json<ApiErrorBody>({ error: { code: error.code, message: error.message, recovery: error.recovery ?? null } }, status);
  }
  // Only the error's class reaches the log: its message might quote a request body.
  console.error(`settings server: unexpected ${error instanceof Error ? error.name : typeof error} while answering ${c.req.method} ${c.req.path}`);
  return c.json<ApiErrorBody>({ error: { code: "internal", message: "The server failed unexpectedly; see its log.", recovery: null } }, 500);
}
