import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRegistry } from "../../src/index.js";
import { CliErrorOutputSchema, cliJsonSchemas, cliSchemaFileName } from "../../src/cli/cli-schemas.js";
import type { CliCommand } from "../../src/cli/command.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createFakeProvider } from "../../src/testing/fake-provider.js";
import { type CliRun, fakeCli } from "./fake-io.js";

// The conventions of issue 13, checked for every command in COMMANDS (so each command is covered as it lands):
// --help fits 80 columns; a table of realistic invocations whose --json output validates against the command's zod
// `output` schema AND against the JSON Schema shipped for it (generated here with z.toJSONSchema and read back with
// z.fromJSONSchema, so a schema that cannot be shipped, or one stricter than what the command prints, fails here);
// every stdout/stderr line fits 80 columns; no planted key ever appears in any output.

const COLUMNS = 80;
/** Keys planted in the environment, in stored credentials, typed at prompts / piped on stdin, and put in argv. */
const ENV_KEY = "sk-envCANARY0a1b2c3d4e5f6g7h8i9j";
const STORED_KEY = "sk-ant-storedCANARY9z8y7x6w5v4u";
const TYPED_KEY = "sk-typedCANARY1q2w3e4r5t6y7u8i9o";
const ARGV_KEY = "sk-argvCANARY5t6y7u8i9o0p1a2s3d4f";
const CANARIES = [ENV_KEY, STORED_KEY, TYPED_KEY, ARGV_KEY];

const OPENAI_MODELS = (JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/discovery/openai-models.json", import.meta.url)), "utf8")) as {
  data: Array<{ id: string }>;
}).data.map((m) => m.id);

/** One realistic invocation: the command it is meant for, argv, and the exit codes it may end with. */
interface Invocation {
  command: string;
  argv: string[];
  codes: ReadonlyArray<0 | 1 | 2>;
  /** Piped on stdin (not a TTY). */
  stdin?: string;
  /** Files the command may read (validate). */
  files?: Record<string, string>;
  /** A home with nothing configured: no env key, no stored credential. */
  fresh?: boolean;
  note?: string;
}

const MODELS_JSON_WITH_UNSET_VAR = `{\n  providers: {\n    gw: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", apiKey: "\${GW_KEY_NOT_SET}", models: [{ id: "m1" }] },\n  },\n}\n`;

// Keep names and flags exactly as in ISSUE-13 / DESIGN.md. An entry that does not dispatch to its command fails.
const INVOCATIONS: Invocation[] = [
  { command: "onboard", argv: ["onboard", "--auth-choice", "openai-api-key"], stdin: `${TYPED_KEY}\n`, codes: [0] },
  { command: "providers", argv: ["providers"], codes: [0] },
  { command: "providers list", argv: ["providers", "list"], codes: [0] },
  { command: "providers list", argv: ["providers", "list", "--wide"], codes: [0] },
  { command: "status", argv: ["status"], codes: [0, 1] },
  { command: "status", argv: ["status"], fresh: true, codes: [0, 1], note: "nothing configured: one summary line" },
  { command: "status", argv: ["status", "--check"], codes: [0, 1] },
  { command: "status", argv: ["status", "--provider", "openai"], codes: [0] },
  { command: "models", argv: ["models"], codes: [0] },
  { command: "models list", argv: ["models", "list"], codes: [0] },
  { command: "models list", argv: ["models", "list", "--provider", "openai", "--usable"], codes: [0] },
  { command: "models list", argv: ["models", "list", "--all", "--wide"], codes: [0], note: "--wide may exceed 80 columns" },
  { command: "models set", argv: ["models", "set", "HIGH", "openai/gpt-5", "--thinking", "high"], codes: [0] },
  { command: "models set", argv: ["models", "set", "HIGH", "openai/gpt-5", "--thinking", "max"], codes: [1, 2], note: "unsupported level" },
  { command: "tiers", argv: ["tiers"], codes: [0, 1] },
  { command: "tiers", argv: ["tiers"], fresh: true, codes: [0, 1] },
  { command: "explain", argv: ["explain", "openai/gpt-5"], codes: [0] },
  { command: "explain", argv: ["explain", "openai/gtp-5"], codes: [1], note: "unknown model: did-you-mean" },
  { command: "auth set-key", argv: ["auth", "set-key", "openai"], stdin: `${TYPED_KEY}\n`, codes: [0] },
  { command: "auth set-key", argv: ["auth", "set-key", "openai", ARGV_KEY], codes: [2], note: "a key in argv is refused and never echoed" },
  { command: "auth paste-token", argv: ["auth", "paste-token", "anthropic"], stdin: `${TYPED_KEY}\n`, codes: [0] },
  { command: "auth login", argv: ["auth", "login", "openai"], codes: [1, 2], note: "no OAuth flow registered for it" },
  { command: "auth list", argv: ["auth", "list"], codes: [0] },
  { command: "auth remove", argv: ["auth", "remove", "anthropic"], codes: [0] },
  { command: "local presets", argv: ["local", "presets"], codes: [0] },
  { command: "local detect", argv: ["local", "detect"], codes: [0, 1] },
  { command: "local add", argv: ["local", "add", "ollama"], codes: [0, 1] },
  { command: "local test", argv: ["local", "test", "ollama"], codes: [0, 1] },
  { command: "local models", argv: ["local", "models", "ollama"], codes: [0, 1] },
  { command: "local remove", argv: ["local", "remove", "ollama"], codes: [0, 1] },
  { command: "providers models list", argv: ["providers", "models", "list", "--provider", "openai"], codes: [0] },
  {
    command: "providers models add",
    argv: ["providers", "models", "add", "--provider", "custom", "--model", "my-local-model", "--base-url", "http://127.0.0.1:8000/v1", "--api", "openai-completions", "--context-window", "128000", "--max-tokens", "4096", "--reasoning", "--tools"],
    codes: [0],
  },
  { command: "providers models remove", argv: ["providers", "models", "remove", "--provider", "openai", "--model", "gpt-5"], codes: [0, 1] },
  { command: "plugins list", argv: ["plugins", "list"], codes: [0] },
  { command: "plugins enable", argv: ["plugins", "enable", "no-such-plugin"], codes: [1, 2] },
  { command: "plugins disable", argv: ["plugins", "disable", "no-such-plugin"], codes: [1, 2] },
  { command: "refresh", argv: ["refresh", "--no-network"], codes: [0, 1] },
  { command: "refresh", argv: ["refresh", "--no-network", "--write-review"], codes: [0, 1] },
  { command: "doctor", argv: ["doctor"], codes: [0, 1] },
  { command: "doctor", argv: ["doctor"], fresh: true, codes: [0, 1] },
  { command: "validate", argv: ["validate", "./models.json"], files: { "./models.json": MODELS_JSON_WITH_UNSET_VAR }, codes: [0], note: "an unset variable is a warning" },
];

/** The command runCli dispatches argv to: the longest command path made of the words before the first option. */
function dispatch(argv: readonly string[]): CliCommand | undefined {
  const words: string[] = [];
  for (const token of argv) {
    if (token.startsWith("-")) break;
    words.push(token);
  }
  return [...COMMANDS].sort((a, b) => b.path.length - a.path.length).find((c) => c.path.every((w, i) => words[i] === w));
}

/** A CLI over a registry whose network is two fakes: OpenAI (env key or typed key) and Anthropic (stored key). */
async function plantedCli(invocation: Pick<Invocation, "stdin" | "files" | "fresh"> & { tty?: boolean; answers?: string[] } = {}) {
  const openai = createFakeProvider({ kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", models: OPENAI_MODELS, apiKey: ENV_KEY, apiKeys: [TYPED_KEY] });
  const anthropic = createFakeProvider({ kind: "anthropic", baseUrl: "https://api.anthropic.com", models: ["claude-sonnet-4-5"], apiKey: STORED_KEY, apiKeys: [TYPED_KEY] });
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return (url.startsWith(anthropic.baseUrl) ? anthropic : openai).fetch(input, init);
  };
  const storage = createMemoryStorage();
  const env = invocation.fresh ? {} : { OPENAI_API_KEY: ENV_KEY };
  if (!invocation.fresh) await createRegistry({ storage, env, fetch }).setApiKey("anthropic", STORED_KEY);
  return fakeCli({
    registry: { storage, fetch },
    env,
    columns: COLUMNS,
    ...(invocation.tty === undefined ? {} : { tty: invocation.tty }),
    ...(invocation.answers ? { answers: invocation.answers } : {}),
    ...(invocation.stdin === undefined ? {} : { stdin: invocation.stdin }),
    ...(invocation.files ? { files: invocation.files } : {}),
  });
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

function expectFits(run: CliRun, label: string, columns = COLUMNS): void {
  for (const [stream, text] of [["stdout", run.stdout], ["stderr", run.stderr]] as const) {
    // A progress line is rewritten in place with \r; each rewrite must fit on its own.
    const lines = text.replace(ANSI, "").split(/\r|\n/);
    const wide = lines.filter((line) => [...line].length > columns);
    expect(wide, `${label}: ${stream} lines wider than ${columns} columns`).toEqual([]);
  }
}

function expectNoKey(run: CliRun, label: string): void {
  for (const key of CANARIES) {
    // The whole key, and any 12-character piece of it (a mask may keep a few characters, never that many).
    for (let i = 0; i + 12 <= key.length; i += 4) {
      const piece = key.slice(i, i + 12);
      expect(run.stdout.includes(piece) || run.stderr.includes(piece), `${label}: output shows part of a planted key (${piece})`).toBe(false);
    }
  }
}

/** The JSON Schema shipped for a command (or the error), read back as a zod schema. */
const shipped = new Map(cliJsonSchemas(COMMANDS).map(({ file, schema }) => [file, z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])]));

function expectJsonOutput(run: CliRun, command: CliCommand, label: string): void {
  let value: unknown;
  try {
    value = JSON.parse(run.stdout);
  } catch {
    throw new Error(`${label}: --json printed something that is not one JSON document:\n${run.stdout.slice(0, 400)}`);
  }
  const isError = run.code === 2 || (run.code === 1 && CliErrorOutputSchema.safeParse(value).success && !command.output.safeParse(value).success);
  const zodSchema = isError ? CliErrorOutputSchema : command.output;
  const file = isError ? "error.schema.json" : cliSchemaFileName(command.path);
  const parsed = zodSchema.safeParse(value);
  expect(parsed.success, `${label}: --json output does not match the zod schema (${file}): ${parsed.error?.message ?? ""}`).toBe(true);
  const fromJson = shipped.get(file)!.safeParse(value);
  expect(fromJson.success, `${label}: --json output does not match the shipped JSON Schema ${file}: ${fromJson.error?.message ?? ""}`).toBe(true);
}

describe("model-registry: the conventions of every command", () => {
  it("every command has a shippable JSON Schema (dist/cli-schemas/<words>.schema.json), and the error has one", () => {
    const files = cliJsonSchemas(COMMANDS);
    expect(files.map((f) => f.file)).toEqual([...COMMANDS.map((c) => cliSchemaFileName(c.path)), "error.schema.json", "version.schema.json"]);
    for (const { file, schema } of files) {
      expect(schema, file).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", title: expect.stringContaining("model-registry") });
      expect(typeof schema["type"] === "string" || Array.isArray(schema["anyOf"]) || Array.isArray(schema["oneOf"]), `${file} has a type`).toBe(true);
    }
  });

  it("model-registry --help (the overview) and no command at all: every line within 80 columns", async () => {
    const help = await (await plantedCli()).run("--help");
    expect(help.code).toBe(0);
    expectFits(help, "--help");
    for (const command of COMMANDS) expect(help.stdout, "the overview lists every command").toContain(command.path.join(" "));
    const none = await (await plantedCli()).run();
    expect(none.code).toBe(2);
    expectFits(none, "(no command)");
  });

  it("every command in COMMANDS has at least one realistic invocation in the table below", () => {
    const covered = new Set(INVOCATIONS.map((i) => dispatch(i.argv)).filter((c) => c !== undefined));
    const missing = COMMANDS.filter((c) => !covered.has(c)).map((c) => c.path.join(" "));
    expect(missing, "add an entry to INVOCATIONS in test/cli/conventions.test.ts for").toEqual([]);
  });

  describe.each(COMMANDS.map((c) => [c.path.join(" "), c] as const))("%s", (name, command) => {
    it("--help: exit 0, usage on stdout, every line within 80 columns", async () => {
      const run = await (await plantedCli()).run(...command.path, "--help");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: model-registry ${name}`);
      expect(run.stderr).toBe("");
      expectFits(run, `${name} --help`);
    });

    it("an unknown option is a usage error (exit 2), as JSON on stdout with --json", async () => {
      const run = await (await plantedCli()).run(...command.path, "--no-such-option", "--json");
      expect(run.code).toBe(2);
      expectJsonOutput(run, command, `${name} --no-such-option --json`);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "cli_usage", message: expect.stringContaining("--no-such-option") } });
      const text = await (await plantedCli()).run(...command.path, "--no-such-option");
      expect(text.code).toBe(2);
      expect(text.stdout).toBe("");
      expectFits(text, `${name} --no-such-option`);
    });

    // Commands that take any number of arguments (none today) have no "extra" to test.
    const max = command.args?.max;
    if (max !== undefined) it("extra arguments are a usage error (exit 2)", async () => {
      const extra = Array.from({ length: max + 1 }, (_, i) => `extra${i}`);
      const run = await (await plantedCli()).run(...command.path, ...extra, "--json");
      expect(run.code).toBe(2);
      expectJsonOutput(run, command, `${name} ${extra.join(" ")} --json`);
    });
  });

  describe("realistic invocations", () => {
    for (const invocation of INVOCATIONS) {
      const label = `${invocation.argv.join(" ")}${invocation.fresh ? " (nothing configured)" : ""}${invocation.stdin !== undefined ? " (key on stdin)" : ""}`;
      const command = dispatch(invocation.argv);
      if (command === undefined || command.path.join(" ") !== invocation.command) {
        it(`${label}: dispatches to "${invocation.command}"`, () => {
          expect.fail(`"${invocation.argv.join(" ")}" should run the "${invocation.command}" command, found ${command ? `"${command.path.join(" ")}"` : "none"}`);
        });
        continue;
      }
      it(`${label}: exit ${invocation.codes.join("|")}, --json matches the schema, lines fit, no key shown`, async () => {
        const json = await (await plantedCli(invocation)).run(...invocation.argv, "--json");
        expect(invocation.codes, `${label} --json exited ${json.code}; stderr: ${json.stderr.slice(0, 400)}`).toContain(json.code);
        expectJsonOutput(json, command, `${label} --json`);
        expectNoKey(json, `${label} --json`);

        const text = await (await plantedCli(invocation)).run(...invocation.argv);
        expect(invocation.codes, `${label} exited ${text.code}; stderr: ${text.stderr.slice(0, 400)}`).toContain(text.code);
        expect(text.code, `${label}: the exit code does not depend on --json`).toBe(json.code);
        if (!invocation.argv.includes("--wide")) expectFits(text, label);
        expectNoKey(text, label);
        expect(text.stdout + text.stderr, `${label}: colours off a TTY`).not.toMatch(ANSI);
        if (text.code === 2) expect(text.stdout, `${label}: usage errors go to stderr`).toBe("");

        // On a (fake) terminal: colours may appear, lines still fit once escapes are removed, no key.
        if (invocation.stdin === undefined) {
          const tty = await (await plantedCli({ ...invocation, tty: true })).run(...invocation.argv);
          if (!invocation.argv.includes("--wide")) expectFits(tty, `${label} (TTY)`);
          expectNoKey(tty, `${label} (TTY)`);
        }
      });
    }
  });

  it("--version --json matches version.schema.json", async () => {
    const run = await fakeCli().run("--version", "--json");
    expect(run.code).toBe(0);
    expect(shipped.get("version.schema.json")!.safeParse(JSON.parse(run.stdout)).success).toBe(true);
  });
});
