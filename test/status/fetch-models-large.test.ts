import { afterEach, describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { createMemoryStorage, createRegistry } from "../../src/index.js";
import { MAX_STORED_MODELS } from "../../src/schema/discovered.js";
import { sendJson, startRecordingServer, type RecordingServer } from "../transport/two-origins.js";

// local.fetchModels over a listing at the per-provider cap: one models.json edit per model used to re-parse and
// re-format the whole file each time (minutes for 5,000 models). The vitest timeout is the guard; no timing here.

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const id = (i: number) => `org/model-${String(i).padStart(5, "0")}`;

async function vllmServer(count: number): Promise<RecordingServer> {
  const body = { object: "list", data: Array.from({ length: count }, (_, i) => ({ id: id(i), object: "model", owned_by: "vllm", max_model_len: 32768 })) };
  const server = await startRecordingServer("127.0.0.1", (req, res) => (req.url === "/v1/models" ? sendJson(res, 200, body) : sendJson(res, 404, { error: "not found" })));
  servers.push(server);
  return server;
}

describe("local.fetchModels with a listing of 5,000 models", () => {
  it("adds every model in listing order and keeps comments, key order and unknown fields", async () => {
    const server = await vllmServer(MAX_STORED_MODELS);
    const before = [
      "{",
      "  // the GPU box",
      '  "providers": {',
      '    "big": {',
      `      "baseUrl": "${server.origin}/v1", // behind the VPN`,
      '      "api": "openai-completions",',
      '      "discovery": "vllm",',
      '      "x-team": "infra",',
      '      "models": [',
      '        { "id": "mine", "name": "Mine", "x-pin": true }, // curated',
      `        { "id": "${id(2)}", "name": "Two" }`,
      "      ]",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n");
    const storage = createMemoryStorage({ "models.json": before });
    const registry = createRegistry({ storage, env: {}, timeoutMs: 15_000 });

    const result = await registry.local.fetchModels("big");

    expect(result.added).toHaveLength(MAX_STORED_MODELS - 1);
    expect(result.added.slice(0, 3)).toEqual([id(0), id(1), id(3)]);
    expect(result.updated).toEqual([id(2)]);
    expect(result.notListed).toEqual(["mine"]);
    expect(result.total).toBe(MAX_STORED_MODELS + 1);

    const after = (await storage.get("models.json")) ?? "";
    // Everything before the list's last entry is untouched, comments and unknown fields included.
    expect(after.startsWith(before.slice(0, before.indexOf(`        { "id": "${id(2)}"`)))).toBe(true);
    const { config, diagnostics } = parseModelsJson(after);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const big = config.providers["big"] as Record<string, unknown> & { models: Array<Record<string, unknown>> };
    expect(Object.keys(big)).toEqual(["baseUrl", "api", "discovery", "x-team", "models"]);
    expect(big["x-team"]).toBe("infra");
    expect(big.models).toHaveLength(MAX_STORED_MODELS + 1);
    expect(big.models[0]).toEqual({ id: "mine", name: "Mine", "x-pin": true });
    // The user's name stays; the field it lacked is filled in.
    expect(big.models[1]).toEqual({ id: id(2), name: "Two", contextWindow: 32768 });
    expect(big.models.slice(2).map((m) => m["id"])).toEqual(result.added);
    expect(big.models[2]).toEqual({ id: id(0), contextWindow: 32768 });
    // Laid out like the rest of the file: one key per line, indented under the list.
    expect(after).toContain(`      "models": [\n        { "id": "mine", "name": "Mine", "x-pin": true }, // curated\n`);
    expect(after).toContain(`        {\n          "id": "${id(4999)}",\n          "contextWindow": 32768\n        }\n      ]\n    }\n  }\n}\n`);

    // A second fetch finds nothing new and leaves the file as it is.
    const again = await registry.local.fetchModels("big");
    expect(again).toMatchObject({ added: [], updated: [], total: MAX_STORED_MODELS + 1 });
    expect(await storage.get("models.json")).toBe(after);
  });
});
