import { Secret } from "../schema/secret.js";
import type { Env } from "../ports.js";

/**
 * How a models.json `apiKey` was resolved. A reference stays a reference: `name` is the environment variable (also
 * the credential `source`), `key` its value at read time, or `null` when the variable is unset — the name itself is
 * never used as the key. A literal key is wrapped in a {@link Secret} at once.
 *
 * @example
 * ```ts
 * const ref = config.providers.lmstudio?.apiKey;
 * if (ref?.kind === "env" && ref.key === null) console.log(`Set ${ref.name}`);
 * ```
 */
export type SecretRef =
  | {
      readonly kind: "env";
      /** The environment variable name. */
      readonly name: string;
      /** How it was written: `"${VAR}"`, `{ "env": "VAR" }`, or a bare upper-case name. */
      readonly form: "template" | "object" | "bare";
      /** The variable's value, or `null` when it is unset or empty. */
      readonly key: Secret | null;
      /** Where the key comes from: the variable name. */
      readonly source: string;
    }
  | {
      readonly kind: "literal";
      readonly key: Secret;
      readonly source: "models.json";
    };

/**
 * One finding while resolving an `apiKey`; `parseModelsJson` turns it into a located diagnostic.
 *
 * @example
 * ```ts
 * const issue: SecretRefIssue = { severity: "error", code: "missing_env_var", message: "…", hint: "…" };
 * ```
 */
export interface SecretRefIssue {
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  expected?: string;
  found?: string;
  hint: string;
}

const TEMPLATE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const BARE_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Resolve a models.json `apiKey` value (already shape-checked: a string or `{ env }`) against `env`.
 * Rules: `"${VAR}"` and `{ "env": "VAR" }` are references; a bare UPPER_CASE name is a reference too, with a
 * warning; anything else is a literal key. A reference to an unset or empty variable is an error naming it, and
 * the result keeps `key: null`.
 *
 * @example
 * ```ts
 * const { ref, issues } = resolveSecretRef("${OPENROUTER_API_KEY}", { env: hostEnv, providerId: "openrouter" });
 * ref?.key?.reveal();
 * ```
 */
export function resolveSecretRef(
  value: string | { env: string },
  options: { env: Env; providerId: string },
): { ref: SecretRef | undefined; issues: SecretRefIssue[] } {
  const { env, providerId } = options;
  const issues: SecretRefIssue[] = [];
  const reference = (name: string, form: "template" | "object" | "bare"): SecretRef => {
    const raw = Object.hasOwn(env, name) ? env[name] : undefined;
    const trimmed = typeof raw === "string" ? raw.trim() : "";
    if (trimmed === "" || trimmed === "undefined") {
      issues.push({
        severity: "error",
        code: "missing_env_var",
        message: `Expected the environment variable ${name} to hold the API key of provider "${providerId}", found it ${
          raw === undefined ? "unset" : "empty"
        }.`,
        expected: `${name} set to the key`,
        found: raw === undefined ? `${name} unset` : `${name} empty`,
        hint: `Set ${name} in the environment the app runs in (e.g. export ${name}=…), or remove apiKey if the server needs no key.`,
      });
      return { kind: "env", name, form, key: null, source: name };
    }
    return { kind: "env", name, form, key: new Secret(trimmed), source: name };
  };

  if (typeof value !== "string") return { ref: reference(value.env, "object"), issues };
  const template = TEMPLATE.exec(value.trim());
  if (template) return { ref: reference(template[1]!, "template"), issues };
  if (value.trim() === "") {
    issues.push({
      severity: "warning",
      code: "empty_api_key",
      message: `Expected an API key or a reference for provider "${providerId}", found an empty string.`,
      hint: 'Write "${VAR}" or { "env": "VAR" }, or remove apiKey if the server needs no key.',
    });
    return { ref: undefined, issues };
  }
  if (value.includes("${")) {
    issues.push({
      severity: "error",
      code: "invalid_secret_ref",
      message: `Expected apiKey of provider "${providerId}" to be exactly one reference like "\${VAR}", found text mixing a reference with other characters.`,
      expected: '"${VAR}"',
      found: "a partial reference",
      hint: 'Put the whole key in one environment variable and write "${VAR}", or { "env": "VAR" }.',
    });
    return { ref: undefined, issues };
  }
  if (BARE_NAME.test(value)) {
    issues.push({
      severity: "warning",
      code: "bare_env_name",
      message: `Read apiKey "${value}" of provider "${providerId}" as a reference to the environment variable ${value}.`,
      hint: `Write "\${${value}}" or { "env": "${value}" } to make the reference explicit.`,
    });
    return { ref: reference(value, "bare"), issues };
  }
  issues.push({
    severity: "info",
    code: "literal_api_key",
    message: `The API key of provider "${providerId}" is stored in models.json in plain text.`,
    hint: `Move it to an environment variable and write "\${${envNameFor(providerId)}}" instead.`,
  });
  return { ref: { kind: "literal", key: new Secret(value), source: "models.json" }, issues };
}

function envNameFor(providerId: string): string {
  const stem = providerId.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return `${stem || "PROVIDER"}_API_KEY`;
}
