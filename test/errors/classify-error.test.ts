import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyError, createErrorClassifier, type ErrorKind } from "../../src/index.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/errors");
const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as Record<
  string,
  { status: number; headers: Record<string, string>; classification: string }
>;
const body = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), "utf8"));
const NOW = Date.parse("2026-07-02T10:15:00Z");

/** The fixture index uses health words; these are the taxonomy kinds they mean, with the delay each response states. */
const EXPECTED: Record<string, { kind: ErrorKind; retryAfterMs?: number; scope?: string }> = {
  "openai-401.json": { kind: "auth_invalid", scope: "credential" },
  "openai-429-rate.json": { kind: "rate_limit", retryAfterMs: 1000, scope: "model" },
  "openai-429-quota.json": { kind: "quota_exhausted", scope: "credential" },
  "openai-404-model.json": { kind: "model_not_found" },
  "anthropic-401.json": { kind: "auth_invalid" },
  "anthropic-403.json": { kind: "auth_invalid" },
  "anthropic-429.json": { kind: "rate_limit", retryAfterMs: 12_000 },
  "anthropic-529.json": { kind: "overloaded", scope: "provider" },
  "anthropic-404-model.json": { kind: "model_not_found" },
  "anthropic-400-credit.json": { kind: "quota_exhausted" },
  "gemini-400-invalid-key.json": { kind: "auth_invalid" },
  "gemini-403-permission-denied.json": { kind: "auth_invalid" },
  "gemini-429.json": { kind: "rate_limit", retryAfterMs: 38_000 },
  "gemini-404-model.json": { kind: "model_not_found" },
  "openrouter-402.json": { kind: "quota_exhausted" },
  "ollama-404-model.json": { kind: "model_not_found" },
  "vllm-404-model.json": { kind: "model_not_found" },
};

describe("classifyError over the recorded provider error bodies", () => {
  it("has an expectation for every fixture file, and the fixture index agrees on the family", () => {
    const files = readdirSync(dir).filter((f) => f !== "index.json" && f !== "wording-table.json");
    expect(Object.keys(EXPECTED).sort()).toEqual(files.sort());
    expect(Object.keys(index).sort()).toEqual(files.sort());
    for (const [file, entry] of Object.entries(index)) {
      const family = entry.classification.split(/[ (]/)[0]!;
      const kind = EXPECTED[file]!.kind;
      const word: Record<string, ErrorKind> = {
        auth_invalid: "auth_invalid",
        auth_forbidden: "auth_invalid",
        auth_missing: "auth_invalid",
        rate_limited: "rate_limit",
        quota_exhausted: "quota_exhausted",
        model_not_found: "model_not_found",
        provider_overloaded: "overloaded",
      };
      expect(word[family], file).toBe(kind);
    }
  });

  it.each(Object.entries(EXPECTED))("%s as a descriptor { status, headers, body }", (file, expected) => {
    const entry = index[file]!;
    const result = classifyError({ status: entry.status, headers: entry.headers, body: body(file) }, { now: NOW });
    expect(result.kind).toBe(expected.kind);
    expect(result.status).toBe(entry.status);
    expect(result.retryAfterMs).toBe(expected.retryAfterMs);
    if (expected.scope) expect(result.scope).toBe(expected.scope);
  });

  it.each(Object.entries(EXPECTED))("%s with the body as raw text and a Headers object", (file, expected) => {
    const entry = index[file]!;
    const text = readFileSync(join(dir, file), "utf8");
    const result = classifyError({ status: entry.status, headers: new Headers(entry.headers), body: text }, { now: NOW });
    expect(result.kind).toBe(expected.kind);
  });

  it("reads a per-day Gemini quota as exhausted, not as a throttle", () => {
    const perDay = structuredClone(body("gemini-429.json")) as { error: { details: Array<{ violations?: Array<{ quotaId: string }> }> } };
    perDay.error.details[0]!.violations![0]!.quotaId = "GenerateRequestsPerDayPerProjectPerModel-FreeTier";
    const result = classifyError({ status: 429, body: perDay });
    expect(result.kind).toBe("quota_exhausted");
    expect(result.scope).toBe("model");
    expect(result.action).toBe("rotate_key");
  });
});

// ── Errors as the official clients throw them ───────────────────────────────────────────────────────────────────

/** openai-node APIError: status, headers (Headers), error = the body's `error` object, code/type/param copied, message "429 <msg>". */
class FakeOpenAIAPIError extends Error {
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  readonly error: Record<string, unknown> | undefined;
  readonly code: string | null | undefined;
  readonly param: string | null | undefined;
  readonly type: string | undefined;
  readonly requestID: string | null | undefined;
  constructor(status: number | undefined, errorBody: { error?: Record<string, unknown> } | undefined, message: string | undefined, headers: Headers | undefined) {
    const error = errorBody?.error;
    const msg = error?.message ? String(error.message) : message;
    super(status && msg ? `${status} ${msg}` : status ? `${status} status code (no body)` : (msg ?? "(no status code or body)"));
    this.status = status;
    this.headers = headers;
    this.requestID = headers?.get("x-request-id");
    this.error = error;
    this.code = error?.code as string | null | undefined;
    this.param = error?.param as string | null | undefined;
    this.type = error?.type as string | undefined;
  }
}
class RateLimitError extends FakeOpenAIAPIError {}
class APIConnectionError extends FakeOpenAIAPIError {
  constructor(cause: unknown) {
    super(undefined, undefined, "Connection error.", undefined);
    (this as { cause?: unknown }).cause = cause;
  }
}
class APIConnectionTimeoutError extends APIConnectionError {
  constructor() {
    super(undefined);
    this.message = "Request timed out.";
  }
}
class APIUserAbortError extends FakeOpenAIAPIError {
  constructor() {
    super(undefined, undefined, "Request was aborted.", undefined);
  }
}

/** @anthropic-ai/sdk APIError: error = the whole body, message = `${status} ${JSON.stringify(body)}`. */
class FakeAnthropicAPIError extends Error {
  constructor(
    readonly status: number,
    readonly error: unknown,
    readonly headers: Headers,
  ) {
    super(`${status} ${JSON.stringify(error)}`);
  }
}

/** ollama-js ResponseError. */
class ResponseError extends Error {
  constructor(
    public error: string,
    public status_code: number,
  ) {
    super(error);
    this.name = "ResponseError";
  }
}

describe("classifyError on errors thrown by the official clients, as they are", () => {
  it("OpenAI RateLimitError with x-ratelimit headers", () => {
    const entry = index["openai-429-rate.json"]!;
    const headers = new Headers({ ...entry.headers });
    headers.delete("retry-after");
    const error = new RateLimitError(429, body("openai-429-rate.json") as { error: Record<string, unknown> }, undefined, headers);
    expect(error.message.startsWith("429 Rate limit reached")).toBe(true);
    const result = classifyError(error);
    expect(result).toMatchObject({ kind: "rate_limit", action: "rotate_key", status: 429, retryAfterMs: 644 });
  });

  it("OpenAI 429 insufficient_quota is a quota, not a throttle", () => {
    const error = new RateLimitError(429, body("openai-429-quota.json") as { error: Record<string, unknown> }, undefined, new Headers());
    expect(classifyError(error).kind).toBe("quota_exhausted");
  });

  it("OpenAI 401 invalid_api_key", () => {
    const error = new FakeOpenAIAPIError(401, body("openai-401.json") as { error: Record<string, unknown> }, undefined, new Headers());
    expect(classifyError(error)).toMatchObject({ kind: "auth_invalid", action: "next_profile", scope: "credential" });
  });

  it("OpenAI connection errors: refused, timed out, aborted by the caller", () => {
    const fetchFailed = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
    expect(classifyError(new APIConnectionError(fetchFailed))).toMatchObject({ kind: "network", reason: "network:ECONNREFUSED" });
    expect(classifyError(new APIConnectionTimeoutError()).kind).toBe("timeout");
    expect(classifyError(new APIUserAbortError()).kind).toBe("aborted");
  });

  it("Anthropic errors: rate limit with retry-after, overloaded 529, auth, credit balance", () => {
    const h = index["anthropic-429.json"]!.headers;
    expect(classifyError(new FakeAnthropicAPIError(429, body("anthropic-429.json"), new Headers(h)))).toMatchObject({
      kind: "rate_limit",
      retryAfterMs: 12_000,
    });
    expect(classifyError(new FakeAnthropicAPIError(529, body("anthropic-529.json"), new Headers())).kind).toBe("overloaded");
    expect(classifyError(new FakeAnthropicAPIError(401, body("anthropic-401.json"), new Headers())).kind).toBe("auth_invalid");
    expect(classifyError(new FakeAnthropicAPIError(400, body("anthropic-400-credit.json"), new Headers())).kind).toBe("quota_exhausted");
  });

  it("Anthropic error that only survives as its message text", () => {
    const plain = new Error(`429 ${JSON.stringify(body("anthropic-429.json"))}`);
    expect(classifyError(plain)).toMatchObject({ kind: "rate_limit", status: 429 });
  });

  it("Ollama ResponseError (error string, status_code)", () => {
    const error = new ResponseError("model 'llama9' not found", 404);
    expect(classifyError(error)).toMatchObject({ kind: "model_not_found", status: 404, action: "next_model" });
    expect(classifyError(new ResponseError("unexpected server error", 500)).kind).toBe("server_error");
  });

  it("anthropic-ratelimit reset timestamps are used when retry-after is absent", () => {
    const headers = { ...index["anthropic-429.json"]!.headers };
    delete (headers as Record<string, string>)["retry-after"];
    const result = classifyError({ status: 429, headers, body: body("anthropic-429.json") }, { now: NOW });
    expect(result.retryAfterMs).toBe(12_000);
  });
});

describe("classifyError signals", () => {
  it("Retry-After as an HTTP date uses the injected clock", () => {
    const now = Date.parse("2026-10-21T07:27:00Z");
    const result = classifyError({ status: 429, headers: { "Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT" } }, { now: () => now });
    expect(result.retryAfterMs).toBe(60_000);
  });

  it("an HTTP-date Retry-After and absolute reset headers are measured against the injected clock, not the real one", () => {
    // Far from real time: a classifier on the real clock would see a date decades away (ignored) or long past (0).
    const future = Date.parse("2061-05-04T10:00:00Z");
    const past = Date.parse("1999-02-03T10:00:00Z");
    for (const now of [future, past]) {
      const date = new Date(now + 90_000).toUTCString();
      expect(classifyError({ status: 429, headers: { "retry-after": date } }, { now }).retryAfterMs).toBe(90_000);
      const classify = createErrorClassifier({ now: () => now });
      expect(classify({ status: 503, headers: { "Retry-After": date } }).retryAfterMs).toBe(90_000);
      const reset = new Date(now + 30_000).toISOString();
      expect(classify({ status: 429, headers: { "anthropic-ratelimit-requests-reset": reset, "anthropic-ratelimit-requests-remaining": "0" } }).retryAfterMs).toBe(30_000);
    }
    // Epoch-seconds reset headers (only told apart from delta seconds for dates after 2001).
    const reset = String(Math.floor((future + 45_000) / 1000));
    expect(classifyError({ status: 429, headers: { "x-ratelimit-reset": reset } }, { now: future }).retryAfterMs).toBe(45_000);
  });

  it("retry-after-ms beats retry-after", () => {
    expect(classifyError({ status: 429, headers: { "retry-after-ms": "250", "retry-after": "3" } }).retryAfterMs).toBe(250);
  });

  it.each([
    ["x-ratelimit-reset-after", "7", 7000],
    ["x-ratelimit-reset", "6m0s", 360_000],
    ["ratelimit-reset", "3", 3000],
  ])("reads %s", (name, value, ms) => {
    expect(classifyError({ status: 429, headers: { [name]: value } }).retryAfterMs).toBe(ms);
  });

  it.each([
    ["ECONNREFUSED", "network"],
    ["ENOTFOUND", "network"],
    ["ECONNRESET", "network"],
    ["EAI_AGAIN", "network"],
    ["ETIMEDOUT", "timeout"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["UND_ERR_SOCKET", "network"],
  ] as const)("network code %s → %s (also nested in fetch's cause)", (code, kind) => {
    expect(classifyError(Object.assign(new Error("boom"), { code })).kind).toBe(kind);
    const nested = new TypeError("fetch failed", { cause: Object.assign(new Error("inner"), { code }) });
    expect(classifyError(nested).kind).toBe(kind);
  });

  it("AbortError is the caller's abort; TimeoutError (AbortSignal.timeout) is a timeout", () => {
    expect(classifyError(new DOMException("This operation was aborted", "AbortError")).kind).toBe("aborted");
    expect(classifyError(new DOMException("The operation timed out.", "TimeoutError")).kind).toBe("timeout");
  });

  it.each([
    [400, "bad_request"],
    [401, "auth_invalid"],
    [402, "billing"],
    [403, "auth_invalid"],
    [404, "bad_request"],
    [408, "timeout"],
    [413, "context_overflow"],
    [422, "bad_request"],
    [429, "rate_limit"],
    [500, "server_error"],
    [502, "server_error"],
    [503, "overloaded"],
    [504, "timeout"],
    [529, "overloaded"],
  ] as const)("status %i alone → %s", (status, kind) => {
    expect(classifyError({ status }).kind).toBe(kind);
    expect(classifyError({ statusCode: String(status) }).kind).toBe(kind);
  });

  it("a 429 inside a token count is not a rate limit", () => {
    expect(classifyError(new Error("Used 429 tokens of 4290 in this request")).kind).toBe("unknown");
    expect(classifyError(new Error("prompt has 1429 tokens")).kind).toBe("unknown");
    expect(classifyError(new Error("429 tokens were used by the system prompt")).kind).toBe("unknown");
    expect(classifyError(new Error("429 Too Many Requests")).kind).toBe("rate_limit");
    expect(classifyError(new Error("Request failed with status code 429")).kind).toBe("rate_limit");
  });

  it.each([
    ["This model's maximum context length is 4096 tokens. However, you requested 5000 tokens", "context_overflow"],
    ["prompt is too long: 208000 tokens > 200000 maximum", "context_overflow"],
    ["The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", "context_overflow"],
    ["Your request was flagged by our content filter", "content_policy"],
    ["Your credit balance is too low", "quota_exhausted"],
    ["Payment required", "billing"],
    ["Resource has been exhausted (e.g. check quota).", "rate_limit"],
    ["Too many requests, slow down", "rate_limit"],
    ["The server is overloaded, try later", "overloaded"],
    ["OAuth token has expired", "auth_expired"],
    ["Incorrect API key provided", "auth_invalid"],
    ["model \"llama9\" not found, try pulling it first", "model_not_found"],
    ["Request timed out", "timeout"],
    ["socket hang up", "network"],
    ["Internal Server Error", "server_error"],
    ["something odd", "unknown"],
  ] as const)("message %j → %s", (message, kind) => {
    expect(classifyError(new Error(message)).kind).toBe(kind);
  });

  it("structured body codes win over contradicting message words", () => {
    // Anthropic's rate-limit text asks to "reduce the prompt length" — still a rate limit.
    expect(classifyError({ status: 429, body: body("anthropic-429.json") }).kind).toBe("rate_limit");
  });

  it("an auth error that says expired is auth_expired", () => {
    const result = classifyError({ status: 401, body: { type: "error", error: { type: "authentication_error", message: "OAuth token has expired." } } });
    expect(result.kind).toBe("auth_expired");
  });

  it("Gemini via OpenAI-compatible endpoint (error wrapped in an array)", () => {
    const wrapped = [body("gemini-429.json")];
    expect(classifyError({ status: 429, body: wrapped }).kind).toBe("rate_limit");
  });

  it("a plain Response gives status and headers", () => {
    const response = new Response("{}", { status: 429, headers: { "retry-after": "2" } });
    expect(classifyError(response)).toMatchObject({ kind: "rate_limit", retryAfterMs: 2000 });
  });

  it("host rules run first, and actions can be overridden", () => {
    const classify = createErrorClassifier({
      rules: [{ name: "proxy-budget", status: 400, message: /\bmonthly budget\b/i, kind: "quota_exhausted", scope: "provider" }],
      actions: { overloaded: "next_model" },
    });
    expect(classify({ status: 400, body: { error: { message: "monthly budget reached" } } })).toMatchObject({
      kind: "quota_exhausted",
      scope: "provider",
      reason: "rule:proxy-budget",
    });
    expect(classify({ status: 529 }).action).toBe("next_model");
    expect(classify({ status: 400 }).kind).toBe("bad_request");
  });

  it("a ProviderCallError passed back in keeps its kind, scope and delay", async () => {
    const { ProviderCallError } = await import("../../src/index.js");
    const error = new ProviderCallError({ kind: "quota_exhausted", status: 429, retryAfterMs: 5000, scope: "model", message: "quota" });
    expect(classifyError(error)).toMatchObject({ kind: "quota_exhausted", scope: "model", retryAfterMs: 5000, status: 429, reason: "kind:quota_exhausted" });
  });

  it("never throws on odd inputs", () => {
    const hostile = new Proxy({}, { get: () => { throw new Error("no"); }, ownKeys: () => { throw new Error("no"); } });
    for (const input of [undefined, null, 42, "", "text", {}, [], Symbol("x"), () => 1, { status: "nope" }, { headers: 5 }, hostile]) {
      expect(() => classifyError(input)).not.toThrow();
    }
  });
});

describe("classifyError: valid credentials that are not allowed to do this", () => {
  // The shape OpenAI returns for a restricted key or a project role without the scope (401 or 403).
  const scopeBody = (scope: string) => ({
    error: {
      message: `You have insufficient permissions for this operation. Missing scopes: ${scope}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
      type: "invalid_request_error",
      param: null,
      code: null,
    },
  });

  it.each([401, 403])("OpenAI %i 'Missing scopes' is bad_request for this request, never a rejected key", (status) => {
    const result = classifyError({ status, headers: { "content-type": "application/json" }, body: scopeBody("api.model.read") });
    expect(result).toMatchObject({ kind: "bad_request", action: "surface", scope: "request", status });
    expect(result.reason).toBe("message:missing permission (scopes: api.model.read)");
  });

  it("as the official client throws it (status, message with the body, error object)", () => {
    const body = scopeBody("api.responses.write");
    const error = Object.assign(new Error(`401 ${body.error.message}`), { status: 401, error: body.error, headers: {} });
    expect(classifyError(error)).toMatchObject({ kind: "bad_request", scope: "request", reason: "message:missing permission (scopes: api.responses.write)" });
    const text = classifyError(`403 ${JSON.stringify(scopeBody("model.request, api.model.read"))}`);
    expect(text).toMatchObject({ kind: "bad_request", reason: "message:missing permission (scopes: model.request, api.model.read)" });
  });

  it("without a scope list, 'insufficient permissions for this operation' still leaves the key alone", () => {
    const result = classifyError({ status: 403, body: { error: { message: "You have insufficient permissions for this operation.", type: "invalid_request_error" } } });
    expect(result).toMatchObject({ kind: "bad_request", reason: "message:missing permission" });
  });

  it("a rejected, leaked or suspended key is still auth_invalid", () => {
    expect(classifyError({ status: 401, body: { error: { message: "Incorrect API key provided: sk-****.", type: "invalid_request_error", code: "invalid_api_key" } } }).kind).toBe("auth_invalid");
    expect(classifyError({ status: 403, body: { error: { code: 403, message: "Your API key was reported as leaked. Please use another API key.", status: "PERMISSION_DENIED" } } }).kind).toBe("auth_invalid");
    expect(classifyError({ status: 403, body: { error: { code: 403, message: "Permission denied: Consumer 'api_key:x' has been suspended.", status: "PERMISSION_DENIED", details: [{ reason: "CONSUMER_SUSPENDED" }] } } }).kind).toBe("auth_invalid");
    expect(classifyError({ status: 403, body: body("anthropic-403.json") }).kind).toBe("auth_invalid");
    expect(classifyError({ status: 403, body: body("gemini-403-permission-denied.json") }).kind).toBe("auth_invalid");
  });
});

describe("classifyError on other common client errors", () => {
  it("Vercel AI SDK APICallError (statusCode, responseHeaders, responseBody text)", () => {
    const error = Object.assign(new Error("Too Many Requests"), {
      name: "AI_APICallError",
      statusCode: 429,
      responseHeaders: { "retry-after": "4" },
      responseBody: readFileSync(join(dir, "openai-429-quota.json"), "utf8"),
    });
    expect(classifyError(error)).toMatchObject({ kind: "quota_exhausted", status: 429, retryAfterMs: 4000 });
  });

  it("axios error (response.status, response.data, response.headers)", () => {
    const error = Object.assign(new Error("Request failed with status code 404"), {
      response: { status: 404, headers: {}, data: body("ollama-404-model.json") },
    });
    expect(classifyError(error).kind).toBe("model_not_found");
  });

  it("ky HTTPError (response is a Response, body unread)", () => {
    const response = new Response("", { status: 401 });
    const error = Object.assign(new Error("Request failed with status code 401 Unauthorized"), { name: "HTTPError", response, request: new Request("https://x.invalid") });
    expect(classifyError(error)).toMatchObject({ kind: "auth_invalid", status: 401 });
  });
});
