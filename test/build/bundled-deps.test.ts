import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import configs from "../../tsup.config.js";

// The ESM build bundles zod, json5 and jsonc-parser (cold start); this builds it with tsup.config.ts's own ESM options
// into a temporary directory and checks both what that means and what it must not break: the exported schemas are
// another copy of zod, and must still compose with the host's.
let outDir: string;
const esm = (configs as Options[]).find((c) => Array.isArray(c.format) && c.format.includes("esm"))!;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), "mpr-esm-build-"));
  await build({ ...esm, entry: { index: "src/index.ts" }, outDir, dts: false, clean: false, silent: true, config: false });
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("the ESM build", () => {
  it("imports no zod, json5 or jsonc-parser at run time: they are bundled", async () => {
    const files = (await readdir(outDir)).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(1);
    const imported = new Set<string>();
    for (const file of files) {
      const text = await readFile(path.join(outDir, file), "utf8");
      for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"'./][^"']*)["']/g)) imported.add(m[1]!);
    }
    for (const dep of ["zod", "json5", "jsonc-parser"]) expect([...imported].filter((i) => i === dep || i.startsWith(`${dep}/`))).toEqual([]);
  });

  it("exports zod schemas that compose with the host's own zod", async () => {
    const core = (await import(pathToFileURL(path.join(outDir, "index.js")).href)) as typeof import("../../src/index.js");
    const wrapped = z.object({ config: core.ModelsJsonSchema, note: z.string() });
    expect(wrapped.safeParse({ config: { providers: {} }, note: "x" }).success).toBe(true);
    expect(wrapped.safeParse({ config: { providers: 5 }, note: "x" }).success).toBe(false);
    expect(core.ModelsJsonSchema instanceof z.ZodType).toBe(true);
    expect(core.ModelsJsonSchema.extend({ extra: z.string() }).safeParse({ providers: {}, extra: "y" }).success).toBe(true);
    expect((z.toJSONSchema(wrapped) as { properties: Record<string, { type?: string }> }).properties["config"]?.type).toBe("object");
  });
});
