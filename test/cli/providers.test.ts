import { describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";
import { expectFits, expectJsonSchema, OPENAI_KEY, parseOutput } from "./cli-checks.js";
import { fakeCli } from "./fake-io.js";

type ProviderRow = { id: string; order: number | null; methods: Array<{ label: string }> };
type CustomRow = { provider: string; model: string; baseUrl: string | null; contextWindow: number | null; maxTokens: number | null; reasoning: boolean | null; tools: boolean | null; json: boolean | null; input: string[] | null; api: string | null };

describe("model-registry providers", () => {
  it("lists every provider in default order, fitted to 80 columns with the setup methods cut (…)", async () => {
    const run = await fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 }).run("providers");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const lines = run.stdout.trimEnd().split("\n");
    const registry = createRegistry({ storage: createMemoryStorage(), env: {} });
    const providers = await registry.listProviders();
    expect(lines).toHaveLength(providers.length + 1);
    expect(lines[0]).toMatch(/^#\s+ID\s+NAME\s+API\s+SETUP$/);
    expect(lines[1]).toMatch(/^1\s+openai\s+OpenAI\s+openai-responses\s+Sign in, API key$/);
    providers.forEach((p, i) => expect(lines[i + 1]!.split(/\s+/).includes(p.id) || lines[i + 1]!.includes(` ${p.id} `), p.id).toBe(true));
    expect(run.stdout).toContain("…");
    expectFits(run.stdout, 80);
    // `providers list` is the same command.
    expect(await fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 }).run("providers", "list")).toEqual(run);
  });

  it("fits narrower screens; --wide shows every setup method uncut", async () => {
    for (const columns of [60, 100]) expectFits((await fakeCli({ columns }).run("providers")).stdout, columns);
    const wide = await fakeCli({ columns: 80 }).run("providers", "--wide");
    expect(wide.code).toBe(0);
    expect(wide.stdout).toContain("Coding Plan Global, Coding Plan CN, Global API key, CN API key");
    expect(wide.stdout).not.toContain("…");
    expect(wide.stdout.split("\n").some((l) => l.length > 80)).toBe(true);
  });

  it("--json validates and keeps the default order; --connected-first puts usable providers first", async () => {
    expectJsonSchema("providers");
    expectJsonSchema("providers list");
    const env = { GROQ_API_KEY: "gsk-test-0123456789abcdefghij" };
    const registry = createRegistry({ storage: createMemoryStorage(), env });
    const cli = fakeCli({ env });
    const rows = parseOutput("providers list", (await cli.run("providers", "list", "--json")).stdout) as ProviderRow[];
    expect(rows.map((r) => r.id)).toEqual((await registry.listProviders()).map((p) => p.id));
    expect(rows[0]).toMatchObject({ id: "openai", order: 1 });
    const connected = parseOutput("providers", (await cli.run("providers", "--connected-first", "--json")).stdout) as ProviderRow[];
    expect(connected.map((r) => r.id)).toEqual((await registry.listProviders({ connectedFirst: true })).map((p) => p.id));
    expect(connected[0]!.id).toBe("groq");
    expect(JSON.stringify(connected)).not.toContain(env.GROQ_API_KEY);
  });

  it("a word that is no subcommand is a usage error naming the subcommands", async () => {
    const typo = await fakeCli().run("providers", "lst");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "model-registry providers list"?');
    const bare = await fakeCli().run("providers", "models");
    expect(bare.code).toBe(2);
    expect(bare.stderr.replace(/\s+/g, " ")).toContain("(list, add or remove)");
    expect((await fakeCli().run("providers", "--wdie")).code).toBe(2);
  });
});

describe("model-registry providers models list|add|remove (Fased's flags)", () => {
  const ADD = ["providers", "models", "add", "--provider", "custom", "--model", "my-local-model", "--base-url", "http://127.0.0.1:8000/v1", "--api", "openai-completions", "--context-window", "128000", "--max-tokens", "4096", "--reasoning", "--tools", "--json-mode"];

  it("adds a model to models.json, lists it, and explain reads it from there", async () => {
    for (const path of ["providers models list", "providers models add", "providers models remove"]) expectJsonSchema(path);
    const cli = fakeCli({ columns: 80 });
    const empty = await cli.run("providers", "models", "list");
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("providers models add");
    expectFits(empty.stdout);
    const added = await cli.run(...ADD);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toContain("Added custom/my-local-model");
    expectFits(added.stdout);
    const file = (await cli.storage.get("models.json")) ?? "";
    expect(JSON.parse(file)).toMatchObject({
      providers: { custom: { baseUrl: "http://127.0.0.1:8000/v1", models: [{ id: "my-local-model", contextWindow: 128000, maxTokens: 4096, reasoning: true, tools: true, json: true }] } },
    });
    const list = await cli.run("providers", "models", "list", "--wide");
    expect(list.stdout).toMatch(/^custom\/my-local-model\s+128000\s+4096\s+yes\s+yes\s+yes\s+http:\/\/127\.0\.0\.1:8000\/v1\s+openai-completions/m);
    expectFits((await cli.run("providers", "models", "list")).stdout);
    // A longer ref: model and base URL give way in turn, so the row still fits.
    await cli.run("providers", "models", "add", "--provider", "ollama", "--model", "qwen3:8b-instruct-q4_K_M-with-a-long-tag", "--context-window", "32768");
    const cut = await cli.run("providers", "models", "list");
    expect(cut.stdout).toMatch(/^ollama\/qwen3:8b-instr\S*…\s+32768\s+\?\s+\?\s+\?\s+\?\s+http:\/\/127\.0\S*…$/m);
    expectFits(cut.stdout);
    expect((await cli.run("providers", "models", "list", "--wide")).stdout).toContain("ollama/qwen3:8b-instruct-q4_K_M-with-a-long-tag ");
    const rows = parseOutput("providers models list", (await cli.run("providers", "models", "list", "--provider", "custom", "--json")).stdout) as CustomRow[];
    expect(rows).toEqual([expect.objectContaining({ provider: "custom", model: "my-local-model", contextWindow: 128000, maxTokens: 4096, reasoning: true, tools: true, json: true, api: "openai-completions" })]);
    const explained = await cli.run("explain", "custom/my-local-model");
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/contextWindow\s+128000\s+user \(models\.json\)/);
  });

  it("--json is machine output (Fased's --json is --json-mode); adding again updates; --no-tools records false", async () => {
    const cli = fakeCli();
    const first = parseOutput("providers models add", (await cli.run(...ADD, "--json")).stdout);
    expect(first).toMatchObject({ created: true, model: { json: true } });
    const again = await cli.run("providers", "models", "add", "--provider", "custom", "--model", "my-local-model", "--no-tools", "--input", "text,image", "--name", "My model", "--json");
    expect(parseOutput("providers models add", again.stdout)).toMatchObject({ created: false, model: { tools: false, input: ["text", "image"], name: "My model", contextWindow: 128000 } });
  });

  it("checks the flags before writing anything: usage errors exit 2", async () => {
    const cli = fakeCli({ columns: 80 });
    const cases: string[][] = [
      ["providers", "models", "add", "--model", "x"],
      ["providers", "models", "add", "--provider", "custom"],
      ["providers", "models", "add", "--provider", "custom", "--model", "x", "--context-window", "128k"],
      ["providers", "models", "add", "--provider", "custom", "--model", "x", "--max-tokens", "0"],
      ["providers", "models", "add", "--provider", "custom", "--model", "x", "--reasoning", "--no-reasoning"],
      ["providers", "models", "add", "--provider", "custom", "--model", "x", "--api", "openai-chat"],
      ["providers", "models", "remove", "--provider", "custom"],
      ["providers", "models", "list", "extra"],
    ];
    for (const argv of cases) {
      const run = await cli.run(...argv);
      expect(run.code, argv.join(" ")).toBe(2);
      expectFits(run.stderr);
    }
    expect(await cli.storage.get("models.json")).toBeUndefined();
    // A provider the registry cannot place without a URL: the registry's error, exit 1, nothing written.
    const noUrl = await cli.run("providers", "models", "add", "--provider", "my-gateway", "--model", "x", "--json");
    expect(noUrl.code).toBe(1);
    expect(JSON.parse(noUrl.stdout)).toMatchObject({ error: { code: "base_url_required" } });
    expect(await cli.storage.get("models.json")).toBeUndefined();
  });

  it("never prints a key carried in a base URL", async () => {
    const key = "qk-cli-0123456789abcdefghij";
    const cli = fakeCli({ columns: 80 });
    const added = await cli.run("providers", "models", "add", "--provider", "gw", "--model", "m1", "--base-url", `http://127.0.0.1:9/v1?key=${key}`, "--api", "openai-completions");
    expect(added.code).toBe(0);
    for (const run of [added, await cli.run("providers", "models", "list", "--wide"), await cli.run("providers", "models", "list", "--json")]) {
      expect(run.stdout + run.stderr).not.toContain(key);
    }
  });

  it("removes a model; removing one that is not there exits 1 and says how to list them", async () => {
    const cli = fakeCli({ columns: 80 });
    await cli.run(...ADD);
    const removed = await cli.run("providers", "models", "remove", "--provider", "custom", "--model", "my-local-model", "--json");
    expect(removed.code).toBe(0);
    expect(parseOutput("providers models remove", removed.stdout)).toEqual({ removed: true, provider: "custom", model: "my-local-model" });
    const again = await cli.run("providers", "models", "remove", "--provider", "custom", "--model", "my-local-model");
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("model-registry providers models list --provider custom");
    expectFits(again.stdout);
    expect(JSON.parse((await cli.run("providers", "models", "list", "--json")).stdout)).toEqual([]);
  });
});
