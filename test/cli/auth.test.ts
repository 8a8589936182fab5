import { describe, expect, it } from "vitest";
import { authListCommand } from "../../src/cli/commands/auth-list.js";
import { authLoginCommand } from "../../src/cli/commands/auth-login.js";
import { authPasteTokenCommand } from "../../src/cli/commands/auth-paste-token.js";
import { authRemoveCommand } from "../../src/cli/commands/auth-remove.js";
import { authSetKeyCommand } from "../../src/cli/commands/auth-set-key.js";
import type { CliIo } from "../../src/cli/cli-io.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { createRegistry } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import type { CredentialRow } from "../../src/cli/credential-input.js";
import { fakeCli, type CliRun } from "./fake-io.js";

const KEY = "sk-test-abcdefghijklmnopqrstuv1234";
const OTHER = "sk-other-zyxwvutsrqponmlkjihg5678";
const ENV_KEY = "sk-env-0123456789abcdefghijkl9999";

/** Every line of both streams fits the screen (escape codes and progress-line rewrites aside). */
function expectFits(run: CliRun, columns = 80): void {
  for (const stream of [run.stdout, run.stderr]) {
    for (const raw of stream.split("\n")) {
      const line = raw.split("\r").pop()!.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
      expect(line.length, `too wide: ${JSON.stringify(line)}`).toBeLessThanOrEqual(columns);
    }
  }
}

function expectNoSecret(run: CliRun, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
    // Nor a long piece of it.
    expect(run.stdout + run.stderr).not.toContain(secret.slice(3, 20));
  }
}

describe("model-registry auth set-key", () => {
  it("stores the key read from stdin (one trailing newline trimmed) and prints it masked", async () => {
    const cli = fakeCli({ stdin: `${KEY}\n`, columns: 80 });
    const run = await cli.run("auth", "set-key", "openai", "--label", "work");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("openai:work");
    expect(run.stdout).toContain("…1234");
    expectNoSecret(run, KEY);
    expectFits(run);
    const auth = String(await cli.storage.get("auth.json"));
    expect(auth).toContain(KEY);
    expect(auth).not.toContain(`${KEY}\\n`);
  });

  it("--json output validates against the command's schema", async () => {
    const cli = fakeCli({ stdin: KEY });
    const run = await cli.run("auth", "set-key", "openai", "--method", "api-key", "--json");
    expect(run.code).toBe(0);
    const out = authSetKeyCommand.output.parse(JSON.parse(run.stdout));
    expect(out).toMatchObject({ id: "openai:default", provider: "openai", type: "apiKey", source: "stored", masked: "…1234", state: "ok" });
    expectNoSecret(run, KEY);
  });

  it("asks with a hidden prompt on a terminal", async () => {
    const cli = fakeCli({ tty: true, answers: [KEY] });
    const run = await cli.run("auth", "set-key", "anthropic");
    expect(run.code).toBe(0);
    expect(cli.prompts).toEqual([expect.stringContaining("hidden")]);
    expectNoSecret(run, KEY);
    expect(String(await cli.storage.get("auth.json"))).toContain(KEY);
  });

  it("a key given as an argument is refused (exit 2) with the pipe hint, never stored or echoed", async () => {
    for (const json of [false, true]) {
      const cli = fakeCli({ columns: 80 });
      const run = await cli.run("auth", "set-key", "openai", KEY, ...(json ? ["--json"] : []));
      expect(run.code).toBe(2);
      expectNoSecret(run, KEY);
      if (!json) expectFits(run);
      const text = json ? JSON.parse(run.stdout).error.recovery : run.stderr.replace(/\n\s*/g, " ");
      expect(text).toContain('printf %s "$KEY" | model-registry auth set-key openai');
      expect(text).toContain("hidden prompt");
      if (json) expect(JSON.parse(run.stdout).error.code).toBe("cli_usage");
      expect(await cli.storage.get("auth.json")).toBeFalsy();
    }
  });

  it("a key typed where the provider goes is refused without repeating it", async () => {
    const cli = fakeCli({ stdin: "" });
    const run = await cli.run("auth", "set-key", KEY);
    expect(run.code).toBe(2);
    expectNoSecret(run, KEY);
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("a key among the arguments of a mistyped command or another command is not repeated either", async () => {
    const cli = fakeCli({ stdin: "" });
    for (const argv of [
      ["auth", "sett-key", "openai", KEY],
      ["auth", "login", "anthropic", KEY],
      ["auth", "remove", "openai", KEY],
      ["auth", "set-key", "openai", `--key=${KEY}`],
    ]) {
      for (const json of [[], ["--json"]]) {
        const run = await cli.run(...argv, ...json);
        expect(run.code, argv.join(" ")).toBeGreaterThan(0);
        expectNoSecret(run, KEY);
      }
    }
  });

  it("empty stdin is an error and stores nothing", async () => {
    const cli = fakeCli({ stdin: "\n" });
    const run = await cli.run("auth", "set-key", "openai");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("found nothing");
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("an unknown provider is the registry's error with did-you-mean (exit 1), before reading the key", async () => {
    const cli = fakeCli({ stdin: KEY });
    const run = await cli.run("auth", "set-key", "opnai", "--json");
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe("unknown_provider");
    expect(error.recovery).toContain('"openai"');
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("an unknown or sign-in --method is a usage error listing the methods", async () => {
    const cli = fakeCli({ stdin: KEY, columns: 80 });
    const unknown = await cli.run("auth", "set-key", "zai", "--method", "coding-plan");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("coding-plan-cn");
    expectFits(unknown);
    const oauth = await cli.run("auth", "set-key", "openai", "--method", "sign-in");
    expect(oauth.code).toBe(2);
    expect(oauth.stderr).toContain("model-registry auth login openai");
    expect(await cli.storage.get("auth.json")).toBeFalsy();
  });

  it("--method picks the setup method the key is stored for", async () => {
    const cli = fakeCli({ stdin: KEY });
    expect((await cli.run("auth", "set-key", "zai", "--method", "coding-plan-cn")).code).toBe(0);
    expect(String(await cli.storage.get("auth.json"))).toContain("coding-plan-cn");
  });
});

describe("model-registry auth paste-token", () => {
  it("stores a token from stdin (the provider's token method) and refuses one given as an argument", async () => {
    const cli = fakeCli({ stdin: `${KEY}\n` });
    const refused = await cli.run("auth", "paste-token", "anthropic", KEY);
    expect(refused.code).toBe(2);
    expectNoSecret(refused, KEY);
    expect(refused.stderr).toContain("auth paste-token anthropic");
    expect(await cli.storage.get("auth.json")).toBeFalsy();
    const run = await cli.run("auth", "paste-token", "anthropic", "--json");
    expect(run.code).toBe(0);
    expect(authPasteTokenCommand.output.parse(JSON.parse(run.stdout))).toMatchObject({ provider: "anthropic", type: "token", masked: "…1234" });
    expectNoSecret(run, KEY);
    expect(String(await cli.storage.get("auth.json"))).toContain('"token"');
  });
});

describe("model-registry auth login", () => {
  it("without a registered OAuth flow: exit 1, sign-in needs an app that registers it, or set-key/paste-token", async () => {
    const cli = fakeCli({ columns: 80 });
    const run = await cli.run("auth", "login", "anthropic");
    expect(run.code).toBe(1);
    const text = run.stderr.replace(/\n\s*/g, " ");
    expect(text).toContain("needs an app that registers its OAuth flow");
    expect(text).toContain("model-registry auth set-key anthropic");
    expect(text).toContain("model-registry auth paste-token anthropic");
    expectFits(run);
    const json = await cli.run("auth", "login", "openai-codex", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: "oauth_login_unavailable", message: expect.stringContaining("registers its OAuth flow") });
  });

  it("a provider of a disabled bundled auth plugin names `model-registry plugins enable <name>`", async () => {
    const run = await fakeCli({ columns: 80 }).run("auth", "login", "google-antigravity");
    expect(run.code).toBe(1);
    expect(run.stderr.replace(/\n\s*/g, " ")).toContain("model-registry plugins enable google-antigravity-auth");
    expectFits(run);
  });

  it("signs in through the flow a host registered on the registry it gives the CLI", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: {} });
    registry.registerOAuthProvider({
      id: "anthropic",
      login: async () => ({ access: "at-0123456789abcdefghij", refresh: "rt-0123456789abcdefghij", expiresAt: Date.now() + 3_600_000 }),
      refresh: async () => ({ access: "at-renewed-0123456789ab", expiresAt: Date.now() + 3_600_000 }),
    });
    let stdout = "";
    const stream = { write: (t: string) => void (stdout += t), isTTY: false, columns: 80 };
    const io: CliIo = {
      stdout: stream,
      stderr: { ...stream, write: () => undefined },
      stdin: { isTTY: false, readAll: async () => "" },
      env: {},
      prompt: { hidden: async () => "", text: async () => "", select: async () => "", confirm: async () => false },
      readFile: () => "",
      homedir: () => "/home/test",
      createRegistry: () => registry,
      version: "0.0.0-test",
    };
    expect(await runCli(["auth", "login", "anthropic", "--label", "work", "--json"], io, COMMANDS)).toBe(0);
    const row = authLoginCommand.output.parse(JSON.parse(stdout));
    expect(row).toMatchObject({ id: "anthropic:work", type: "oauth", masked: "…ghij", state: "ok" });
    expect(stdout).not.toContain("at-0123456789");
  });
});

describe("model-registry auth list", () => {
  it("a table of masked credentials within 80 columns: stored and env-backed, with source and state", async () => {
    const cli = fakeCli({ stdin: KEY, env: { OPENAI_API_KEY: ENV_KEY }, columns: 80 });
    await cli.run("auth", "set-key", "openai", "--label", "a-rather-long-label-for-the-work-account");
    const run = await cli.run("auth", "list");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PROVIDER\s+ID \/ LABEL\s+TYPE\s+SOURCE\s+VALUE\s+STATE/);
    expect(run.stdout).toContain("env:OPENAI_API_KEY");
    expect(run.stdout).toContain("…1234");
    expect(run.stdout).toContain("…9999");
    expect(run.stdout).toContain("ok");
    expectNoSecret(run, KEY, ENV_KEY);
    expectFits(run);
    const narrow = await fakeCli({ env: { OPENAI_API_KEY: ENV_KEY }, columns: 40 }).run("auth", "list");
    expectFits(narrow, 40);
  });

  it("--json validates against the schema; a provider filter; nothing configured says how to add one", async () => {
    const cli = fakeCli({ stdin: KEY, env: { ANTHROPIC_API_KEY: ENV_KEY } });
    await cli.run("auth", "set-key", "openai");
    const run = await cli.run("auth", "list", "openai", "--json");
    const rows = authListCommand.output.parse(JSON.parse(run.stdout));
    expect(rows).toEqual([expect.objectContaining({ id: "openai:default", provider: "openai", source: "stored", masked: "…1234", state: "ok", removable: true })]);
    expectNoSecret(run, KEY);
    const empty = await fakeCli().run("auth", "list");
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("model-registry auth set-key");
    expect(authListCommand.output.parse(JSON.parse((await fakeCli().run("auth", "list", "--json")).stdout))).toEqual([]);
  });

  it("shows a disabled key's state", async () => {
    const cli = fakeCli({ stdin: KEY });
    await cli.run("auth", "set-key", "openai");
    const registry = createRegistry({ storage: cli.storage, env: {} });
    await registry.run("openai/gpt-5", async () => {
      throw { status: 401, body: { error: { message: "Incorrect API key provided" } } };
    }).catch(() => undefined);
    const rows = authListCommand.output.parse(JSON.parse((await cli.run("auth", "list", "--json")).stdout)) as CredentialRow[];
    expect(rows[0]?.state).toBe("disabled");
    const text = await cli.run("auth", "list");
    expect(text.stdout).toContain("disabled");
  });
});

describe("model-registry auth remove", () => {
  it("removes a stored credential by label, and all of a provider's without an id", async () => {
    const cli = fakeCli({ stdin: KEY });
    await cli.run("auth", "set-key", "openai", "--label", "work");
    await cli.run("auth", "set-key", "openai", "--label", "home");
    await cli.run("auth", "set-key", "anthropic");
    const one = await cli.run("auth", "remove", "openai", "work", "--json");
    expect(one.code).toBe(0);
    expect(authRemoveCommand.output.parse(JSON.parse(one.stdout))).toEqual({ removed: ["openai:work"] });
    const rest = await cli.run("auth", "remove", "openai");
    expect(rest).toMatchObject({ code: 0, stdout: "Removed openai:home.\n" });
    const left = authListCommand.output.parse(JSON.parse((await cli.run("auth", "list", "--json")).stdout)) as CredentialRow[];
    expect(left.map((r) => r.id)).toEqual(["anthropic:default"]);
  });

  it("an env-backed key cannot be removed: exit 1 naming the variable", async () => {
    const cli = fakeCli({ env: { OPENAI_API_KEY: ENV_KEY }, columns: 80 });
    const byId = await cli.run("auth", "remove", "openai", "OPENAI_API_KEY");
    expect(byId.code).toBe(1);
    expect(byId.stderr).toContain("OPENAI_API_KEY");
    expectFits(byId);
    const all = await cli.run("auth", "remove", "openai", "--json");
    expect(all.code).toBe(1);
    expect(JSON.parse(all.stdout).error).toMatchObject({ code: "credential_from_env", recovery: expect.stringContaining("Unset OPENAI_API_KEY") });
    expectNoSecret(all, ENV_KEY);
  });

  it("an unknown id is exit 1 pointing at auth list; nothing stored is exit 1 too", async () => {
    const cli = fakeCli({ stdin: OTHER });
    await cli.run("auth", "set-key", "openai");
    const run = await cli.run("auth", "remove", "openai", "nope");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("model-registry auth list openai");
    expect((await cli.run("auth", "remove", "anthropic")).code).toBe(1);
  });
});
