import { expect } from "vitest";
import { ProviderCallError } from "../../src/errors/provider-call-error.js";
import type { StreamFrame } from "../../src/transport/stream-frame.js";

// Shared by the stream tests (http-stream, sse-frames, ndjson-frames): a body made of given chunks, draining a frame
// stream, and the ProviderCallError a failing read rejects with.

/** A body that hands out `chunks` one per pull and records each pull and a cancel in `seen`. */
export function bodyOf(chunks: Uint8Array[], seen: { cancelled: boolean; pulls: number } = { cancelled: false, pulls: 0 }): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls += 1;
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
}

/** Every frame, in order; rejects with what the stream throws. */
export async function collect(frames: AsyncIterable<StreamFrame>): Promise<StreamFrame[]> {
  const out: StreamFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

/** What `promise` rejected with, asserted to be a ProviderCallError (the test fails when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<ProviderCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderCallError);
  return error as ProviderCallError;
}
