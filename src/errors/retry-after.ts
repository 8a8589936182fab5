/**
 * Reading "when may I retry" from a failed response: `retry-after-ms`, `Retry-After` (seconds or an HTTP date),
 * OpenAI's `x-ratelimit-reset-*` durations (`644ms`, `6m0s`), Anthropic's `anthropic-ratelimit-*-reset` timestamps,
 * generic `x-ratelimit-reset`/`ratelimit-reset`, Google's `RetryInfo.retryDelay` in the body, and finally a
 * "try again in 20s" sentence in the message.
 *
 * @module
 */

/** Longest delay we believe; anything beyond is treated as "not stated" rather than a week-long lockout. */
const MAX_RETRY_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Parse a Go-style / OpenAI duration (`"644ms"`, `"1s"`, `"6m0s"`, `"1h2m3.5s"`, `"38s"`, `"0.5s"`) into
 * milliseconds; `null` when it is not one.
 *
 * @example
 * ```ts
 * parseDurationMs("6m0s"); // 360000
 * parseDurationMs("644ms"); // 644
 * ```
 */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const n = Number(match[1]);
    const unit = match[2];
    total += unit === "ms" ? n : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n * 3_600_000;
  }
  return Math.round(total);
}

function sane(ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms) || ms < 0 || ms > MAX_RETRY_AFTER_MS) return null;
  return Math.round(ms);
}

/**
 * Headers as a lower-cased lookup, from a `Headers` object, a record (values may be arrays) or `[name, value]` pairs.
 *
 * @example
 * ```ts
 * headerLookup(new Headers({ "Retry-After": "2" }))("retry-after"); // "2"
 * ```
 */
export function headerLookup(headers: unknown): (name: string) => string | undefined {
  const map = new Map<string, string>();
  if (headers && typeof headers === "object") {
    let entries: Iterable<[string, unknown]> = [];
    if (typeof (headers as { entries?: unknown }).entries === "function" && typeof (headers as { get?: unknown }).get === "function") {
      try {
        entries = [...(headers as { entries(): Iterable<[string, unknown]> }).entries()];
      } catch {
        entries = [];
      }
    } else if (Array.isArray(headers)) {
      entries = headers.filter(Array.isArray).map((e) => [String(e[0]), e[1]] as [string, unknown]);
    } else {
      entries = Object.entries(headers as Record<string, unknown>);
    }
    for (const [name, value] of entries) {
      if (value === undefined || value === null) continue;
      map.set(name.toLowerCase(), Array.isArray(value) ? value.map(String).join(", ") : String(value));
    }
  }
  return (name) => map.get(name.toLowerCase());
}

/**
 * Milliseconds to wait according to the response headers, or `null` when none says. `now` is used for HTTP dates
 * and absolute reset timestamps.
 *
 * @example
 * ```ts
 * retryAfterFromHeaders({ "retry-after": "12" }, Date.now()); // 12000
 * retryAfterFromHeaders({ "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" }, Date.parse("2026-10-21T07:27:00Z")); // 60000
 * ```
 */
export function retryAfterFromHeaders(headers: unknown, now: number): number | null {
  const get = headerLookup(headers);
  const ms = get("retry-after-ms");
  if (ms !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(ms)) {
    const value = sane(Number(ms));
    if (value !== null) return value;
  }
  const retryAfter = get("retry-after");
  if (retryAfter !== undefined) {
    if (/^\s*\d+(?:\.\d+)?\s*$/.test(retryAfter)) {
      const value = sane(Number(retryAfter) * 1000);
      if (value !== null) return value;
    } else {
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) return sane(Math.max(0, date - now));
    }
  }
  // Per-dimension resets: prefer the dimension that is exhausted (remaining 0), else the longest reset.
  const candidates: Array<{ ms: number; exhausted: boolean }> = [];
  for (const dim of ["requests", "tokens", "input-tokens", "output-tokens"]) {
    const openai = get(`x-ratelimit-reset-${dim}`);
    if (openai !== undefined) {
      const value = sane(parseDurationMs(openai) ?? (/^\d+(?:\.\d+)?$/.test(openai) ? Number(openai) * 1000 : null));
      if (value !== null) candidates.push({ ms: value, exhausted: get(`x-ratelimit-remaining-${dim}`) === "0" });
    }
    const anthropic = get(`anthropic-ratelimit-${dim}-reset`);
    if (anthropic !== undefined) {
      const date = Date.parse(anthropic);
      if (!Number.isNaN(date)) {
        const value = sane(Math.max(0, date - now));
        if (value !== null) candidates.push({ ms: value, exhausted: get(`anthropic-ratelimit-${dim}-remaining`) === "0" });
      }
    }
  }
  const exhausted = candidates.filter((c) => c.exhausted);
  const pool = exhausted.length > 0 ? exhausted : candidates;
  if (pool.length > 0) return Math.max(...pool.map((c) => c.ms));
  for (const name of ["x-ratelimit-reset-after", "x-ratelimit-reset", "ratelimit-reset"]) {
    const raw = get(name);
    if (raw === undefined) continue;
    const duration = parseDurationMs(raw);
    if (duration !== null) return sane(duration);
    if (!/^\s*\d+(?:\.\d+)?\s*$/.test(raw)) continue;
    const n = Number(raw);
    // Epoch seconds / epoch ms (GitHub-style) versus delta seconds.
    if (n > 1e12) return sane(n - now);
    if (n > 1e9) return sane(n * 1000 - now);
    return sane(n * 1000);
  }
  return null;
}

/**
 * Milliseconds to wait according to a parsed error body (Google `RetryInfo.retryDelay`), or `null`.
 *
 * @example
 * ```ts
 * retryAfterFromBody({ error: { details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "38s" }] } }); // 38000
 * ```
 */
export function retryAfterFromBody(body: unknown): number | null {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  if (!Array.isArray(details)) return null;
  for (const detail of details) {
    const delay = (detail as { retryDelay?: unknown } | null)?.retryDelay;
    if (typeof delay === "string") return sane(parseDurationMs(delay));
  }
  return null;
}

/**
 * Milliseconds from a sentence such as "Please try again in 644ms" or "retry in 20.5s", or `null`.
 *
 * @example
 * ```ts
 * retryAfterFromMessage("Rate limit reached. Please try again in 1m30s."); // 90000
 * ```
 */
export function retryAfterFromMessage(message: string): number | null {
  const match = /\b(?:try again|retry) (?:in|after) ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)\b/i.exec(message);
  if (match?.[1]) return sane(parseDurationMs(match[1]));
  const words = /\b(?:try again|retry) (?:in|after) (\d+(?:\.\d+)?) ?(seconds?|secs?|minutes?|mins?|milliseconds?)\b/i.exec(message);
  if (!words?.[1] || !words[2]) return null;
  const n = Number(words[1]);
  const unit = words[2].toLowerCase();
  return sane(unit.startsWith("milli") ? n : unit.startsWith("min") ? n * 60_000 : n * 1000);
}
