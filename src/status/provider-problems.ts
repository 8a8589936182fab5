import type { Diagnostic } from "../schema/diagnostic.js";
import type { ProviderStatusClassification, StatusCredential, StatusProbe } from "./classify-provider-status.js";
import { createProblem, type StatusProblem } from "./problems.js";

/**
 * Facts {@link providerProblems} needs about one provider.
 *
 * @example
 * ```ts
 * const input: ProviderProblemsInput = { name: "OpenAI", classification, credential: null, probe: null, baseUrl: null,
 *   primaryEnvVar: "OPENAI_API_KEY", configErrors: [], probeMessage: null };
 * ```
 */
export interface ProviderProblemsInput {
  name: string;
  classification: ProviderStatusClassification;
  credential: StatusCredential | null;
  probe: (StatusProbe & { errorCode?: string | null; truncatedFrom?: number | undefined }) | null;
  baseUrl: string | null;
  primaryEnvVar: string | null;
  configErrors: readonly Diagnostic[];
  /** Short scrubbed message of the last failed probe. */
  probeMessage: string | null;
  /** Provider id, for recoveries that name an API call. */
  providerId?: string;
  /** Names of the provider's other credentials that it rejected (never values). */
  rejectedCredentials?: readonly string[];
  /** Name of the credential in use. */
  activeLabel?: string | null;
}

function describeDiagnostic(d: Diagnostic): string {
  const where = d.line !== null ? `line ${d.line}${d.column !== null ? `, column ${d.column}` : ""}: ` : "";
  return `${where}${d.message}`;
}

/**
 * Derive a provider's problems from its classified status, so every report explains itself: which symptom of the
 * recovery tables it shows, and what to do next. Pure.
 *
 * @example
 * ```ts
 * providerProblems({ ...input, classification: { status: "broken_invalid", rule: 3, reason: "" },
 *   credential: { type: "apiKey", source: "env", envVar: "OPENAI_API_KEY" } })[0]?.recovery;
 * // "Replace the value of OPENAI_API_KEY with a working key ..."
 * ```
 */
export function providerProblems(input: ProviderProblemsInput): StatusProblem[] {
  const { name, classification, credential, probe, baseUrl } = input;
  const envVar = credential?.source === "env" ? credential.envVar : undefined;
  const problems: StatusProblem[] = [];
  // A listing that succeeded with a key it did not verify: the provider answers, but the key is unproven.
  const unverified = credential !== null && probe !== null && probe.outcome === "ok" && !probe.authenticated;
  const notVerified = () =>
    createProblem("key_not_verified", {
      provider: name,
      baseUrl,
      ...(envVar ? { envVar } : {}),
      ...(probe?.modelCount ? { detail: `${probe.modelCount} model(s)` } : {}),
      ...(input.providerId ? { providerId: input.providerId } : {}),
    });
  switch (classification.status) {
    case "missing":
      problems.push(createProblem("not_configured", { provider: name, ...(input.primaryEnvVar ? { envVar: input.primaryEnvVar } : {}) }));
      break;
    case "env":
      problems.push(
        probe === null
          ? createProblem("env_unverified", { provider: name, ...(envVar ? { envVar } : {}) })
          : unverified
            ? notVerified()
            : createProblem("env_no_models", { provider: name, baseUrl, ...(envVar ? { envVar } : {}), errorKind: probe.outcome === "ok" ? null : probe.errorKind, errorCode: probe.outcome === "ok" ? null : (probe.errorCode ?? null) }),
      );
      break;
    case "broken_expired":
      problems.push(createProblem("oauth_expired", { provider: name }));
      break;
    case "broken_invalid": {
      const others = input.rejectedCredentials ?? [];
      const all = others.length > 0 && input.activeLabel ? [input.activeLabel, ...others] : [];
      problems.push(createProblem("key_invalid", { provider: name, ...(envVar ? { envVar } : {}), ...(all.length > 1 ? { rejected: all } : {}), ...(input.providerId ? { providerId: input.providerId } : {}) }));
      break;
    }
    case "local":
      // A provider models.json could not load has nothing to test yet; its config errors below say what to fix.
      if (input.configErrors.length > 0) break;
      if (probe !== null && probe.outcome === "error") {
        problems.push(createProblem("local_unreachable", { provider: name, baseUrl, errorKind: probe.errorKind, errorCode: probe.errorCode ?? null }));
      } else if (unverified && (probe?.modelCount ?? 0) >= 1) {
        problems.push(notVerified());
      } else {
        problems.push(
          createProblem("local_no_models", { provider: name, baseUrl, detail: probe === null ? "not tested yet" : "the server lists no models" }),
        );
      }
      break;
    case "unknown":
      problems.push(createProblem(classification.rule === 1 ? "unknown_provider" : "no_models", { provider: name }));
      break;
    case "healthy":
      if (probe !== null && probe.outcome === "error") {
        problems.push(createProblem("probe_failed", { provider: name, baseUrl, errorKind: probe.errorKind, errorCode: probe.errorCode ?? null, ...(envVar ? { envVar } : {}), ...(input.probeMessage ? { detail: input.probeMessage } : {}) }));
      }
      break;
  }
  if (probe?.outcome === "ok" && probe.truncatedFrom !== undefined) {
    problems.push(
      createProblem("listing_truncated", {
        provider: name,
        detail: `kept ${(probe.modelCount ?? 0).toLocaleString("en-US")} of ${probe.truncatedFrom.toLocaleString("en-US")}`,
      }),
    );
  }
  // Another key works (or is tried next) while these stay rejected: say which, so the user can remove them.
  const others = input.rejectedCredentials ?? [];
  if (classification.status !== "broken_invalid" && others.length > 0) {
    problems.push(createProblem("key_rejected", { provider: name, rejected: others, inUse: input.activeLabel ?? null, ...(input.providerId ? { providerId: input.providerId } : {}) }));
  }
  for (const d of input.configErrors) {
    // An unset variable is not a broken file: the recovery is to set it (it is named), not to edit models.json.
    const envVar = d.code === "missing_env_var" && input.primaryEnvVar ? { envVar: input.primaryEnvVar } : {};
    problems.push(createProblem("models_json_invalid", { provider: name, detail: describeDiagnostic(d), ...envVar }));
  }
  return problems;
}

/**
 * The problem for models.json errors that concern the whole file (it does not parse, a bad top-level field).
 *
 * @example
 * ```ts
 * globalConfigProblems([diagnostic]).map((p) => p.code); // ["models_json_invalid"]
 * ```
 */
export function globalConfigProblems(diagnostics: readonly Diagnostic[]): StatusProblem[] {
  return diagnostics.map((d) => createProblem("models_json_invalid", { detail: describeDiagnostic(d) }));
}
