import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BUILTIN_PROVIDERS, getBuiltinProvider } from "../../src/refs/builtin-providers.js";
import { CURATED_MODELS } from "../../src/catalog/curated-models.js";
import { loadBundledSnapshot } from "../../src/catalog/load-snapshot.js";
import { decodeSnapshotModel, encodeSnapshotModel, type SnapshotRow } from "../../src/catalog/snapshot-codec.js";
import { SNAPSHOT_JSON, SNAPSHOT_STAMP } from "../../src/catalog/snapshot-data.js";
import { ModelMetadataSchema } from "../../src/schema/model-metadata.js";
import { ApiKindSchema } from "../../src/schema/api-kind.js";

const SnapshotModelSchema = z.strictObject({
  id: z.string().min(1),
  metadata: ModelMetadataSchema.strict(),
  reasoningOptions: z.array(z.looseObject({ type: z.enum(["toggle", "effort", "budget_tokens"]) })).nullable(),
  status: z.enum(["alpha", "beta", "deprecated"]).nullable(),
  api: ApiKindSchema.nullable(),
  unsupportedSdk: z.string().nullable(),
});

describe("bundled snapshot", () => {
  it("is stamped with its source, commit and date", () => {
    expect(SNAPSHOT_STAMP).toMatchObject({ source: "models.dev", commit: "f3fc692", date: "2026-07-02" });
    const rows = JSON.parse(SNAPSHOT_JSON) as Record<string, SnapshotRow[]>;
    expect(SNAPSHOT_STAMP.providers).toBe(Object.keys(rows).length);
    expect(SNAPSHOT_STAMP.models).toBe(Object.values(rows).reduce((n, r) => n + r.length, 0));
  });

  it("validates every model against the metadata schema (validated here, not at load)", () => {
    let count = 0;
    for (const [provider, models] of loadBundledSnapshot()) {
      expect(getBuiltinProvider(provider), provider).toBeDefined();
      const ids = models.map((m) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(ids).size).toBe(ids.length);
      for (const model of models) {
        expect(SnapshotModelSchema.parse(model)).toEqual(model);
        count++;
      }
    }
    expect(count).toBe(SNAPSHOT_STAMP.models);
  });

  it("covers every provider that has a models.dev id and round-trips through the codec", () => {
    const snapshot = loadBundledSnapshot();
    for (const p of BUILTIN_PROVIDERS) if (p.modelsDevId) expect(snapshot.has(p.id), p.id).toBe(true);
    for (const models of snapshot.values()) for (const m of models) expect(decodeSnapshotModel(encodeSnapshotModel(m))).toEqual(m);
  });

  it("records a per-model api kind where a provider serves models over several protocols", () => {
    const opencode = new Map(loadBundledSnapshot().get("opencode")!.map((m) => [m.id, m]));
    expect(opencode.get("claude-opus-4-6")!.api).toBe("anthropic-messages");
    expect([...opencode.values()].filter((m) => m.api === "openai-responses").length).toBeGreaterThan(5);
    expect([...opencode.values()].some((m) => m.api === null)).toBe(true);
    expect(loadBundledSnapshot().get("openai")!.every((m) => m.api === null)).toBe(true);
  });

  it("decodes once and shares the result", () => {
    expect(loadBundledSnapshot()).toBe(loadBundledSnapshot());
  });

  it("keeps curated lists for providers models.dev lacks, under known providers", () => {
    for (const [provider, models] of Object.entries(CURATED_MODELS)) {
      expect(getBuiltinProvider(provider), provider).toBeDefined();
      for (const { id, ...rest } of models) {
        expect(id.length).toBeGreaterThan(0);
        ModelMetadataSchema.partial().strict().parse(rest);
      }
    }
    for (const id of ["volcengine", "volcengine-plan", "byteplus", "byteplus-plan", "qwen-portal"]) {
      expect(getBuiltinProvider(id)!.modelsDevId).toBeNull();
      expect(CURATED_MODELS[id]!.length).toBeGreaterThan(0);
    }
  });
});
