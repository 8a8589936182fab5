/**
 * Benchmark: streaming throughput of `stream()` against a bare fetch + eventsource-parser loop over the same
 * transcript, served from a loopback HTTP server.
 *
 * - throughput (MB/s) of a 20 MB OpenAI chat SSE transcript: target ≥ 0.8× bare;
 * - time to first event (the first text delta), median: target ≤ bare + 1 ms;
 * - peak RSS growth while streaming the 20 MB: target < 10 MB.
 *
 * Runs alternate (bare, stream, bare, stream, …) so drift hits both sides; figures are medians.
 *
 * Run: `node --import tsx bench/stream.ts [--runs 7] [--mb 20]`
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { createRegistry } from "../src/index.js";
import { createMemoryStorage } from "../src/storage/memory-storage.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = flag("runs", 7);
const MEGABYTES = flag("mb", 20);

function transcript(bytes: number): Buffer[] {
  const chunks: Buffer[] = [];
  let size = 0;
  let i = 0;
  const delta = "lorem ipsum dolor sit amet, consectetur adipiscing elit ";
  while (size < bytes) {
    const line = `data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${delta}${i++}"},"finish_reason":null}]}\n\n`;
    const buffer = Buffer.from(line);
    chunks.push(buffer);
    size += buffer.byteLength;
  }
  chunks.push(Buffer.from('data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'));
  chunks.push(Buffer.from('data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}\n\n'));
  chunks.push(Buffer.from("data: [DONE]\n\n"));
  return chunks;
}

async function listen(body: Buffer): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // 64 KiB writes, as a real server's socket would deliver them.
      for (let offset = 0; offset < body.byteLength; offset += 65536) res.write(body.subarray(offset, offset + 65536));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Run {
  ms: number;
  firstMs: number;
  chars: number;
  peakRssGrowth: number;
}

function sampler(): { stop(): number } {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak - base;
    },
  };
}

async function bare(url: string): Promise<Run> {
  const memory = sampler();
  const started = performance.now();
  let firstMs = -1;
  let chars = 0;
  const response = await fetch(`${url}/v1/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-bench", "content-type": "application/json" }, body: JSON.stringify({ model: "m", stream: true }) });
  const parser = createParser({
    onEvent(event) {
      if (event.data === "[DONE]") return;
      const chunk = JSON.parse(event.data) as { choices: Array<{ delta: { content?: string } }> };
      const text = chunk.choices[0]?.delta.content;
      if (text) {
        if (firstMs < 0) firstMs = performance.now() - started;
        chars += text.length;
      }
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  const ms = performance.now() - started;
  return { ms, firstMs, chars, peakRssGrowth: memory.stop() };
}

async function viaRegistry(registry: ReturnType<typeof createRegistry>): Promise<Run> {
  const memory = sampler();
  const started = performance.now();
  let firstMs = -1;
  let chars = 0;
  let done = false;
  for await (const event of registry.stream("bench/m", { messages: [{ role: "user", content: "go" }], maxTokens: 100 })) {
    if (event.type === "text") {
      if (firstMs < 0) firstMs = performance.now() - started;
      chars += event.delta.length;
    } else if (event.type === "error") throw event.error;
    else if (event.type === "done") done = true;
  }
  if (!done) throw new Error("stream() ended without done");
  const ms = performance.now() - started;
  return { ms, firstMs, chars, peakRssGrowth: memory.stop() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const body = Buffer.concat(transcript(MEGABYTES * 1024 * 1024));
  const { url, server } = await listen(body);
  const storage = createMemoryStorage({
    "models.json": JSON.stringify({ providers: { bench: { baseUrl: `${url}/v1`, api: "openai-completions", apiKey: "sk-bench", models: [{ id: "m" }] } } }),
  });
  const registry = createRegistry({ storage });
  // Warm both paths (module loading, JIT) before measuring.
  await bare(url);
  await viaRegistry(registry);
  const runs: { bare: Run[]; stream: Run[] } = { bare: [], stream: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.bare.push(await bare(url));
    runs.stream.push(await viaRegistry(registry));
  }
  server.close();
  const mb = body.byteLength / (1024 * 1024);
  const bareMs = median(runs.bare.map((r) => r.ms));
  const streamMs = median(runs.stream.map((r) => r.ms));
  const bareFirst = median(runs.bare.map((r) => r.firstMs));
  const streamFirst = median(runs.stream.map((r) => r.firstMs));
  const growth = median(runs.stream.map((r) => r.peakRssGrowth)) / (1024 * 1024);
  const bareGrowth = median(runs.bare.map((r) => r.peakRssGrowth)) / (1024 * 1024);
  if (runs.stream[0]!.chars !== runs.bare[0]!.chars) throw new Error(`text differs: ${runs.stream[0]!.chars} vs ${runs.bare[0]!.chars} chars`);
  const ratio = bareMs / streamMs;
  const firstOver = streamFirst - bareFirst;
  console.log(`stream() vs bare fetch + eventsource-parser, ${mb.toFixed(1)} MB SSE, ${RUNS} alternating runs (medians)`);
  console.log(`  throughput      bare ${(mb / (bareMs / 1000)).toFixed(1)} MB/s   stream() ${(mb / (streamMs / 1000)).toFixed(1)} MB/s   ratio ${ratio.toFixed(2)}×  (target ≥ 0.80×) ${ratio >= 0.8 ? "ok" : "MISSED"}`);
  console.log(`  first event     bare ${bareFirst.toFixed(2)} ms   stream() ${streamFirst.toFixed(2)} ms   over bare ${firstOver.toFixed(2)} ms  (target ≤ 1 ms) ${firstOver <= 1 ? "ok" : "MISSED"}`);
  console.log(`  peak RSS growth bare ${bareGrowth.toFixed(1)} MiB   stream() ${growth.toFixed(1)} MiB  (target < 10 MiB) ${growth < 10 ? "ok" : "MISSED"}`);
}

await main();
