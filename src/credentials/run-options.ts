import type { ErrorClassification } from "../errors/classify-error.js";
import type { CredentialSource } from "./credential-candidates.js";
import type { PoolStrategy } from "./credential-pool.js";
import type { ApiKind } from "../schema/api-kind.js";

/**
 * What `run()` hands to the attempt: the key at the moment it goes on the wire, plus endpoint and headers from the
 * catalog or models.json.
 *
 * @example
 * ```ts
 * await registry.run("openai/gpt-4o", async ({ apiKey, baseUrl }) =>
 *   fetch(`${baseUrl}/chat/completions`, { headers: { authorization: `Bearer ${apiKey}` }, method: "POST", body }));
 * ```
 */
export interface RunAttemptContext {
  /** The key/token, or `null` for a keyless (local) provider. */
  apiKey: string | null;
  /** models.json's or the host's URL, else the credential's setup-method endpoint, else the provider default. */
  baseUrl: string | null;
  /**
   * The wire protocol the credential's setup method requires when it differs from the provider's (e.g. Kimi Code
   * keys speak anthropic-messages); `null` = the model's own api kind.
   */
  api: ApiKind | null;
  /** The setup method the credential belongs to (`coding-plan-cn`, ...), or `null`. */
  method: string | null;
  headers: Record<string, string>;
  credentialId: string | null;
  providerId: string;
  model: string | null;
  label: string | null;
  source: CredentialSource | null;
  type: "apiKey" | "token" | "oauth" | null;
  /** 0-based attempt number within this run. */
  attempt: number;
  signal: AbortSignal | undefined;
}

/**
 * Options of `run()`.
 *
 * @example
 * ```ts
 * await registry.run("anthropic/claude-sonnet-4-5", call, { sessionId: chat.id, strategy: "sticky", signal });
 * ```
 */
export interface RunOptions {
  /**
   * Pool strategy; default `failover`. `sticky` needs `sessionId`. An unknown strategy, or `sticky` without a
   * `sessionId`, throws `invalid_option` before any credential is tried.
   */
  strategy?: PoolStrategy;
  sessionId?: string;
  signal?: AbortSignal;
  /** The model, when `target` is a bare provider id (for per-model cooldowns). */
  model?: string;
  /** Classifier; default {@link classifyError}. */
  classify?: (error: unknown) => ErrorClassification;
  /** Retry the same credential on transient errors (5xx, overloaded, timeout, network). Off by default. */
  transientRetry?: boolean | { retries?: number; delayMs?: number };
  /** Sleep between transient retries; default the registry's clock (`createRegistry({ sleep })`). An abort ends it. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
