import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createParser } from "eventsource-parser";
import type { WireDecoder, WireEvent, WireFrame } from "../../../src/calls/wire-adapter.js";

/** A fixture under test/fixtures/calls/, as text. */
export function readCallsFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/calls/${name}`, import.meta.url)), "utf8");
}

/**
 * The frames an SSE reader hands a decoder: eventsource-parser (the parser the transport uses) splits the text per
 * the SSE spec, `event` is the event name (`undefined` when the block has no `event:` line), `data` the joined
 * `data:` lines. Fed in small pieces, so frame boundaries never depend on how the text happens to be chunked.
 */
export function sseFrames(text: string, pieceSize = 97): WireFrame[] {
  const frames: WireFrame[] = [];
  const parser = createParser({ onEvent: (message) => frames.push({ event: message.event, data: message.data }) });
  for (let i = 0; i < text.length; i += pieceSize) parser.feed(text.slice(i, i + pieceSize));
  return frames;
}

/** Every event a decoder emits for the frames, `end()` included. Throws what the decoder throws. */
export function decodeAll(decoder: WireDecoder, frames: readonly WireFrame[]): WireEvent[] {
  const events: WireEvent[] = [];
  for (const frame of frames) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}

/** The events emitted before the decoder threw, and what it threw. */
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

/** The concatenated deltas of one kind of event. */
export function joined(events: readonly WireEvent[], type: "text" | "thinking"): string {
  let out = "";
  for (const event of events) if (event.type === type) out += event.delta;
  return out;
}
