import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyError, ERROR_KINDS, type ErrorKind } from "../../src/index.js";

/** A thrown error as a client or runtime raises it; `metadata` is the AWS SDK's `$metadata.httpStatusCode`. */
interface ThrownError {
  name?: string;
  message: string;
  code?: string;
  metadata?: number;
  cause?: { name?: string; message: string; code?: string };
}

interface WordingRow {
  provider: string;
  source: string;
  status: number | null;
  body?: unknown;
  error?: ThrownError;
  expected: ErrorKind;
  note?: string;
}

const file = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/errors/wording-table.json");
const rows = (JSON.parse(readFileSync(file, "utf8")) as { rows: WordingRow[] }).rows;

function build(error: ThrownError): Error {
  const built = new Error(error.message) as Error & Record<string, unknown>;
  if (error.name) built.name = error.name;
  if (error.code) built.code = error.code;
  if (error.metadata !== undefined) built.$metadata = { httpStatusCode: error.metadata };
  if (error.cause) built.cause = build(error.cause);
  return built;
}

function inputOf(row: WordingRow): unknown {
  if (row.error) {
    const error = build(row.error) as Error & Record<string, unknown>;
    if (row.status !== null && row.error.metadata === undefined) error.status = row.status;
    return error;
  }
  return { ...(row.status !== null ? { status: row.status } : {}), body: row.body };
}

const label = (row: WordingRow): string =>
  `${row.provider} ${row.status ?? "-"} → ${row.expected}: ${JSON.stringify(row.body ?? row.error?.message ?? null).slice(0, 90)}`;

describe("provider wording table (test/fixtures/errors/wording-table.json)", () => {
  it("every row names its source and a known kind", () => {
    for (const row of rows) {
      expect(row.source.trim().length, row.provider).toBeGreaterThan(10);
      expect(ERROR_KINDS).toContain(row.expected);
      expect(row.body !== undefined || row.error !== undefined, row.provider).toBe(true);
    }
  });

  it("covers the catalog's providers and the common local servers", () => {
    const covered = new Set(rows.map((row) => row.provider));
    const required = [
      "openai", "anthropic", "google", "xai", "groq", "mistral", "deepseek", "openrouter", "together", "cerebras",
      "moonshot", "zai", "qwen", "minimax", "amazon-bedrock", "azure-openai", "huggingface", "github-copilot",
      "llama.cpp", "lmstudio", "vllm", "ollama", "sglang",
    ];
    expect(required.filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(rows.map((row) => [label(row), row] as const))("%s", (_, row) => {
    const result = classifyError(inputOf(row));
    expect(result.kind, `${row.source}${row.note ? ` (${row.note})` : ""}; reason ${result.reason}`).toBe(row.expected);
  });

  it.each(rows.filter((row) => row.body !== undefined && row.body !== null).map((row) => [label(row), row] as const))(
    "%s, with the body as raw text",
    (_, row) => {
      const result = classifyError({ ...(row.status !== null ? { status: row.status } : {}), body: JSON.stringify(row.body) });
      expect(result.kind).toBe(row.expected);
    },
  );
});

describe("precision: what the wording patterns must not claim", () => {
  it("an output cap above the model's limit is a bad request, input + output above the window is an overflow", () => {
    const outputCap = { status: 400, body: { error: { message: "max_tokens is too large: 50000. This model supports at most 32768 completion tokens, whereas you provided 50000.", type: "invalid_request_error", param: "max_tokens", code: "invalid_value" } } };
    const shared = { status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length or `max_tokens` and try again" } } };
    expect(classifyError(outputCap).kind).toBe("bad_request");
    expect(classifyError(shared)).toMatchObject({ kind: "context_overflow", action: "next_model", scope: "request" });
  });

  it("'too many tokens' per minute is a throttle, never an overflow", () => {
    for (const message of ["Too many tokens, please wait before trying again.", "Tokens per minute limit exceeded - too many tokens processed."]) {
      expect(classifyError(new Error(message)).kind, message).toBe("rate_limit");
      expect(classifyError({ status: 429, body: { message } }).kind, message).toBe("rate_limit");
    }
  });

  it("429: an empty account is a quota, a busy provider is overloaded, a per-minute limit is a rate limit", () => {
    const quota = classifyError({ status: 429, body: { type: "error", error: { type: "rate_limit_error", code: "1113", message: "[1113][Insufficient balance or no resource package. Please recharge.]" } } });
    expect(quota).toMatchObject({ kind: "quota_exhausted", scope: "credential", reason: "code:rate_limit_error + message:quota" });
    expect(classifyError({ status: 429, body: { object: "error", message: "Service tier capacity exceeded for this model.", type: "invalid_request_error", param: null, code: null } })).toMatchObject({ kind: "overloaded", action: "retry" });
    expect(classifyError({ status: 429, body: { error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" } } }).kind).toBe("rate_limit");
  });

  it("a model that does not support a feature is not a missing model; an invalid model id is", () => {
    expect(classifyError({ status: 400, body: { error: "registry.ollama.ai/library/qwen3.5:4b does not support tools" } }).kind).toBe("bad_request");
    expect(classifyError({ status: 400, body: { error: { message: "invalid model ID", type: "invalid_request_error" } } }).kind).toBe("model_not_found");
  });

  it("a network code inside prose needs the code itself: 'pipe' or 'reset' in a sentence is not a connection failure", () => {
    expect(classifyError(new Error("the pipeline was reset by the user")).kind).toBe("unknown");
    expect(classifyError(new Error("write EPIPE")).kind).toBe("network");
    expect(classifyError(new Error("connect ETIMEDOUT 10.0.0.1:443"))).toMatchObject({ kind: "timeout", reason: "message:timeout" });
  });
});
