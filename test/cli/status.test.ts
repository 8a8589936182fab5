import { describe, expect, it } from "vitest";
import { statusCommand } from "../../src/cli/commands/status.js";
import { createFakeProvider } from "../../src/testing/fake-provider.js";
import { fakeCli } from "./fake-io.js";
import { expectFits } from "./fits.js";

const ENV = { OPENAI_API_KEY: "sk-test-status-000000000000", ANTHROPIC_API_KEY: "sk-ant-test-status-0000000000", OPENROUTER_API_KEY: "sk-or-test-status-000000000" };

describe("model-registry status", () => {
  it("with nothing set up: one summary line, exit 0; --json has the summary and every report", async () => {
    const cli = fakeCli({ columns: 80 });
    const run = await cli.run("status");
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.stdout).toBe("No provider is set up. Run model-registry onboard or set e.g. OPENAI_API_KEY.\n");
    expectFits(run);
    const json = statusCommand.output.parse(JSON.parse((await cli.run("status", "--json")).stdout)) as { summary: string; providers: unknown[] };
    expect(json.summary).toContain("No provider is set up");
    expect(json.providers.length).toBeGreaterThan(10);
  });

  it("a table of the set-up providers, then each problem once (a shared one lists its providers), within 80 columns", async () => {
    const cli = fakeCli({ env: ENV, columns: 80 });
    await cli.storage.set("state.json", "{ truncated");
    const run = await cli.run("status");
    expect(run.code).toBe(0);
    expectFits(run);
    const [header, ...rows] = run.stdout.split("\n");
    expect(header).toMatch(/^PROVIDER\s+STATUS\s+CREDENTIAL\s+MODELS$/);
    expect(rows.filter((r) => /^(openai|anthropic|openrouter)\s/.test(r))).toHaveLength(3);
    expect(run.stdout).toMatch(/more providers are not set up/);
    // state.json damage is on every report: printed once; a problem several shown providers share names them.
    expect(run.stdout.split("\n").filter((l) => l.includes("state.json does not parse"))).toHaveLength(1);
    expect(run.stdout).not.toContain("sk-test-status");
    const json = statusCommand.output.parse(JSON.parse((await cli.run("status", "--json")).stdout)) as { summary: null; problems: Array<{ code: string; providers: string[] }> };
    expect(json.summary).toBeNull();
    expect(json.problems.filter((p) => p.code === "state_unreadable")).toHaveLength(1);
  });

  it("--provider filters (repeated or comma-separated); an unknown id is a usage error with did-you-mean", async () => {
    const cli = fakeCli({ env: ENV, columns: 80 });
    for (const argv of [["--provider", "openai", "--provider", "ollama"], ["--provider", "openai,ollama"]]) {
      const run = await cli.run("status", ...argv, "--json");
      expect(run.code).toBe(0);
      const json = statusCommand.output.parse(JSON.parse(run.stdout)) as { providers: Array<{ providerId: string }> };
      expect(json.providers.map((p) => p.providerId)).toEqual(["openai", "ollama"]);
    }
    const text = await cli.run("status", "--provider", "ollama");
    expect(text.stdout.split("\n").filter((l) => /^ollama\s+missing/.test(l))).toHaveLength(1);
    const unknown = await cli.run("status", "--provider", "opnai");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("openai");
    expectFits(unknown);
  });

  it("--check: a broken provider exits 1 with the recovery as a command; progress on stderr only on a TTY", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", apiKey: "sk-the-right-key-000000", models: ["gpt-5.4"], latencyMs: 500 });
    for (const tty of [true, false]) {
      const cli = fakeCli({ env: { OPENAI_API_KEY: "sk-wrong-key-0000000000" }, registry: { fetch: fake.fetch }, columns: 80, tty });
      const run = await cli.run("status", "--check", "--provider", "openai");
      expect(run.code).toBe(1);
      expect(run.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toMatch(/^openai\s+broken_invalid\s+OPENAI_API_KEY/m);
      expect(run.stdout).toContain("OPENAI_API_KEY");
      expect(run.stdout).not.toContain("sk-wrong");
      if (tty) expect(run.stderr).toContain("Checking openai…");
      else expect(run.stderr).toBe("");
      expectFits(run);
    }
  });
});
