import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createParser } from "eventsource-parser";
import { expect } from "vitest";
import { createMessageAssembler } from "../../../src/calls/message-assembler.js";
import type { AssistantMessage } from "../../../src/calls/stream-events.js";
import type { ChatRequest } from "../../../src/calls/chat-request.js";
import type { WireAdapter, WireCallInput, WireDecoder, WireEvent, WireFrame } from "../../../src/calls/wire-adapter.js";
import { ProviderCallError } from "../../../src/errors/provider-call-error.js";

// Shared by the adapter tests: read a recorded transcript, split it into the frames the HTTP edge would hand a decoder,
// replay them, and fold the events into the assistant message with the engine's own assembler.

/** A fixture under test/fixtures/calls/, as text. */
export function readCallsFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/calls/${name}`, import.meta.url)), "utf8");
}

/**
 * The frames an SSE reader hands a decoder: eventsource-parser (the parser the transport uses) splits the text per
 * the SSE spec, `event` is the event name (`undefined` when the block has no `event:` line), `data` the joined
 * `data:` lines. Fed in small pieces, so frame boundaries never depend on how the text happens to be chunked; ended
 * with a `\n` as src/transport/sse-frames.ts ends a body.
 */
export function sseFrames(text: string, pieceSize = 97): WireFrame[] {
  const frames: WireFrame[] = [];
  const parser = createParser({ onEvent: (message) => frames.push({ event: message.event, data: message.data }) });
  for (let i = 0; i < text.length; i += pieceSize) parser.feed(text.slice(i, i + pieceSize));
  parser.feed("\n");
  return frames;
}

/**
 * The frames an NDJSON reader hands a decoder, by the rules of src/transport/ndjson-frames.ts: one per non-empty
 * line, `event` undefined, `data` the line without its `\r\n` / `\n`.
 */
export function ndjsonFrames(text: string): WireFrame[] {
  const frames: WireFrame[] = [];
  for (const raw of text.split("\n")) {
    const data = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (data !== "") frames.push({ event: undefined, data });
  }
  return frames;
}

/** One frame carrying `json` serialised, with the event name `event` (none by default). */
export function frameOf(json: unknown, event?: string): WireFrame {
  return { event, data: JSON.stringify(json) };
}

/** Every event a decoder emits for the frames, `end()` included. Throws what the decoder throws. */
export function decodeAll(decoder: WireDecoder, frames: readonly WireFrame[]): WireEvent[] {
  const events: WireEvent[] = [];
  for (const frame of frames) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}

/** The events emitted before the decoder threw, and what it threw (`undefined` when it did not). */
export function decodeUntilError(decoder: WireDecoder, frames: readonly WireFrame[]): { events: WireEvent[]; error: unknown } {
  const events: WireEvent[] = [];
  try {
    for (const frame of frames) events.push(...decoder.push(frame));
    events.push(...decoder.end());
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

/** `error`, asserted to be a ProviderCallError (the test fails otherwise, also when nothing was thrown). */
export function asCallError(error: unknown): ProviderCallError {
  expect(error).toBeInstanceOf(ProviderCallError);
  return error as ProviderCallError;
}

/** What `run` threw, asserted to be a ProviderCallError; the test fails when it throws nothing or something else. */
export function caughtCallError(run: () => unknown): ProviderCallError {
  try {
    run();
  } catch (error) {
    return asCallError(error);
  }
  return expect.unreachable("expected a ProviderCallError, nothing was thrown");
}

/** The assistant message the engine builds from these events: the real `createMessageAssembler`, not a copy. */
export function assemble(events: readonly WireEvent[]): AssistantMessage {
  const assembler = createMessageAssembler();
  for (const event of events) assembler.add(event);
  return assembler.finish().message;
}

/** The concatenated deltas of one kind of event. */
export function joined(events: readonly WireEvent[], type: "text" | "thinking"): string {
  let out = "";
  for (const event of events) if (event.type === type) out += event.delta;
  return out;
}

/** What every request of one adapter's tests shares: the model, output cap and key (no thinking, no headers). */
export type InputDefaults = Pick<WireCallInput, "model" | "maxTokens" | "apiKey">;

/**
 * `input(request, overrides)` builds the adapter's WireCallInput from the test's defaults; `body(...)` is the JSON
 * body the adapter builds for it.
 */
export function requestBuilders(
  adapter: WireAdapter,
  defaults: InputDefaults,
): {
  input(request: ChatRequest, overrides?: Partial<WireCallInput>): WireCallInput;
  body(request: ChatRequest, overrides?: Partial<WireCallInput>): Record<string, unknown>;
} {
  const input = (request: ChatRequest, overrides: Partial<WireCallInput> = {}): WireCallInput => ({
    ...defaults,
    request,
    thinkingParams: {},
    headers: {},
    ...overrides,
  });
  return { input, body: (request, overrides) => adapter.buildRequest(input(request, overrides)).body as Record<string, unknown> };
}
