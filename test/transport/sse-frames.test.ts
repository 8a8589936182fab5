import { describe, expect, it } from "vitest";
import { sseFrames } from "../../src/transport/sse-frames.js";
import type { StreamFrame } from "../../src/transport/stream-frame.js";
import { bodyOf, collect, failure } from "./stream-helpers.js";

const encoder = new TextEncoder();

// Anthropic-style named events, an unnamed OpenAI-style event, a two-line data field, a comment, id and retry fields,
// CRLF and LF line ends, and multibyte text (2-, 3- and 4-byte UTF-8) so that some split points fall inside a
// character and some between the \r and \n of a line end.
const TRANSCRIPT =
  "event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n" +
  ": keep-alive comment\n\n" +
  "event: content_block_delta\ndata: {\"text\":\"caf\u00e9 \u65e5\u672c \ud83d\ude42\"}\n\n" +
  "id: 7\nretry: 1500\ndata: first line\ndata: second line\n\n" +
  "data: {\"choices\":[{\"delta\":{\"content\":\"\u00fc\"}}]}\r\n\r\n" +
  "data: [DONE]\n\n";
const EXPECTED: StreamFrame[] = [
  { event: "message_start", data: '{"type":"message_start"}' },
  { event: "content_block_delta", data: '{"text":"caf\u00e9 \u65e5\u672c \ud83d\ude42"}' },
  { event: undefined, data: "first line\nsecond line" },
  { event: undefined, data: '{"choices":[{"delta":{"content":"\u00fc"}}]}' },
  { event: undefined, data: "[DONE]" },
];

describe("sseFrames", () => {
  it("gives the same frames for every split of the bytes into two chunks (inside a character, inside \\r\\n)", async () => {
    const bytes = encoder.encode(TRANSCRIPT);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const frames = await collect(sseFrames(bodyOf([bytes.slice(0, cut), bytes.slice(cut)])));
      expect(frames, `cut at byte ${cut}`).toStrictEqual(EXPECTED);
    }
  });

  it("gives the same frames one byte at a time and in three uneven chunks", async () => {
    const bytes = encoder.encode(TRANSCRIPT);
    expect(await collect(sseFrames(bodyOf(Array.from(bytes, (b) => Uint8Array.of(b)))))).toStrictEqual(EXPECTED);
    for (let a = 3; a < bytes.length; a += 17) {
      for (let b = a + 1; b < bytes.length; b += 13) {
        const frames = await collect(sseFrames(bodyOf([bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)])));
        expect(frames, `cuts at ${a} and ${b}`).toStrictEqual(EXPECTED);
      }
    }
  });

  it("delivers a last event whose final line is whole but whose blank line never came; drops a line cut mid-way", async () => {
    expect(await collect(sseFrames(bodyOf([encoder.encode("data: a\n\ndata: b\n")])))).toStrictEqual([
      { event: undefined, data: "a" },
      { event: undefined, data: "b" },
    ]);
    expect(await collect(sseFrames(bodyOf([encoder.encode('data: a\n\ndata: {"cut')])))).toStrictEqual([{ event: undefined, data: "a" }]);
  });

  it("skips a UTF-8 byte order mark and an event with no data", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode("event: ping\n\nevent: x\ndata: 1\n\n")]);
    expect(await collect(sseFrames(bodyOf([bytes])))).toStrictEqual([{ event: "x", data: "1" }]);
  });

  it("hands out the frames of one big chunk in order (the chunk is split in slices behind the scenes)", async () => {
    const events = Array.from({ length: 5000 }, (_, i) => `data: {"i":${i},"t":"${"\u00e9".repeat(i % 7)}"}\n\n`).join("");
    const frames = await collect(sseFrames(bodyOf([encoder.encode(events)])));
    expect(frames).toHaveLength(5000);
    expect(frames[4999]).toStrictEqual({ event: undefined, data: `{"i":4999,"t":"${"\u00e9".repeat(4999 % 7)}"}` });
    expect(frames.map((f) => (JSON.parse(f.data) as { i: number }).i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});

describe("sseFrames: caps and early stops", () => {
  it("fails with response_too_large for an event over maxFrameBytes, counted in UTF-8 bytes", async () => {
    // Five "é" are 10 bytes: at the cap. Six are 12: over it, although only 6 characters.
    expect(await collect(sseFrames(bodyOf([encoder.encode(`data: ${"\u00e9".repeat(5)}\n\n`)]), { maxFrameBytes: 10 }))).toHaveLength(1);
    const error = await failure(collect(sseFrames(bodyOf([encoder.encode(`data: ${"\u00e9".repeat(6)}\n\n`)]), { maxFrameBytes: 10, url: "https://api.example/v1/x?key=abc12345" })));
    expect(error.code).toBe("response_too_large");
    expect(error.message).toBe("Expected each SSE event of the stream from https://api.example/v1/x to be at most 10 bytes, found a larger one; reading stopped at the cap.");
  });

  it("stops an endless line at the cap instead of buffering it, and cancels the body", async () => {
    const seen = { cancelled: false, pulls: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        seen.pulls += 1;
        controller.enqueue(encoder.encode(seen.pulls === 1 ? "data: " : "x".repeat(1024)));
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    const error = await failure(collect(sseFrames(body, { maxFrameBytes: 64 * 1024 })));
    expect(error.code).toBe("response_too_large");
    expect(seen.pulls).toBeLessThan(80);
    expect(seen.cancelled).toBe(true);
  });

  it("breaking out of the loop cancels the body and reads no further", async () => {
    const seen = { cancelled: false, pulls: 0 };
    const chunks = Array.from({ length: 10 }, (_, i) => encoder.encode(`data: ${i}\n\n`));
    const got: string[] = [];
    for await (const frame of sseFrames(bodyOf(chunks, seen))) {
      got.push(frame.data);
      if (got.length === 2) break;
    }
    expect(got).toEqual(["0", "1"]);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBeLessThan(5);
  });

  it("a failed read becomes a network ProviderCallError (scrubbed), thrown after the frames before it", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(encoder.encode("data: 1\n\n"));
        else controller.error(new TypeError("socket hang up Bearer sk-proj-abcdefghijklmnopqrstuvwxyz012345"));
      },
    });
    const got: string[] = [];
    const error = await failure(
      (async () => {
        for await (const frame of sseFrames(body, { url: "http://127.0.0.1:1/v1/chat/completions" })) got.push(frame.data);
      })(),
    );
    expect(got).toEqual(["1"]);
    expect(error.kind).toBe("network");
    expect(error.message).toContain("Reading the stream from http://127.0.0.1:1/v1/chat/completions failed: socket hang up");
    expect(error.message).not.toContain("sk-proj-abcdefghijklmnopqrstuvwxyz012345");
  });
});
