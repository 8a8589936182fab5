import { Secret } from "../schema/secret.js";
import { isCredentialHeader } from "../transport/redact.js";

/**
 * Header values of a models.json provider or model as the parsed configuration holds them: credential-looking values
 * (`Authorization: Bearer …`, `x-api-key`, `X-Relay-Token`, any `Bearer`/key-shaped value) are {@link Secret}s, so
 * logging or serialising the configuration shows `Secret(…1234)`; other values (`X-Title`) stay plain strings.
 *
 * @example
 * ```ts
 * const headers: ConfigHeaders = { "X-Title": "my-app", Authorization: new Secret("Bearer sk-…") };
 * ```
 */
export type ConfigHeaders = Record<string, string | Secret>;

/**
 * Wrap the credential-looking values of a models.json `headers` object in {@link Secret}s (the rule is
 * `isCredentialHeader` of the shared redaction). Called by the parser, so every view of the configuration is safe
 * to log.
 *
 * @example
 * ```ts
 * protectHeaders({ Authorization: "Bearer abc", "X-Title": "app" }); // { Authorization: Secret(…), "X-Title": "app" }
 * ```
 */
export function protectHeaders(headers: Readonly<Record<string, string>>): ConfigHeaders {
  const out: ConfigHeaders = {};
  for (const [name, value] of Object.entries(headers)) out[name] = isCredentialHeader(name, value) ? new Secret(value) : value;
  return out;
}

/**
 * The header values to put on the wire: `Secret`s revealed, plain strings kept, anything else dropped. Call it where
 * the request is built (the registry does for `run()`'s attempt context and for status checks), never to log.
 *
 * @example
 * ```ts
 * const { config } = parseModelsJson(text, { env: hostEnv });
 * const gateway = config.providers.gateway;
 * const res = await fetch(`${gateway.baseUrl}/models`, { headers: revealHeaders(gateway.headers) });
 * ```
 */
export function revealHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === null || typeof headers !== "object") return out;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === "string") out[name] = value;
    else if (value instanceof Secret) out[name] = value.reveal();
  }
  return out;
}
