import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePluginManifest } from "../../src/plugins/parse-plugin-manifest.js";
import { ProviderDefinitionSchema } from "../../src/schema/provider-definition.js";
import { DiagnosticSchema } from "../../src/schema/diagnostic.js";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/plugins/${name}/package.json`, import.meta.url)), "utf8"));

describe("parsePluginManifest", () => {
  it("reads the Alibaba Coding Plan manifest: provider, models and default tiers", () => {
    const result = parsePluginManifest(fixture("sero-alibaba-plugin"), { manifestKey: "sero" });
    expect(result.diagnostics).toEqual([]);
    expect(result.providers).toHaveLength(1);
    const provider = result.providers[0]!;
    const { models, package: pkg, ...definition } = provider;
    expect(ProviderDefinitionSchema.parse(definition)).toEqual(definition);
    expect(provider).toMatchObject({
      id: "alibaba-coding-plan",
      name: "Alibaba Coding Plan",
      api: "openai-completions",
      baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1",
      auth: [{ type: "apiKey", env: ["ALIBABA_CODING_PLAN_KEY"] }],
      setupMethods: ["API key"],
      legacy: false,
      order: null,
    });
    expect(pkg).toBe("sero-alibaba-plugin");
    expect(models.map((m) => m.id)).toEqual(["qwen3-coder-plus", "qwen3-max-2026-01-23", "qwen3.5-plus"]);
    // models.json-style maxTokens maps to maxOutputTokens; unstated fields stay absent (unknown), never false/0.
    expect(models[0]!.metadata).toEqual({
      name: "Qwen3 Coder Plus",
      contextWindow: 1000000,
      maxOutputTokens: 65536,
      reasoning: false,
      tools: true,
      input: ["text"],
    });
    expect(models[2]!.metadata.cost).toEqual({ input: 0, output: 0, cacheRead: null, cacheWrite: null });
    expect(result.defaultTiers).toEqual([
      { tier: "LOW", model: "alibaba-coding-plan/qwen3.5-plus", thinking: "off", package: "sero-alibaba-plugin" },
      { tier: "MED", model: "alibaba-coding-plan/qwen3-coder-plus", thinking: null, package: "sero-alibaba-plugin" },
      { tier: "HIGH", model: "alibaba-coding-plan/qwen3-max-2026-01-23", thinking: "high", package: "sero-alibaba-plugin" },
    ]);
  });

  it("reads nothing (and reports nothing) under another manifest key or without a manifest", () => {
    expect(parsePluginManifest(fixture("sero-alibaba-plugin"))).toEqual({
      name: "sero-alibaba-plugin",
      enabledByDefault: true,
      providers: [],
      defaultTiers: [],
      diagnostics: [],
    });
    expect(parsePluginManifest(fixture("no-manifest"), { manifestKey: "sero" })).toEqual({
      name: expect.any(String),
      enabledByDefault: true,
      providers: [],
      defaultTiers: [],
      diagnostics: [],
    });
  });

  it("skips a manifest with a newer schemaVersion as incompatible", () => {
    const result = parsePluginManifest(fixture("newer-manifest"), { manifestKey: "sero" });
    expect(result.providers).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "manifest_incompatible",
      path: ["sero", "schemaVersion"],
      found: "2",
      source: "newer-manifest",
    });
  });

  it("keeps the good provider of a mixed manifest and explains every skipped one", () => {
    const result = parsePluginManifest(fixture("mixed-providers"), { manifestKey: "sero" });
    expect(result.providers.map((p) => p.id)).toEqual(["good-one"]);
    expect(result.providers[0]!.api).toBe("openai-completions");
    expect(result.providers[0]!.models.map((m) => m.id)).toEqual(["g-1"]);
    for (const d of result.diagnostics) expect(DiagnosticSchema.parse(d)).toEqual(d);
    const codes = result.diagnostics.map((d) => [d.code, d.path.join(".")]);
    expect(codes).toEqual([
      ["model_invalid", "sero.providers.0.models.1"],
      ["provider_invalid", "sero.providers.1"],
      ["provider_incompatible", "sero.providers.2.api"],
      ["provider_incompatible", "sero.providers.3.auth"],
      ["provider_conflict", "sero.providers.4.id"],
      ["provider_invalid", "sero.providers.5"],
      ["tiers_invalid", "sero.tiers"],
    ]);
    expect(result.diagnostics[2]!.message).toContain('"grpc-stream"');
    expect(result.diagnostics[4]!.message).toContain("built-in provider");
  });

  it("never throws on malformed input", () => {
    const inputs: unknown[] = [null, undefined, 42, "pkg", [], { sero: null }, { sero: "x" }, { sero: { providers: "x" } },
      { sero: { providers: [null, 1, { id: 5 }] } }, { sero: { providers: [], tiers: 7 } }];
    for (const input of inputs) {
      const result = parsePluginManifest(input, { manifestKey: "sero" });
      expect(result.providers).toEqual([]);
    }
    expect(parsePluginManifest(null).diagnostics[0]!.code).toBe("manifest_invalid");
    expect(parsePluginManifest({ sero: { providers: "x" } }, { manifestKey: "sero" }).diagnostics[0]!.code).toBe("manifest_invalid");
  });

  it("qualifies bare tier models with the declaring provider and rejects malformed tier refs", () => {
    const pkg = {
      name: "t",
      modelRegistry: {
        providers: [{ id: "p1", name: "P1", tiers: [{ tier: "HIGH", model: "/broken" }] }],
        tiers: { LOW: { model: "Z.AI/glm-4.7", thinking: "low" } },
      },
    };
    const result = parsePluginManifest(pkg);
    expect(result.defaultTiers).toEqual([{ tier: "LOW", model: "zai/glm-4.7", thinking: "low", package: "t" }]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["tiers_invalid"]);
  });
});
