// The page's only way to the server. Errors carry the registry's code, message and recovery text for display.

/**
 * A failed API call, with the server's explanation.
 *
 * @example
 * try { await api("/api/tiers"); } catch (e) { if (e instanceof ApiError) show(e.message, e.recovery); }
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly recovery: string | null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * Calls a JSON endpoint; a body is sent as JSON.
 *
 * @example
 * const rows = await api<ProviderRow[]>("/api/providers");
 * await api("/api/tiers/HIGH", { method: "PUT", body: { model, thinking } });
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  // Every change is sent as JSON, even without a body: the server refuses writes of any other type (cross-site).
  const write = method !== "GET" && method !== "HEAD";
  const response = await fetch(path, {
    method,
    headers: write ? { "content-type": "application/json" } : {},
    ...(write ? { body: JSON.stringify(init.body ?? {}) } : {}),
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; recovery?: string | null } } | null)?.error;
    throw new ApiError(error?.code ?? `http_${response.status}`, error?.message ?? `The server answered ${response.status}.`, error?.recovery ?? null);
  }
  return data as T;
}
