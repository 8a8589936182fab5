import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { createMemoryStorage, createRegistry } from "../../src/index.js";

const MODELS_JSON = `{
  // one good local provider, one broken entry
  providers: {
    lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-completions", models: [{ id: "qwen3-8b" }] },
    broken: { baseUrl: 42 },
  },
}`;

function options(extra: Partial<Parameters<typeof runCommand>[3]> = {}) {
  return { json: false, check: false, usable: false, provider: undefined, readFile: () => MODELS_JSON, ...extra };
}

describe("model-registry CLI commands", () => {
  const registry = createRegistry({
    env: { OPENAI_API_KEY: "sk-test-cli-000000000000" },
    storage: createMemoryStorage({ "models.json": MODELS_JSON }),
  });

  it("lists providers in the default order", async () => {
    const { output, exitCode } = await runCommand(registry, "providers", [], options());
    expect(exitCode).toBe(0);
    const lines = output.trim().split("\n");
    expect(lines[0]).toMatch(/^#\s+ID\s+NAME/);
    expect(lines[1]).toMatch(/^1\s+openai\s+OpenAI/);
    expect(lines[2]).toMatch(/^2\s+anthropic/);
  });

  it("validates a models.json file and fails on errors with located diagnostics", async () => {
    const { output, exitCode } = await runCommand(registry, "validate", ["models.json"], options());
    expect(exitCode).toBe(1);
    expect(output).toContain("1 provider(s) loaded: lmstudio");
    expect(output).toMatch(/models\.json:\d+:\d+ error providers\.broken/);
  });

  it("prints JSON when asked", async () => {
    const { output } = await runCommand(registry, "models", [], options({ json: true, provider: "lmstudio" }));
    const models = JSON.parse(output) as Array<{ ref: string }>;
    expect(models.map((m) => m.ref)).toContain("lmstudio/qwen3-8b");
  });

  it("explains a model with sources, and reports status without leaking the env key", async () => {
    const explained = await runCommand(registry, "explain", ["lmstudio/qwen3-8b"], options());
    expect(explained.output).toContain("[user]");
    const status = await runCommand(registry, "status", [], options());
    expect(status.output).toMatch(/openai\s+env\s+OPENAI_API_KEY/);
    expect(status.output).not.toContain("sk-test-cli");
  });

  it("resolves tiers and rejects unknown commands with usage", async () => {
    const tiers = await runCommand(registry, "tiers", [], options());
    expect(tiers.output).toMatch(/^LOW /m);
    const unknown = await runCommand(registry, "frobnicate", [], options());
    expect(unknown.exitCode).toBe(2);
    expect(unknown.output).toContain("Commands:");
  });
});
