import { responseTooLargeError } from "./http-errors.js";

/**
 * Read a response body as text, stopping at `maxBytes` while it streams: a declared `content-length` over the cap
 * fails before a byte is read, and an undeclared one fails as soon as the running total passes the cap, so a huge
 * body is never buffered. `overflow: "truncate"` keeps the first `maxBytes` instead (error bodies, where only the
 * message matters).
 *
 * @example
 * ```ts
 * const text = await readBodyText(response, { maxBytes: 1024 * 1024, overflow: "fail", url });
 * ```
 */
export async function readBodyText(
  response: Response,
  options: { maxBytes: number; overflow: "fail" | "truncate"; url: string },
): Promise<string> {
  const { maxBytes, overflow, url } = options;
  const declared = Number(response.headers.get("content-length"));
  if (overflow === "fail" && Number.isFinite(declared) && declared > maxBytes) {
    await cancel(response.body);
    throw responseTooLargeError(url, maxBytes, response.status);
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      await reader.cancel().catch(() => undefined);
      if (overflow === "fail") throw responseTooLargeError(url, maxBytes, response.status);
      text += decoder.decode(value.subarray(0, maxBytes - total));
      return text + decoder.decode();
    }
    total += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

async function cancel(body: ReadableStream<Uint8Array> | null): Promise<void> {
  try {
    await body?.cancel();
  } catch {
    // The body may already be closed or locked; nothing more to release.
  }
}
