import { AUTH_JSON_KEY, MODELS_JSON_KEY, SETTINGS_JSON_KEY, STATE_JSON_KEY } from "../storage/storage-keys.js";
import { ERROR_KINDS, type ErrorKind } from "../schema/error-kind.js";
import { recoveryForFailure } from "./recovery-for-kind.js";
import { damagedDocumentRecovery } from "../storage/damaged-document.js";
import { shownUrl } from "./shown-url.js";


/**
 * Every problem code a status report can carry.
 *
 * @example
 * ```ts
 * // Reading `model-registry status --json` from a newer CLI: flag codes this host has no UI for.
 * const known = new Set<string>(PROBLEM_CODES);
 * for (const p of JSON.parse(cliOutput).problems) if (!known.has(p.code)) console.warn(`unhandled problem ${p.code}: ${p.message}`);
 * ```
 */
export const PROBLEM_CODES = [
  "no_usable_providers",
  "not_configured",
  "env_unverified",
  "env_no_models",
  "key_not_verified",
  "oauth_expired",
  "key_invalid",
  "key_rejected",
  "local_unreachable",
  "local_no_models",
  "no_models",
  "unknown_provider",
  "tier_model_unavailable",
  "models_json_invalid",
  "probe_failed",
  "credentials_unreadable",
  "listing_truncated",
  "settings_unreadable",
  "state_unreadable",
] as const;

/**
 * One of {@link PROBLEM_CODES}.
 *
 * @example
 * ```ts
 * const code: ProblemCode = "env_no_models";
 * ```
 */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * A typed problem: what is wrong (`message`) and what the user should do next (`recovery`). Never contains a secret.
 *
 * @example
 * ```ts
 * const p: StatusProblem = { code: "oauth_expired", severity: "error", message: "...", recovery: "Reconnect through the provider auth flow." };
 * ```
 */
export interface StatusProblem {
  code: ProblemCode;
  severity: "error" | "warning" | "info";
  message: string;
  recovery: string;
}

/**
 * Facts a problem's text may mention. Only names, URLs and counts: never a credential value.
 *
 * @example
 * ```ts
 * const params: ProblemParams = { provider: "OpenAI", envVar: "OPENAI_API_KEY" };
 * ```
 */
export interface ProblemParams {
  /** Display name of the provider (or its id). */
  provider?: string;
  envVar?: string;
  baseUrl?: string | null;
  tier?: string;
  model?: string;
  errorKind?: string | null;
  /** The last check's finer code (e.g. `cross_origin_redirect`): its advice wins over the kind's. */
  errorCode?: string | null;
  /** A short, already-scrubbed detail such as "line 4, column 12: expected a string". */
  detail?: string;
  /** Where the file lives, as the host names it (default "models.json"). */
  file?: string;
  /** Provider id, for recoveries that name an API call. */
  providerId?: string;
  /** Credentials the provider rejected, by name (`OPENAI_API_KEYS (key 1 of 2)`, `saved key "openai:work"`), never by value. */
  rejected?: readonly string[];
  /** The credential in use instead, by name. */
  inUse?: string | null;
}

interface ProblemEntry {
  severity: StatusProblem["severity"];
  /** The symptom as the product docs' recovery tables word it. */
  symptom: string;
  build(p: ProblemParams): { message: string; recovery: string };
}

const name = (p: ProblemParams) => p.provider ?? "The provider";
const resetHint = (p: ProblemParams) => (p.providerId ? `; registry.resetCooldowns("${p.providerId}") re-enables a key you know is fine` : "");
const at = (p: ProblemParams) => (p.baseUrl ? ` at ${shownUrl(p.baseUrl)}` : "");
const errorKindOf = (p: ProblemParams): ErrorKind | null => (ERROR_KINDS.includes(p.errorKind as ErrorKind) ? (p.errorKind as ErrorKind) : null);
/** The failure as a message shows it: the finer code when there is one. */
const failureOf = (p: ProblemParams): string | null => p.errorCode ?? p.errorKind ?? null;
/** A local test that failed without reaching the server (or with nothing known about why). */
const unreached = (p: ProblemParams): boolean => {
  const kind = errorKindOf(p);
  return kind === null || kind === "network" || kind === "timeout" || kind === "aborted";
};

/**
 * The problems/recovery catalogue. Recovery texts follow the product docs' recovery tables, made specific (which
 * variable, which URL, which tier) where the registry knows more.
 *
 * @example
 * ```ts
 * // A help page: every problem the registry can report, with its severity and symptom.
 * for (const [code, entry] of Object.entries(PROBLEM_CATALOGUE)) console.log(`${code} (${entry.severity}): ${entry.symptom}`);
 * ```
 */
export const PROBLEM_CATALOGUE: Readonly<Record<ProblemCode, ProblemEntry>> = Object.freeze({
  no_usable_providers: {
    severity: "error",
    symptom: "No providers are usable during onboarding",
    build: () => ({
      message: "No provider is usable yet: no saved credential, no environment key and no reachable local server with models.",
      recovery: "Connect a provider, add an API key, or configure a local provider.",
    }),
  },
  not_configured: {
    severity: "info",
    symptom: "Provider shows missing",
    build: (p) => ({
      message: `${name(p)} has no saved credential${p.envVar ? `, ${p.envVar} is not set,` : ""} and no local configuration.`,
      recovery: `Connect, add an API key${p.envVar ? ` (or set ${p.envVar})` : ""}, or configure a local provider.`,
    }),
  },
  env_unverified: {
    severity: "info",
    symptom: "Provider shows env",
    build: (p) => ({
      message: `${name(p)} uses the key from ${p.envVar ?? "an environment variable"}; it has not been verified by an authenticated probe yet.`,
      recovery: "Run a check to verify the key. If no models appear, check the env var value and provider access.",
    }),
  },
  env_no_models: {
    severity: "warning",
    symptom: "Provider shows env but no models",
    build: (p) => ({
      message: `${name(p)} has a key from ${p.envVar ?? "an environment variable"} but no usable models${failureOf(p) ? ` (last check: ${failureOf(p)})` : ""}.`,
      // The last check's failure decides the advice: a network error is not fixed by exporting a variable.
      recovery:
        errorKindOf(p) !== null || p.errorCode
          ? recoveryForFailure({ kind: errorKindOf(p), code: p.errorCode }, { envVar: p.envVar, baseUrl: p.baseUrl })
          : `Check that ${p.envVar ?? "the environment variable"} holds the right key and that the provider account can list/use models.`,
    }),
  },
  key_not_verified: {
    severity: "warning",
    symptom: "The provider listed models, but the listing does not prove the key",
    build: (p) => ({
      message: `${name(p)}${at(p)} listed ${p.detail ?? "models"} with the key from ${p.envVar ?? "its configuration"}, but the key is not verified: this listing may answer any key (it is not known to check keys, and a deliberately invalid key was not rejected).`,
      recovery: `Verify the key with a one-token request: registry.check("${p.providerId ?? "<provider>"}", { live: true }). If the server needs no key, remove it from the configuration.`,
    }),
  },
  oauth_expired: {
    severity: "error",
    symptom: "OAuth provider shows expired/broken",
    build: (p) => ({
      message: `${name(p)}'s saved sign-in is expired or was rejected.`,
      recovery: "Reconnect through the provider auth flow.",
    }),
  },
  key_invalid: {
    severity: "error",
    symptom: "API-key provider shows invalid/broken",
    build: (p) =>
      p.rejected && p.rejected.length > 1
        ? {
            message: `${name(p)} rejected every key it was given: ${p.rejected.join(", ")}.`,
            recovery: `Replace or remove these keys: fix the environment variables and restart the app, or remove the stale saved credentials and connect again with a new key${resetHint(p)}.`,
          }
        : p.envVar
        ? {
            message: `${name(p)} rejected the key from ${p.envVar}.`,
            recovery: `Replace the value of ${p.envVar} with a working key (or unset it) and restart the app, or remove the stale credential and connect again with a new key.`,
          }
        : {
            message: `${name(p)} rejected the saved key.`,
            recovery: "Replace the key or remove the stale credential and connect again.",
          },
  },
  key_rejected: {
    severity: "warning",
    symptom: "One key of a provider was rejected while another works",
    build: (p) => {
      const list = (p.rejected ?? []).join(", ");
      const many = (p.rejected ?? []).length > 1;
      return {
        message: `${name(p)} rejected ${list || "a key"}; ${p.inUse ? `${p.inUse} is used instead` : "the next credential is used instead"}.`,
        recovery: `Remove the rejected ${many ? "keys" : "key"} (${list || "see above"}) from the environment or saved credentials, or replace ${many ? "them" : "it"} with working ${many ? "keys" : "a working key"}, and restart the app${resetHint(p)}.`,
      };
    },
  },
  local_unreachable: {
    severity: "warning",
    symptom: "Local provider has no models",
    build: (p) => ({
      message: unreached(p)
        ? `${name(p)}${at(p)} could not be reached${failureOf(p) ? ` (${failureOf(p)})` : ""}.`
        : `${name(p)}${at(p)} answered, but the test failed (${failureOf(p)}).`,
      recovery: recoveryForFailure({ kind: errorKindOf(p) ?? "network", code: p.errorCode }, { baseUrl: p.baseUrl, local: true }),
    }),
  },
  local_no_models: {
    severity: "warning",
    symptom: "Local provider has no models",
    build: (p) => ({
      message: `${name(p)}${at(p)} has no models confirmed by a test${p.detail ? ` (${p.detail})` : ""}.`,
      recovery: "Start the local server, test the URL, fetch models, and save.",
    }),
  },
  no_models: {
    severity: "warning",
    symptom: "A provider can have credentials but no usable models",
    build: (p) => ({
      message: `${name(p)} has a saved credential but no usable models.`,
      recovery: "Check that the account can list/use models, run a check or refresh, or add models in models.json.",
    }),
  },
  unknown_provider: {
    severity: "warning",
    symptom: "Provider shows unknown",
    build: (p) => ({
      message: `Models are available from ${name(p)}, which no catalog, plugin or models.json defines.`,
      recovery: "Use the model if expected; otherwise inspect plugins and models.json.",
    }),
  },
  tier_model_unavailable: {
    severity: "warning",
    symptom: "Saved tier warns about unavailable model",
    build: (p) => ({
      message: `Tier ${p.tier ?? "?"} uses ${p.model ?? "a model"}, which is not usable right now${p.detail ? ` (${p.detail})` : ""}.`,
      recovery: `Reconnect the provider or choose another model for tier ${p.tier ?? "?"}.`,
    }),
  },
  models_json_invalid: {
    severity: "error",
    symptom: "models.json error blocks local editing",
    build: (p) => ({
      message: `${p.file ?? MODELS_JSON_KEY} has an error${p.provider ? ` in ${p.provider}` : ""}${p.detail ? `: ${p.detail.replace(/\.$/, "")}` : ""}.`,
      recovery: p.envVar
        ? `Set ${p.envVar} in the environment this app is started with (services and GUI apps do not inherit shell exports), or change the apiKey in ${p.file ?? MODELS_JSON_KEY}.`
        : `Back up and fix ${p.file ?? MODELS_JSON_KEY}, then reopen the model manager or restart the app.`,
    }),
  },
  probe_failed: {
    severity: "warning",
    symptom: "The last check failed for a reason other than the credential",
    build: (p) => ({
      message: `The last check of ${name(p)} failed (${failureOf(p) ?? "error"})${p.detail ? `: ${p.detail}` : ""}.`,
      recovery: recoveryForFailure({ kind: errorKindOf(p), code: p.errorCode }, { envVar: p.envVar, baseUrl: p.baseUrl }),
    }),
  },
  credentials_unreadable: {
    severity: "error",
    symptom: "Saved credentials cannot be read (auth.json is damaged)",
    build: (p) => ({
      message: `${p.file ?? AUTH_JSON_KEY} ${p.detail ?? "cannot be read"}, so no saved credential is used until it is fixed.`,
      recovery: `Restore ${p.file ?? AUTH_JSON_KEY} from its backup (${p.file ?? AUTH_JSON_KEY}.bak.1 with file storage) or fix it by hand; the registry never overwrites it meanwhile.`,
    }),
  },
  listing_truncated: {
    severity: "warning",
    symptom: "A provider lists more models than the registry keeps",
    build: (p) => ({
      message: `${name(p)} listed more models than the registry keeps per provider${p.detail ? ` (${p.detail})` : ""}; the rest are not in the catalog.`,
      recovery: "Limit the models the server or proxy exposes, or add the models you need to models.json by id.",
    }),
  },
  settings_unreadable: {
    severity: "warning",
    symptom: "Saved settings are ignored (settings.json is damaged)",
    build: (p) => ({
      message: `${p.file ?? SETTINGS_JSON_KEY} ${p.detail ?? "cannot be read"}, so saved tiers, allowlist, aliases and model overrides are ignored until it is fixed.`,
      recovery: damagedDocumentRecovery(p.file ?? SETTINGS_JSON_KEY),
    }),
  },
  state_unreadable: {
    severity: "warning",
    symptom: "Probe results, cooldowns and usage are ignored (state.json is damaged)",
    build: (p) => ({
      message: `${p.file ?? STATE_JSON_KEY} ${p.detail ?? "cannot be read"}, so probe results, listings, cooldowns and usage are ignored and not recorded until it is fixed.`,
      recovery: damagedDocumentRecovery(p.file ?? STATE_JSON_KEY),
    }),
  },
});

// Checked at the entry of createProblem (built once, not per call).

/**
 * Build a problem from the catalogue.
 *
 * @example
 * ```ts
 * createProblem("key_invalid", { provider: "OpenAI", envVar: "OPENAI_API_KEY" }).recovery;
 * // "Replace the value of OPENAI_API_KEY with a working key ..."
 * ```
 */
export function createProblem(code: ProblemCode, params: ProblemParams = {}): StatusProblem {
  const entry = PROBLEM_CATALOGUE[code];
  return { code, severity: entry.severity, ...entry.build(params) };
}
