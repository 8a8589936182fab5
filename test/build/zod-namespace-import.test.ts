import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `import { z } from "zod"` binds zod's namespace object, which holds every locale: a bundler then keeps all of them
// (about 370 KB minified on top of what the schemas use; bench/package-size.ts). `import * as z from "zod"` lets it
// keep only the functions a module calls. Type-only imports cost nothing and may stay.
const SRC = path.resolve(__dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.ts$/.test(name) ? [full] : [];
  });
}

describe("zod imports", () => {
  it("import zod as a namespace, never its z object", () => {
    const offenders = sourceFiles(SRC).filter((file) => /^\s*import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*["']zod["']/m.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
