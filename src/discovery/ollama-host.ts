import type { Env } from "../ports.js";

/**
 * Ollama's default native base URL.
 *
 * @example
 * ```ts
 * OLLAMA_DEFAULT_BASE_URL; // "http://127.0.0.1:11434"
 * ```
 */
export const OLLAMA_DEFAULT_BASE_URL = "http://127.0.0.1:11434";

/**
 * Normalise an Ollama base URL to the native API root: trailing slashes and a trailing `/v1` (the OpenAI-compatible
 * path, which breaks `/api/tags` discovery and tool calls) are removed.
 *
 * @example
 * ```ts
 * normalizeOllamaBaseUrl("http://127.0.0.1:11434/v1/"); // "http://127.0.0.1:11434"
 * ```
 */
export function normalizeOllamaBaseUrl(baseUrl: string): string {
  let url = baseUrl.trim().replace(/\/+$/, "");
  if (/\/v1$/.test(url)) url = url.slice(0, -3).replace(/\/+$/, "");
  return url;
}

/**
 * Read `OLLAMA_HOST` the way Ollama does: a bare `host`, `host:port`, `:port` or a full URL; the bind-all address
 * `0.0.0.0` (what servers listen on) becomes `127.0.0.1` (what clients connect to); the port defaults to 11434.
 * Returns `null` when the variable is unset or empty.
 *
 * @example
 * ```ts
 * ollamaHostFromEnv({ OLLAMA_HOST: "0.0.0.0:11434" }); // "http://127.0.0.1:11434"
 * ollamaHostFromEnv({ OLLAMA_HOST: "gpu-box" }); // "http://gpu-box:11434"
 * ```
 */
export function ollamaHostFromEnv(env: Env | undefined): string | null {
  const raw = env?.OLLAMA_HOST?.trim();
  if (!raw) return null;
  // Same rules as Ollama's envconfig.Host(): no scheme → http with default port 11434; an explicit http/https
  // scheme without a port uses that scheme's default port.
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  const scheme = schemeMatch ? (schemeMatch[1] as string).toLowerCase() : "http";
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const slash = rest.indexOf("/");
  let authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? "" : rest.slice(slash).replace(/\/+$/, "");
  const portMatch = /:(\d*)$/.exec(authority.replace(/^\[[^\]]*\]/, ""));
  let port = portMatch?.[1] ?? "";
  if (portMatch) authority = authority.slice(0, authority.length - portMatch[0].length);
  if (port === "") port = schemeMatch ? "" : "11434";
  let host = authority === "" || authority === "0.0.0.0" ? "127.0.0.1" : authority;
  if (host === "[::]" || host === "::") host = "[::1]";
  try {
    const url = new URL(`${scheme}://${host}${port ? `:${port}` : ""}${path}`);
    return normalizeOllamaBaseUrl(`${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`);
  } catch {
    return null;
  }
}

/**
 * Base URLs that host environment variables set for built-in local servers (today `OLLAMA_HOST` for `ollama`),
 * keyed by provider id. The one place every path (status, check, catalog, `resolveModel`, `listProviders`, `run`)
 * reads them from, so they all talk to the same server: a models.json `baseUrl` still wins over these, and these
 * win over the built-in default.
 *
 * @example
 * ```ts
 * hostEnvBaseUrls({ OLLAMA_HOST: "gpu-box:11434" }); // { ollama: "http://gpu-box:11434" }
 * ```
 */
export function hostEnvBaseUrls(env: Env | undefined): Readonly<Record<string, string>> {
  const ollama = ollamaHostFromEnv(env);
  return ollama === null ? {} : { ollama };
}

/**
 * The base URL a host environment variable sets for one provider (see {@link hostEnvBaseUrls}), or `null`.
 *
 * @example
 * ```ts
 * hostEnvBaseUrl("ollama", { OLLAMA_HOST: ":11500" }); // "http://127.0.0.1:11500"
 * ```
 */
export function hostEnvBaseUrl(providerId: string, env: Env | undefined): string | null {
  return hostEnvBaseUrls(env)[providerId] ?? null;
}
