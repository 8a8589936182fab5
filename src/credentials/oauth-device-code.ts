import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import { createClock } from "../clock.js";
import type { FetchPort } from "../ports.js";
import { redactText } from "../transport/redact.js";
import type { OAuthCredentialInput } from "./oauth-credential.js";
import { OAuthError } from "./oauth-error.js";
import { postOAuthFields, requestToken } from "./oauth-token-endpoint.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const START_DEVICE_CODE_FLOW_OPTIONS_ARG = lazySchema(() => z.looseObject({ deviceAuthorizationUrl: ARG.string, tokenUrl: ARG.string, clientId: ARG.string }));

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/**
 * Options of {@link startDeviceCodeFlow}. Endpoints and client id come from the host.
 *
 * @example
 * ```ts
 * const options: DeviceCodeOptions = { deviceAuthorizationUrl: "https://auth.example.com/device/code",
 *   tokenUrl: "https://auth.example.com/token", clientId: "my-app", scope: "read" };
 * ```
 */
export interface DeviceCodeOptions {
  deviceAuthorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  scope?: string;
  extraParams?: Record<string, string>;
  /** Send bodies as JSON instead of form-encoded. */
  json?: boolean;
  fetch?: FetchPort;
  now?: () => number;
  /** Per-request timeout for the device authorization and token requests. Default 30 000 ms. */
  timeoutMs?: number;
  /** Waits between polls; injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A started device-code sign-in: show `userCode` and `verificationUri` to the user, then `poll()` until they approve.
 *
 * @example
 * ```ts
 * const session = await startDeviceCodeFlow(options);
 * console.log(`Open ${session.verificationUri} and enter ${session.userCode}`);
 * await registry.setOAuthCredential("acme", await session.poll());
 * ```
 */
export interface DeviceCodeSession {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | null;
  /** Epoch ms after which the device code is no longer valid. */
  expiresAt: number;
  /** Current polling interval in ms (grows by 5 s on every `slow_down`). */
  readonly intervalMs: number;
  /** Poll the token endpoint (RFC 8628 §3.4–3.5) until approval, denial, expiry or abort. */
  poll(options?: { signal?: AbortSignal }): Promise<OAuthCredentialInput>;
}

/**
 * Start an RFC 8628 device authorization: request a device code, and return a session that polls for the tokens,
 * handling `authorization_pending` (keep waiting), `slow_down` (interval + 5 s), `expired_token` and
 * `access_denied` (thrown as {@link OAuthError}).
 *
 * @example
 * ```ts
 * const session = await startDeviceCodeFlow({ deviceAuthorizationUrl, tokenUrl, clientId: "my-app" });
 * console.log(`Open ${session.verificationUri} and enter ${session.userCode}`);
 * await registry.setOAuthCredential("acme", await session.poll({ signal }));
 * ```
 */
export async function startDeviceCodeFlow(options: DeviceCodeOptions): Promise<DeviceCodeSession> {
  checkArgument("startDeviceCodeFlow", "options", START_DEVICE_CODE_FLOW_OPTIONS_ARG, options);
  // Polling waits through the clock port: the injected sleep, else the one cancellable timer of the package.
  const { now, sleep } = createClock({ now: options.now, sleep: options.sleep });
  const fields: Record<string, string> = { client_id: options.clientId, ...options.extraParams };
  if (options.scope !== undefined) fields.scope = options.scope;
  const response = await postOAuthFields(options.fetch, options.deviceAuthorizationUrl, fields, { ...options, endpoint: "device authorization endpoint" });
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(response.text);
    if (parsed !== null && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: reported below as the status the server answered with.
  }
  if (!response.ok || typeof body.device_code !== "string" || typeof body.user_code !== "string") {
    const error = typeof body.error === "string" ? body.error : null;
    throw new OAuthError({
      oauthError: error,
      status: response.status,
      message: `Expected a device_code and user_code from ${redactText(options.deviceAuthorizationUrl)}, found ${error ?? `HTTP ${response.status}`}.`,
      recovery: "Check the client id and scopes for the device flow.",
    });
  }
  const deviceCode = body.device_code;
  const verificationUri = String(body.verification_uri ?? body.verification_url ?? "");
  const expiresAt = now() + (typeof body.expires_in === "number" ? body.expires_in : 900) * 1000;
  let intervalMs = (typeof body.interval === "number" ? body.interval : 5) * 1000;

  return {
    userCode: body.user_code,
    verificationUri,
    verificationUriComplete: typeof body.verification_uri_complete === "string" ? body.verification_uri_complete : null,
    expiresAt,
    get intervalMs() {
      return intervalMs;
    },
    async poll(pollOptions = {}) {
      for (;;) {
        await sleep(intervalMs, pollOptions.signal);
        if (now() >= expiresAt) {
          throw new OAuthError({ oauthError: "expired_token", message: "Expected the user to approve the sign-in before the device code expired, found it expired.", recovery: "Start the sign-in again." });
        }
        try {
          return await requestToken(
            {
              tokenUrl: options.tokenUrl,
              clientId: options.clientId,
              ...(options.fetch ? { fetch: options.fetch } : {}),
              now,
              ...(pollOptions.signal ? { signal: pollOptions.signal } : {}),
              ...(options.json ? { json: true } : {}),
              ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            },
            { grant_type: DEVICE_GRANT, device_code: deviceCode },
          );
        } catch (error) {
          if (!(error instanceof OAuthError)) throw error;
          if (error.oauthError === "authorization_pending") continue;
          if (error.oauthError === "slow_down") {
            intervalMs += 5000;
            continue;
          }
          if (error.oauthError === "access_denied") {
            throw new OAuthError({ oauthError: "access_denied", status: error.status, message: "Expected the user to approve the sign-in, found it denied.", recovery: "Start the sign-in again and approve it, or use an API key." });
          }
          if (error.oauthError === "expired_token") {
            throw new OAuthError({ oauthError: "expired_token", status: error.status, message: "Expected the user to approve the sign-in before the device code expired, found it expired.", recovery: "Start the sign-in again." });
          }
          throw error;
        }
      }
    },
  };
}
