import { createParser } from "eventsource-parser";
import { FrameStream, exceedsUtf8Bytes, frameTooLargeError, maxFrameBytesOf, type FrameReadOptions } from "./frame-stream.js";

/**
 * The events of a `text/event-stream` body, parsed by eventsource-parser 3: each event's name becomes `event`
 * (`undefined` when the server named none, not the browser's `"message"`), its `data:` lines joined by `\n` become
 * `data`; comments (`: ping`), `id:` and `retry:` are dropped. Bytes are decoded as UTF-8 across chunk boundaries.
 * An event whose data passes `maxFrameBytes` (default 8 MiB) fails with `response_too_large`. When the body ends,
 * an event whose last line arrived whole but whose closing blank line did not is still delivered (some proxies drop
 * the final `\n`); a line cut off mid-way is not. Breaking out of the loop cancels the body.
 *
 * @example
 * ```ts
 * for await (const frame of sseFrames(response.body, { url })) {
 *   if (frame.data === "[DONE]") break;
 *   const chunk: unknown = JSON.parse(frame.data);
 * }
 * ```
 */
export function sseFrames(body: ReadableStream<Uint8Array>, options: FrameReadOptions = {}): FrameStream {
  const maxBytes = maxFrameBytesOf(options);
  return new FrameStream(body, options, (emit) => {
    let tooLarge = false;
    const parser = createParser({
      onEvent(message) {
        if (tooLarge || exceedsUtf8Bytes(message.data, maxBytes)) {
          tooLarge = true;
          return;
        }
        emit({ event: message.event, data: message.data });
      },
      // The parser's own cap (in characters, over a partial line plus the event's data so far) bounds what it buffers
      // before an event completes; the exact byte count is checked per event above. Other parse errors (an unknown
      // field, a bad retry) are ignored, as EventSource does.
      onError(error) {
        if (error.type === "max-buffer-size-exceeded") tooLarge = true;
      },
      maxBufferSize: maxBytes,
    });
    const check = () => {
      if (tooLarge) throw frameTooLargeError({ url: options.url, maxBytes, what: "SSE event" });
    };
    return {
      push(text) {
        if (text !== "") parser.feed(text);
        check();
      },
      end() {
        parser.feed("\n");
        check();
      },
    };
  });
}
