/**
 * Benchmark: the streaming HTTP edge against a bare fetch + eventsource-parser loop.
 *
 * A worker thread serves a 20 MB SSE transcript (OpenAI-style `data: {"choices":[{"delta":{"content":"…"}}]}`
 * events, some multibyte text, `data: [DONE]` at the end) from node:http on 127.0.0.1. The main thread reads it
 * with both clients in alternating runs and reports medians:
 *
 * - throughput (MB/s) and its ratio, openStream + sseFrames ÷ bare; target ≥ 0.8
 * - time to first event, and the difference; target ≤ 1 ms added
 * - peak RSS growth during a run (sampled every 4096 events)
 *
 * Both consumers do the same per-event work: count the events and their data length (mode `count`), or also
 * `JSON.parse` each data (mode `parse`, what a wire adapter does).
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

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SERVER = `
const { createServer } = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const words = ["Hello", " world", ",", " the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", ".", "\\n", " naïve", " café", " 日本語", " 🙂", " streaming", " tokens"];
const parts = [];
let size = 0;
for (let i = 0; size < workerData.target; i += 1) {
  let content = "";
  const n = 1 + (i % 4);
  for (let k = 0; k < n; k += 1) content += words[(i * 7 + k * 3) % words.length];
  const event = "data: " + JSON.stringify({ choices: [{ delta: { content } }] }) + "\\n\\n";
  parts.push(event);
  size += Buffer.byteLength(event);
}
parts.push("data: [DONE]\\n\\n");
const body = Buffer.from(parts.join(""));
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port, bytes: body.length, events: parts.length }));
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

async function bare(url: string, mode: Mode): Promise<Run> {
  gc();
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

async function bareIter(url: string, mode: Mode): Promise<Run> {
  gc();
  const baseRss = process.memoryUsage.rss();
  const started = performance.now();
  const { state, onData } = consumer(mode, started, baseRss);
  for await (const event of bareEvents(url)) onData(event.data);
  const ms = performance.now() - started;
  return { ms, firstEventMs: state.firstEventMs, rssGrowth: state.peakRss - baseRss, events: state.events, dataChars: state.dataChars };
}

async function edge(url: string, mode: Mode): Promise<Run> {
  gc();
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
  const info = await new Promise<{ port: number; bytes: number; events: number }>((resolve) => worker.once("message", resolve));
  const url = `http://127.0.0.1:${info.port}/v1/chat/completions`;
  const mb = info.bytes / 1e6;
  console.log(`transcript: ${mb.toFixed(1)} MB, ${info.events} events; ${RUNS} runs per client per mode (+${WARMUP} warm-up), alternating`);

  const clients = { bare, "bare-iter": bareIter, edge } as const;
  type Client = keyof typeof clients;
  const names = Object.keys(clients) as Client[];
  const rows: string[][] = [];
  let pass = true;
  for (const mode of ["count", "parse"] as const) {
    const results: Record<Client, Run[]> = { bare: [], "bare-iter": [], edge: [] };
    for (let i = 0; i < WARMUP + RUNS; i += 1) {
      // Rotate the order, so no client always runs first on a freshly collected heap.
      for (let k = 0; k < names.length; k += 1) {
        const who = names[(i + k) % names.length] as Client;
        const run = await clients[who](url, mode);
        if (run.events !== info.events) throw new RangeError(`${who} saw ${run.events} events, expected ${info.events}`);
        if (i >= WARMUP) results[who].push(run);
      }
    }
    const throughput = (who: Client) => mb / (median(results[who].map((r) => r.ms)) / 1000);
    const ttfe = (who: Client) => median(results[who].map((r) => r.firstEventMs));
    const rss = (who: Client) => median(results[who].map((r) => r.rssGrowth)) / 1e6;
    const ratio = throughput("edge") / throughput("bare");
    const added = ttfe("edge") - ttfe("bare");
    if (mode === "count" && (ratio < 0.8 || added > 1)) pass = false;
    rows.push([
      mode,
      ...names.map((who) => `${throughput(who).toFixed(0)} MB/s`),
      ratio.toFixed(2),
      (throughput("edge") / throughput("bare-iter")).toFixed(2),
      ...names.map((who) => `${ttfe(who).toFixed(2)} ms`),
      `${added.toFixed(2)} ms`,
      ...names.map((who) => `${rss(who).toFixed(1)} MB`),
    ]);
  }
  const header = [
    "mode",
    ...names,
    "edge/bare",
    "edge/bare-iter",
    ...names.map((who) => `TTFE ${who}`),
    "TTFE added",
    ...names.map((who) => `ΔRSS ${who}`),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    pass
      ? "PASS: edge throughput ≥ 0.8× bare and ≤ 1 ms added to the first event (mode count)"
      : "FAIL: edge throughput < 0.8× bare or > 1 ms added to the first event (mode count)",
  );
  worker.postMessage("stop");
  await new Promise((resolve) => worker.once("exit", resolve));
  if (!pass) process.exitCode = 1;
}

await main();
