import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scanPluginDirs } from "../../src/node/scan-plugin-dirs.js";

const fixtures = fileURLToPath(new URL("../fixtures/plugins", import.meta.url));

describe("scanPluginDirs", () => {
  it("reads every package.json (scoped ones too), sorted, and reports the unparsable one", async () => {
    const result = await scanPluginDirs([fixtures]);
    const names = result.packages.map((p) => (p as { name: string }).name);
    expect(names).toEqual([
      "@acme/gateway-plugin",
      "mixed-providers",
      "newer-manifest",
      "no-manifest",
      "sero-alibaba-plugin",
    ]);
    expect(result.paths[0]).toBe(path.join(fixtures, "@acme", "gateway-plugin"));
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "plugin_unparsable", severity: "error" });
    expect(result.diagnostics[0]!.source).toBe(path.join(fixtures, "broken-json", "package.json"));
  });

  it("accepts a directory that is itself a package and skips missing directories", async () => {
    const result = await scanPluginDirs([path.join(fixtures, "sero-alibaba-plugin"), path.join(fixtures, "does-not-exist")]);
    expect(result.packages.map((p) => (p as { name: string }).name)).toEqual(["sero-alibaba-plugin"]);
    expect(result.diagnostics).toEqual([]);
  });

  it("ignores folders without a package.json and dot-folders", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mpr-plugins-"));
    mkdirSync(path.join(dir, "empty"));
    mkdirSync(path.join(dir, ".hidden"));
    writeFileSync(path.join(dir, ".hidden", "package.json"), '{"name":"hidden"}');
    mkdirSync(path.join(dir, "real"));
    writeFileSync(path.join(dir, "real", "package.json"), '{"name":"real"}');
    writeFileSync(path.join(dir, "loose-file.json"), "{}");
    const result = await scanPluginDirs([dir]);
    expect(result.packages).toEqual([{ name: "real" }]);
  });
});
