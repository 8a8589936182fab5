import { BUILTIN_PROVIDERS } from "./builtin-providers.js";

let table: ReadonlyMap<string, string> | undefined;

/**
 * The explicit provider-id alias table: alias → canonical id, built from the `aliases` of the built-in providers
 * (`z.ai`/`z-ai` → `zai`, `opencode-zen` → `opencode`, `kimi-code` → `kimi-coding`, `bedrock` → `amazon-bedrock`,
 * `bytedance`/`doubao` → `volcengine`, and the models.dev ids that differ from ours such as `moonshotai`,
 * `togetherai`, `vercel`, `kimi-for-coding`, `azure`). There is no fuzzy collapsing: an id not in this table is
 * kept as written (lower-cased).
 *
 * @example
 * ```ts
 * providerAliases().get("z.ai"); // "zai"
 * ```
 */
export function providerAliases(): ReadonlyMap<string, string> {
  if (!table) {
    const map = new Map<string, string>();
    for (const provider of BUILTIN_PROVIDERS) for (const alias of provider.aliases) map.set(alias, provider.id);
    table = map;
  }
  return table;
}
