/**
 * A URL as messages and recovery texts show it: credentials in it (`?key=…`, `user:pass@`) redacted, otherwise exactly
 * as written. One rule for every surface (status, listings, explain, errors), so it lives with the redaction.
 */
export { shownUrl } from "../transport/redact.js";
