import { mkdtemp, readFile, rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Builds the core into a temporary directory (never the shared dist/, which may be stale or mid-build) with the
// same bundling settings as tsup.config.ts, then reads what `import "model-provider-registry"` would load.
let outDir: string;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split("/")[0]!]));

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), "mpr-core-build-"));
  await build({
    entry: { index: "src/index.ts", "node/index": "src/node/index.ts" },
    format: ["esm", "cjs"],
    outDir,
    dts: false,
    sourcemap: false,
    clean: false,
    silent: true,
    target: "node20",
    platform: "neutral",
    splitting: true,
    treeshake: true,
    // As the ESM build does: bundled dependencies must be free of node: imports too.
    noExternal: ["zod", "json5", "jsonc-parser"],
    config: false,
  });
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\1/g;

/** Every file the entry loads (following relative imports) and every non-relative specifier they name. */
async function closure(entry: string): Promise<{ files: string[]; specifiers: Map<string, string> }> {
  const files: string[] = [];
  const specifiers = new Map<string, string>();
  const queue = [path.join(outDir, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(SPECIFIER)) {
      const spec = match[2]!;
      if (spec.startsWith(".")) queue.push(path.resolve(path.dirname(file), spec));
      else specifiers.set(spec, path.basename(file));
    }
  }
  return { files, specifiers };
}

describe("core bundle purity", () => {
  for (const entry of ["index.js", "index.cjs"]) {
    it(`${entry} and its chunks import no Node built-in`, async () => {
      const { files, specifiers } = await closure(entry);
      expect(files.length).toBeGreaterThan(0);
      const offenders = [...specifiers].filter(([spec]) => spec.startsWith("node:") || BUILTINS.has(spec) || BUILTINS.has(spec.split("/")[0]!));
      expect(offenders, `Node built-ins reachable from ${entry}`).toEqual([]);
      // The runtime dependencies are the only packages the core may load.
      const packages = new Set([...specifiers.keys()].map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!)));
      for (const name of packages) expect(["zod", "ky", "eventsource-parser", "json5", "jsonc-parser"]).toContain(name);
    });
  }

  it("the node entry is where file storage lives (and it does load built-ins, so the check above can fail)", async () => {
    const { specifiers } = await closure("node/index.js");
    // tsup drops the node: prefix by default, so built-ins show up either way.
    expect([...specifiers.keys()].filter((s) => s.startsWith("node:") || BUILTINS.has(s))).toEqual(expect.arrayContaining(["fs/promises"]));
    const core = await closure("index.js");
    for (const file of core.files) expect(await readFile(file, "utf8")).not.toContain("createFileStorage");
  });
});
