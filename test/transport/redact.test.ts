import { describe, expect, it } from "vitest";
import { REDACTED, Secret, containsSecret, createRedactor, redactError, redactHeaders, redactText, redactUrl, redactValue } from "../../src/index.js";

const KEY = "AIzaSyD-canary-0123456789abcdefghijklmn";

describe("redaction", () => {
  it("scrubs credential query parameters and user-info in URLs", () => {
    const url = redactUrl(`https://user:pw@generativelanguage.googleapis.com/v1beta/models?key=${KEY}&pageSize=5&access_token=tok123`);
    expect(url).not.toContain(KEY);
    expect(url).not.toContain("tok123");
    expect(url).not.toContain("pw@");
    expect(url).toContain("pageSize=5");
    expect(redactUrl(new URL("https://x.dev/a?api_key=abc&token=def"))).toBe(`https://x.dev/a?api_key=${REDACTED}&token=${REDACTED}`);
    expect(redactUrl("not a url ?key=abc")).toBe(`not a url ?key=${REDACTED}`);
  });

  it("scrubs credential headers from Headers, records and pairs", () => {
    const input = { Authorization: "Bearer sk-live-1", "x-api-key": "k1", "x-goog-api-key": "k2", "api-key": "k3", "content-type": "application/json" };
    expect(redactHeaders(input)).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      "x-api-key": REDACTED,
      "x-goog-api-key": REDACTED,
      "api-key": REDACTED,
      "content-type": "application/json",
    });
    expect(redactHeaders(new Headers(input))).toMatchObject({ authorization: `Bearer ${REDACTED}`, "x-api-key": REDACTED });
    expect(redactHeaders([["X-Custom", `value ${KEY}`]], { secrets: [KEY] })).toEqual({ "X-Custom": `value ${REDACTED}` });
  });

  it("scrubs known secrets, header lines, bearer tokens and well-known key shapes in text", () => {
    const text = redactText(
      `curl -H "Authorization: Bearer abcdefgh12345678" -H 'x-api-key: qwerty123456' https://api.x.dev?key=zzz used custom-secret-value and sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX`,
      { secrets: [new Secret("custom-secret-value")] },
    );
    for (const leaked of ["abcdefgh12345678", "qwerty123456", "zzz", "custom-secret-value", "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX"]) expect(text).not.toContain(leaked);
    expect(redactText("nothing secret here, 429 tokens")).toBe("nothing secret here, 429 tokens");
  });

  it("deep-scrubs values: fields named like secrets, Headers, URLs, Secrets, errors with causes, cycles", () => {
    const cyclic: Record<string, unknown> = { apiKey: "plain-value-1", nested: { url: `https://x.dev/?key=${KEY}`, secret: new Secret(KEY) } };
    cyclic.self = cyclic;
    const error = new Error(`failed with ${KEY}`, { cause: new Error(`inner ${KEY}`) });
    const out = JSON.stringify(redactValue({ cyclic, error, headers: new Headers({ authorization: `Bearer ${KEY}` }) }, { secrets: [KEY] }));
    expect(out).not.toContain(KEY);
    expect(out).not.toContain("plain-value-1");
    expect(out).toContain("inner");
  });

  it("redactError keeps clean errors as they are and copies dirty ones with prototype, status and scrubbed cause", () => {
    class HttpError extends Error {
      constructor(
        message: string,
        readonly status: number,
        readonly headers: Headers,
      ) {
        super(message);
      }
    }
    const clean = new HttpError("plain", 500, new Headers());
    expect(redactError(clean, { secrets: [KEY] })).toBe(clean);
    const dirty = new HttpError(`bad key ${KEY}`, 401, new Headers({ "x-echo": KEY, "retry-after": "3" }));
    (dirty as { cause?: unknown }).cause = new Error(`nested ${KEY}`);
    const safe = redactError(dirty, { secrets: [KEY] });
    expect(safe).not.toBe(dirty);
    expect(safe).toBeInstanceOf(HttpError);
    expect(safe.status).toBe(401);
    expect(safe.headers.get("retry-after")).toBe("3");
    expect(containsSecret(safe, { secrets: [KEY] })).toBe(false);
    expect(String(safe.stack)).not.toContain(KEY);
  });

  it("copies DOMExceptions and errors with brand-checked getters safely", () => {
    const abort = new DOMException(`aborted with ${KEY}`, "AbortError");
    const safe = redactError(abort, { secrets: [KEY] });
    expect(safe).toBeInstanceOf(DOMException);
    expect(safe.name).toBe("AbortError");
    expect(safe.message).not.toContain(KEY);
  });

  it("containsSecret looks into Request objects, Headers and cause chains", () => {
    const request = new Request(`https://x.dev/v1?key=${KEY}`);
    expect(containsSecret({ request }, { secrets: [KEY] })).toBe(true);
    expect(containsSecret(new Error("x", { cause: { headers: new Headers({ a: KEY }) } }), { secrets: [KEY] })).toBe(true);
    expect(containsSecret({ a: 1 }, { secrets: [KEY] })).toBe(false);
  });

  it("createRedactor binds the secrets once", () => {
    const redact = createRedactor({ secrets: [KEY] });
    expect(redact.text(`x ${KEY}`)).toBe(`x ${REDACTED}`);
    expect(redact.contains({ k: KEY })).toBe(true);
    expect(redact.url(`https://x.dev/p/${KEY}`)).not.toContain(KEY);
  });
});
