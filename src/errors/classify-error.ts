import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "./check-argument.js";
import { ERROR_KINDS, type ErrorKind, type ErrorScope, type FailoverAction } from "../schema/error-kind.js";
import { headerLookup, retryAfterFromBody, retryAfterFromHeaders, retryAfterFromMessage } from "./retry-after.js";

// Argument shapes checked at the entry of the public functions below (built on first use, not at import).
const IS_RATE_LIMIT_CLASS_CLASSIFICATION_ARG = lazySchema(() => z.looseObject({ kind: ARG.string }));
const IS_TRANSIENT_CLASSIFICATION_ARG = lazySchema(() => z.looseObject({ kind: ARG.string }));

/**
 * The result of {@link classifyError}: what kind of failure, what to do next, what it is about, and when a retry
 * may succeed. `reason` says which signal decided (`code:insufficient_quota`, `status:429`, `message:rate limit`,
 * `network:ECONNREFUSED`, `rule:<name>`), so a classification can always be traced to its source.
 *
 * @example
 * ```ts
 * const c: ErrorClassification = { kind: "rate_limit", action: "rotate_key", scope: "model", retryAfterMs: 1000, status: 429, reason: "code:rate_limit_exceeded" };
 * ```
 */
export interface ErrorClassification {
  kind: ErrorKind;
  action: FailoverAction;
  scope: ErrorScope;
  /** Milliseconds until a retry may succeed, when the response said so (header, body or message). */
  retryAfterMs?: number;
  /** HTTP status when one was found (on the error, its response, the body, or a leading "429 " in the message). */
  status: number | null;
  /** The signal that decided the kind. */
  reason: string;
}

/**
 * What the classifier extracted from an error before deciding; host rules receive it.
 *
 * @example
 * ```ts
 * const rule: ErrorRule = { name: "bedrock-throttle", kind: "rate_limit", test: (f: ErrorFacts) => f.names.includes("ThrottlingException") };
 * ```
 */
export interface ErrorFacts {
  status: number | null;
  /** Structured codes found on the error and in its body: `code`, `type`, Google `status` and `details[].reason`, as written. */
  codes: string[];
  /** Every human-readable message found, joined with " | ". */
  message: string;
  /** Error names and constructor names along the cause chain (`AbortError`, `APIConnectionError`, ...). */
  names: string[];
  /** A Node/undici network error code found along the cause chain (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, ...). */
  networkCode: string | null;
  /** Case-insensitive header lookup. */
  header: (name: string) => string | undefined;
  /** The parsed error body, when one was found. */
  body: unknown;
  retryAfterMs: number | null;
  /** A kind already decided upstream: a `ProviderCallError` (or any error with a known `kind`) passed back in. */
  declared: { kind: ErrorKind; scope: ErrorScope | null } | null;
}

/**
 * A host-supplied classification rule. Every condition given must hold; rules run before the built-in ones, in order.
 *
 * @example
 * ```ts
 * const rule: ErrorRule = { name: "proxy-quota", status: 400, message: /\bmonthly budget\b/i, kind: "quota_exhausted" };
 * ```
 */
export interface ErrorRule {
  /** Shown in `reason` as `rule:<name>`. */
  name?: string;
  kind: ErrorKind;
  action?: FailoverAction;
  scope?: ErrorScope;
  status?: number | readonly number[];
  /** Matches any structured code (exact, case-insensitive, when a string). */
  code?: string | RegExp;
  message?: RegExp;
  test?: (facts: ErrorFacts) => boolean;
}

/**
 * Options of {@link classifyError} and {@link createErrorClassifier}.
 *
 * @example
 * ```ts
 * classifyError(error, { actions: { overloaded: "next_model" }, now: Date.now() });
 * ```
 */
export interface ClassifyErrorOptions {
  /** Extra rules, tried first. */
  rules?: readonly ErrorRule[];
  /** Override the default action per kind. */
  actions?: Partial<Record<ErrorKind, FailoverAction>>;
  /** Clock for HTTP-date `Retry-After` and absolute reset headers. Default `Date.now()`. */
  now?: number | (() => number);
}

/**
 * The default action per kind: `rotate_key` (another key may work now), `next_profile` (this credential is
 * unusable), `next_model` (the model is the problem), `retry` (transient, same credential), `surface` (show it).
 *
 * @example
 * ```ts
 * DEFAULT_ACTIONS.rate_limit; // "rotate_key"
 * ```
 */
export const DEFAULT_ACTIONS: Readonly<Record<ErrorKind, FailoverAction>> = Object.freeze({
  auth_invalid: "next_profile",
  auth_expired: "next_profile",
  rate_limit: "rotate_key",
  quota_exhausted: "rotate_key",
  billing: "next_profile",
  overloaded: "retry",
  timeout: "retry",
  network: "retry",
  server_error: "retry",
  context_overflow: "next_model",
  content_policy: "surface",
  model_not_found: "next_model",
  bad_request: "surface",
  aborted: "surface",
  unknown: "surface",
});

/**
 * The default scope per kind. `model` means one credential on one model.
 *
 * @example
 * ```ts
 * DEFAULT_SCOPES.rate_limit; // "model"
 * ```
 */
export const DEFAULT_SCOPES: Readonly<Record<ErrorKind, ErrorScope>> = Object.freeze({
  auth_invalid: "credential",
  auth_expired: "credential",
  rate_limit: "model",
  quota_exhausted: "credential",
  billing: "credential",
  overloaded: "provider",
  timeout: "provider",
  network: "provider",
  server_error: "provider",
  context_overflow: "request",
  content_policy: "request",
  model_not_found: "model",
  bad_request: "request",
  aborted: "request",
  unknown: "request",
});

/** Structured provider codes, compared lower-cased. `null` = generic, decided by status/message instead. */
const CODE_KINDS: Record<string, ErrorKind> = {
  invalid_api_key: "auth_invalid",
  api_key_invalid: "auth_invalid",
  authentication_error: "auth_invalid",
  invalid_authentication: "auth_invalid",
  unauthenticated: "auth_invalid",
  unauthorized: "auth_invalid",
  permission_error: "auth_invalid",
  permission_denied: "auth_invalid",
  api_key_service_blocked: "auth_invalid",
  consumer_suspended: "auth_invalid",
  service_disabled: "auth_invalid",
  account_deactivated: "auth_invalid",
  access_terminated: "auth_invalid",
  invalid_x_api_key: "auth_invalid",
  api_key_expired: "auth_expired",
  token_expired: "auth_expired",
  expired_token: "auth_expired",
  invalid_grant: "auth_expired",
  refresh_token_reused: "auth_expired",
  insufficient_quota: "quota_exhausted",
  credit_balance_exhausted: "quota_exhausted",
  organization_spend_limit_exceeded: "quota_exhausted",
  project_spend_limit_exceeded: "quota_exhausted",
  billing_hard_limit_reached: "quota_exhausted",
  // Moonshot answers an empty or suspended account with 403/429 `exceeded_current_quota_error`.
  exceeded_current_quota_error: "quota_exhausted",
  billing_error: "billing",
  billing_not_active: "billing",
  payment_required: "billing",
  rate_limit_exceeded: "rate_limit",
  rate_limit_error: "rate_limit",
  rate_limited: "rate_limit",
  too_many_requests: "rate_limit",
  throttlingexception: "rate_limit",
  // Bedrock's on-demand token/request quotas are per-minute throughput limits, not an empty account.
  servicequotaexceededexception: "rate_limit",
  rate_limit_reached_error: "rate_limit",
  model_cooldown: "rate_limit",
  overloaded_error: "overloaded",
  overloaded: "overloaded",
  unavailable: "overloaded",
  unavailable_error: "overloaded",
  engine_overloaded_error: "overloaded",
  server_overloaded: "overloaded",
  // Cerebras sends its own queue being full as 429 `queue_exceeded` ("We're experiencing high traffic"): the provider
  // is busy, another key of the same account does not help.
  queue_exceeded: "overloaded",
  model_capacity_exhausted: "overloaded",
  serviceunavailableexception: "overloaded",
  modelnotreadyexception: "overloaded",
  modeltimeoutexception: "timeout",
  internalserverexception: "server_error",
  modelerrorexception: "server_error",
  accessdeniedexception: "auth_invalid",
  server_error: "server_error",
  api_error: "server_error",
  internal: "server_error",
  internal_error: "server_error",
  internal_server_error: "server_error",
  deadline_exceeded: "timeout",
  context_length_exceeded: "context_overflow",
  request_too_large: "context_overflow",
  string_above_max_length: "context_overflow",
  exceed_context_size_error: "context_overflow",
  model_max_prompt_tokens_exceeded: "context_overflow",
  model_context_window_exceeded: "context_overflow",
  // A region block (OpenAI's 403) says nothing about the key: surfacing it, not disabling the key, as Gemini's 400
  // FAILED_PRECONDITION "User location is not supported" already is.
  unsupported_country_region_territory: "bad_request",
  content_policy_violation: "content_policy",
  content_filter: "content_policy",
  model_not_found: "model_not_found",
  invalid_model: "model_not_found",
};

/** "Not found" codes: a missing model when the text names a model, otherwise decided by status. */
const NOT_FOUND_CODES = new Set(["not_found_error", "not_found", "notfounderror", "notfound", "resourcenotfoundexception"]);

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
  "EPROTO",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_HAS_EXPIRED",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
  "UND_ERR_ABORTED",
]);

/** A status written as a status ("429 ...", "status: 429", "HTTP 429", "error code 429"), never a bare number in prose. */
const STATUS_IN_MESSAGE = /^\s*(\d{3})\b(?!\s*(?:tokens?|chars?|characters?|bytes?|words?|ms|seconds?|requests?|items?|messages?)\b)|\b(?:status(?:\s*code)?|http(?:\/\d(?:\.\d)?)?|error(?:\s*code)?|code)\s*[:=]?\s*(\d{3})\b/i;

/**
 * How providers and local servers say "the request does not fit in this model's window" (prompt alone, or prompt plus
 * the reserved output). Each line names who says it; docs/errors.md and test/fixtures/errors/wording-table.json carry
 * the sources. Deliberately absent: a bare "too many tokens" (Bedrock and Cerebras use it for per-minute throttles)
 * and "max_tokens is too large ... supports at most N completion tokens" (only the output cap is wrong: bad_request).
 */
const OVERFLOW_WORDINGS: readonly RegExp[] = [
  /\bmax(?:imum)? context length\b/, // OpenAI, Azure, DeepSeek, OpenRouter, Mistral, vLLM, SGLang
  /\bcontext[_ ](?:length|window)(?:[_ ]exceeded)?\b.{0,40}\b(?:exceed|too|limit)/, // generic, MiniMax "context window exceeds limit"
  /\bexceeds? (?:the )?(?:model'?s? )?(?:max(?:imum)? |available )?context (?:window|length|size|limit)\b/, // OpenAI Responses, llama.cpp, Anthropic "exceed context limit", Ollama, Bedrock
  /\bcontext (?:length|window) (?:is |of )only\b/, // LM Studio, vLLM "the model's context length is only N tokens"
  /\bgreater than the context length\b/, // LM Studio
  /\bn_keep \(\d+\) >= n_ctx\b/, // LM Studio (llama.cpp engine)
  /\blonger than the model'?s (?:context length|maximum)/, // SGLang, Together
  /\bmax(?:imum)? prompt length is \d/, // xAI
  /\bexceed(?:s|ed)? (?:the )?model'?s? (?:token|context) limit\b/, // Moonshot / Kimi
  /\b(?:prompt|input) token count\b.{0,40}\bexceeds\b/, // Gemini, GitHub Copilot
  /\brange of input length should be\b/, // Qwen / DashScope
  /\binputs`? tokens \+ `?max_new_tokens`? must be <=/, // Hugging Face TGI
  /\bexceeds (?:the )?max(?:imum)? (?:allowed )?(?:number of )?(?:input )?(?:tokens|input length)\b/, // generic
  /\bcontext_length_exceeded\b|\bprompt is too long\b|\binput (?:is )?too long\b|\btoo many input tokens\b/, // Anthropic, Bedrock, generic
  /\breduce the length of the (?:messages|input|prompt)\b/, // Groq, vLLM
];

const OVERLOAD_WORDINGS: readonly RegExp[] = [
  /\boverloaded(?:_error)?\b/, // Anthropic, Gemini "The model is overloaded", Moonshot "engine is currently overloaded"
  /\b(?:high|heavy) (?:demand|load|traffic)\b|\bhigh volume of traffic\b/, // Codex, Cerebras, generic 503 pages
  /\b(?:at|over|insufficient|no) capacity\b|\bcapacity (?:exceeded|exhausted)\b|\bno capacity available\b/, // OpenAI, Mistral, Gemini
  /\bserver (?:is )?busy\b/, // Ollama "server busy, please try again.  maximum pending requests exceeded"
];

/** Money: an empty or capped account. "balance is insufficient" and "exceeded your monthly included credits" included. */
const QUOTA_WORDINGS: readonly RegExp[] = [
  /\binsufficient[_ ]quota\b|\bcredit balance\b|\binsufficient (?:account )?(?:credits?|balance|funds)\b|\bout of credits\b/,
  /\b(?:balance|credits?|funds) (?:is |are )?(?:insufficient|too low|exhausted|depleted)\b/, // SiliconFlow, generic
  /\b(?:quota|credits?) (?:has been |is )?exhausted\b|\bspend(?:ing)? limit\b/,
  /\bexceeded (?:your |the )?(?:monthly |daily )?(?:included |free )?credits\b/, // Hugging Face 402
  /\brequires more credits\b|\bcan only afford\b/, // OpenRouter 402
  /\b(?:daily|weekly|monthly) (?:usage |request |token )?(?:limit|quota) (?:reached|exceeded|exhausted)\b/,
];

/** Connection failures as Node, undici, Bun and browsers name them in a message, when no error code survived. */
const NETWORK_WORDINGS: readonly RegExp[] = [
  /\b(?:fetch failed|failed to fetch|socket hang up|other side closed|network (?:error|failure)|getaddrinfo)\b/,
  /\bconnection (?:error|refused|reset|closed|failed)\b|\bsocket (?:connection )?(?:was )?closed unexpectedly\b/,
  /\bnetwork socket disconnected\b|\bnetworkerror when attempting to fetch\b/,
  /\b(?:econnrefused|econnreset|econnaborted|enotfound|eai_again|epipe|ehostunreach|enetunreach|enetdown|und_err_socket|und_err_closed)\b/,
];

/** Timeouts, including the Node/undici codes that appear only inside a message ("connect ETIMEDOUT 1.2.3.4:443"). */
const TIMEOUT_WORDINGS: readonly RegExp[] = [
  /\b(?:timed? ?out|timeout|deadline exceeded)\b/,
  /\b(?:etimedout|esockettimedout|und_err_(?:connect|headers|body)_timeout)\b/,
];

const anyOf = (patterns: readonly RegExp[]): RegExp => new RegExp(patterns.map((p) => p.source).join("|"), "i");

/** Message patterns, in priority order. Word-bounded so that e.g. "4290 tokens" or "429 tokens" never reads as a rate limit. */
const MESSAGE_RULES: ReadonlyArray<readonly [ErrorKind, RegExp, string]> = [
  ["context_overflow", anyOf(OVERFLOW_WORDINGS), "context overflow"],
  [
    "content_policy",
    /\b(?:content[_ ](?:policy|filter|management policy)|safety (?:system|filters?|settings)|flagged (?:by|as)|violat\w* (?:our|the) (?:usage|content) polic(?:y|ies)|responsible ai polic(?:y|ies))\b/i,
    "content policy",
  ],
  ["quota_exhausted", anyOf(QUOTA_WORDINGS), "quota"],
  [
    "billing",
    /\b(?:payment required|billing[_ ](?:error|not[_ ]active|hard[_ ]limit|issue|problem)|payment (?:method|failed|declined)|no payment method|account is not active)\b/i,
    "billing",
  ],
  [
    "rate_limit",
    /\b(?:rate[_ -]?limit(?:ed|s|_exceeded)?|too many (?:requests|concurrent requests)|exceeded your current quota|quota[_ ]exceeded|resource[_ ](?:has been )?exhausted|tokens per min(?:ute)?|requests per min(?:ute)?|throttl(?:ed|ing)(?:exception)?|concurrency limit|too many tokens, please wait)\b/i,
    "rate limit",
  ],
  ["overloaded", anyOf(OVERLOAD_WORDINGS), "overloaded"],
  [
    "auth_expired",
    /\b(?:(?:access |oauth |auth |id )?token (?:has |is )?expired|expired (?:access |oauth )?token|token_expired|session (?:has )?expired|re-?authenticate|invalid_grant|refresh token (?:has been |was )?(?:revoked|reused|already used|expired))\b/i,
    "expired credential",
  ],
  [
    "auth_invalid",
    /\b(?:invalid[_ ]api[_ ]key|incorrect api key|api key (?:is )?(?:not valid|invalid|revoked|disabled)|invalid x-api-key|unauthori[sz]ed|authentication (?:failed|error|required)|invalid (?:bearer |access |auth )?token|permission denied|forbidden|no api key|missing api key|api key (?:was )?reported as leaked)\b/i,
    "auth",
  ],
  [
    "model_not_found",
    /\b(?:model\b[^.\n]{0,120}?\b(?:not found|does not exist|is not found|not supported|is not available|unknown)|(?:unknown|invalid|unsupported) model\b|no such model|model_not_found)|^model: /i,
    "model not found",
  ],
  ["timeout", anyOf(TIMEOUT_WORDINGS), "timeout"],
  ["network", anyOf(NETWORK_WORDINGS), "network"],
  ["server_error", /\b(?:internal server error|bad gateway|server error|service unavailable)\b/i, "server error"],
  ["aborted", /\b(?:request was aborted|operation was aborted|aborted by the user|request aborted)\b/i, "aborted"],
];

type Bag = Record<string, unknown>;

function isObject(value: unknown): value is Bag {
  return typeof value === "object" && value !== null;
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (!text.startsWith("{") && !text.startsWith("[")) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

/** A JSON object embedded in a message, as the Anthropic client writes it ("401 {\"type\":\"error\",...}"). */
function jsonInMessage(message: string): unknown {
  const start = message.indexOf("{");
  if (start < 0) return undefined;
  const end = message.lastIndexOf("}");
  if (end <= start) return undefined;
  try {
    return JSON.parse(message.slice(start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
}

function toStatus(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{3}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

function ownName(value: Bag): string[] {
  const names: string[] = [];
  if (typeof value.name === "string") names.push(value.name);
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  if (ctor && typeof ctor.name === "string" && ctor.name !== "Object" && ctor.name !== "Error") names.push(ctor.name);
  return names;
}

/**
 * Extract the facts {@link classifyError} decides on: status, structured codes, messages, names, network code,
 * headers, body and retry delay. Exposed for hosts writing their own rules and for tests.
 *
 * @example
 * ```ts
 * // An error the rules do not recognise: log what they saw, to write a rule for it.
 * if (classifyError(error).kind === "unknown") {
 *   const facts = errorFacts(error);
 *   console.warn("unclassified provider error", { status: facts.status, codes: facts.codes, names: facts.names });
 * }
 * ```
 */
export function errorFacts(input: unknown, now: number = Date.now()): ErrorFacts {
  const codes: string[] = [];
  const messages: string[] = [];
  const names: string[] = [];
  let status: number | null = null;
  let networkCode: string | null = null;
  let headers: unknown;
  let body: unknown;
  const bodies: unknown[] = [];

  const addCode = (value: unknown) => {
    if (typeof value === "string" && value.trim() !== "" && !codes.includes(value)) codes.push(value);
  };
  const addMessage = (value: unknown) => {
    if (typeof value === "string" && value.trim() !== "" && !messages.includes(value)) messages.push(value);
  };

  const readBody = (raw: unknown, depth = 0) => {
    const parsed = parseMaybeJson(raw);
    if (typeof parsed === "string") {
      addMessage(parsed);
      return;
    }
    if (Array.isArray(parsed)) {
      // Gemini's OpenAI-compatible endpoint wraps the error in an array.
      for (const item of parsed.slice(0, 3)) readBody(item, depth + 1);
      return;
    }
    if (!isObject(parsed) || depth > 3) return;
    body ??= parsed;
    bodies.push(parsed);
    addCode(parsed.code);
    addCode(parsed.type === "error" ? undefined : parsed.type);
    addCode(parsed.status);
    addMessage(parsed.message);
    status ??= toStatus(parsed.code) ?? toStatus(parsed.status);
    if (Array.isArray(parsed.details)) {
      for (const detail of parsed.details) if (isObject(detail)) addCode(detail.reason);
    }
    // MiniMax's native API reports failures in `base_resp` (often with HTTP 200).
    if (isObject(parsed.base_resp)) addMessage(parsed.base_resp.status_msg);
    if (typeof parsed.error === "string") addMessage(parsed.error);
    else if (isObject(parsed.error)) readBody(parsed.error, depth + 1);
  };

  const visit = (value: unknown, depth: number) => {
    if (!isObject(value) || depth > 4) {
      if (typeof value === "string") addMessage(value);
      return;
    }
    names.push(...ownName(value));
    const response = isObject(value.response) ? value.response : undefined;
    if (depth === 0 || status === null) {
      status ??= toStatus(value.status) ?? toStatus(value.statusCode) ?? toStatus(value.status_code);
      if (response) status ??= toStatus(response.status) ?? toStatus(response.statusCode);
    }
    // AWS SDK v3 (Bedrock): the status is in `$metadata.httpStatusCode` and the error code is the error's name.
    const aws = isObject(value.$metadata) ? value.$metadata : undefined;
    if (aws) {
      status ??= toStatus(aws.httpStatusCode);
      if (typeof value.name === "string") addCode(value.name);
    }
    headers ??= value.headers ?? value.responseHeaders ?? response?.headers;
    const code = value.code ?? value.errno;
    if (typeof code === "string") {
      const upper = code.toUpperCase();
      if (TIMEOUT_CODES.has(upper) || NETWORK_CODES.has(upper)) networkCode ??= upper;
      else addCode(code);
    }
    addCode(typeof value.type === "string" && value.type !== "error" ? value.type : undefined);
    for (const raw of [value.body, value.responseBody, value.data, response?.body, response?.data, value.error]) {
      if (raw !== undefined && raw !== null) readBody(raw);
    }
    if (typeof value.message === "string") {
      addMessage(value.message);
      if (bodies.length === 0) {
        const embedded = jsonInMessage(value.message);
        if (embedded !== undefined) readBody(embedded);
      }
    }
    if (value.cause !== undefined) visit(value.cause, depth + 1);
    if (Array.isArray(value.errors)) for (const inner of value.errors.slice(0, 3)) visit(inner, depth + 1);
  };

  let declared: ErrorFacts["declared"] = null;
  if (typeof input === "string") {
    readBody(input);
  } else {
    visit(input, 0);
    if (isObject(input) && typeof input.kind === "string" && (ERROR_KINDS as readonly string[]).includes(input.kind) && input instanceof Error) {
      const scope = typeof input.scope === "string" && ["credential", "model", "provider", "request"].includes(input.scope) ? (input.scope as ErrorScope) : null;
      declared = { kind: input.kind as ErrorKind, scope };
    }
  }

  const message = messages.join(" | ");
  if (status === null) {
    const match = STATUS_IN_MESSAGE.exec(messages[0] ?? "");
    const found = toStatus(match?.[1] ?? match?.[2]);
    if (found !== null && found >= 400) status = found;
  }
  const header = headerLookup(headers);
  const declaredDelay = isObject(input) && typeof input.retryAfterMs === "number" && input.retryAfterMs >= 0 ? input.retryAfterMs : null;
  const retryAfterMs =
    declaredDelay ?? retryAfterFromHeaders(headers, now) ?? bodies.map(retryAfterFromBody).find((v) => v !== null) ?? retryAfterFromMessage(message);
  return { status, codes, message, names, networkCode, header, body, retryAfterMs, declared };
}

function matchRule(rule: ErrorRule, facts: ErrorFacts): boolean {
  if (rule.status !== undefined) {
    const list = typeof rule.status === "number" ? [rule.status] : rule.status;
    if (facts.status === null || !list.includes(facts.status)) return false;
  }
  if (rule.code !== undefined) {
    const code = rule.code;
    const ok = facts.codes.some((c) => (typeof code === "string" ? c.toLowerCase() === code.toLowerCase() : code.test(c)));
    if (!ok) return false;
  }
  if (rule.message !== undefined && !rule.message.test(facts.message)) return false;
  if (rule.test !== undefined && !rule.test(facts)) return false;
  return rule.status !== undefined || rule.code !== undefined || rule.message !== undefined || rule.test !== undefined;
}

function messageKind(message: string): { kind: ErrorKind; label: string } | null {
  for (const [kind, pattern, label] of MESSAGE_RULES) {
    if (pattern.test(message)) return { kind, label };
  }
  return null;
}

const MENTIONS_MODEL = /\bmodels?\b|^model: |\bmodels\//i;

/** Which message-derived kinds may refine a given status. */
const REFINES: Record<number, readonly ErrorKind[]> = {
  400: ["quota_exhausted", "billing", "context_overflow", "content_policy", "model_not_found", "auth_invalid", "auth_expired", "rate_limit"],
  401: ["auth_expired"],
  402: ["quota_exhausted"],
  403: ["billing", "quota_exhausted", "content_policy", "auth_expired", "rate_limit"],
  404: ["model_not_found"],
  422: ["quota_exhausted", "billing", "context_overflow", "content_policy", "model_not_found"],
  // A 429 about the provider's capacity (Mistral "Service tier capacity exceeded") is not this key's limit.
  429: ["quota_exhausted", "overloaded"],
  500: ["overloaded", "context_overflow", "timeout"],
};

/** Any other 5xx: a router relaying the upstream's overflow (OpenRouter 502 "Upstream error from …: maximum context length …"). */
const REFINES_5XX: readonly ErrorKind[] = ["context_overflow"];

/** A structured rate-limit code that a message can still overrule: z.ai sends an empty account as 429 `rate_limit_error`. */
const CODE_REFINES: Partial<Record<ErrorKind, readonly ErrorKind[]>> = {
  rate_limit: ["quota_exhausted", "billing"],
};

function statusKind(status: number): ErrorKind {
  if (status === 401) return "auth_invalid";
  if (status === 402) return "billing";
  if (status === 403) return "auth_invalid";
  if (status === 404) return "bad_request";
  if (status === 408) return "timeout";
  if (status === 409) return "server_error";
  if (status === 413) return "context_overflow";
  if (status === 429) return "rate_limit";
  if (status === 503 || status === 529) return "overloaded";
  if (status === 504) return "timeout";
  if (status >= 500) return "server_error";
  return "bad_request";
}

/** Gemini: a RESOURCE_EXHAUSTED whose violated quota is per day is an exhausted quota, not a throttle. */
function quotaIds(body: unknown): string[] {
  const details = isObject(body) && isObject(body.error) ? body.error.details : isObject(body) ? body.details : undefined;
  const ids: string[] = [];
  if (!Array.isArray(details)) return ids;
  for (const detail of details) {
    if (!isObject(detail) || !Array.isArray(detail.violations)) continue;
    for (const v of detail.violations) if (isObject(v) && typeof v.quotaId === "string") ids.push(v.quotaId);
  }
  return ids;
}

/**
 * OpenAI's restricted (scope-limited) keys and project roles: "You have insufficient permissions for this operation.
 * Missing scopes: api.model.read. ..." arrives as 401 or 403 with type `invalid_request_error`. The key is valid, it
 * is just not allowed to do this one thing: disabling it (as `auth_invalid` would) breaks every call it can make.
 * Anthropic's `permission_error` ("Your API key does not have permission to use the specified resource") and Google's
 * `PERMISSION_DENIED` keep their credential-level meaning; they are matched by code, not by this sentence.
 */
const MISSING_SCOPES = /\bmissing scopes?\s*:\s*([\w.:/-]+(?:\s*,\s*[\w.:/-]+)*)/i;
const INSUFFICIENT_PERMISSIONS = /\binsufficient permissions for this operation\b/i;

function missingPermission(message: string): string | null {
  const scopes = MISSING_SCOPES.exec(message);
  if (scopes?.[1]) return `message:missing permission (scopes: ${scopes[1].replace(/\.+$/, "")})`;
  return INSUFFICIENT_PERMISSIONS.test(message) ? "message:missing permission" : null;
}

function decide(facts: ErrorFacts, rules: readonly ErrorRule[]): { kind: ErrorKind; reason: string; action?: FailoverAction; scope?: ErrorScope } {
  for (const [index, rule] of rules.entries()) {
    if (matchRule(rule, facts)) {
      return {
        kind: rule.kind,
        reason: `rule:${rule.name ?? String(index)}`,
        ...(rule.action ? { action: rule.action } : {}),
        ...(rule.scope ? { scope: rule.scope } : {}),
      };
    }
  }
  if (facts.declared) {
    return { kind: facts.declared.kind, reason: `kind:${facts.declared.kind}`, ...(facts.declared.scope ? { scope: facts.declared.scope } : {}) };
  }
  const names = facts.names;
  const timeoutHint = /\b(?:timed? ?out|timeout|deadline)\b/i.test(facts.message);
  if (names.some((n) => /^(?:TimeoutError|APIConnectionTimeoutError|ConnectTimeoutError|HeadersTimeoutError|BodyTimeoutError)$/.test(n))) {
    return { kind: "timeout", reason: `name:${names.find((n) => /Timeout/.test(n)) ?? "TimeoutError"}` };
  }
  if (names.some((n) => n === "AbortError" || n === "APIUserAbortError")) {
    return timeoutHint ? { kind: "timeout", reason: "name:AbortError (timeout)" } : { kind: "aborted", reason: "name:AbortError" };
  }
  if (facts.networkCode !== null && facts.status === null) {
    return { kind: TIMEOUT_CODES.has(facts.networkCode) ? "timeout" : "network", reason: `network:${facts.networkCode}` };
  }

  const permission = missingPermission(facts.message);
  if (permission !== null) return { kind: "bad_request", reason: permission, scope: "request" };

  const lowerCodes = facts.codes.map((c) => c.toLowerCase());
  for (const [i, code] of lowerCodes.entries()) {
    if (code === "resource_exhausted") {
      const perDay = quotaIds(facts.body).some((id) => /PerDay/i.test(id));
      return { kind: perDay ? "quota_exhausted" : "rate_limit", reason: `code:${facts.codes[i]}${perDay ? " (per-day quota)" : ""}` };
    }
    const kind = CODE_KINDS[code];
    if (kind === "auth_invalid" && /\bexpired\b/i.test(facts.message)) return { kind: "auth_expired", reason: `code:${facts.codes[i]} (expired)` };
    const overrule = kind ? CODE_REFINES[kind] : undefined;
    if (overrule) {
      const said = messageKind(facts.message);
      if (said && overrule.includes(said.kind)) return { kind: said.kind, reason: `code:${facts.codes[i]} + message:${said.label}` };
    }
    if (kind) return { kind, reason: `code:${facts.codes[i]}` };
    if (NOT_FOUND_CODES.has(code) && MENTIONS_MODEL.test(facts.message)) return { kind: "model_not_found", reason: `code:${facts.codes[i]}` };
  }
  if (isObject(facts.body) && isObject(facts.body.error) && facts.body.error.param === "model" && facts.status === 404) {
    return { kind: "model_not_found", reason: "status:404 (param model)" };
  }

  const fromMessage = messageKind(facts.message);
  if (facts.status !== null) {
    const refinable = REFINES[facts.status] ?? (facts.status >= 500 ? REFINES_5XX : []);
    if (fromMessage && refinable.includes(fromMessage.kind)) {
      if (fromMessage.kind !== "model_not_found" || MENTIONS_MODEL.test(facts.message)) {
        return { kind: fromMessage.kind, reason: `status:${facts.status} + message:${fromMessage.label}` };
      }
    }
    if (facts.status === 404 && MENTIONS_MODEL.test(facts.message)) return { kind: "model_not_found", reason: "status:404 + message:model" };
    if (facts.status >= 400) return { kind: statusKind(facts.status), reason: `status:${facts.status}` };
  }
  if (fromMessage) return { kind: fromMessage.kind, reason: `message:${fromMessage.label}` };
  if (names.some((n) => /^(?:APIConnectionError|FetchError|NetworkError|ConnectionError)$/.test(n))) {
    return { kind: "network", reason: `name:${names.find((n) => /Connection|Fetch|Network/.test(n)) ?? "network"}` };
  }
  if (names.includes("TypeError") && /\bfetch\b/i.test(facts.message)) return { kind: "network", reason: "name:TypeError (fetch)" };
  return { kind: "unknown", reason: "no signal matched" };
}

function clock(now: ClassifyErrorOptions["now"]): number {
  return typeof now === "function" ? now() : (now ?? Date.now());
}

/**
 * Classify a provider failure into one of the {@link ErrorKind}s, with a default action, a scope and the retry
 * delay. Accepts what hosts already have: an error from the official OpenAI, Anthropic or Ollama clients (status,
 * a `Headers` object or record, the parsed body), a `fetch` network error (undici `cause.code`), an
 * `AbortError`/`TimeoutError`, a ky `HTTPError`, or a descriptor `{ status?, headers?, body? }`. Signals are read in
 * this order: host rules, abort/timeout names, network codes, structured body codes, HTTP status (refined by the
 * message where the status is ambiguous), then word-bounded message patterns. Synchronous and side-effect free.
 *
 * @example
 * ```ts
 * try {
 *   return await client.chat.completions.create(request);
 * } catch (error) {
 *   const { kind, action, retryAfterMs } = classifyError(error);
 *   if (action === "retry") return retryLater(retryAfterMs ?? 1000);
 *   if (kind === "auth_invalid") showReplaceKeyDialog();
 *   throw error;
 * }
 * ```
 */
export function classifyError(input: unknown, options: ClassifyErrorOptions = {}): ErrorClassification {
  checkArgument("classifyError", "options", ARG.optionalObject, options);
  let facts: ErrorFacts;
  try {
    facts = errorFacts(input, clock(options.now));
  } catch {
    // Hostile inputs (throwing getters, revoked proxies) must not turn a failed call into a crash.
    return { kind: "unknown", action: options.actions?.unknown ?? DEFAULT_ACTIONS.unknown, scope: "request", status: null, reason: "error could not be read" };
  }
  const decided = decide(facts, options.rules ?? []);
  const result: ErrorClassification = {
    kind: decided.kind,
    action: decided.action ?? options.actions?.[decided.kind] ?? DEFAULT_ACTIONS[decided.kind],
    scope: decided.scope ?? scopeFor(decided.kind, facts),
    status: facts.status,
    reason: decided.reason,
  };
  if (facts.retryAfterMs !== null) result.retryAfterMs = facts.retryAfterMs;
  return result;
}

function scopeFor(kind: ErrorKind, facts: ErrorFacts): ErrorScope {
  if (kind === "quota_exhausted") {
    // A per-model quota (Gemini quotaDimensions.model) leaves the credential usable for other models.
    const details = isObject(facts.body) && isObject(facts.body.error) ? facts.body.error.details : undefined;
    if (Array.isArray(details) && JSON.stringify(details).includes('"model"')) return "model";
  }
  return DEFAULT_SCOPES[kind];
}

/**
 * A classifier with host rules and action overrides bound once, for passing to `withKeyRotation` or `run`.
 *
 * @example
 * ```ts
 * // Teach the classifier a vendor's throttling code, then let run() rotate keys on it.
 * const classify = createErrorClassifier({ rules: [{ name: "bedrock", code: "ThrottlingException", kind: "rate_limit" }] });
 * const reply = await registry.run("bedrock/claude-sonnet-4-5", ({ apiKey }) => callBedrock(apiKey, prompt), { classify });
 * ```
 */
export function createErrorClassifier(options: ClassifyErrorOptions = {}): (input: unknown) => ErrorClassification {
  checkArgument("createErrorClassifier", "options", ARG.optionalObject, options);
  return (input) => classifyError(input, options);
}

/**
 * True for the kinds that justify trying another key: rate limits and exhausted quotas (429, `rate_limit`, quota,
 * resource exhausted).
 *
 * @example
 * ```ts
 * const c = classifyError(error);
 * if (isRateLimitClass(c)) metrics.increment("llm.rate_limited", { provider, kind: c.kind });
 * ```
 */
export function isRateLimitClass(classification: Pick<ErrorClassification, "kind">): boolean {
  checkArgument("isRateLimitClass", "classification", IS_RATE_LIMIT_CLASS_CLASSIFICATION_ARG, classification);
  return classification.kind === "rate_limit" || classification.kind === "quota_exhausted";
}

/**
 * True for failures worth retrying with the same credential: overloaded, 5xx, timeouts and network errors.
 *
 * @example
 * ```ts
 * const c = classifyError(error);
 * if (isTransient(c) && attempt < 3) return retryLater(c.retryAfterMs ?? 1000 * 2 ** attempt);
 * throw error;
 * ```
 */
export function isTransient(classification: Pick<ErrorClassification, "kind">): boolean {
  checkArgument("isTransient", "classification", IS_TRANSIENT_CLASSIFICATION_ARG, classification);
  return ["overloaded", "server_error", "timeout", "network"].includes(classification.kind);
}
