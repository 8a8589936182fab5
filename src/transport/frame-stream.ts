import { ProviderCallError } from "../errors/provider-call-error.js";
import { displayUrl } from "./display-url.js";
import { DEFAULT_MAX_FRAME_BYTES } from "./http-limits.js";
import { redactText } from "./redact.js";
import type { StreamFrame } from "./stream-frame.js";

/**
 * How frames are read from a body: the cap on one frame, the URL errors name, and the hooks `openStream` uses for
 * its idle watchdog and its error classification.
 *
 * @example
 * ```ts
 * for await (const frame of sseFrames(response.body, { maxFrameBytes: 1024 * 1024, url })) handle(frame);
 * ```
 */
export interface FrameReadOptions {
  /** Cap on one SSE event's data or one NDJSON line, in UTF-8 bytes. Default {@link DEFAULT_MAX_FRAME_BYTES}. */
  maxFrameBytes?: number | undefined;
  /** The stream's URL, shown (without query or user-info) in errors. */
  url?: string | undefined;
  /** Maps a body read failure (socket reset, abort) to the error thrown; default a `network` ProviderCallError. */
  readFailure?: ((cause: unknown) => unknown) | undefined;
  /** `true` before each body read, `false` once it settled: how long a read waits is how long the server is silent. */
  onWaiting?: ((waiting: boolean) => void) | undefined;
  /** Called once when the frames are over: the body ended, failed, or the consumer stopped. */
  onEnd?: (() => void) | undefined;
}

/**
 * Turns decoded text into frames. `push` gets each decoded piece in order; `end` is called once when the body ended.
 * Both throw a ProviderCallError (`response_too_large`) for a frame over the cap.
 *
 * @example
 * ```ts
 * const splitter: FrameSplitter = { push: (text) => parser.feed(text), end: () => parser.feed("\n") };
 * ```
 */
export interface FrameSplitter {
  push(text: string): void;
  end(): void;
}

/** Bytes of a chunk split at a time: big enough that slicing costs nothing measurable, small enough for a short queue. */
const SLICE_BYTES = 16 * 1024;
const LF = 0x0a;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The frames of one streamed body, as an async iterator over a small queue: one `reader.read()` per chunk, the
 * chunk decoded as UTF-8 in stream mode (a character split across chunks stays whole), split into frames, and the
 * frames handed out one per `next()` from the queue without another read. Stopping early (`return()` from a
 * `break`, or {@link FrameStream.close}) cancels the body, which closes the connection; {@link FrameStream.fail}
 * ends it with an error the next `next()` throws.
 *
 * @example
 * ```ts
 * const frames = new FrameStream(body, {}, (emit) => ({ push: (text) => emit({ event: undefined, data: text }), end() {} }));
 * for await (const frame of frames) console.log(frame.data);
 * ```
 */
export class FrameStream implements AsyncIterableIterator<StreamFrame> {
  private readonly queue: StreamFrame[] = [];
  private head = 0;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly splitter: FrameSplitter;
  private finished = false;
  private failure: { error: unknown; thrown: boolean } | null = null;
  /** The chunk being split, fed to the splitter one slice at a time. */
  private chunk: Uint8Array | null = null;
  private offset = 0;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly options: FrameReadOptions,
    makeSplitter: (emit: (frame: StreamFrame) => void) => FrameSplitter,
  ) {
    this.reader = body.getReader();
    const queue = this.queue;
    this.splitter = makeSplitter((frame) => {
      queue.push(frame);
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamFrame, undefined>> {
    // The fast path: frames already split from the last chunk cost no read and no extra promise.
    if (this.head < this.queue.length) return Promise.resolve({ value: this.take(), done: false });
    return this.pull();
  }

  /**
   * A frame that can be handed out without waiting for the network (already split, or split now from the chunk in
   * hand), else `undefined`: then `next()` reads. Lets a consumer that decodes frames into events drain a chunk
   * synchronously instead of paying an `await` per frame.
   *
   * @example
   * ```ts
   * for (let frame = frames.takeReady(); frame !== undefined; frame = frames.takeReady()) handle(frame);
   * ```
   */
  takeReady(): StreamFrame | undefined {
    while (this.head === this.queue.length) {
      const chunk = this.chunk;
      if (this.finished || chunk === null) return undefined;
      try {
        this.splitter.push(this.decoder.decode(this.nextSlice(chunk), { stream: true }));
      } catch (error) {
        this.fail(error);
        return undefined;
      }
    }
    return this.take();
  }

  /** A consumer that stops early (`break` in `for await`) lands here: the body is cancelled, the socket closed. */
  async return(): Promise<IteratorResult<StreamFrame, undefined>> {
    await this.close();
    return DONE;
  }

  /**
   * Stop reading now and cancel the body (idempotent). Frames not yet taken are dropped.
   *
   * @example
   * ```ts
   * await frames.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.finished) return;
    this.finish();
    // Not awaited: under msw a cancel never settles (it keeps a copy of the body), and the caller's abort of the
    // request (http-stream's controller) is what closes the socket anyway.
    void this.reader.cancel().catch(() => undefined);
  }

  /**
   * End the frames with `error`: queued frames are dropped, the body is cancelled, a pending or the next `next()`
   * throws `error` (once; later calls report done). Ignored once the frames are over.
   *
   * @example
   * ```ts
   * signal.addEventListener("abort", () => frames.fail(abortedError));
   * ```
   */
  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = { error, thrown: false };
    this.finish();
    this.reader.cancel().catch(() => undefined);
  }

  private take(): StreamFrame {
    const frame = this.queue[this.head++] as StreamFrame;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return frame;
  }

  private finish(): void {
    this.finished = true;
    this.chunk = null;
    this.queue.length = 0;
    this.head = 0;
    this.options.onEnd?.();
  }

  private ended(): IteratorResult<StreamFrame, undefined> {
    const failure = this.failure;
    if (failure !== null && !failure.thrown) {
      failure.thrown = true;
      throw failure.error;
    }
    return DONE;
  }

  private async pull(): Promise<IteratorResult<StreamFrame, undefined>> {
    const { onWaiting } = this.options;
    for (;;) {
      if (this.finished) return this.ended();
      const chunk = this.chunk;
      if (chunk !== null) {
        try {
          this.splitter.push(this.decoder.decode(this.nextSlice(chunk), { stream: true }));
        } catch (error) {
          this.fail(error);
          continue;
        }
        if (this.head < this.queue.length) return { value: this.take(), done: false };
        continue;
      }
      let read: ReadableStreamReadResult<Uint8Array>;
      onWaiting?.(true);
      try {
        read = await this.reader.read();
      } catch (cause) {
        onWaiting?.(false);
        // Already over (fail() or close() aborted the read): keep the reason given there.
        if (!this.finished) this.fail(this.readFailure(cause));
        continue;
      }
      onWaiting?.(false);
      // fail() or close() while the read was pending (caller abort, idle timeout): the read resolved as done.
      if (this.finished) continue;
      if (!read.done) {
        this.chunk = read.value;
        this.offset = 0;
        continue;
      }
      try {
        this.splitter.push(this.decoder.decode());
        this.splitter.end();
      } catch (error) {
        this.fail(error);
        continue;
      }
      // Frames split from the last piece are still handed out; finish() would drop them, so end by hand.
      this.finished = true;
      this.options.onEnd?.();
      this.reader.releaseLock();
      if (this.head < this.queue.length) return { value: this.take(), done: false };
    }
  }

  /**
   * The next at most {@link SLICE_BYTES} of the current chunk, cut after a line feed when there is one: the queue
   * then holds a few hundred frames at most (young, cheap to collect), the first frame of a big chunk is handed out
   * without splitting the whole chunk first, and the parser rarely has to join a line cut in two. A byte 0x0A is
   * never part of a multibyte UTF-8 character, so the cut never splits one (the decoder would cope anyway).
   */
  private nextSlice(chunk: Uint8Array): Uint8Array {
    const start = this.offset;
    let end = start + SLICE_BYTES;
    if (end >= chunk.byteLength) {
      this.chunk = null;
      return start === 0 ? chunk : chunk.subarray(start);
    }
    const newline = chunk.lastIndexOf(LF, end - 1);
    if (newline >= start) end = newline + 1;
    this.offset = end;
    return chunk.subarray(start, end);
  }

  private readFailure(cause: unknown): unknown {
    if (this.options.readFailure) return this.options.readFailure(cause);
    if (cause instanceof ProviderCallError) return cause;
    const detail = (cause as { cause?: { code?: unknown } } | null)?.cause?.code ?? (cause instanceof Error ? cause.message : String(cause));
    return new ProviderCallError({
      kind: "network",
      message: `Reading the stream${this.options.url ? ` from ${displayUrl(this.options.url)}` : ""} failed: ${redactText(String(detail).slice(0, 300))}.`,
      recovery: "Retry the request; if it keeps failing, check the network and proxy settings.",
    });
  }
}

/**
 * Whether `text` is longer than `maxBytes` in UTF-8. The character count decides alone unless the text is between a
 * third of the cap and the cap (UTF-8 takes 1–3 bytes per UTF-16 unit), so the exact count runs only for huge frames.
 *
 * @example
 * ```ts
 * exceedsUtf8Bytes("héllo", 5); // true: "é" takes two bytes
 * ```
 */
export function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  const length = text.length;
  if (length > maxBytes) return true;
  if (length * 3 <= maxBytes) return false;
  let bytes = 0;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 2 : 3;
    if (bytes > maxBytes) return true;
  }
  return false;
}

/**
 * One frame grew past its cap: the server never sent the separator, or sent a frame no model answer has.
 *
 * @example
 * ```ts
 * throw frameTooLargeError({ url, maxBytes: 8 * 1024 * 1024, what: "SSE event" });
 * ```
 */
export function frameTooLargeError(input: { url: string | undefined; maxBytes: number; what: string }): ProviderCallError {
  const from = input.url ? ` from ${displayUrl(input.url)}` : "";
  return new ProviderCallError({
    kind: "bad_request",
    code: "response_too_large",
    message: `Expected each ${input.what} of the stream${from} to be at most ${formatBytes(input.maxBytes)}, found a larger one; reading stopped at the cap.`,
    recovery: "Check that the base URL points at the model API (not a file or a web page), or raise maxFrameBytes.",
  });
}

/**
 * The frame cap of a read, defaulted.
 *
 * @example
 * ```ts
 * const max = maxFrameBytesOf(options); // 8 MiB unless options.maxFrameBytes says otherwise
 * ```
 */
export function maxFrameBytesOf(options: FrameReadOptions): number {
  return options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
