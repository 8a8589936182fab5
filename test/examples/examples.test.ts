import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const examples = readdirSync(path.join(root, "examples")).filter((f) => f.endsWith(".ts"));

// Examples are documentation that runs: each must finish on its own, offline, without an error.
describe("examples/", () => {
  it("has the quickstart that npm start runs", () => {
    expect(examples).toContain("quickstart.ts");
  });

  it.each(examples)("%s runs to completion without network", async (file) => {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", path.join("examples", file)], {
      cwd: root,
      timeout: 60_000,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "" },
    });
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/Error|Unhandled/);
  }, 90_000);
});
