import { afterEach, describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";
import { MAX_STORED_MODELS } from "../../src/schema/discovered.js";
import { sendJson, startRecordingServer, type RecordingServer } from "../transport/two-origins.js";

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An OpenAI-compatible server on 127.0.0.1 whose `/v1/models` lists `count` models (about 50 bytes each). */
async function listingServer(count: number): Promise<RecordingServer> {
  const body = { object: "list", data: Array.from({ length: count }, (_, i) => ({ id: `org/model-${String(i).padStart(6, "0")}`, object: "model", owned_by: "org" })) };
  const server = await startRecordingServer("127.0.0.1", (req, res) => (req.url === "/v1/models" ? sendJson(res, 200, body) : sendJson(res, 404, { error: "not found" })));
  servers.push(server);
  return server;
}

describe("stored listings are capped", () => {
  it("a 10 MB, 200,000-model listing keeps 5,000 models, a small state.json, and a listing_truncated problem", async () => {
    const server = await listingServer(200_000);
    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { big: { baseUrl: `${server.origin}/v1`, api: "openai-completions" } } }) });
    const registry = createRegistry({ storage, env: {}, timeoutMs: 15_000 });

    const [result] = await registry.check("big");
    expect(result).toMatchObject({ outcome: "ok", modelCount: MAX_STORED_MODELS });

    const state = (await storage.get("state.json")) ?? "";
    // 5,000 stored models with every metadata field spelled out: about 3 MB, against 113 MB before the cap.
    expect(state.length).toBeLessThan(5_000_000);
    const stored = JSON.parse(state) as { discovered: Record<string, { models: unknown[] }>; probes: Record<string, { truncatedFrom?: number }> };
    expect(stored.discovered["big"]?.models).toHaveLength(MAX_STORED_MODELS);
    expect(stored.probes["big"]?.truncatedFrom).toBe(200_000);

    const [report] = await registry.getStatus({ providers: ["big"] });
    const problem = report?.problems.find((p) => p.code === "listing_truncated");
    expect(problem).toMatchObject({ severity: "warning" });
    expect(problem?.message).toContain("kept 5,000 of 200,000");
    expect(problem?.recovery).toMatch(/models\.json/);
    expect((await registry.listModels({ provider: "big" })).filter((m) => m.provider === "big").length).toBeLessThanOrEqual(MAX_STORED_MODELS);
  });

  it("a listing under the cap is kept whole, with no problem", async () => {
    const server = await listingServer(3);
    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { small: { baseUrl: `${server.origin}/v1`, api: "openai-completions" } } }) });
    const registry = createRegistry({ storage, env: {}, timeoutMs: 5000 });
    const [result] = await registry.check("small");
    expect(result).toMatchObject({ outcome: "ok", modelCount: 3 });
    const [report] = await registry.getStatus({ providers: ["small"] });
    expect(report?.problems.map((p) => p.code)).not.toContain("listing_truncated");
    expect(JSON.parse((await storage.get("state.json")) ?? "{}").probes.small.truncatedFrom).toBeUndefined();
  });
});
