import * as z from "zod";
import { ProviderCallError } from "../errors/provider-call-error.js";
import type { ErrorKind } from "../schema/error-kind.js";
import type { DiscoveryRequest } from "./discovery-types.js";
import { classifyError } from "../errors/classify-error.js";
import { displayUrl as edgeDisplayUrl } from "../transport/display-url.js";
import { httpRequest, type HttpResponse } from "../transport/http-request.js";
import { redactText } from "../transport/redact.js";

/**
 * Options of one discovery HTTP call.
 *
 * @example
 * ```ts
 * const options: DiscoveryCallOptions = { searchParams: { limit: 1000 }, headers: { "anthropic-version": "2023-06-01" } };
 * ```
 */
export interface DiscoveryCallOptions {
  method?: "get" | "post";
  searchParams?: Record<string, string | number>;
  headers?: Record<string, string>;
  json?: unknown;
  /** Called once the answer's headers are in, before the body is read. */
  onHeaders?: () => void;
}

/**
 * Join a base URL and a path with exactly one slash between them.
 *
 * @example
 * ```ts
 * joinUrl("http://127.0.0.1:8000/v1/", "/models"); // "http://127.0.0.1:8000/v1/models"
 * ```
 */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * A URL safe to show in a message or store in state: no user-info, no query string, no fragment. The HTTP edge's
 * {@link edgeDisplayUrl}, kept here under its old name for the adapters.
 *
 * @example
 * ```ts
 * displayUrl("https://u:p@example.com/v1/models?key=abc"); // "https://example.com/v1/models"
 * ```
 */
export function displayUrl(url: string): string {
  return edgeDisplayUrl(url);
}

/**
 * Map an HTTP failure of a listing call to an error kind, through the shared taxonomy ({@link classifyError}). Auth
 * failures are what status cares about most: 401 and 403 are a rejected credential, and so is Gemini's
 * `400 API_KEY_INVALID`. A listing endpoint's 403 is read as a rejected credential even when the body is silent,
 * because listing models needs nothing but a valid key — except when the body says the key merely lacks a scope
 * (OpenAI restricted keys: "Missing scopes: api.model.read"), which keeps the classifier's `bad_request`.
 *
 * @example
 * ```ts
 * classifyHttpFailure({ status: 401, bodyText: "" }); // "auth_invalid"
 * ```
 */
export function classifyHttpFailure(input: { status: number; bodyText: string; headers?: Headers }): ErrorKind {
  let body: unknown = input.bodyText;
  try {
    body = JSON.parse(input.bodyText);
  } catch {
    // Plain text bodies are classified by their words.
  }
  const headers: Record<string, string> = {};
  input.headers?.forEach((value, key) => {
    headers[key] = value;
  });
  const { kind, reason } = classifyError({ status: input.status, headers, body });
  // A restricted key that lacks the model-listing scope is a valid key: it must not show as "invalid".
  if (reason.startsWith("message:missing permission")) return kind;
  if (input.status === 403 && (kind === "unknown" || kind === "bad_request")) return "auth_invalid";
  return kind;
}

function scrub(text: string, request: DiscoveryRequest): string {
  const out = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return redactText(out, { secrets: [request.apiKey, ...Object.values(request.headers ?? {})] });
}

function errorMessageFromBody(bodyText: string): string {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === "object") {
      const error = (parsed as { error?: unknown; message?: unknown }).error;
      if (typeof error === "string") return error;
      if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
        return (error as { message: string }).message;
      }
      const message = (parsed as { message?: unknown }).message;
      if (typeof message === "string") return message;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return bodyText.trim();
}

/**
 * The headers that carry a credential for a backend. Keys go into headers only, never into URLs.
 *
 * @example
 * ```ts
 * authHeaders("anthropic", new Secret("sk-ant-...")); // { "x-api-key": "sk-ant-..." }
 * ```
 */
export function authHeaders(style: "bearer" | "anthropic" | "google", apiKey: DiscoveryRequest["apiKey"]): Record<string, string> {
  if (!apiKey) return {};
  const value = apiKey.reveal();
  if (value === "") return {};
  if (style === "anthropic") return { "x-api-key": value };
  if (style === "google") return { "x-goog-api-key": value };
  return { authorization: `Bearer ${value}` };
}

/**
 * GET (or POST) a JSON document through the HTTP edge ({@link httpRequest}) and validate it with a zod schema. Every
 * failure becomes a {@link ProviderCallError} whose `kind` says what went wrong (`auth_invalid`, `timeout`,
 * `network`, `server_error`, ...) and whose code is `invalid_response` when the server answered with something that
 * is not the expected JSON (HTML, truncated JSON, a different shape). The edge's policy failures keep their codes
 * (`cross_origin_redirect`, `response_too_large`, ...). Headers from models.json (`request.headers`) count as
 * credentials: they never follow a redirect to another origin. No retries: a probe reports what happened, once.
 *
 * @example
 * ```ts
 * const body = await fetchJson(request, "http://127.0.0.1:11434/api/tags", TagsSchema);
 * ```
 */
export async function fetchJson<S extends z.ZodType>(
  request: DiscoveryRequest,
  url: string,
  schema: S,
  options: DiscoveryCallOptions = {},
): Promise<z.output<S>> {
  const shown = displayUrl(url);
  const answer = await httpRequest({
    fetch: request.fetch,
    url,
    method: options.method ?? "get",
    headers: { accept: "application/json", ...options.headers },
    credentialHeaders: request.headers,
    ...(options.searchParams ? { searchParams: options.searchParams } : {}),
    ...(options.json !== undefined ? { json: options.json } : {}),
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    onHeaders: options.onHeaders,
  });
  if (!answer.ok) throw httpFailure(answer, request, shown);
  const text = answer.text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    const looksHtml = /^\s*</.test(text);
    throw new ProviderCallError({
      kind: "unknown",
      code: "invalid_response",
      message: `Expected JSON from ${shown}, found ${looksHtml ? "HTML" : text.trim() === "" ? "an empty body" : "text that does not parse as JSON (truncated?)"}.`,
      recovery: "Check that the base URL points at the API itself (not a web page or a different server) and that the server is healthy.",
      cause,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ProviderCallError({
      kind: "unknown",
      code: "invalid_response",
      message: `Expected a model listing from ${shown}, found JSON of another shape (${parsed.error.issues[0]?.message ?? "invalid"}).`,
      recovery: "Check that the provider kind matches the server (e.g. Ollama native vs OpenAI-compatible).",
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function httpFailure(answer: HttpResponse, request: DiscoveryRequest, shown: string): ProviderCallError {
  const status = answer.status;
  const bodyText = answer.text;
  const kind = classifyHttpFailure({ status, bodyText, headers: answer.headers });
  // Providers end their messages with a period; ours adds one, so drop theirs ("…API key.." reads as a typo).
  const detail = scrub(errorMessageFromBody(bodyText), request).replace(/[.\s]+$/, "");
  const recovery =
    kind === "auth_invalid"
      ? "Replace the key or remove the stale credential and connect again."
      : status === 404
        ? "Check the base URL: the server does not have this listing endpoint."
        : "Try again later; if it persists, check the provider's status page.";
  return new ProviderCallError({
    kind,
    status,
    code: status === 404 ? "endpoint_not_found" : kind,
    message: `${shown} answered HTTP ${status}${detail ? `: ${detail}` : ""}.`,
    recovery,
    cause: new Error(`HTTP ${status}`),
  });
}
