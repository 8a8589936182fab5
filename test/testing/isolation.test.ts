import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("the testing entry stays out of the core", () => {
  it("no module outside src/testing imports msw or the testing folder", () => {
    const offenders = files(src)
      .filter((f) => !f.includes(`${join("src", "testing")}`))
      .filter((f) => /from\s+["'](msw(\/node)?|[./]+testing\/[^"']*)["']/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the status and discovery modules import no node:* builtin and touch no process", () => {
    const core = [...files(join(src, "status")), ...files(join(src, "discovery")), ...files(join(src, "testing"))];
    const offenders = core.filter((f) => {
      const code = readFileSync(f, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
      return /from\s+["']node:/.test(code) || /\bprocess\./.test(code);
    });
    expect(offenders).toEqual([]);
  });
});
