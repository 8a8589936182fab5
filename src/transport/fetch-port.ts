import type { FetchPort } from "../ports.js";

/**
 * The fetch port every request goes through: the host's own fetch when it injected one, else `globalThis.fetch`
 * looked up on each call (not captured once), so msw, test interceptors and a host that patches the global after
 * creating the registry are all honoured. The one place outside the edge's requests that names the global fetch.
 *
 * @example
 * ```ts
 * const fetch = fetchPort(options.fetch);
 * await httpRequest({ fetch, url, timeoutMs });
 * ```
 */
export function fetchPort(injected?: FetchPort): FetchPort {
  // Always called as a plain function: a browser's native fetch throws "Illegal invocation" when it is called as a
  // method of some other object (as `request.fetch(...)` would).
  return injected ? (input, init) => injected(input, init) : (input, init) => globalThis.fetch(input, init);
}
