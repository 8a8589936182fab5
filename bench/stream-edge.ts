/**
 * Benchmark: the streaming HTTP edge (openStream + sseFrames) against a bare fetch + eventsource-parser loop.
 *
 * A worker thread serves, from node:http on 127.0.0.1, two 20 MB SSE transcripts — `minimal` (the bare
 * `data: {"choices":[{"delta":{"content":"…"}}]}` events, ~60 bytes each) and `openai` (every field a real
 * chat.completion.chunk carries, ~310 bytes each), both with multibyte text and a final `data: [DONE]` — and a small
 * answer for time-to-first-event. The main thread reads them with three clients, order rotated each run, medians:
 *
 * - `bare`: fetch, reader, TextDecoder, createParser with a synchronous onEvent: the floor, no AsyncIterable
 * - `bare-iter`: the same, handing events out through an async generator (the least code with the edge's shape)
 * - `edge`: openStream + sseFrames, `for await` over `answer.frames`
 *
 * Reported: throughput and ratios, peak RSS growth during a run (sampled every 4096 events), and the time to the
 * first event of a small answer (target: ≤ 1 ms added). Consumers count events and data length (mode `count`) or
 * also `JSON.parse` each data (mode `parse`, what a wire adapter does). Target: edge ≥ 0.8× bare.
 *
 * Run: `node --import tsx bench/stream-edge.ts [runs]`
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { openStream } from "../src/transport/http-stream.js";

const TARGET_BYTES = 20 * 1024 * 1024;
const RUNS = Number(process.argv[2] ?? 9);
const WARMUP = 2;
const TTFE_RUNS = 300;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SERVER = `
const { createServer } = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const words = ["Hello", " world", ",", " the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", ".", "\\n", " naïve", " café", " 日本語", " 🙂", " streaming", " tokens"];
// minimal: the shape the brief names. openai: every field a real chat.completion.chunk carries (as in the
// openai-chat-stream fixture), so about four times the bytes per event.
function transcript(shape) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < workerData.target; i += 1) {
    let content = "";
    const n = 1 + (i % 4);
    for (let k = 0; k < n; k += 1) content += words[(i * 7 + k * 3) % words.length];
    const chunk = shape === "minimal"
      ? { choices: [{ delta: { content } }] }
      : { id: "chatcmpl-C7x2nQ4k9ZP1aB3cD5eF7gH9iJ", object: "chat.completion.chunk", created: 1751450000, model: "gpt-4o-mini-2024-07-18", service_tier: "default", system_fingerprint: "fp_34a54ae93c", choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }], usage: null };
    const event = "data: " + JSON.stringify(chunk) + "\\n\\n";
    parts.push(event);
    size += Buffer.byteLength(event);
  }
  parts.push("data: [DONE]\\n\\n");
  return { body: Buffer.from(parts.join("")), events: parts.length };
}
const bodies = { "/minimal": transcript("minimal"), "/openai": transcript("openai"), "/small": { body: Buffer.from('data: {"choices":[{"delta":{"content":"Hi"}}]}\\n\\ndata: [DONE]\\n\\n'), events: 2 } };
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.end(bodies[req.url].body);
  });
});
const info = {};
for (const [path, t] of Object.entries(bodies)) info[path] = { bytes: t.body.length, events: t.events };
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port, info }));
parentPort.on("message", () => server.close(() => process.exit(0)));
`;

interface Run {
  ms: number;
  firstEventMs: number;
  rssGrowth: number;
  events: number;
  dataChars: number;
}

type Mode = "count" | "parse";

function consumer(mode: Mode, started: number, baseRss: number) {
  const state = { events: 0, dataChars: 0, firstEventMs: -1, peakRss: baseRss };
  const onData = (data: string) => {
    if (state.events === 0) state.firstEventMs = performance.now() - started;
    state.events += 1;
    state.dataChars += data.length;
    if (mode === "parse" && data !== "[DONE]") JSON.parse(data);
    if ((state.events & 4095) === 0) {
      const rss = process.memoryUsage.rss();
      if (rss > state.peakRss) state.peakRss = rss;
    }
  };
  return { state, onData };
}

const REQUEST_BODY = { model: "bench", stream: true, messages: [{ role: "user", content: "Hi" }] };

async function bare(url: string, mode: Mode, collect = true): Promise<Run> {
  if (collect) gc();
  const baseRss = process.memoryUsage.rss();
  const started = performance.now();
  const { state, onData } = consumer(mode, started, baseRss);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
    body: JSON.stringify(REQUEST_BODY),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: (event) => onData(event.data) });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
  const ms = performance.now() - started;
  return { ms, firstEventMs: state.firstEventMs, rssGrowth: state.peakRss - baseRss, events: state.events, dataChars: state.dataChars };
}

/** The least code that hands the same events out as an AsyncIterable: fetch, reader, decoder, parser, a queue. */
async function* bareEvents(url: string): AsyncGenerator<{ event: string | undefined; data: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
    body: JSON.stringify(REQUEST_BODY),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const queue: Array<{ event: string | undefined; data: string }> = [];
  const parser = createParser({ onEvent: (event) => queue.push({ event: event.event, data: event.data }) });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
    for (const event of queue) yield event;
    queue.length = 0;
  }
}

async function bareIter(url: string, mode: Mode, collect = true): Promise<Run> {
  if (collect) gc();
  const baseRss = process.memoryUsage.rss();
  const started = performance.now();
  const { state, onData } = consumer(mode, started, baseRss);
  for await (const event of bareEvents(url)) onData(event.data);
  const ms = performance.now() - started;
  return { ms, firstEventMs: state.firstEventMs, rssGrowth: state.peakRss - baseRss, events: state.events, dataChars: state.dataChars };
}

async function edge(url: string, mode: Mode, collect = true): Promise<Run> {
  if (collect) gc();
  const baseRss = process.memoryUsage.rss();
  const started = performance.now();
  const { state, onData } = consumer(mode, started, baseRss);
  const answer = await openStream({
    url,
    headers: { authorization: "Bearer sk-bench" },
    json: REQUEST_BODY,
    framing: "sse",
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
  });
  for await (const frame of answer.frames) onData(frame.data);
  const ms = performance.now() - started;
  return { ms, firstEventMs: state.firstEventMs, rssGrowth: state.peakRss - baseRss, events: state.events, dataChars: state.dataChars };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const worker = new Worker(SERVER, { eval: true, workerData: { target: TARGET_BYTES } });
  const { port, info } = await new Promise<{ port: number; info: Record<string, { bytes: number; events: number }> }>((resolve) =>
    worker.once("message", resolve),
  );
  const origin = `http://127.0.0.1:${port}`;
  console.log(`${RUNS} runs per client (+${WARMUP} warm-up), order rotated each run; medians`);

  const clients = { bare, "bare-iter": bareIter, edge } as const;
  type Client = keyof typeof clients;
  const names = Object.keys(clients) as Client[];
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const path of ["/minimal", "/openai"] as const) {
    const { bytes, events } = info[path] as { bytes: number; events: number };
    const mb = bytes / 1e6;
    console.log(`${path.slice(1)}: ${mb.toFixed(1)} MB, ${events} events (${Math.round(bytes / events)} bytes each)`);
    for (const mode of ["count", "parse"] as const) {
      const results: Record<Client, Run[]> = { bare: [], "bare-iter": [], edge: [] };
      for (let i = 0; i < WARMUP + RUNS; i += 1) {
        for (let k = 0; k < names.length; k += 1) {
          const who = names[(i + k) % names.length] as Client;
          const run = await clients[who](origin + path, mode);
          if (run.events !== events) throw new RangeError(`${who} saw ${run.events} events, expected ${events}`);
          if (i >= WARMUP) results[who].push(run);
        }
      }
      const throughput = (who: Client) => mb / (median(results[who].map((r) => r.ms)) / 1000);
      const rss = (who: Client) => median(results[who].map((r) => r.rssGrowth)) / 1e6;
      const ratio = throughput("edge") / throughput("bare");
      verdicts.push(`${path.slice(1)}/${mode}: edge ${ratio.toFixed(2)}× bare ${ratio >= 0.8 ? "≥" : "<"} 0.8`);
      rows.push([
        path.slice(1),
        mode,
        ...names.map((who) => `${throughput(who).toFixed(0)} MB/s`),
        ratio.toFixed(2),
        (throughput("edge") / throughput("bare-iter")).toFixed(2),
        ...names.map((who) => `${rss(who).toFixed(1)} MB`),
      ]);
    }
  }
  const header = ["transcript", "mode", ...names, "edge/bare", "edge/bare-iter", ...names.map((who) => `ΔRSS ${who}`)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));

  // Time to first event on a small answer, where nothing but the edge's fixed costs (ky, redirect loop, timers,
  // credential scan) separates the two; many alternating runs because each is ~1 ms.
  const ttfe: Record<"bare" | "edge", number[]> = { bare: [], edge: [] };
  for (let i = 0; i < 50 + TTFE_RUNS; i += 1) {
    for (const who of i % 2 === 0 ? (["bare", "edge"] as const) : (["edge", "bare"] as const)) {
      const run = who === "bare" ? await bare(`${origin}/small`, "count", false) : await edge(`${origin}/small`, "count", false);
      if (i >= 50) ttfe[who].push(run.firstEventMs);
    }
  }
  const added = median(ttfe.edge) - median(ttfe.bare);
  console.log(
    `time to first event (small answer, ${TTFE_RUNS} runs each): bare ${median(ttfe.bare).toFixed(3)} ms, edge ${median(ttfe.edge).toFixed(3)} ms, added ${added.toFixed(3)} ms ${added <= 1 ? "≤" : ">"} 1 ms`,
  );
  for (const verdict of verdicts) console.log(verdict);
  worker.postMessage("stop");
  await new Promise((resolve) => worker.once("exit", resolve));
}

await main();
