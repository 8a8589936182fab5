/**
 * Status in one screen: start a tiny OpenAI-compatible server on 127.0.0.1 (no network needed), register it as a
 * local provider, check it, and print every provider's status with the next step for the ones that need one.
 *
 *   node --import tsx examples/status.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRegistry, summarizeStatus } from "../src/index.js";

const server = createServer((req, res) => {
  if (req.url === "/v1/models") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: [{ id: "qwen3-8b", object: "model", owned_by: "vllm", max_model_len: 32768 }] }));
    return;
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

// An env key that is set but never verified (no network call is made for it in this example: we only check "my-vllm").
const registry = createRegistry({ env: { GROQ_API_KEY: "gsk_example_not_a_real_key" }, timeoutMs: 2000 });
registry.on("status", (e) => console.log(`status event: ${e.providerId} ${e.from ?? "(new)"} → ${e.to}`));

await registry.local.add({ preset: "vllm", id: "my-vllm", baseUrl });
const test = await registry.local.test("my-vllm");
console.log(`local.test: reachable=${test.reachable} flavour=${test.flavor} models=${test.modelCount} auth=${test.auth} ${test.latencyMs} ms\n`);

const reports = await registry.getStatus();
const shown = reports.filter((r) => r.status !== "missing").concat(reports.filter((r) => r.status === "missing").slice(0, 2));
for (const r of shown) {
  const check = r.lastCheck ? `checked: ${r.lastCheck.outcome}${r.lastCheck.errorKind ? ` (${r.lastCheck.errorKind})` : ""}` : "not checked";
  console.log(`${r.providerId.padEnd(12)} ${r.status.padEnd(15)} source=${r.credentialSource.padEnd(14)} models=${String(r.modelCount).padEnd(4)} ${check}`);
  for (const p of r.problems) console.log(`  - [${p.code}] ${p.message}\n    → ${p.recovery}`);
}
console.log(`… and ${reports.length - shown.length} more providers with status "missing".`);
console.log(`\nusable providers: ${summarizeStatus(reports).usable.join(", ")}`);

server.close();
