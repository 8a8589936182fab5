import { redactUrl } from "../transport/redact.js";

/**
 * A URL as messages and recovery texts show it: credentials in it (`?key=…`, `user:pass@`) redacted, otherwise exactly
 * as written (no normalising, so `http://127.0.0.1:11434` stays without a trailing slash).
 *
 * @example
 * ```ts
 * shownUrl("http://127.0.0.1:9/v1?key=abc"); // "http://127.0.0.1:9/v1?key=[REDACTED]"
 * shownUrl("http://127.0.0.1:11434");        // "http://127.0.0.1:11434"
 * ```
 */
export function shownUrl(url: string): string {
  const redacted = redactUrl(url);
  return /REDACTED/.test(redacted) ? redacted : url;
}
