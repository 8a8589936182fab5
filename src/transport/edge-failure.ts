import { ProviderCallError } from "../errors/provider-call-error.js";
import { displayUrl } from "./display-url.js";
import { redactText } from "./redact.js";

/**
 * What the edge knows when fetch or a body read failed: which URL, which secrets to scrub, whether the caller
 * aborted, and whether one of the edge's own deadlines ran out (then `timeout` says what to tell the user).
 *
 * @example
 * ```ts
 * const context: EdgeFailureContext = {
 *   url, secrets, callerSignal: request.signal, timedOut: deadline.aborted,
 *   timeout: { message: `${displayUrl(url)} did not answer within 5000 ms.`, recovery: "Raise timeoutMs." },
 * };
 * ```
 */
export interface EdgeFailureContext {
  url: string;
  secrets: readonly string[];
  callerSignal: AbortSignal | undefined;
  /** One of the edge's deadlines fired (not the caller's signal). */
  timedOut: boolean;
  timeout: { message: string; recovery: string };
  /** Says what the edge was doing when the connection failed; default `Could not reach <url>`. */
  networkPrefix?: string | undefined;
}

/**
 * Turn a failure of fetch or of a body read into a scrubbed {@link ProviderCallError}: `aborted` when the caller's
 * signal fired (unless its reason is a `TimeoutError`: a caller's own deadline is a timeout), `timeout` when an edge
 * deadline fired, `network` otherwise (the undici `cause.code`, e.g. `ECONNREFUSED`, when there is one). Messages,
 * stacks and the kept cause never carry a credential.
 *
 * @example
 * ```ts
 * catch (cause) { throw edgeFailure(cause, context); }
 * ```
 */
export function edgeFailure(cause: unknown, context: EdgeFailureContext): ProviderCallError {
  const shown = displayUrl(context.url);
  const scrub = (text: string) => redactText(text.length > 300 ? `${text.slice(0, 300)}…` : text, { secrets: context.secrets });
  const callerReason: unknown = context.callerSignal?.reason;
  const callerTimedOut = typeof DOMException !== "undefined" && callerReason instanceof DOMException && callerReason.name === "TimeoutError";
  if (context.callerSignal?.aborted && !callerTimedOut) {
    return new ProviderCallError({ kind: "aborted", message: `The request to ${shown} was aborted by the caller.`, cause: scrubbedCause(cause, scrub) });
  }
  const name = (cause as { name?: unknown } | null)?.name;
  if (context.timedOut || name === "TimeoutError" || name === "AbortError") {
    return new ProviderCallError({
      kind: "timeout",
      message: context.timeout.message,
      recovery: context.timeout.recovery,
      cause: scrubbedCause(cause, scrub),
    });
  }
  const code = (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
  const detail = typeof code === "string" ? code : cause instanceof Error ? cause.message : String(cause);
  return new ProviderCallError({
    kind: "network",
    message: `${context.networkPrefix ?? `Could not reach ${shown}`}: ${scrub(detail)}.`,
    recovery: "Start the server or check the base URL, network and proxy settings.",
    cause: scrubbedCause(cause, scrub),
  });
}

/** The underlying error, kept for classification (name, undici `cause.code`) but with its texts scrubbed. */
function scrubbedCause(cause: unknown, scrub: (text: string) => string): unknown {
  if (!(cause instanceof Error)) return typeof cause === "string" ? scrub(cause) : cause;
  const copy = new Error(scrub(cause.message));
  copy.name = cause.name;
  copy.stack = scrub(cause.stack ?? "");
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (inner && typeof inner === "object") {
    const innerCopy = new Error(scrub(typeof inner.message === "string" ? inner.message : ""));
    if (typeof inner.code === "string") (innerCopy as Error & { code?: string }).code = inner.code;
    copy.cause = innerCopy;
  }
  return copy;
}
