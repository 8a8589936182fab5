import { describe, expect, it } from "vitest";
import { createPluginManifests } from "../../src/plugins/plugin-manifests.js";
import { parsePluginManifest } from "../../src/plugins/parse-plugin-manifest.js";

const provider = (id: string) => ({ id, name: id, baseUrl: "https://example.test/v1", auth: { type: "apiKey", env: "EXAMPLE_KEY" } });
const NONE = { enabled: [], disabled: [] };

describe("enabledByDefault in a manifest", () => {
  it("is read, defaults to true, and must be a boolean", () => {
    expect(parsePluginManifest({ name: "p", x: { enabledByDefault: false, providers: [provider("a")] } }, { manifestKey: "x" })).toMatchObject({
      name: "p",
      enabledByDefault: false,
      diagnostics: [],
    });
    expect(parsePluginManifest({ name: "p", x: { providers: [] } }, { manifestKey: "x" }).enabledByDefault).toBe(true);
    const bad = parsePluginManifest({ name: "p", x: { enabledByDefault: "no", providers: [provider("a")] } }, { manifestKey: "x" });
    expect(bad.providers).toEqual([]);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["manifest_invalid"]);
  });

  it("warns when a plugin that ships disabled has no name to enable it by", () => {
    const result = parsePluginManifest({ x: { enabledByDefault: false, providers: [provider("a")] } }, { manifestKey: "x" });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["plugin_unnamed"]);
  });
});

describe("createPluginManifests: plugins() and gate()", () => {
  const manifests = createPluginManifests({
    manifestKey: "x",
    plugins: [
      { name: "first", x: { enabledByDefault: false, providers: [provider("shared"), provider("only-first")] } },
      { name: "second", x: { providers: [provider("shared"), provider("only-second")] } },
      { name: "first", x: { enabledByDefault: false, providers: [provider("copy")] } },
      { name: "no-manifest" },
    ],
  });

  it("lists the bundled plugins, then each named package with a manifest once", () => {
    expect(manifests.plugins().map((p) => [p.name, p.source, p.enabledByDefault, p.providers])).toEqual([
      ["google-antigravity-auth", "bundled", false, ["google-antigravity"]],
      ["google-gemini-cli-auth", "bundled", false, ["google-gemini-cli"]],
      ["qwen-portal-auth", "bundled", false, ["qwen-portal"]],
      ["first", "package", false, ["shared", "only-first", "copy"]],
      ["second", "package", true, ["shared", "only-second"]],
    ]);
  });

  it("gates a provider by the first plugin that declares it, as the catalog does", () => {
    const off = manifests.gate(NONE);
    expect(Object.fromEntries(off.disabled)).toEqual({
      "google-antigravity": "google-antigravity-auth",
      "google-gemini-cli": "google-gemini-cli-auth",
      "qwen-portal": "qwen-portal-auth",
      shared: "first",
      "only-first": "first",
      copy: "first",
    });
    expect([...off.bundled]).toEqual(["google-antigravity", "google-gemini-cli", "qwen-portal"]);
    const on = manifests.gate({ enabled: ["first", "qwen-portal-auth"], disabled: ["second"] });
    expect(Object.fromEntries(on.disabled)).toEqual({
      "google-antigravity": "google-antigravity-auth",
      "google-gemini-cli": "google-gemini-cli-auth",
      "only-second": "second",
    });
    expect(manifests.gate({ enabled: ["first", "qwen-portal-auth"], disabled: ["second"] })).toBe(on);
  });
});
