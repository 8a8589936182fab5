import { RegistryError } from "../errors/registry-error.js";
import type { StatusSnapshot } from "./status-snapshot.js";

/**
 * Edit distance (insertions, deletions, substitutions) between two short ids; case-insensitive callers lower-case first.
 */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The known provider ids closest to `word`, best first: ids and aliases are compared (an alias suggests its canonical
 * id), ignoring case, `-`, `_`, `.` and spaces; a candidate counts when its edit distance is at most a third of the
 * longer id (at least 1, at most 3), or when one contains the other.
 *
 * @example
 * ```ts
 * suggestProviderIds("opnai", { ids: ["openai", "anthropic"], aliases: new Map() }); // ["openai"]
 * suggestProviderIds("zai.", { ids: ["zai"], aliases: new Map([["z.ai", "zai"]]) }); // ["zai"]
 * ```
 */
export function suggestProviderIds(word: string, known: { ids: Iterable<string>; aliases: ReadonlyMap<string, string> }, limit = 3): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, "");
  const w = norm(word);
  const scored = new Map<string, number>();
  const consider = (name: string, canonical: string) => {
    const n = norm(name);
    if (n === "" || w === "") return;
    const distance = n === w ? 0 : editDistance(w, n);
    const budget = Math.min(3, Math.max(1, Math.floor(Math.max(w.length, n.length) / 3)));
    const contains = w.length >= 3 && (n.includes(w) || w.includes(n)) && Math.min(w.length, n.length) >= 3;
    const score = distance <= budget ? distance : contains ? budget + 0.5 : Infinity;
    if (score === Infinity) return;
    const previous = scored.get(canonical);
    if (previous === undefined || score < previous) scored.set(canonical, score);
  };
  for (const id of known.ids) consider(id, id);
  for (const [alias, canonical] of known.aliases) consider(alias, canonical);
  return [...scored.entries()]
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([id]) => id);
}

/**
 * Map the provider ids a caller asked about to canonical ids (aliases such as `z.ai` resolve), or throw a
 * `RegistryError` with code `unknown_provider` naming every id no catalog, plugin, models.json, credential or saved
 * tier defines, with did-you-mean suggestions — a typo must not silently answer "nothing".
 *
 * @example
 * ```ts
 * resolveProviderFilter(["Z.AI"], { ids: ["zai"], aliases: new Map([["z.ai", "zai"]]) }); // ["zai"]
 * resolveProviderFilter(["opnai"], { ids: ["openai"], aliases: new Map() }); // throws unknown_provider: Did you mean "openai"?
 * ```
 */
export function resolveProviderFilter(requested: readonly string[], known: { ids: ReadonlySet<string>; aliases: ReadonlyMap<string, string> }): string[] {
  const resolved: string[] = [];
  const unknown: string[] = [];
  for (const raw of requested) {
    const id = raw.trim().toLowerCase();
    const canonical = known.aliases.get(id) ?? id;
    if (known.ids.has(canonical)) {
      if (!resolved.includes(canonical)) resolved.push(canonical);
    } else if (!unknown.includes(raw)) unknown.push(raw);
  }
  if (unknown.length === 0) return resolved;
  const hints = unknown.map((u) => {
    const close = suggestProviderIds(u, known);
    const options = close.map((c) => `"${c}"`).join(" or ");
    if (unknown.length === 1) return close.length > 0 ? `Did you mean ${options}?` : "No known id is close to it.";
    return close.length > 0 ? `"${u}": did you mean ${options}?` : `"${u}": no known id is close.`;
  });
  const list = unknown.map((u) => `"${u}"`).join(", ");
  throw new RegistryError({
    code: "unknown_provider",
    message: `Expected known provider ids, found unknown ${unknown.length === 1 ? "id" : "ids"} ${list}: no catalog, plugin, models.json entry or saved credential defines ${unknown.length === 1 ? "it" : "them"}.`,
    recovery: `${hints.join(" ")} Use an id from registry.listProviders(), or add the provider to models.json.`,
  });
}

/**
 * Ids a filter may name: every provider the snapshot knows, plus providers only a saved tier choice names.
 *
 * @example
 * ```ts
 * const ids = resolveProviderFilter(["ollama"], filterableProviderIds(await loader.load()));
 * ```
 */
export function filterableProviderIds(snapshot: StatusSnapshot): { ids: Set<string>; aliases: ReadonlyMap<string, string> } {
  const ids = new Set(snapshot.providers.keys());
  for (const choice of Object.values(snapshot.tiers)) {
    const slash = choice.model.indexOf("/");
    if (slash <= 0) continue;
    const p = choice.model.slice(0, slash).toLowerCase();
    ids.add(snapshot.catalog.aliases.get(p) ?? p);
  }
  return { ids, aliases: snapshot.catalog.aliases };
}
