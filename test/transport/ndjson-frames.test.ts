import { describe, expect, it } from "vitest";
import { ndjsonFrames } from "../../src/transport/ndjson-frames.js";
import type { StreamFrame } from "../../src/transport/stream-frame.js";
import { bodyOf, collect, failure } from "./stream-helpers.js";

const encoder = new TextEncoder();

// Ollama /api/chat lines (shape from test fixtures ollama-chat-stream.ndjson), with CRLF and LF ends, blank lines,
// multibyte text, and a last line with no newline after it.
const LINES = [
  '{"model":"qwen3:8b","message":{"role":"assistant","content":"","thinking":"caf\u00e9"},"done":false}',
  '{"model":"qwen3:8b","message":{"role":"assistant","content":"\u65e5\u672c \ud83d\ude42"},"done":false}',
  '{"model":"qwen3:8b","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":15}',
];
const TRANSCRIPT = `${LINES[0]}\r\n\n${LINES[1]}\n\r\n${LINES[2]}`;
const EXPECTED: StreamFrame[] = LINES.map((data) => ({ event: undefined, data }));

describe("ndjsonFrames", () => {
  it("gives one frame per non-empty line for every split into two chunks, the last line without newline included", async () => {
    const bytes = encoder.encode(TRANSCRIPT);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const frames = await collect(ndjsonFrames(bodyOf([bytes.slice(0, cut), bytes.slice(cut)])));
      expect(frames, `cut at byte ${cut}`).toStrictEqual(EXPECTED);
    }
  });

  it("gives the same frames one byte at a time, and with a trailing newline", async () => {
    const bytes = encoder.encode(TRANSCRIPT);
    expect(await collect(ndjsonFrames(bodyOf(Array.from(bytes, (b) => Uint8Array.of(b)))))).toStrictEqual(EXPECTED);
    expect(await collect(ndjsonFrames(bodyOf([encoder.encode(`${TRANSCRIPT}\n`)])))).toStrictEqual(EXPECTED);
  });

  it("gives nothing for an empty body or one of blank lines", async () => {
    expect(await collect(ndjsonFrames(bodyOf([])))).toStrictEqual([]);
    expect(await collect(ndjsonFrames(bodyOf([encoder.encode("\n\r\n\n")])))).toStrictEqual([]);
  });

  it("hands out thousands of lines from one chunk in order", async () => {
    const text = Array.from({ length: 4000 }, (_, i) => `{"i":${i}}`).join("\n");
    const frames = await collect(ndjsonFrames(bodyOf([encoder.encode(text)])));
    expect(frames.map((f) => (JSON.parse(f.data) as { i: number }).i)).toEqual(Array.from({ length: 4000 }, (_, i) => i));
  });

  it("fails with response_too_large for a line over maxFrameBytes in UTF-8 bytes", async () => {
    expect(await collect(ndjsonFrames(bodyOf([encoder.encode(`"${"\u00e9".repeat(4)}"\n`)]), { maxFrameBytes: 10 }))).toHaveLength(1);
    const error = await failure(collect(ndjsonFrames(bodyOf([encoder.encode(`"${"\u00e9".repeat(5)}"\n{}`)]), { maxFrameBytes: 10 })));
    expect(error.code).toBe("response_too_large");
    expect(error.message).toContain("Expected each NDJSON line of the stream to be at most 10 bytes");
    // The last line, without a newline, is held to the cap too.
    expect((await failure(collect(ndjsonFrames(bodyOf([encoder.encode(`{}\n"${"\u00e9".repeat(5)}"`)]), { maxFrameBytes: 10 })))).code).toBe("response_too_large");
  });

  it("stops an endless line at the cap and cancels the body", async () => {
    const seen = { cancelled: false, pulls: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        seen.pulls += 1;
        controller.enqueue(encoder.encode("x".repeat(1024)));
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    const error = await failure(collect(ndjsonFrames(body, { maxFrameBytes: 32 * 1024 })));
    expect(error.code).toBe("response_too_large");
    expect(seen.pulls).toBeLessThan(40);
    expect(seen.cancelled).toBe(true);
  });

  it("breaking out of the loop cancels the body", async () => {
    const seen = { cancelled: false, pulls: 0 };
    const chunks = Array.from({ length: 10 }, (_, i) => encoder.encode(`{"i":${i}}\n`));
    for await (const frame of ndjsonFrames(bodyOf(chunks, seen))) {
      expect(frame).toStrictEqual({ event: undefined, data: '{"i":0}' });
      break;
    }
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBeLessThan(4);
  });
});
