/**
 * Default cap on a response body, in bytes: 16 MiB. The largest public model listings are a few MiB (OpenRouter
 * with descriptions, a big LiteLLM proxy's `/model/info`), so real listings fit with room to spare, while a runaway
 * or hostile body stops long before it can exhaust memory (a 16 MiB JSON document parses into at most a few hundred
 * MB of objects). The cap is enforced while the body streams in, never after buffering it. Callers lower it where
 * answers are small (OAuth token endpoints: {@link OAUTH_MAX_RESPONSE_BYTES}).
 *
 * @example
 * ```ts
 * await httpRequest({ url, timeoutMs: 5000, maxBodyBytes: DEFAULT_MAX_RESPONSE_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Cap on OAuth token and device-authorization answers: 1 MiB. They are a few hundred bytes in practice.
 *
 * @example
 * ```ts
 * await httpRequest({ url: tokenUrl, method: "POST", timeoutMs: 30_000, maxBodyBytes: OAUTH_MAX_RESPONSE_BYTES });
 * ```
 */
export const OAUTH_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * How much of an error answer (a non-2xx status) is read: 64 KiB. Only its message is needed, so a longer error
 * body is cut, not refused, and the status still classifies.
 *
 * @example
 * ```ts
 * const text = await readBodyText(response, { maxBytes: ERROR_BODY_BYTES, overflow: "truncate", shown });
 * ```
 */
export const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Redirect hops followed at most: 5. API endpoints redirect once or twice (trailing slash, http → https, a moved
 * path); more than that is a loop or a misconfiguration.
 *
 * @example
 * ```ts
 * await httpRequest({ url, timeoutMs: 5000, maxRedirects: DEFAULT_MAX_REDIRECTS });
 * ```
 */
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * Cap on one frame of a streamed answer (one SSE event's data, one NDJSON line): 8 MiB. A model's biggest single
 * event is a whole tool-call argument or an image part, well under a MiB; a frame past this is a server that never
 * sends its separator, and reading stops before it can exhaust memory.
 *
 * @example
 * ```ts
 * await openStream({ url, json, framing: "sse", connectTimeoutMs: 30_000, idleTimeoutMs: 60_000, maxFrameBytes: DEFAULT_MAX_FRAME_BYTES / 2 });
 * ```
 */
export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
