import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  OAuthError,
  buildAuthorizationUrl,
  createPkcePair,
  exchangeAuthorizationCode,
  parseAuthorizationInput,
  pkceChallenge,
  refreshTokenGrant,
  startDeviceCodeFlow,
} from "../../src/index.js";

const AUTH = "https://auth.test.invalid";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = 1_700_000_000_000;

describe("RFC 8628 device code", () => {
  function deviceServer(script: Array<{ status: number; body: Record<string, unknown> }>) {
    const seen: URLSearchParams[] = [];
    let i = 0;
    server.use(
      http.post(`${AUTH}/device/code`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        expect(form.get("client_id")).toBe("test-client");
        return HttpResponse.json({ device_code: "dev-123", user_code: "ABCD-EFGH", verification_uri: `${AUTH}/activate`, expires_in: 600, interval: 2 });
      }),
      http.post(`${AUTH}/token`, async ({ request }) => {
        seen.push(new URLSearchParams(await request.text()));
        const step = script[Math.min(i++, script.length - 1)]!;
        return HttpResponse.json(step.body, { status: step.status });
      }),
    );
    return seen;
  }

  const options = (sleeps: number[], now = () => NOW) => ({
    deviceAuthorizationUrl: `${AUTH}/device/code`,
    tokenUrl: `${AUTH}/token`,
    clientId: "test-client",
    now,
    sleep: async (ms: number) => void sleeps.push(ms),
  });

  it("gives up on a device authorization endpoint that never answers, after timeoutMs", async () => {
    server.use(http.post(`${AUTH}/device/code`, async () => new Promise<never>(() => {})));
    await expect(startDeviceCodeFlow({ ...options([]), timeoutMs: 50 })).rejects.toMatchObject({ code: "oauth_unreachable" });
  });

  it("polls through authorization_pending and slow_down (+5 s) to the tokens", async () => {
    const seen = deviceServer([
      { status: 400, body: { error: "authorization_pending" } },
      { status: 400, body: { error: "slow_down" } },
      { status: 400, body: { error: "authorization_pending" } },
      { status: 200, body: { access_token: "at-1", refresh_token: "rt-1", expires_in: 3600, token_type: "Bearer" } },
    ]);
    const sleeps: number[] = [];
    const session = await startDeviceCodeFlow(options(sleeps));
    expect(session).toMatchObject({ userCode: "ABCD-EFGH", verificationUri: `${AUTH}/activate`, expiresAt: NOW + 600_000 });
    const tokens = await session.poll();
    expect(tokens).toEqual({ access: "at-1", refresh: "rt-1", expiresAt: NOW + 3_600_000 });
    expect(sleeps).toEqual([2000, 2000, 7000, 7000]);
    expect(seen.every((f) => f.get("grant_type") === "urn:ietf:params:oauth:grant-type:device_code" && f.get("device_code") === "dev-123")).toBe(true);
  });

  it.each(["access_denied", "expired_token"])("%s ends the flow with an OAuthError", async (code) => {
    deviceServer([
      { status: 400, body: { error: "authorization_pending" } },
      { status: 400, body: { error: code } },
    ]);
    const error = await (await startDeviceCodeFlow(options([]))).poll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).oauthError).toBe(code);
  });

  it("stops when the device code's lifetime is over", async () => {
    deviceServer([{ status: 400, body: { error: "authorization_pending" } }]);
    let t = NOW;
    const session = await startDeviceCodeFlow({ ...options([], () => t), sleep: async (ms: number) => void (t += ms * 100) });
    const error = await session.poll().catch((e: unknown) => e);
    expect((error as OAuthError).oauthError).toBe("expired_token");
  });
});

describe("RFC 7636 PKCE", () => {
  it("computes the S256 challenge of the RFC's appendix B example", async () => {
    expect(await pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const pair = await createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(await pkceChallenge(pair.verifier));
  });

  it("builds the authorization URL and exchanges the code with the verifier", async () => {
    const pair = await createPkcePair();
    const url = new URL(buildAuthorizationUrl({ authorizationUrl: `${AUTH}/authorize`, clientId: "c", redirectUri: "http://127.0.0.1:1/cb", challenge: pair.challenge, state: "st", scope: "a b" }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "c",
      redirect_uri: "http://127.0.0.1:1/cb",
      code_challenge: pair.challenge,
      code_challenge_method: "S256",
      state: "st",
      scope: "a b",
    });
    server.use(
      http.post(`${AUTH}/token`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        const ok = form.get("grant_type") === "authorization_code" && form.get("code") === "the-code" && (await pkceChallenge(form.get("code_verifier")!)) === pair.challenge;
        return ok ? HttpResponse.json({ access_token: "at", refresh_token: "rt", expires_in: 60 }) : HttpResponse.json({ error: "invalid_grant" }, { status: 400 });
      }),
    );
    const { code } = parseAuthorizationInput("http://127.0.0.1:1/cb?code=the-code&state=st", { expectedState: "st" });
    const tokens = await exchangeAuthorizationCode({ tokenUrl: `${AUTH}/token`, clientId: "c", code, redirectUri: "http://127.0.0.1:1/cb", verifier: pair.verifier, now: () => NOW });
    expect(tokens).toEqual({ access: "at", refresh: "rt", expiresAt: NOW + 60_000 });
    const bad = await exchangeAuthorizationCode({ tokenUrl: `${AUTH}/token`, clientId: "c", code, redirectUri: "x", verifier: "wrong" }).catch((e: unknown) => e);
    expect((bad as OAuthError).oauthError).toBe("invalid_grant");
  });

  it.each([
    ["code=abc&state=s1", "abc", "s1"],
    ["abc#s1", "abc", "s1"],
    ["abc", "abc", null],
  ])("parses %j", (input, code, state) => {
    expect(parseAuthorizationInput(input)).toEqual({ code, state });
  });

  it("rejects a state mismatch and an error redirect", () => {
    expect(() => parseAuthorizationInput("http://x/cb?code=a&state=other", { expectedState: "mine" })).toThrow(OAuthError);
    expect(() => parseAuthorizationInput("http://x/cb?error=access_denied")).toThrow(/access_denied/);
  });

  it("refreshTokenGrant reports invalid_grant without echoing the refresh token", async () => {
    server.use(http.post(`${AUTH}/token`, () => HttpResponse.json({ error: "invalid_grant", error_description: "Refresh token rt-SECRET-999 was already used" }, { status: 400 })));
    const error = (await refreshTokenGrant({ tokenUrl: `${AUTH}/token`, clientId: "c", refreshToken: "rt-SECRET-999" }).catch((e: unknown) => e)) as OAuthError;
    expect(error.oauthError).toBe("invalid_grant");
    expect(error.message).not.toContain("rt-SECRET-999");
  });
});
