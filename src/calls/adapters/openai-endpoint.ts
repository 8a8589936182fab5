/** Trailing slashes of a configured base URL (`https://host/v1/`), matched once per request. */
const TRAILING_SLASHES = /\/+$/;

/**
 * The URL of an OpenAI-style endpoint under a configured base URL, whether or not the base ends with `/`
 * (`https://api.openai.com/v1/` and `https://api.openai.com/v1` both give `…/v1/chat/completions`).
 *
 * @example
 * ```ts
 * openaiEndpoint("http://127.0.0.1:8000/v1/", "/chat/completions"); // "http://127.0.0.1:8000/v1/chat/completions"
 * ```
 */
export function openaiEndpoint(baseUrl: string, path: string): string {
  return baseUrl.replace(TRAILING_SLASHES, "") + path;
}

/**
 * The credential header of an OpenAI-style api: a Bearer token, or none for a keyless local server (vLLM, LM Studio,
 * llama.cpp), which must not receive an empty `Authorization` header.
 *
 * @example
 * ```ts
 * const wire = { url, headers: input.headers, credentialHeaders: openaiBearer(input.apiKey), body, framing: "sse" };
 * ```
 */
export function openaiBearer(apiKey: string | null): Record<string, string> {
  return apiKey === null ? {} : { authorization: `Bearer ${apiKey}` };
}
