import type { JsonPath } from "./json5-scanner.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A JSON path as people read it: `providers.ollama.models[0].contextWindow`, with odd keys quoted
 * (`providers["my.proxy"].baseUrl`). The root is `(root)`.
 *
 * @example
 * ```ts
 * formatJsonPath(["providers", "lm-studio", "models", 0, "id"]); // 'providers["lm-studio"].models[0].id'
 * ```
 */
export function formatJsonPath(path: JsonPath): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
