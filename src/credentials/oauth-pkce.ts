import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import type { OAuthCredentialInput } from "./oauth-credential.js";
import { OAuthError } from "./oauth-error.js";
import { requestToken, type TokenEndpointOptions } from "./oauth-token-endpoint.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const BUILD_AUTHORIZATION_URL_OPTIONS_ARG = lazySchema(() => z.looseObject({ authorizationUrl: ARG.string, clientId: ARG.string, redirectUri: ARG.string, challenge: ARG.string, state: ARG.string }));
const EXCHANGE_AUTHORIZATION_CODE_OPTIONS_ARG = lazySchema(() => z.looseObject({ tokenUrl: ARG.string, clientId: ARG.string, code: ARG.string, redirectUri: ARG.string, verifier: ARG.string }));

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The S256 code challenge of a PKCE verifier (RFC 7636 §4.2), computed with WebCrypto.
 *
 * @example
 * ```ts
 * // A host that persisted its verifier across a restart derives the challenge again to rebuild the URL.
 * const challenge = await pkceChallenge(savedVerifier);
 * openBrowser(buildAuthorizationUrl({ authorizationUrl, clientId, redirectUri, challenge, state }));
 * ```
 */
export async function pkceChallenge(verifier: string): Promise<string> {
  checkArgument("pkceChallenge", "verifier", ARG.string, verifier);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/**
 * A fresh PKCE pair: a 43-character verifier from 32 random bytes and its S256 challenge.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = await createPkcePair();
 * const state = createOAuthState();
 * openBrowser(buildAuthorizationUrl({ authorizationUrl, clientId, redirectUri, challenge, state }));
 * // later: exchangeAuthorizationCode({ tokenUrl, clientId, code, redirectUri, verifier })
 * ```
 */
export async function createPkcePair(): Promise<{ verifier: string; challenge: string; method: "S256" }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { verifier, challenge: await pkceChallenge(verifier), method: "S256" };
}

/**
 * A random `state` value for CSRF protection.
 *
 * @example
 * ```ts
 * const state = createOAuthState();
 * openBrowser(buildAuthorizationUrl({ authorizationUrl, clientId, redirectUri, challenge, state }));
 * const { code } = parseAuthorizationInput(await prompt("Paste the redirect URL"), { expectedState: state });
 * ```
 */
export function createOAuthState(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * The authorization URL to open in the browser (RFC 6749 §4.1.1 with RFC 7636 parameters).
 *
 * @example
 * ```ts
 * const url = buildAuthorizationUrl({ authorizationUrl: "https://auth.example.com/authorize", clientId: "my-app",
 *   redirectUri: "http://127.0.0.1:53682/callback", challenge, state, scope: "openid offline_access" });
 * console.log(`Open ${url} to sign in`);
 * ```
 */
export function buildAuthorizationUrl(options: {
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  scope?: string;
  extraParams?: Record<string, string>;
}): string {
  checkArgument("buildAuthorizationUrl", "options", BUILD_AUTHORIZATION_URL_OPTIONS_ARG, options);
  const url = new URL(options.authorizationUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", options.clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  url.searchParams.set("code_challenge", options.challenge);
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", options.state);
  if (options.scope !== undefined) url.searchParams.set("scope", options.scope);
  for (const [k, v] of Object.entries(options.extraParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Read the authorization code from what a user pastes or the callback receives: a full redirect URL, a query string
 * `code=…&state=…`, `code#state`, or a bare code. When `expectedState` is given, a different state is rejected.
 *
 * @example
 * ```ts
 * // The user pastes whatever the browser showed: a redirect URL, "code#state" or a bare code.
 * const { code } = parseAuthorizationInput(await prompt("Paste the code"), { expectedState: state });
 * const tokens = await exchangeAuthorizationCode({ tokenUrl, clientId, code, redirectUri, verifier });
 * ```
 */
export function parseAuthorizationInput(input: string, options: { expectedState?: string } = {}): { code: string; state: string | null } {
  checkArgument("parseAuthorizationInput", "input", ARG.string, input);
  checkArgument("parseAuthorizationInput", "options", ARG.optionalObject, options);
  const text = input.trim();
  let code: string | null = null;
  let state: string | null = null;
  let error: string | null = null;
  const fromParams = (params: URLSearchParams) => {
    code = params.get("code");
    state = params.get("state");
    error = params.get("error");
  };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      fromParams(url.searchParams);
      if (code === null && url.hash) fromParams(new URLSearchParams(url.hash.slice(1)));
    } catch {
      // fall through to the other forms
    }
  } else if (/(?:^|[?&])code=/.test(text)) {
    fromParams(new URLSearchParams(text.replace(/^\?/, "")));
  } else if (text.includes("#")) {
    const [c, s] = text.split("#", 2);
    code = c ?? null;
    state = s ?? null;
  } else if (text !== "") {
    code = text;
  }
  if (error !== null) {
    throw new OAuthError({ oauthError: error, message: `Expected an authorization code, found the error "${error}" from the authorization server.`, recovery: "Start the sign-in again and approve the request." });
  }
  if (code === null || code === "") {
    throw new OAuthError({ code: "oauth_no_code", message: "Expected an authorization code (a redirect URL, code=…, code#state or the code itself), found none.", recovery: "Paste the full URL the browser was redirected to." });
  }
  if (options.expectedState !== undefined && state !== null && state !== options.expectedState) {
    throw new OAuthError({ code: "oauth_state_mismatch", message: "Expected the OAuth state to match the one this sign-in started with, found a different one.", recovery: "Start the sign-in again; do not reuse a URL from an earlier attempt." });
  }
  return { code, state };
}

/**
 * Exchange an authorization code with its PKCE verifier for tokens (RFC 7636 §4.5).
 *
 * @example
 * ```ts
 * const tokens = await exchangeAuthorizationCode({ tokenUrl, clientId, code, redirectUri, verifier });
 * await registry.setOAuthCredential("acme", tokens);
 * ```
 */
export function exchangeAuthorizationCode(
  options: TokenEndpointOptions & { code: string; redirectUri: string; verifier: string; extraParams?: Record<string, string> },
): Promise<OAuthCredentialInput> {
  checkArgument("exchangeAuthorizationCode", "options", EXCHANGE_AUTHORIZATION_CODE_OPTIONS_ARG, options);
  return requestToken(options, {
    grant_type: "authorization_code",
    code: options.code,
    redirect_uri: options.redirectUri,
    code_verifier: options.verifier,
    ...options.extraParams,
  });
}
