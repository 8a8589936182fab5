/**
 * Benchmark: `stream()` against a bare fetch + eventsource-parser loop over the same transcript.
 *
 * A worker thread serves, from node:http on 127.0.0.1 (so the server does not share the client's thread):
 * - a 20 MB OpenAI chat-completions SSE transcript, every chunk shaped like a real one (the fields of
 *   test/fixtures/calls/openai-chat-stream.txt), ending with a finish chunk, a usage chunk and `[DONE]`;
 * - a small answer (two deltas) for time to first event.
 *
 * Figures (medians of alternating runs, so drift hits both sides):
 * - throughput of the 20 MB transcript: target stream() ≥ 0.8× bare (bare parses each chunk's JSON and takes the
 *   delta text, the least any consumer does);
 * - time to first text event over small answers: target ≤ bare + 1 ms;
 * - peak RSS growth while streaming the 20 MB (after a GC): target < 10 MB.
 *
 * Run: `node --import tsx bench/stream.ts [--runs 7] [--mb 20] [--ttfe 200]`
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import { createParser } from "eventsource-parser";
import { createRegistry } from "../src/index.js";
import { createMemoryStorage } from "../src/storage/memory-storage.js";
import { emitRows, row } from "./bench-report.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = flag("runs", 7);
const MEGABYTES = flag("mb", 20);
const TTFE_RUNS = flag("ttfe", 200);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SERVER = `
const { createServer } = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const words = ["Hello", " world", ",", " the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", ".", "\\n", " naïve", " café", " 日本語", " streaming", " tokens"];
const chunk = (delta, finish, usage) => "data: " + JSON.stringify({ id: "chatcmpl-C7x2nQ4k9ZP1aB3cD5eF7gH9iJ", object: "chat.completion.chunk", created: 1751450000, model: "gpt-4o-mini-2024-07-18", service_tier: "default", system_fingerprint: "fp_34a54ae93c", choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: usage || null }) + "\\n\\n";
const parts = [];
let size = 0;
for (let i = 0; size < workerData.bytes; i += 1) {
  let content = "";
  for (let k = 0; k < 1 + (i % 4); k += 1) content += words[(i * 7 + k * 3) % words.length];
  const event = chunk({ content }, null);
  parts.push(event);
  size += Buffer.byteLength(event);
}
parts.push(chunk({}, "stop"), chunk(null, null, { prompt_tokens: 5, completion_tokens: parts.length, total_tokens: parts.length + 5 }), "data: [DONE]\\n\\n");
const big = Buffer.from(parts.join(""));
const small = Buffer.from(chunk({ role: "assistant", content: "Hi" }, null) + chunk({ content: " there" }, null) + chunk({}, "stop") + "data: [DONE]\\n\\n");
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.end(req.url.startsWith("/big") ? big : small);
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port, bytes: big.length }));
parentPort.on("message", () => server.close(() => process.exit(0)));
`;

interface Run {
  ms: number;
  firstMs: number;
  chars: number;
  rssGrowth: number;
}

function rssSampler(): { sample(): void; growth(): number } {
  const base = process.memoryUsage.rss();
  let peak = base;
  return {
    sample() {
      const rss = process.memoryUsage.rss();
      if (rss > peak) peak = rss;
    },
    growth: () => peak - base,
  };
}

async function bare(base: string, path: string, collect = true): Promise<Run> {
  if (collect) gc();
  const memory = rssSampler();
  const started = performance.now();
  let firstMs = -1;
  let chars = 0;
  let events = 0;
  const response = await fetch(`${base}${path}/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer sk-bench", "content-type": "application/json" },
    body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "go" }] }),
  });
  const parser = createParser({
    onEvent(event) {
      if ((++events & 4095) === 0) memory.sample();
      if (event.data === "[DONE]") return;
      const text = (JSON.parse(event.data) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content;
      if (text) {
        if (firstMs < 0) firstMs = performance.now() - started;
        chars += text.length;
      }
    },
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  memory.sample();
  return { ms: performance.now() - started, firstMs, chars, rssGrowth: memory.growth() };
}

async function viaStream(registry: ReturnType<typeof createRegistry>, ref: string, collect = true): Promise<Run> {
  if (collect) gc();
  const memory = rssSampler();
  const started = performance.now();
  let firstMs = -1;
  let chars = 0;
  let events = 0;
  let done = false;
  for await (const event of registry.stream(ref, { messages: [{ role: "user", content: "go" }], maxTokens: 100 })) {
    if ((++events & 4095) === 0) memory.sample();
    if (event.type === "text") {
      if (firstMs < 0) firstMs = performance.now() - started;
      chars += event.delta.length;
    } else if (event.type === "error") throw event.error;
    else if (event.type === "done") done = true;
  }
  if (!done) throw new Error("stream() ended without done");
  memory.sample();
  return { ms: performance.now() - started, firstMs, chars, rssGrowth: memory.growth() };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const worker = new Worker(SERVER, { eval: true, workerData: { bytes: MEGABYTES * 1024 * 1024 } });
  const { port, bytes } = await new Promise<{ port: number; bytes: number }>((resolve) => worker.once("message", resolve));
  const base = `http://127.0.0.1:${port}`;
  const storage = createMemoryStorage({
    "models.json": JSON.stringify({
      providers: {
        big: { baseUrl: `${base}/big`, api: "openai-completions", apiKey: "sk-bench", models: [{ id: "m" }] },
        small: { baseUrl: `${base}/small`, api: "openai-completions", apiKey: "sk-bench", models: [{ id: "m" }] },
      },
    }),
  });
  const registry = createRegistry({ storage });

  // Warm both paths (module loading, JIT) before measuring.
  for (let i = 0; i < 50; i++) {
    await bare(base, "/small", false);
    await viaStream(registry, "small/m", false);
  }
  await bare(base, "/big");
  await viaStream(registry, "big/m");

  const big = { bare: [] as Run[], stream: [] as Run[] };
  for (let i = 0; i < RUNS; i++) {
    big.bare.push(await bare(base, "/big"));
    big.stream.push(await viaStream(registry, "big/m"));
  }
  if (big.stream[0]!.chars !== big.bare[0]!.chars) throw new Error(`text differs: ${big.stream[0]!.chars} vs ${big.bare[0]!.chars} chars`);
  const first = { bare: [] as number[], stream: [] as number[] };
  for (let i = 0; i < TTFE_RUNS; i++) {
    // No forced GC here: a collection right before a sub-millisecond measurement leaves work that lands in it.
    first.bare.push((await bare(base, "/small", false)).firstMs);
    first.stream.push((await viaStream(registry, "small/m", false)).firstMs);
  }
  worker.postMessage("stop");

  const mb = bytes / (1024 * 1024);
  const bareMs = median(big.bare.map((r) => r.ms));
  const streamMs = median(big.stream.map((r) => r.ms));
  const ratio = bareMs / streamMs;
  const bareFirst = median(first.bare);
  const streamFirst = median(first.stream);
  const over = streamFirst - bareFirst;
  const growth = median(big.stream.map((r) => r.rssGrowth)) / (1024 * 1024);
  const bareGrowth = median(big.bare.map((r) => r.rssGrowth)) / (1024 * 1024);
  const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");
  console.log(`stream() vs bare fetch + eventsource-parser (JSON.parse per chunk), ${mb.toFixed(1)} MB OpenAI SSE, ${RUNS} alternating runs; first event over ${TTFE_RUNS} small answers (medians)`);
  console.log(`  throughput        bare ${(mb / (bareMs / 1000)).toFixed(1)} MB/s   stream() ${(mb / (streamMs / 1000)).toFixed(1)} MB/s   ratio ${ratio.toFixed(2)}×  (target ≥ 0.80×) ${verdict(ratio >= 0.8)}`);
  console.log(`  first text event  bare ${bareFirst.toFixed(2)} ms   stream() ${streamFirst.toFixed(2)} ms   over bare ${over.toFixed(2)} ms  (target ≤ 1 ms) ${verdict(over <= 1)}`);
  console.log(`  peak RSS growth   bare ${bareGrowth.toFixed(1)} MiB   stream() ${growth.toFixed(1)} MiB  (target < 10 MiB) ${verdict(growth < 10)}`);
  emitRows("stream", [
    row({ figure: `throughput, ${mb.toFixed(0)} MB OpenAI SSE`, unit: "MB/s", value: mb / (streamMs / 1000), baseline: mb / (bareMs / 1000), baselineLabel: "bare fetch + eventsource-parser", target: ">= 0.8x", ok: ratio >= 0.8 }),
    row({ figure: "first text event", unit: "ms", value: streamFirst, baseline: bareFirst, baselineLabel: "bare fetch + eventsource-parser", target: "<= bare + 1 ms", ok: over <= 1 }),
    row({ figure: "peak RSS growth while streaming", unit: "MiB", value: growth, baseline: bareGrowth, baselineLabel: "bare fetch + eventsource-parser", target: "< 10 MiB", ok: growth < 10 }),
  ]);
}

await main();
