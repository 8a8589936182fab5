import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../../src/index.js";
import { expectFits, expectJsonSchema, OPENAI_KEY, parseOutput } from "./cli-checks.js";
import { fakeCli } from "./fake-io.js";

type Explained = { ref: string; offered: boolean; fields: Record<string, { value: unknown; source: string | null }>; reasons: Array<{ code: string }> };

const LONG_NAME = `A model with a display name far longer than any screen: ${"very ".repeat(20)}long`;
const MODELS_JSON = `{
  providers: {
    lab: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", models: [{ id: "m1", name: "${LONG_NAME}", contextWindow: 32000 }] },
  },
}`;

describe("model-registry explain", () => {
  it("prints every field with its source in lines that fit, and offered yes", async () => {
    expectJsonSchema("explain");
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const run = await cli.run("explain", "openai/gpt-5");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^contextWindow\s+400000\s+models\.dev \(snapshot\)$/m);
    expect(run.stdout).toMatch(/^api\s+openai-responses\s+builtin/m);
    expect(run.stdout).toContain("credentials: env (OPENAI_API_KEY)");
    expect(run.stdout).toMatch(/^offered: yes$/m);
    expect(run.stdout).not.toContain(OPENAI_KEY);
    expectFits(run.stdout, 80);
    const json = parseOutput("explain", (await cli.run("explain", "openai/gpt-5", "--json")).stdout) as Explained;
    expect(json).toMatchObject({ ref: "openai/gpt-5", offered: true, fields: { contextWindow: { value: 400000, source: "models.dev" } } });
  });

  it("not offered: the reasons, wrapped, with recoveries naming CLI commands", async () => {
    const run = await fakeCli({ columns: 80 }).run("explain", "anthropic/claude-sonnet-4-5");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^offered: no$/m);
    expect(run.stdout).toMatch(/^ {2}no_credentials: /m);
    expect(run.stdout).toContain("model-registry auth set-key anthropic");
    expect(run.stdout).not.toContain("registry.setApiKey");
    expectFits(run.stdout, 80);
  });

  it("cuts the value column to the screen unless --wide", async () => {
    const storage = createMemoryStorage({ "models.json": MODELS_JSON });
    const cli = fakeCli({ registry: { storage }, columns: 80 });
    const cut = await cli.run("explain", "lab/m1");
    expect(cut.code).toBe(0);
    expect(cut.stdout).toMatch(/^name\s+A model with a display name.*…\s+user \(models\.json\)$/m);
    expectFits(cut.stdout, 80);
    const wide = await cli.run("explain", "lab/m1", "--wide");
    expect(wide.stdout).toContain(LONG_NAME);
    expect(wide.stdout.split("\n")[1]).toMatch(/FIELD\s+VALUE\s+SOURCE\s+OVERRODE/);
  });

  it("an unknown model exits 1 with did-you-mean (openai/gtp-5 → openai/gpt-5), JSON error with --json", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: OPENAI_KEY }, columns: 80 });
    const run = await cli.run("explain", "openai/gtp-5");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Did you mean openai/gpt-5?");
    expectFits(run.stderr, 80);
    const json = await cli.run("explain", "openai/gtp-5", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "unknown_model", recovery: expect.stringContaining("openai/gpt-5") } });
  });

  it("an unknown provider exits 1 suggesting the ref under the provider meant", async () => {
    const cli = fakeCli({ columns: 80 });
    const run = await cli.run("explain", "opnai/gpt-5", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "unknown_provider", recovery: expect.stringContaining("Did you mean openai/gpt-5?") } });
    const both = await cli.run("explain", "opnai/gtp-5");
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("openai/gpt-5");
  });

  it("arity: no ref or two refs are usage errors", async () => {
    expect((await fakeCli().run("explain")).code).toBe(2);
    expect((await fakeCli().run("explain", "openai/gpt-5", "openai/gpt-4o")).code).toBe(2);
  });
});

describe("model-registry validate", () => {
  const REFERENCE = `{
  // a provider whose key comes from the environment of the machine the app runs on
  providers: {
    lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: "\${LMSTUDIO_KEY}", models: [{ id: "qwen3-8b" }] },
    relay: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", apiKey: { env: "RELAY_KEY" }, models: [{ id: "m1" }] },
  },
}`;

  it("an unset variable reference is a warning here, not an error: exit 0", async () => {
    expectJsonSchema("validate");
    const cli = fakeCli({ columns: 80, files: { "models.json": REFERENCE } });
    const run = await cli.run("validate", "models.json");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^models\.json:4:\d+ warning missing_env_var$/m);
    expect(run.stdout).toContain("LMSTUDIO_KEY");
    expect(run.stdout).toContain("RELAY_KEY");
    expect(run.stdout).toMatch(/models\.json: 2 providers \(lmstudio, relay\), 0 errors, 2 warnings/);
    expectFits(run.stdout, 80);
    const json = parseOutput("validate", (await cli.run("validate", "models.json", "--json")).stdout) as { errors: number; diagnostics: Array<{ code: string; severity: string }> };
    expect(json.errors).toBe(0);
    expect(json.diagnostics.filter((d) => d.code === "missing_env_var").map((d) => d.severity)).toEqual(["warning", "warning"]);
    // Set, the references resolve and nothing is reported about them.
    const set = await fakeCli({ env: { LMSTUDIO_KEY: "lm-studio", RELAY_KEY: "relay-key-0123456789" }, files: { "models.json": REFERENCE } }).run("validate", "models.json", "--json");
    expect((parseOutput("validate", set.stdout) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    expect(set.stdout).not.toContain("relay-key-0123456789");
  });

  it("errors are located (file:line:column), fitted to the screen, and exit 1", async () => {
    const text = `{\n  providers: {\n    broken: { baseUrl: 11434, api: "ollama", models: [{ id: "m" }] },\n  },\n}`;
    const cli = fakeCli({ columns: 80, files: { "conf/models.json": text } });
    const run = await cli.run("validate", "conf/models.json");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^conf\/models\.json:3:\d+ error \S+$/m);
    expect(run.stdout).toMatch(/^ {2}hint: /m);
    expectFits(run.stdout, 80);
    expectFits((await fakeCli({ columns: 50, files: { "conf/models.json": text } }).run("validate", "conf/models.json")).stdout, 50);
    const json = parseOutput("validate", (await cli.run("validate", "conf/models.json", "--json")).stdout) as { errors: number };
    expect(json.errors).toBeGreaterThan(0);
  });

  it("a file that cannot be read: exit 1 naming the path", async () => {
    const run = await fakeCli({ columns: 80 }).run("validate", "missing/models.json");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"missing/models.json"');
    expect(run.stderr.replace(/\s+/g, " ")).toContain("found no such file");
    const json = await fakeCli().run("validate", "missing/models.json", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "file_unreadable", message: expect.stringContaining("missing/models.json") } });
    expect((await fakeCli().run("validate")).code).toBe(2);
  });
});
