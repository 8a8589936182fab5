import { ARG, checkArgument } from "../errors/check-argument.js";
/**
 * Options of {@link suggestSimilarIds}.
 *
 * @example
 * ```ts
 * const options: SuggestSimilarIdsOptions = { limit: 3 };
 * ```
 */
export interface SuggestSimilarIdsOptions {
  /** At most this many suggestions (default 3). */
  limit?: number;
}

/**
 * Known ids that look like `input`, best first, for "did you mean" hints. Never used to resolve anything: ids are kept
 * verbatim and never collapsed (DESIGN "Model refs"), so this only ranks what to *offer* the user.
 *
 * Ranking ignores case and treats the separators people swap between spellings of a version as the same:
 * `.`, `-`, `_`, `:`, `@` and spaces (`claude-sonnet-4-5` ~ `claude-sonnet-4.5`). The first tier that matches wins:
 * 1. ids equal after that normalisation;
 * 2. ids equal once a vendor prefix is set aside (`claude-sonnet-4.5` ~ `anthropic/claude-sonnet-4.5`);
 * 3. ids that extend the input (`gemini-3-pro` → `gemini-3-pro-preview`; inputs of 5+ characters), shortest first;
 * 4. typos: the closest by edit distance (a swap of two neighbouring characters is one edit), within a bound that
 *    grows with the id's length (at most 3), and only with the same digits — a different version is another model,
 *    not a spelling of this one.
 * Ties keep the order of `candidates`.
 *
 * @example
 * ```ts
 * // "Did you mean …?" for a model the provider does not list.
 * const refs = (await registry.listModels({ provider: "anthropic" })).map((m) => m.ref);
 * const [best] = suggestSimilarIds(input, refs);
 * if (best) console.log(`Unknown model ${input}. Did you mean ${best}?`);
 * ```
 */
export function suggestSimilarIds(input: string, candidates: Iterable<string>, options: SuggestSimilarIdsOptions = {}): string[] {
  checkArgument("suggestSimilarIds", "input", ARG.string, input);
  checkArgument("suggestSimilarIds", "candidates", ARG.iterable, candidates);
  checkArgument("suggestSimilarIds", "options", ARG.optionalObject, options);
  const limit = Math.max(0, options.limit ?? 3);
  const wanted = normalise(String(input));
  const wantedTail = tail(wanted);
  if (wanted === "" || limit === 0) return [];
  const bound = Math.min(3, Math.max(1, Math.floor(wantedTail.length / 4)));
  const wantedDigits = digits(wanted);
  const scored: Array<{ id: string; score: number; extra: number; index: number }> = [];
  const seen = new Set<string>();
  let index = 0;
  for (const id of candidates) {
    if (seen.has(id) || id === input) continue;
    seen.add(id);
    const norm = normalise(id);
    const normTail = tail(norm);
    let score: number;
    if (norm === wanted) score = 0;
    else if (normTail === wantedTail) score = 0.25;
    else if (wantedTail.length >= 5 && (norm.startsWith(wanted) || normTail.startsWith(wantedTail))) score = 0.5;
    else if (digits(norm) !== wantedDigits) continue;
    else {
      const whole = distance(wanted, norm, bound);
      const tails = wanted === wantedTail && norm === normTail ? whole : distance(wantedTail, normTail, bound) + 1;
      score = Math.min(whole, tails);
    }
    if (score <= bound) scored.push({ id, score, extra: Math.abs(norm.length - wanted.length), index: index++ });
  }
  if (scored.length === 0) return [];
  scored.sort((a, b) => a.score - b.score || a.extra - b.extra || a.index - b.index);
  const best = scored[0]!.score;
  // An id that differs only in separators or case is the one meant; nearer misses would only be noise next to it.
  const pool = best < 1 ? scored.filter((s) => s.score === best) : scored;
  return pool.slice(0, limit).map((s) => s.id);
}

function digits(normalised: string): string {
  return normalised.replace(/\D+/g, "");
}

function normalise(id: string): string {
  return id.trim().toLowerCase().replace(/[.\-_:@\s]+/g, "");
}

/** The part after the last `/`: OpenRouter-style ids carry a vendor prefix the user may leave out or add. */
function tail(normalised: string): string {
  return normalised.slice(normalised.lastIndexOf("/") + 1);
}

/**
 * Edit distance counting a swap of two neighbouring characters as one edit (`gtp-5` ~ `gpt-5`: the commonest typo),
 * or `bound + 1` as soon as it is known to exceed `bound`.
 */
function distance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // A swap reaches back two rows: stop only when neither row can still lead to a distance within the bound.
    if (rowMin > bound && previousMin >= bound) return bound + 1;
    before = previous;
    previous = current;
    previousMin = rowMin;
  }
  return Math.min(previous[b.length]!, bound + 1);
}
