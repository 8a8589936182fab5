import { ProviderCallError } from "../errors/provider-call-error.js";
import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import type { FetchPort } from "../ports.js";
import { httpRequest, type HttpResponse } from "../transport/http-request.js";
import { OAUTH_MAX_RESPONSE_BYTES } from "../transport/http-limits.js";
import { redactText } from "../transport/redact.js";
import type { OAuthCredentialInput } from "./oauth-credential.js";
import { OAuthError } from "./oauth-error.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const REQUEST_TOKEN_OPTIONS_ARG = lazySchema(() => z.looseObject({ tokenUrl: ARG.string, clientId: ARG.string }));
const REQUEST_TOKEN_PARAMS_ARG = lazySchema(() => z.record(z.string(), z.string()));
const REFRESH_TOKEN_GRANT_OPTIONS_ARG = lazySchema(() => z.looseObject({ tokenUrl: ARG.string, clientId: ARG.string, refreshToken: ARG.string }));

/**
 * Common options of the token-endpoint helpers. Endpoints and client ids come from the host: the package ships none.
 *
 * @example
 * ```ts
 * const common: TokenEndpointOptions = { tokenUrl: "https://auth.example.com/oauth/token", clientId: "my-app" };
 * ```
 */
export interface TokenEndpointOptions {
  tokenUrl: string;
  clientId: string;
  /** Confidential clients only; public clients (CLIs, desktop apps) use PKCE instead. */
  clientSecret?: string;
  fetch?: FetchPort;
  now?: () => number;
  /** Send the body as JSON instead of `application/x-www-form-urlencoded` (some providers require it). */
  json?: boolean;
  /** Per-request timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** Cancels the request (e.g. a device-code poll the user gave up on). */
  signal?: AbortSignal;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/**
 * POST OAuth parameters the way authorization servers expect them: form-encoded by default (RFC 6749), JSON for the
 * servers that require it, through the HTTP edge: always with a timeout so a hung endpoint cannot stall a sign-in
 * forever, an answer capped at 1 MiB, and the body (it holds codes, refresh tokens, client secrets) never sent on to
 * another origin by a redirect (`cross_origin_redirect`). Network failures and timeouts become `oauth_unreachable`.
 *
 * @example
 * ```ts
 * const answer = await postOAuthFields(fetch, "https://auth.example.com/device", { client_id: "my-app" }, { timeoutMs: 10_000 });
 * ```
 */
export async function postOAuthFields(
  fetchFn: FetchPort | undefined,
  url: string,
  fields: Record<string, string>,
  options: { json?: boolean | undefined; timeoutMs?: number | undefined; signal?: AbortSignal | undefined; endpoint: string },
): Promise<HttpResponse> {
  try {
    return await httpRequest({
      fetch: fetchFn,
      url,
      method: "POST",
      headers: { accept: "application/json" },
      ...(options.json ? { json: fields } : { form: fields }),
      bodyCarriesCredential: true,
      timeoutMs: options.timeoutMs ?? 30_000,
      signal: options.signal,
      maxBodyBytes: OAUTH_MAX_RESPONSE_BYTES,
    });
  } catch (cause) {
    if (!(cause instanceof ProviderCallError) || (cause.kind !== "network" && cause.kind !== "timeout")) throw cause;
    const secrets = Object.values(fields);
    throw new OAuthError({
      code: "oauth_unreachable",
      message: `Expected the ${options.endpoint} ${redactText(url)} to answer, found ${cause.kind === "timeout" ? "no answer in time" : "a network error"}: ${redactText(cause.message, { secrets })}`,
      recovery: "Check the network and the endpoint URL, then try again.",
      cause,
    });
  }
}

/**
 * POST a grant to a token endpoint and turn the answer into `{ access, refresh, expiresAt }`, or throw an
 * {@link OAuthError} carrying the server's `error` code. Never retried: re-sending a rotating refresh token can
 * revoke the whole grant.
 *
 * @example
 * ```ts
 * // A grant the helpers do not name (client credentials) gets the same token-endpoint handling.
 * const tokens = await requestToken({ tokenUrl, clientId, clientSecret }, { grant_type: "client_credentials" });
 * await registry.setOAuthCredential("acme", tokens);
 * ```
 */
export async function requestToken(options: TokenEndpointOptions, params: Record<string, string>): Promise<OAuthCredentialInput> {
  checkArgument("requestToken", "options", REQUEST_TOKEN_OPTIONS_ARG, options);
  checkArgument("requestToken", "params", REQUEST_TOKEN_PARAMS_ARG, params);
  const now = options.now ?? Date.now;
  const fields: Record<string, string> = { ...params, client_id: options.clientId };
  if (options.clientSecret !== undefined) fields.client_secret = options.clientSecret;
  const secrets = Object.entries(fields)
    .filter(([k]) => /token|secret|code|verifier/.test(k))
    .map(([, v]) => v);
  const response = await postOAuthFields(options.fetch, options.tokenUrl, fields, { ...options, endpoint: "token endpoint" });
  const text = response.text;
  let body: TokenResponse = {};
  try {
    body = JSON.parse(text) as TokenResponse;
  } catch {
    // Some servers answer errors as form-encoded or plain text.
    const form = new URLSearchParams(text);
    if (form.has("error") || form.has("access_token")) body = Object.fromEntries(form) as TokenResponse;
  }
  if (!response.ok || typeof body.error === "string" || typeof body.access_token !== "string") {
    const error = typeof body.error === "string" ? body.error : null;
    const description = typeof body.error_description === "string" ? `: ${redactText(body.error_description, { secrets })}` : "";
    throw new OAuthError({
      oauthError: error,
      status: response.status,
      message: `Expected an access token from ${redactText(options.tokenUrl)}, found ${error ?? `HTTP ${response.status}`}${description}.`,
      recovery:
        error === "invalid_grant"
          ? "The sign-in is no longer valid (expired, revoked or already used refresh token); sign in again."
          : "Check the client id, scopes and endpoint, then try again.",
    });
  }
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : typeof body.expires_in === "string" ? Number(body.expires_in) : NaN;
  return {
    access: body.access_token,
    refresh: typeof body.refresh_token === "string" ? body.refresh_token : null,
    // No expires_in: assume one hour rather than "never", so a refresh is attempted instead of failing forever.
    expiresAt: now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
  };
}

/**
 * The refresh-token grant (RFC 6749 §6). Returns the new tokens; a missing `refresh_token` in the answer means the
 * old one stays valid (the caller keeps it).
 *
 * @example
 * ```ts
 * registry.registerOAuthProvider({
 *   id: "acme",
 *   refresh: (c) => refreshTokenGrant({ tokenUrl: "https://auth.acme.dev/token", clientId: "my-app", refreshToken: c.refresh!.reveal() }),
 * });
 * ```
 */
export function refreshTokenGrant(options: TokenEndpointOptions & { refreshToken: string; scope?: string }): Promise<OAuthCredentialInput> {
  checkArgument("refreshTokenGrant", "options", REFRESH_TOKEN_GRANT_OPTIONS_ARG, options);
  const params: Record<string, string> = { grant_type: "refresh_token", refresh_token: options.refreshToken };
  if (options.scope !== undefined) params.scope = options.scope;
  return requestToken(options, params);
}
