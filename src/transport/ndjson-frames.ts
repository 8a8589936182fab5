import { FrameStream, exceedsUtf8Bytes, frameTooLargeError, maxFrameBytesOf, type FrameReadOptions } from "./frame-stream.js";

const LF = "\n";
const CR = 13;

/**
 * The lines of a newline-delimited JSON body (Ollama's `/api/chat`): one frame per non-empty line, `event`
 * undefined, `data` the line without its `\r\n` / `\n`. A last line without a trailing newline still counts. Bytes
 * are decoded as UTF-8 across chunk boundaries; a line past `maxFrameBytes` (default 8 MiB) fails with
 * `response_too_large`. Breaking out of the loop cancels the body.
 *
 * @example
 * ```ts
 * for await (const frame of ndjsonFrames(response.body, { url })) {
 *   const chunk = JSON.parse(frame.data) as { done?: boolean };
 *   if (chunk.done) break;
 * }
 * ```
 */
export function ndjsonFrames(body: ReadableStream<Uint8Array>, options: FrameReadOptions = {}): FrameStream {
  const maxBytes = maxFrameBytesOf(options);
  return new FrameStream(body, options, (emit) => {
    let pending = "";
    const line = (text: string) => {
      const data = text.length > 0 && text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
      if (data.length === 0) return;
      if (exceedsUtf8Bytes(data, maxBytes)) throw frameTooLargeError({ url: options.url, maxBytes, what: "NDJSON line" });
      emit({ event: undefined, data });
    };
    return {
      push(text) {
        let newline = text.indexOf(LF);
        if (newline === -1) {
          pending = pending === "" ? text : pending + text;
          // Characters bound the buffer (a character is at least one byte); the exact count runs on the whole line.
          if (pending.length > maxBytes) throw frameTooLargeError({ url: options.url, maxBytes, what: "NDJSON line" });
          return;
        }
        line(pending === "" ? text.slice(0, newline) : pending + text.slice(0, newline));
        let start = newline + 1;
        while ((newline = text.indexOf(LF, start)) !== -1) {
          line(text.slice(start, newline));
          start = newline + 1;
        }
        pending = start < text.length ? text.slice(start) : "";
        if (pending.length > maxBytes) throw frameTooLargeError({ url: options.url, maxBytes, what: "NDJSON line" });
      },
      end() {
        const last = pending;
        pending = "";
        line(last);
      },
    };
  });
}
