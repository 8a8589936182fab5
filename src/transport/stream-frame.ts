/**
 * One frame of a streamed answer: an SSE event (`event` is its name, `undefined` when unnamed) or one NDJSON line
 * (`event` undefined). `data` is the raw text (for SSE, the `data:` lines joined by `\n`); the consumer parses it.
 *
 * @example
 * ```ts
 * const frame: StreamFrame = { event: "content_block_delta", data: '{"type":"content_block_delta",…}' };
 * ```
 */
export interface StreamFrame {
  event: string | undefined;
  data: string;
}
