import { describe, expect, it } from "vitest";
import { localAddCommand, localDetectCommand, localModelsCommand, localPresetsCommand, localRemoveCommand, localTestCommand } from "../../src/cli/commands/local.js";
import { createFakeProvider } from "../../src/testing/fake-provider.js";
import { fakeCli } from "./fake-io.js";
import { expectFits } from "./fits.js";

const MODELS = [
  { id: "qwen3-coder-30b-a3b-instruct-mlx-community-4bit-dwq-v2", contextWindow: 262144 },
  { id: "meta-llama-3.1-8b-instruct", contextWindow: 131072 },
  "text-embedding-nomic-embed-text-v1.5",
];

describe("model-registry local", () => {
  it("presets: a table within 80 columns; --json validates", async () => {
    const cli = fakeCli({ columns: 80 });
    const run = await cli.run("local", "presets");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ollama\s+http:\/\/127\.0\.0\.1:11434\s+ollama$/m);
    expectFits(run);
    const json = localPresetsCommand.output.parse(JSON.parse((await cli.run("local", "presets", "--json")).stdout)) as Array<{ id: string }>;
    expect(json.map((p) => p.id)).toContain("cloudflare-ai-gateway");
  });

  it("add → test → models → remove against a vLLM server; each --json validates", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", baseUrl: "http://127.0.0.1:8001/v1", models: MODELS });
    const cli = fakeCli({ columns: 80, registry: { fetch: fake.fetch } });
    const add = await cli.run("local", "add", "vllm", "--url", "http://127.0.0.1:8001/v1");
    expect(add.code).toBe(0);
    expect(add.stdout).toContain("Added vllm (vLLM) at http://127.0.0.1:8001/v1 to models.json.");
    expectFits(add);
    expect(JSON.parse((await cli.storage.get("models.json"))!).providers.vllm.baseUrl).toBe("http://127.0.0.1:8001/v1");

    const test = await cli.run("local", "test", "vllm");
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^✓ vllm at http:\/\/127\.0\.0\.1:8001\/v1: reachable, 3 models/);
    expectFits(test);
    localTestCommand.output.parse(JSON.parse((await cli.run("local", "test", "vllm", "--json")).stdout));

    const models = await cli.run("local", "models", "vllm");
    expect(models.code).toBe(0);
    expect(models.stdout).toContain("vllm: 3 models in models.json (3 new, 0 updated).");
    expectFits(models);
    const again = localModelsCommand.output.parse(JSON.parse((await cli.run("local", "models", "vllm", "--json")).stdout)) as { added: string[]; total: number };
    expect(again).toMatchObject({ added: [], total: 3 });

    const remove = await cli.run("local", "remove", "vllm", "--json");
    expect(localRemoveCommand.output.parse(JSON.parse(remove.stdout))).toEqual({ removed: "vllm" });
    expect(JSON.parse((await cli.storage.get("models.json"))!).providers.vllm).toBeUndefined();
    localAddCommand.output.parse(JSON.parse((await cli.run("local", "add", "lmstudio", "--id", "studio", "--json")).stdout));
  });

  it("test of a server that is down: exit 1 with what to do", async () => {
    const fake = createFakeProvider({ kind: "ollama", baseUrl: "http://127.0.0.1:11434", failWith: "network" });
    const cli = fakeCli({ columns: 80, registry: { fetch: fake.fetch } });
    await cli.run("local", "add", "ollama");
    const run = await cli.run("local", "test", "ollama");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ ollama at http:\/\/127\.0\.0\.1:11434: not reachable/);
    expect(run.stdout).toContain("  → ");
    expectFits(run);
  });

  it("usage errors: an unknown preset (did-you-mean), a preset without a URL, a bad --port", async () => {
    const cli = fakeCli({ columns: 80 });
    const unknown = await cli.run("local", "add", "olama");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "model-registry local add ollama"?');
    const noUrl = await cli.run("local", "add", "custom-openai");
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("--url");
    const port = await cli.run("local", "detect", "--port", "olama=11435");
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("local detect --port ollama=11434");
    const range = await cli.run("local", "detect", "--port", "vllm=99999");
    expect(range.code).toBe(2);
    for (const run of [unknown, noUrl, port, range]) expectFits(run);
    expect((await cli.run("local", "test")).code).toBe(2);
  });

  it("detect with --port (repeatable): finds the servers that answer; none: one hint line", async () => {
    const ollama = createFakeProvider({ kind: "ollama", baseUrl: "http://127.0.0.1:11435", models: ["qwen3:8b", "llama3.3:70b-instruct-q4_K_M"] });
    const cli = fakeCli({ columns: 80, tty: true, registry: { fetch: ollama.fetch } });
    const run = await cli.run("local", "detect", "--port", "ollama=11435", "--port", "lmstudio=1235");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ollama\s+http:\/\/127\.0\.0\.1:11435\s+2$/m);
    expect(run.stderr).toContain("Looking for local servers…");
    expectFits(run);
    const json = localDetectCommand.output.parse(JSON.parse((await cli.run("local", "detect", "--port", "ollama=11435", "--json")).stdout)) as Array<{ providerId: string; models: Array<{ id: string }> }>;
    expect(json).toEqual([expect.objectContaining({ providerId: "ollama", models: [expect.objectContaining({ id: "qwen3:8b" }), expect.objectContaining({ id: "llama3.3:70b-instruct-q4_K_M" })] })]);

    const none = await fakeCli({ columns: 80, registry: { fetch: createFakeProvider({ kind: "ollama", failWith: "network" }).fetch } }).run("local", "detect");
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No local server answered.");
    expectFits(none);
  });
});
