import { asCallError } from "./call-error.js";
import type { CommittedStream } from "./commit-attempt.js";
import { createMessageAssembler, type MessageAssembler } from "./message-assembler.js";
import type { PreparedCandidate } from "./prepare-candidate.js";
import type { StreamEvent } from "./stream-events.js";
import { costOf } from "./usage-cost.js";
import type { WireEvent } from "./wire-adapter.js";

/**
 * The events of one call as a hand-written async iterator: the events before the first output come from
 * `beforeOutput` (stream-call.ts); after it, each frame is decoded straight into a queue that `next()` drains without a
 * generator per event (a 20 MB stream is hundreds of thousands of events). `return()` (a `break` in `for await`)
 * closes the connection.
 *
 * @example
 * ```ts
 * const events = new CallEvents(beforeOutput(deps, target, request, attempts));
 * for await (const event of events) if (event.type === "text") ui.append(event.delta);
 * ```
 */
export class CallEvents implements AsyncGenerator<StreamEvent, void, undefined> {
  private readonly queue: StreamEvent[] = [];
  private head = 0;
  private stream: { prepared: PreparedCandidate; committed: CommittedStream; assembler: MessageAssembler } | null = null;
  private over = false;

  constructor(private readonly before: AsyncGenerator<StreamEvent, { prepared: PreparedCandidate; committed: CommittedStream } | null, undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent, void>> {
    if (this.head < this.queue.length) return Promise.resolve({ value: this.take(), done: false });
    if (this.over) return Promise.resolve({ value: undefined, done: true });
    // Frames already read are decoded synchronously: one promise per event, none per frame.
    const stream = this.stream;
    if (stream !== null) {
      try {
        for (let frame = stream.committed.response.takeReady(); frame !== undefined; frame = stream.committed.response.takeReady()) {
          this.publish(stream.committed.decoder.push(frame));
          if (this.head < this.queue.length) return Promise.resolve({ value: this.take(), done: false });
        }
      } catch (error) {
        return this.fail(error);
      }
    }
    return this.fill();
  }

  async return(): Promise<IteratorResult<StreamEvent, void>> {
    await this.finish();
    await this.before.return(null);
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<StreamEvent, void>> {
    await this.finish();
    throw error;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private take(): StreamEvent {
    const event = this.queue[this.head++]!;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return event;
  }

  private async fill(): Promise<IteratorResult<StreamEvent, void>> {
    if (this.stream === null) {
      const step = await this.before.next();
      if (!step.done) return step;
      if (step.value === null) {
        this.over = true;
        return { value: undefined, done: true };
      }
      this.open(step.value.prepared, step.value.committed);
      return { value: this.take(), done: false };
    }
    const { committed } = this.stream;
    try {
      while (this.head === this.queue.length && !this.over) {
        const next = committed.frames === null ? { done: true as const, value: undefined } : await committed.frames.next();
        if (next.done) {
          this.publish(committed.decoder.end());
          const { message, stopReason } = this.stream.assembler.finish();
          this.queue.push({ type: "done", stopReason, message });
          await this.finish();
        } else {
          this.publish(committed.decoder.push(next.value));
        }
      }
    } catch (error) {
      return this.fail(error);
    }
    return this.head < this.queue.length ? { value: this.take(), done: false } : { value: undefined, done: true };
  }

  /** An error after the first output: reported as the last event, never retried. */
  private async fail(error: unknown): Promise<IteratorResult<StreamEvent, void>> {
    this.queue.push({ type: "error", error: asCallError(error, { secrets: this.stream?.committed.secrets ?? [] }) });
    await this.finish();
    return { value: this.take(), done: false };
  }

  private open(prepared: PreparedCandidate, committed: CommittedStream): void {
    this.stream = { prepared, committed, assembler: createMessageAssembler() };
    this.queue.push({
      type: "start",
      provider: prepared.model.provider,
      model: prepared.model.id,
      api: committed.api,
      credential: committed.credential,
      thinking: prepared.thinking,
      maxTokens: committed.maxTokens,
    });
    this.publish(committed.pending);
  }

  private publish(events: readonly WireEvent[]): void {
    const { assembler, prepared } = this.stream!;
    for (const event of events) {
      assembler.add(event);
      switch (event.type) {
        case "usage": {
          const tokens = { input: event.input, output: event.output, cacheRead: event.cacheRead, cacheWrite: event.cacheWrite };
          this.queue.push({ type: "usage", ...tokens, cost: costOf(tokens, prepared.model.cost) });
          break;
        }
        case "thinking_signature":
        case "stop":
          break;
        default:
          this.queue.push(event);
      }
    }
  }

  /** Once: the stream is over (done, error, or the consumer stopped); the body is cancelled, the socket closed. */
  private async finish(): Promise<void> {
    if (this.over) return;
    this.over = true;
    await this.stream?.committed.response.close();
  }
}

