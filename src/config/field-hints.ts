import { ApiKindSchema } from "../schema/api-kind.js";
import type { JsonPath } from "./json5-scanner.js";

const PRICE_HINT = "A price in USD per million tokens, e.g. 0.5; 0 means free.";

const HINTS: Record<string, string> = {
  mode: 'Write "merge" (the default: add to the built-in providers) or "replace" (use only these).',
  providers:
    'Write an object keyed by provider id, e.g. { "ollama": { "baseUrl": "http://127.0.0.1:11434", "api": "ollama" } }.',
  baseUrl:
    'Write a full http(s) URL, e.g. "http://127.0.0.1:1234/v1" (LM Studio), "http://127.0.0.1:8000/v1" (vLLM) or "http://127.0.0.1:11434" (Ollama, no /v1).',
  apiKey:
    'Write "${MY_API_KEY}" or { "env": "MY_API_KEY" } and set that variable; a literal key works too but sits in the file in plain text.',
  api: `Use one of: ${ApiKindSchema.options.join(", ")}.`,
  headers: 'Write header names with string values, e.g. { "X-Title": "my-app" }.',
  authHeader: 'Write true to send "Authorization: Bearer <apiKey>", or remove the field.',
  models: 'Write a list of objects, each with at least an "id", e.g. [{ "id": "llama3.3" }].',
  id: 'Write the model id exactly as the server expects it, e.g. "qwen3:8b".',
  name: 'Write a display name, e.g. "Qwen3 8B".',
  reasoning: "Write true when the model thinks (reasons) before answering, false otherwise.",
  input: 'Write a list of modalities, e.g. ["text", "image"].',
  cost: "Write prices in USD per million tokens: { input, output, cacheRead, cacheWrite }.",
  contextWindow: "Write the context size in tokens as a whole number, e.g. 131072.",
  maxTokens: "Write the output limit in tokens as a whole number, e.g. 8192.",
  compat: "Write an object of compatibility flags, e.g. { \"supportsDeveloperRole\": false }.",
  $schema: 'Write the schema location, e.g. "./node_modules/model-provider-registry/dist/models.schema.json".',
};

/**
 * The hint shown for a problem at `path`: what a correct value looks like for that field.
 *
 * @example
 * ```ts
 * fieldHint(["providers", "ollama", "baseUrl"]); // 'Write a full http(s) URL, …'
 * ```
 */
export function fieldHint(path: JsonPath): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (parent === "cost" && typeof last === "string") return PRICE_HINT;
  if (parent === "headers") return HINTS.headers!;
  if (typeof last === "number" && parent === "input") return HINTS.input!;
  if (typeof last === "number" && parent === "models") return HINTS.models!;
  if (path.length === 2 && path[0] === "providers") {
    return 'Write an object such as { "baseUrl": "http://127.0.0.1:8000/v1", "api": "openai-completions" }.';
  }
  return (typeof last === "string" ? HINTS[last] : undefined) ?? "Fix the value, or remove the field to use the default.";
}

/**
 * The closest of `candidates` to `word` (case-insensitive edit distance ≤ 2, or equal ignoring case, `_` and `-`),
 * for "did you mean" hints.
 *
 * @example
 * ```ts
 * closestMatch("baseURL", ["baseUrl", "apiKey"]); // "baseUrl"
 * ```
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = norm(word) === norm(candidate) ? 0 : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.min(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
