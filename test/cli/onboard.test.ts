import { describe, expect, it } from "vitest";
import { authListCommand } from "../../src/cli/commands/auth-list.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { onboardCommand, type OnboardOutput } from "../../src/cli/commands/onboard.js";
import { tiersCommand } from "../../src/cli/commands/tiers.js";
import { createRegistry } from "../../src/index.js";
import { createFakeProvider } from "../../src/testing/index.js";
import { fakeCli, type CliRun } from "./fake-io.js";

const KEY = "sk-test-abcdefghijklmnopqrstuv1234";

/** Every line of both streams fits the screen (escape codes and progress-line rewrites aside). */
function expectFits(run: CliRun, columns = 80): void {
  for (const stream of [run.stdout, run.stderr]) {
    for (const raw of stream.split("\n")) {
      const line = raw.split("\r").pop()!.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
      expect(line.length, `too wide: ${JSON.stringify(line)}`).toBeLessThanOrEqual(columns);
    }
  }
}

function expectNoKey(run: CliRun, key = KEY): void {
  expect(run.stdout + run.stderr).not.toContain(key);
  expect(run.stdout + run.stderr).not.toContain(key.slice(3, 20));
}

/** Wrapped output as one line, for phrases that may break across lines. */
function flat(text: string): string {
  return text.replace(/\n\s*/g, " ");
}

function openaiFake(apiKey = KEY) {
  return createFakeProvider({ kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", models: ["gpt-5"], apiKey });
}

describe("model-registry onboard, without a terminal (flags)", () => {
  it("an OpenAI key from stdin: stored, tested, HIGH set; status and tiers show it; the key is never printed", async () => {
    const fake = openaiFake();
    const cli = fakeCli({ stdin: `${KEY}\n`, registry: { fetch: fake.fetch }, columns: 80 });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key", "--model", "openai/gpt-5", "--thinking", "high");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("credential openai:default: …1234");
    expect(run.stdout).toContain("OpenAI is healthy");
    expect(run.stdout).toContain("HIGH: openai/gpt-5, thinking high");
    expectNoKey(run);
    expectFits(run);
    expect(String(await cli.storage.get("auth.json"))).toContain(KEY);

    const tiers = await cli.run("tiers", "--json");
    const high = (tiersCommand.output.parse(JSON.parse(tiers.stdout)) as Array<{ tier: string }>).find((t) => t.tier === "HIGH");
    expect(high).toMatchObject({ model: "openai/gpt-5", thinking: { effective: "high" }, source: "saved", usable: true });
    const tiersText = await cli.run("tiers");
    expect(tiersText.stdout).toMatch(/HIGH\s+openai\/gpt-5\s+high\s+saved/);
    expectFits(tiersText);

    if (COMMANDS.some((c) => c.path.join(" ") === "status")) {
      const status = await cli.run("status", "--provider", "openai");
      expect(status.stdout).toContain("openai");
      expectNoKey(status);
      expectFits(status);
    }
    // What `status` shows, from the registry over the same storage: healthy, from the stored key.
    const [report] = await createRegistry({ storage: cli.storage, env: {}, fetch: fake.fetch }).getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ providerId: "openai", status: "healthy" });
    const list = await cli.run("auth", "list", "--json");
    expect(authListCommand.output.parse(JSON.parse(list.stdout))).toEqual([expect.objectContaining({ id: "openai:default", masked: "…1234" })]);
  });

  it("--json: what was stored (masked), the check, the tiers set — valid against the output schema", async () => {
    const cli = fakeCli({ stdin: KEY, registry: { fetch: openaiFake().fetch } });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key", "--key-stdin", "--model", "gpt-5", "--thinking", "low", "--tier", "med", "--json");
    expect(run.code).toBe(0);
    const out = (onboardCommand.output.parse(JSON.parse(run.stdout)) as OnboardOutput);
    expect(out).toEqual({
      provider: "openai",
      method: { id: "api-key", kind: "apiKey", label: "API key" },
      stored: expect.objectContaining({ id: "openai:default", type: "apiKey", source: "stored", masked: "…1234", state: "ok" }),
      local: null,
      check: { outcome: "ok", healthy: true, reachable: true, errorKind: null, message: null, modelCount: 1 },
      tiers: [{ tier: "MED", model: "openai/gpt-5", thinking: "low", warnings: [] }],
    });
    expectNoKey(run);
  });

  it("without a terminal and without --auth-choice: a usage error explaining the flags", async () => {
    const run = await fakeCli({ stdin: KEY, columns: 80 }).run("onboard");
    expect(run.code).toBe(2);
    const text = flat(run.stderr);
    expect(text).toContain("--auth-choice openai-api-key");
    expect(text).toContain("--model");
    expect(text).toContain("--url");
    expectFits(run);
    const flagsOnly = await fakeCli({ stdin: KEY }).run("onboard", "--model", "openai/gpt-5");
    expect(flagsOnly.code).toBe(2);
    expect(flagsOnly.stderr).toContain("Expected --auth-choice with --model");
  });

  it("an unknown --auth-choice: did-you-mean and the valid names (Mayros' among them), exit 2", async () => {
    const run = await fakeCli({ columns: 80 }).run("onboard", "--auth-choice", "opnai-api-key");
    expect(run.code).toBe(2);
    const text = flat(run.stderr);
    expect(text).toContain('Did you mean "openai-api-key"?');
    for (const name of ["token", "gemini-api-key", "zai-api-key", "opencode-zen", "ai-gateway-api-key", "minimax-api", "ollama"]) expect(text).toContain(name);
    expectFits(run);
    const json = await fakeCli().run("onboard", "--auth-choice", "nope", "--json");
    expect(JSON.parse(json.stdout).error.code).toBe("cli_usage");
  });

  it("Mayros' names map to the provider and setup method", async () => {
    const cases: Array<[string, string, string, "apiKey" | "token"]> = [
      ["token", "anthropic", "token", "token"],
      ["anthropic-api-key", "anthropic", "api-key", "apiKey"],
      ["gemini-api-key", "google", "gemini-api-key", "apiKey"],
      ["zai-api-key", "zai", "global-api-key", "apiKey"],
      ["opencode-zen", "opencode", "api-key", "apiKey"],
      ["ai-gateway-api-key", "vercel-ai-gateway", "api-key", "apiKey"],
      ["huggingface-api-key", "huggingface", "token", "token"],
      ["volcengine-api-key", "volcengine", "api-key", "apiKey"],
      ["byteplus-api-key", "byteplus", "api-key", "apiKey"],
      ["synthetic-api-key", "synthetic", "api-key", "apiKey"],
      ["minimax-api", "minimax", "api-key", "apiKey"],
      ["zai-coding-plan-cn", "zai", "coding-plan-cn", "apiKey"],
    ];
    for (const [choice, provider, method, type] of cases) {
      const cli = fakeCli({ stdin: KEY });
      const run = await cli.run("onboard", "--auth-choice", choice, "--no-check", "--json");
      expect(run.code, `${choice}: ${run.stdout}`).toBe(0);
      const out = (onboardCommand.output.parse(JSON.parse(run.stdout)) as OnboardOutput);
      expect(out, choice).toMatchObject({ provider, method: { id: method }, stored: { provider, type }, check: null });
      expect(String(await cli.storage.get("auth.json")), choice).toContain(`"${method}"`);
      expectNoKey(run);
    }
  });

  it("a thinking level the model does not support is refused before anything is stored, listing the supported ones", async () => {
    const cli = fakeCli({ stdin: KEY, columns: 80 });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key", "--model", "openai/gpt-5", "--thinking", "xhigh");
    expect(run.code).toBe(2);
    expect(flat(run.stderr)).toContain("minimal, low, medium, high");
    expectFits(run);
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("a --model the freshly tested provider does not list: did-you-mean, the setup kept, no tier set", async () => {
    const cli = fakeCli({ stdin: KEY, registry: { fetch: openaiFake().fetch }, columns: 80 });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key", "--model", "openai/gpt5", "--thinking", "high");
    expect(run.code).toBe(2);
    expect(flat(run.stderr)).toContain('Did you mean "openai/gpt-5"');
    expect(flat(run.stderr)).toContain("the setup is saved");
    expectFits(run);
    expect(String(await cli.storage.get("auth.json"))).toContain(KEY);
    expect(String((await cli.storage.get("settings.json")) ?? "")).not.toContain("gpt5");
  });

  it("empty stdin is a usage error; nothing stored", async () => {
    const cli = fakeCli({ stdin: "" });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key");
    expect(run.code).toBe(2);
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("a network error during the test does not fail the onboarding: saved, and it says so", async () => {
    const down = createFakeProvider({ kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", models: ["gpt-5"], failWith: "network" });
    const cli = fakeCli({ stdin: KEY, registry: { fetch: down.fetch }, columns: 80 });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key", "--model", "gpt-5", "--thinking", "high");
    expect(run.code).toBe(0);
    expect(flat(run.stdout)).toContain("could not be tested (network)");
    expect(flat(run.stdout)).toContain("The setup is saved");
    expect(run.stdout).toContain("HIGH: openai/gpt-5, thinking high");
    expectFits(run);
    const json = (onboardCommand.output.parse(JSON.parse((await cli.run("onboard", "--auth-choice", "openai-api-key", "--json")).stdout)) as OnboardOutput);
    expect(json.check).toMatchObject({ outcome: "error", healthy: false, reachable: false, errorKind: "network" });
  });

  it("a rejected key: the problem is shown, exit 1", async () => {
    const cli = fakeCli({ stdin: KEY, registry: { fetch: openaiFake("sk-the-right-one-0000000000000").fetch }, columns: 80 });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("auth_invalid");
    expectNoKey(run);
    expectFits(run);
  });

  it("--no-check sends nothing", async () => {
    const fake = openaiFake();
    const cli = fakeCli({ stdin: KEY, registry: { fetch: fake.fetch } });
    const run = await cli.run("onboard", "--auth-choice", "openai-api-key", "--no-check");
    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });

  it("a local server: --url is written to models.json, the test lists its models, --model picks one", async () => {
    const ollama = createFakeProvider({ kind: "ollama", baseUrl: "http://gpu-box:11434", models: ["qwen3:8b"] });
    const cli = fakeCli({ registry: { fetch: ollama.fetch }, columns: 80 });
    const run = await cli.run("onboard", "--auth-choice", "ollama", "--url", "http://gpu-box:11434", "--model", "qwen3:8b", "--json");
    expect(run.code).toBe(0);
    const out = (onboardCommand.output.parse(JSON.parse(run.stdout)) as OnboardOutput);
    expect(out).toMatchObject({ provider: "ollama", stored: null, local: { baseUrl: "http://gpu-box:11434", written: true }, check: { healthy: true, modelCount: 1 } });
    expect(out.tiers).toEqual([expect.objectContaining({ tier: "HIGH", model: "ollama/qwen3:8b" })]);
    expect(String(await cli.storage.get("models.json"))).toContain("http://gpu-box:11434");
    const text = await cli.run("onboard", "--auth-choice", "ollama", "--url", "http://gpu-box:11434");
    expect(text.code).toBe(0);
    expectFits(text);
  });

  it("--url where the method takes none, and a required URL missing, are usage errors", async () => {
    const cli = fakeCli({ stdin: KEY });
    expect((await cli.run("onboard", "--auth-choice", "openai-api-key", "--url", "http://x")).code).toBe(2);
    const custom = await cli.run("onboard", "--auth-choice", "custom");
    expect(custom.code).toBe(2);
    expect(custom.stderr).toContain("--url");
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("a sign-in choice without a registered OAuth flow: exit 1 with the clear message", async () => {
    const run = await fakeCli({ columns: 80 }).run("onboard", "--auth-choice", "openai-codex");
    expect(run.code).toBe(1);
    expect(flat(run.stderr)).toContain("needs an app that registers its OAuth flow");
    expectFits(run);
  });
});

describe("model-registry onboard, on a terminal", () => {
  it("provider → method → hidden key → test → a model and thinking level per tier (skip allowed)", async () => {
    const cli = fakeCli({
      tty: true,
      columns: 80,
      registry: { fetch: openaiFake().fetch },
      answers: ["openai", "api-key", KEY, "skip", "openai/gpt-5", "medium", "openai/gpt-5", "high"],
    });
    const run = await cli.run("onboard");
    expect(run.code).toBe(0);
    expect(cli.prompts).toEqual([
      "Which provider do you want to connect?",
      "How do you connect to OpenAI?",
      expect.stringContaining("hidden"),
      expect.stringContaining("LOW"),
      expect.stringContaining("MED"),
      expect.stringContaining("Thinking level for MED"),
      expect.stringContaining("HIGH"),
      expect.stringContaining("Thinking level for HIGH"),
    ]);
    expect(run.stderr).toContain("OpenAI is healthy");
    expect(run.stdout).toContain("MED: openai/gpt-5, thinking medium");
    expect(run.stdout).toContain("HIGH: openai/gpt-5, thinking high");
    expectNoKey(run);
    expectFits(run);
    const tiers = tiersCommand.output.parse(JSON.parse((await cli.run("tiers", "--json")).stdout)) as Array<{ tier: string; model: string | null; source: string }>;
    expect(tiers.find((t) => t.tier === "LOW")?.source).not.toBe("saved");
    expect(tiers.find((t) => t.tier === "HIGH")).toMatchObject({ model: "openai/gpt-5", source: "saved" });
  });

  it("offers only the chosen model's thinking levels", async () => {
    const cli = fakeCli({ tty: true, registry: { fetch: openaiFake().fetch }, answers: ["openai", "api-key", KEY, "skip", "skip", "openai/gpt-5", "xhigh"] });
    const run = await cli.run("onboard");
    // The scripted prompter refuses an answer that is not among the choices: xhigh is not offered for gpt-5.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"xhigh" is not a choice');
    expect(run.stderr).toContain("minimal, low, medium, high");
  });

  it("a local server: the URL by a text prompt (the preset's default offered), no key asked", async () => {
    const ollama = createFakeProvider({ kind: "ollama", baseUrl: "http://gpu-box:11434", models: ["qwen3:8b"] });
    const cli = fakeCli({ tty: true, columns: 80, registry: { fetch: ollama.fetch }, answers: ["ollama", "http://gpu-box:11434", "ollama/qwen3:8b", "skip", "skip"] });
    const run = await cli.run("onboard", "--json");
    expect(run.code).toBe(0);
    expect(cli.prompts[1]).toContain("Base URL of Ollama");
    const out = (onboardCommand.output.parse(JSON.parse(run.stdout)) as OnboardOutput);
    expect(out).toMatchObject({ provider: "ollama", local: { baseUrl: "http://gpu-box:11434", written: true }, check: { healthy: true } });
    expect(out.tiers).toEqual([expect.objectContaining({ tier: "LOW", model: "ollama/qwen3:8b" })]);
  });
});
