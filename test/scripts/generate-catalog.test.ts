import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildSnapshotData, renderSnapshotModule } from "../../src/catalog/render-snapshot-module.js";
import { decodeSnapshotModel } from "../../src/catalog/snapshot-codec.js";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const small = (): Record<string, unknown> => JSON.parse(readFileSync(here("../fixtures/catalog/models-dev-small.json"), "utf8"));
const root = here("../..");

/** Rebuild an object with its keys in reverse order, recursively: same data, different input order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
  }
  return value;
}

describe("snapshot generator", () => {
  it("is deterministic: same input → byte-identical output, whatever the input key order", () => {
    const first = renderSnapshotModule(small());
    expect(renderSnapshotModule(small())).toBe(first);
    expect(renderSnapshotModule(reversed(small()))).toBe(first);
    expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no clock timestamps
  });

  it("maps models.dev provider ids to ours and drops providers we do not have", () => {
    const { providers, stamp } = buildSnapshotData(small());
    expect(Object.keys(providers)).toEqual([
      "anthropic",
      "azure-openai-responses",
      "kimi-coding",
      "moonshot",
      "openai",
      "together",
      "vercel-ai-gateway",
    ]);
    expect(stamp).toEqual({
      source: "models.dev",
      repo: "github.com/anomalyco/models.dev (formerly sst/models.dev)",
      commit: "f3fc692",
      date: "2026-07-02",
      providers: 7,
      models: 11,
    });
    expect(providers["openai"]!.map((row) => row[0])).toEqual(["gpt-4o", "gpt-5", "gpt-5.1-codex"]);
  });

  it("keeps unknown as null: zero limits, absent structured_output, absent cost; effort none → off", () => {
    const doc = {
      openai: {
        id: "openai",
        models: {
          a: { id: "a", name: "A", limit: { context: 0, output: 0 }, tool_call: false },
          b: {
            id: "b",
            reasoning: true,
            reasoning_options: [{ type: "effort", values: ["none", "low", "high", "default", null] }],
            cost: { input: 1, output: 2 },
            structured_output: false,
          },
        },
      },
    };
    const { providers, stamp } = buildSnapshotData(doc, { commit: "abcdef0123", date: "2026-01-02" });
    expect(stamp).toMatchObject({ repo: null, commit: "abcdef0", date: "2026-01-02", models: 2 });
    const [a, b] = providers["openai"]!.map(decodeSnapshotModel);
    expect(a!.metadata).toMatchObject({ name: "A", contextWindow: null, maxOutputTokens: null, tools: false, json: null, cost: null, reasoning: null });
    expect(b!.metadata).toMatchObject({
      json: false,
      thinkingLevels: ["off", "low", "high"],
      cost: { input: 1, output: 2, cacheRead: null, cacheWrite: null },
      tools: null,
    });
    expect(b!.reasoningOptions).toEqual([{ type: "effort", values: ["none", "low", "high", "default", null] }]);
  });

  it("rejects a document in neither models.dev shape", () => {
    expect(() => buildSnapshotData({ providers: 5 })).toThrow();
    expect(() => buildSnapshotData([1, 2])).toThrow();
  });

  it("matches the committed snapshot when regenerated from the full fixture", () => {
    const doc: unknown = JSON.parse(readFileSync(here("../fixtures/catalog/models-dev-mapped.json"), "utf8"));
    const committed = readFileSync(path.join(root, "src/catalog/snapshot-data.ts"), "utf8");
    expect(renderSnapshotModule(doc)).toBe(committed);
  });

  it("runs as a script and writes the same bytes as the in-process generator", () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "mpr-gen-")), "snapshot-data.ts");
    const input = here("../fixtures/catalog/models-dev-small.json");
    execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/generate-catalog.ts"), input, "--out", out], {
      cwd: root,
      stdio: "pipe",
    });
    expect(readFileSync(out, "utf8")).toBe(renderSnapshotModule(small()));
  }, 30_000);
});
