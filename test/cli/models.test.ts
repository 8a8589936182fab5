import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";
import { expectFits, expectJsonSchema, OPENAI_KEY, parseOutput } from "./cli-checks.js";
import { fakeCli } from "./fake-io.js";

const run = promisify(execFile);

type Row = { ref: string; provider: string; offered: boolean; sourceMissing: boolean; problems: Array<{ code: string }> };

describe("model-registry models list", () => {
  it("lists the whole built-in catalog in lines that fit 80 columns: ref, context, max out, tools, reasoning, offered", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const run = await cli.run("models", "list");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines[0]).toMatch(/^MODEL\s+CONTEXT\s+MAX OUT\s+TOOLS\s+REASONING\s+OFFERED$/);
    expect(lines).toContainEqual(expect.stringMatching(/^openai\/gpt-5\s+400000\s+128000\s+yes\s+yes\s+yes$/));
    expectFits(run.stdout, 80);
    // A ref too long for its column keeps its provider and the end of the model id.
    const cut = lines.find((l) => l.startsWith("openrouter/…"));
    expect(cut).toBeDefined();
    expect(run.stdout).not.toContain(OPENAI_KEY);
  });

  it("fits a narrower screen too, and --wide shows whole refs and every column", async () => {
    const narrow = await fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 60 }).run("models", "list");
    expectFits(narrow.stdout, 60);
    const wide = await fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 }).run("models", "list", "--wide", "--json");
    const longest = (parseOutput("models list", wide.stdout) as Row[]).map((m) => m.ref).sort((a, b) => b.length - a.length)[0]!;
    const text = await fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 }).run("models", "list", "--wide");
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toMatch(/MODEL\s+NAME\s+API\s+CONTEXT\s+MAX OUT\s+INPUT\s+TOOLS\s+REASONING\s+COST IN\/OUT\s+OFFERED\s+WHY NOT/);
    expect(text.stdout).toContain(`${longest} `);
    expect(text.stdout).toMatch(/^openai\/gpt-5 .*minimal,low,medium,high/m);
  });

  it("bare `models` is `models list`; options before the word work too", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const list = await cli.run("models", "list", "--provider", "openai");
    expect(await cli.run("models", "--provider", "openai")).toEqual(list);
    expect(await cli.run("models", "--provider", "openai", "list")).toEqual(list);
  });

  it("--json validates against the output schema; --provider, --usable and --all filter as documented", async () => {
    expectJsonSchema("models list");
    expectJsonSchema("models");
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY } });
    const all = parseOutput("models list", (await cli.run("models", "list", "--all", "--json")).stdout) as Row[];
    const shown = parseOutput("models list", (await cli.run("models", "list", "--json")).stdout) as Row[];
    const registry = createRegistry({ storage: createMemoryStorage(), env: { OPENAI_API_KEY: OPENAI_KEY } });
    // --all is listModels() as it is; the default leaves out legacy providers', disabled plugins' and source-missing models.
    expect(all.map((m) => m.ref)).toEqual((await registry.listModels()).map((m) => m.ref));
    const hidden = all.filter((m) => !shown.some((s) => s.ref === m.ref));
    expect(hidden.length).toBeGreaterThan(0);
    for (const m of hidden) expect(m.sourceMissing || m.problems.some((p) => p.code === "legacy_provider" || p.code === "plugin_disabled"), m.ref).toBe(true);
    const usable = parseOutput("models list", (await cli.run("models", "list", "--usable", "--json")).stdout) as Row[];
    expect(usable.length).toBeGreaterThan(10);
    expect(usable.every((m) => m.offered && m.provider === "openai")).toBe(true);
    const anthropic = parseOutput("models list", (await cli.run("models", "--provider", "anthropic", "--json")).stdout) as Row[];
    expect(anthropic.length).toBeGreaterThan(0);
    expect(anthropic.every((m) => m.provider === "anthropic" && !m.offered)).toBe(true);
  });

  it("nothing usable: one line saying so, exit 0", async () => {
    const run = await fakeCli({ columns: 80 }).run("models", "list", "--usable");
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse((await fakeCli().run("models", "list", "--usable", "--json")).stdout)).toEqual([]);
  });

  it("an unknown provider exits 1 with did-you-mean in CLI terms; an unknown subcommand is a usage error", async () => {
    const run = await fakeCli({ columns: 80 }).run("models", "list", "--provider", "opnai");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('Did you mean "openai"?');
    expect(run.stderr).toContain("model-registry providers");
    expect(run.stderr).not.toContain("registry.listProviders()");
    expectFits(run.stderr);
    const json = await fakeCli().run("models", "list", "--provider", "opnai", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "unknown_provider" } });
    const typo = await fakeCli().run("models", "sett");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "model-registry models set"?');
    expect((await fakeCli().run("models", "list", "extra")).code).toBe(2);
  });

  it("models list | head -1: the first line, no stack trace (the real binary over a temporary home)", async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), "mr-cli-"));
    try {
      const cli = path.resolve("src/cli/index.ts");
      const { stdout, stderr } = await run("sh", ["-c", `"${process.execPath}" --import tsx "${cli}" models list | head -1`], {
        env: { ...process.env, MODEL_REGISTRY_HOME: home, COLUMNS: "80", OPENAI_API_KEY: OPENAI_KEY },
      });
      expect(stdout).toMatch(/^MODEL\s+CONTEXT/);
      expect(stdout.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toBe("");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe("model-registry models set", () => {
  it("saves a tier with the level asked for; tiers shows it", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const run = await cli.run("models", "set", "HIGH", "openai/gpt-5", "--thinking", "high");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("Saved tier HIGH: openai/gpt-5, thinking high");
    expectFits(run.stdout);
    const tiers = JSON.parse((await cli.run("tiers", "--json")).stdout) as Array<{ tier: string; model: string; thinking: { effective: string }; source: string }>;
    expect(tiers.find((t) => t.tier === "HIGH")).toMatchObject({ model: "openai/gpt-5", thinking: { effective: "high" }, source: "saved" });
  });

  it("without --thinking: the model's default level (else off); tier words in any case", async () => {
    expectJsonSchema("models set");
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY } });
    const registry = createRegistry({ storage: createMemoryStorage(), env: {} });
    const expected = (await registry.thinkingLevels("openai/gpt-5")).default;
    expect(expected).not.toBeNull();
    const json = parseOutput("models set", (await cli.run("models", "set", "med", "openai/gpt-5", "--json")).stdout);
    expect(json).toEqual({ kind: "tier", target: "MED", model: "openai/gpt-5", thinking: expected, warnings: [], suggestions: [] });
    // A model whose levels are unknown: "off".
    const unknown = parseOutput("models set", (await cli.run("models", "set", "LOW", "openai/gtp-5", "--json")).stdout) as { thinking: string };
    expect(unknown.thinking).toBe("off");
  });

  it("refuses a level the model does not support, listing the supported ones; nothing is saved (exit 1)", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const before = (await cli.run("tiers", "--json")).stdout;
    const run = await cli.run("models", "set", "HIGH", "openai/gpt-5", "--thinking", "xhigh");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/minimal, low, medium, high/);
    expectFits(run.stderr);
    const json = await cli.run("models", "set", "HIGH", "openai/gpt-5", "--thinking", "xhigh", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "thinking_unsupported", message: expect.stringContaining("minimal, low, medium, high") } });
    expect((await cli.run("tiers", "--json")).stdout).toBe(before);
    expect(await cli.storage.get("settings.json")).toBeUndefined();
  });

  it("saves a role; --thinking with a role is a usage error and saves nothing", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const refused = await cli.run("models", "set", "task", "openai/gpt-5-mini", "--thinking", "low");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--thinking");
    expect(await cli.storage.get("settings.json")).toBeUndefined();
    const run = await cli.run("models", "set", "Primary", "z.ai/glm-4.7", "--json");
    expect(run.code).toBe(0);
    expect(parseOutput("models set", run.stdout)).toMatchObject({ kind: "role", target: "primary", model: "zai/glm-4.7", thinking: null });
    const registry = createRegistry({ storage: cli.storage, env: {} });
    expect((await registry.getRoles()).primary).toBe("zai/glm-4.7");
  });

  it("an unknown target word is a usage error with did-you-mean", async () => {
    const run = await fakeCli().run("models", "set", "hgh", "openai/gpt-5");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("models set HIGH openai/gpt-5");
    const role = await fakeCli().run("models", "set", "fallbak", "openai/gpt-5", "--json");
    expect(JSON.parse(role.stdout)).toMatchObject({ error: { code: "cli_usage", recovery: expect.stringContaining("fallback") } });
    expect((await fakeCli().run("models", "set", "HIGH")).code).toBe(2);
    expect((await fakeCli().run("models", "set", "HIGH", "openai/gpt-5", "extra")).code).toBe(2);
  });

  it("prints warnings wrapped to the screen, and did-you-mean for a model no source lists", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const noKey = await cli.run("models", "set", "LOW", "anthropic/claude-sonnet-4-5");
    expect(noKey.code).toBe(0);
    expect(noKey.stdout).toContain("warning:");
    expect(noKey.stdout).toContain("ANTHROPIC_API_KEY");
    expectFits(noKey.stdout);
    const typo = await cli.run("models", "set", "primary", "openai/gtp-5");
    expect(typo.code).toBe(0);
    expect(typo.stdout).toContain("Did you mean openai/gpt-5?");
    expectFits(typo.stdout);
    const json = parseOutput("models set", (await cli.run("models", "set", "primary", "openai/gtp-5", "--json")).stdout);
    expect(json).toMatchObject({ warnings: [{ code: "model_unknown" }], suggestions: ["openai/gpt-5"] });
  });
});
