/**
 * Recovery texts name API calls (`registry.setApiKey("openai", key)`); when the CLI is the host, the fix is a
 * command. Each rule turns one call into the command that does the same.
 */
const RULES: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/registry\.setApiKey\("([^"]+)"[^)]*\)/g, (m) => `model-registry auth set-key ${m[1]}`],
  [/registry\.setToken\("([^"]+)"[^)]*\)/g, (m) => `model-registry auth paste-token ${m[1]}`],
  [/registry\.loginOAuth\("([^"]+)"[^)]*\)/g, (m) => `model-registry auth login ${m[1]}`],
  [/registry\.removeCredential\("([^"]+)"(?:, "([^"]+)")?\)/g, (m) => `model-registry auth remove ${m[1]}${m[2] ? ` ${m[2]}` : ""}`],
  [/registry\.listProviders\(\)/g, () => "model-registry providers"],
  [/registry\.listCredentials\("([^"]+)"\)/g, (m) => `model-registry auth list ${m[1]}`],
  [/registry\.listCredentials\(\)/g, () => "model-registry auth list"],
  [/registry\.check\("([^"]+)"(?:, \{ live: true \})?\)/g, (m) => `model-registry status --check --provider ${m[1]}`],
  [/registry\.check\(\)/g, () => "model-registry status --check"],
  [/registry\.plugins\.enable\("([^"]+)"\)/g, (m) => `model-registry plugins enable ${m[1]}`],
  [/registry\.plugins\.list\(\)/g, () => "model-registry plugins list"],
  [/\blocal\.presets\(\)/g, () => "model-registry local presets"],
  [/registry\.local\.test\("([^"]+)"\)/g, (m) => `model-registry local test ${m[1]}`],
  [/registry\.local\.fetchModels\("([^"]+)"\)/g, (m) => `model-registry local models ${m[1]}`],
  [/registry\.local\.detect\([^)]*\)/g, () => "model-registry local detect"],
  [/registry\.setTier\("([^"]+)"[^)]*\)/g, (m) => `model-registry models set ${m[1]} <provider/model>`],
  [/registry\.setRole\("([^"]+)"[^)]*\)/g, (m) => `model-registry models set ${m[1]} <provider/model>`],
  [/registry\.resetCooldowns\("([^"]+)"\)/g, (m) => `model-registry auth reset ${m[1]}`],
  [/\bsetTier\("([^"]+)", \{ model, thinking \}\)/g, (m) => `model-registry models set ${m[1]} <provider/model>`],
  [/\bAdmin → Model\b/g, () => "model-registry models set"],
  [/registry\.listModels\(\{ provider: "([^"]+)" \}\)/g, (m) => `model-registry models list --provider ${m[1]}`],
  [/registry\.listProviders\(\)/g, () => "model-registry providers"],
];

/**
 * A recovery text in the CLI's terms: API calls it names become the `model-registry` commands that do the same;
 * everything else is kept.
 *
 * @example
 * ```ts
 * cliRecovery('Store a key with registry.setApiKey("openai", key).'); // 'Store a key with model-registry auth set-key openai.'
 * ```
 */
export function cliRecovery(text: string): string {
  let out = text;
  for (const [pattern, replace] of RULES) out = out.replace(pattern, (...match) => replace(match.slice(0, -2) as unknown as RegExpMatchArray));
  return out;
}
