import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import configs from "../../tsup.config.js";

// Issue 9 item 22: `model-provider-registry/testing` must import in a host that has no msw (an optional peer
// dependency). Builds the package with the real tsup.config.ts into a temporary directory (never the shared dist/),
// then loads the built testing entry from a directory where msw cannot be resolved.
let outDir: string;
let hostDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), "mpr-testing-build-"));
  // Every config: the ESM build (with the CLI) and the CommonJS one are separate entries of tsup.config.ts.
  for (const config of (Array.isArray(configs) ? configs : [configs]) as Array<Parameters<typeof build>[0]>) {
    await build({ ...config, outDir, dts: false, sourcemap: false, clean: false, silent: true, config: false });
  }
  // A host with the runtime dependencies but without msw: a copy of the package, its deps linked, no msw anywhere up.
  hostDir = await mkdtemp(path.join(os.tmpdir(), "mpr-no-msw-host-"));
  const pkgDir = path.join(hostDir, "node_modules", "model-provider-registry");
  await cp(outDir, path.join(pkgDir, "dist"), { recursive: true });
  await cp("package.json", path.join(pkgDir, "package.json"));
  for (const dep of ["zod", "ky", "eventsource-parser", "json5", "jsonc-parser"]) {
    await cp(path.join("node_modules", dep), path.join(hostDir, "node_modules", dep), { recursive: true, dereference: true });
  }
}, 240_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

/** Static imports/requires of msw at the top level of a built file (a dynamic or guarded load is fine). */
function staticMswImports(code: string): string[] {
  return [
    ...code.matchAll(/^\s*import\s[^;]*?from\s*["']msw(?:\/[^"']*)?["']/gm),
    ...code.matchAll(/^\s*import\s*["']msw(?:\/[^"']*)?["']/gm),
    ...code.matchAll(/^(?:var|let|const)\s+\w+\s*=\s*(?:__toESM\()?require\(["']msw(?:\/[^"']*)?["']\)/gm),
  ].map((m) => m[0]);
}

describe("model-provider-registry/testing without msw", () => {
  it("the built testing entry has no static import of msw", async () => {
    for (const file of ["testing/index.js", "testing/index.cjs"]) {
      const code = await readFile(path.join(outDir, file), "utf8");
      expect(staticMswImports(code), file).toEqual([]);
    }
  });

  it("imports (ESM and CommonJS) where msw cannot be resolved; fake.fetch works, fake.handlers says what is missing", async () => {
    const script = (load: string) => `
      ${load}
      const clock = t.createFixedClock(0); clock.advance(5);
      const fake = t.createFakeProvider({ kind: "openai-compatible", models: ["gpt-5"], apiKey: "k" });
      const ok = await fake.fetch(fake.baseUrl + "/models", { headers: { authorization: "Bearer k" } });
      const body = await ok.json();
      let handlers = "built";
      try { fake.handlers; } catch (e) { handlers = e.code + ": " + e.recovery; }
      console.log(JSON.stringify({ now: clock.now(), status: ok.status, ids: body.data.map((m) => m.id), handlers }));`;
    const esm = path.join(hostDir, "check.mjs");
    await writeFile(esm, script('const t = await import("model-provider-registry/testing");'));
    const cjs = path.join(hostDir, "check.cjs");
    await writeFile(cjs, `(async () => { ${script('const t = require("model-provider-registry/testing");')} })().catch((e) => { console.error(e); process.exit(1); });`);
    expect(() => execFileSync(process.execPath, ["-e", 'require.resolve("msw")'], { cwd: hostDir, stdio: "pipe" })).toThrow();
    for (const file of [esm, cjs]) {
      const out = JSON.parse(execFileSync(process.execPath, [file], { cwd: hostDir, encoding: "utf8" }));
      expect(out).toMatchObject({ now: 5, status: 200, ids: ["gpt-5"] });
      expect(out.handlers).toMatch(/^msw_not_installed: Install msw/);
    }
  });
});
