import { execFile, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { createNodeRegistry } from "../../src/node/index.js";
import { fixtureText, json, type LoopbackServer, startServer } from "./loopback-servers.js";

// The real binary (dist/cli/index.js, through its #! line) in a real terminal: Debian's tmux, 80×40, its own socket
// and server, a clean environment (no key from the machine running the tests), MODEL_REGISTRY_HOME in a temp folder,
// and OpenAI replaced by a loopback server (models.json points the openai provider's baseUrl at it). dist/ is
// rebuilt with `npm run build` first when it is missing or older than src/ (CI builds before testing, so there it is
// fresh). tmux missing is a failure, never a skip: `.ci/run` installs it.

const execFileAsync = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BIN = path.join(REPO, "dist/cli/index.js");
const VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
const KEY = "sk-proj-tmuxCANARY7h3k9m2p5q8r4t6v1w0x";
const SESSION = "e2e";

/** The newest modification time under a path (files only). */
function newest(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((entry) => newest(path.join(target, entry))));
}

function ensureBuilt(): void {
  const sources = Math.max(newest(path.join(REPO, "src")), newest(path.join(REPO, "package.json")), newest(path.join(REPO, "tsup.config.ts")));
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= sources) return;
  execFileSync("npm", ["run", "build"], { cwd: REPO, stdio: "pipe", timeout: 300_000 });
}

function requireTmux(): void {
  try {
    execFileSync("sh", ["-c", "command -v tmux"], { stdio: "pipe" });
  } catch {
    throw new Error("tmux is not installed; the terminal test needs it. Run `apt-get install -y tmux` (sudo if not root); .ci/run does this.");
  }
}

let tmp: string;
let home: string;
let socket: string;
let serverPid: number | undefined;
let openai: LoopbackServer & { authorized: number };
let env: Record<string, string>;

const tmux = async (...args: string[]): Promise<string> => (await execFileAsync("tmux", ["-S", socket, ...args], { env })).stdout;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything the pane ever showed, wrapped lines joined (so a line wider than 80 columns stays one line). */
const history = async (): Promise<string> => tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", SESSION);

/** A command's output on screen: the lines between its start marker and its exit marker (or the end so far). */
function section(screen: string, n: number): { lines: string[]; exit: number | null } {
  const lines = screen.split("\n");
  const start = lines.lastIndexOf(`<<<${n}`);
  if (start === -1) return { lines: [], exit: null };
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => new RegExp(`^>>>${n} exit=\\d+$`).test(line));
  if (end === -1) return { lines: rest, exit: null };
  return { lines: rest.slice(0, end), exit: Number(/exit=(\d+)/.exec(rest[end]!)![1]) };
}

let step = 0;

/**
 * Type a command line at the shell prompt, answer its prompts (the key at a prompt that asks for one, typed without
 * being echoed; Enter to accept a default; "1" at a numbered choice), and return its screen section and exit code.
 */
async function type(commandLine: string, options: { key?: string; timeoutMs?: number } = {}): Promise<{ text: string; lines: string[]; exit: number }> {
  const n = ++step;
  await tmux("send-keys", "-t", SESSION, "-l", `echo "<<<${n}"; ${commandLine}; echo ">>>${n} exit=$?"`);
  await tmux("send-keys", "-t", SESSION, "Enter");
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let keyTyped = false;
  let last = "";
  let stableFor = 0;
  let answers = 0;
  for (;;) {
    const screen = await history();
    const found = section(screen, n);
    if (found.exit !== null) return { text: found.lines.join("\n"), lines: found.lines, exit: found.exit };
    if (Date.now() > deadline) throw new Error(`"${commandLine}" did not finish; the screen shows:\n${found.lines.join("\n")}`);
    stableFor = screen === last ? stableFor + 1 : 0;
    last = screen;
    const waiting = [...found.lines].reverse().find((line) => line.trim() !== "") ?? "";
    if (stableFor >= 4 && /[:?\]>)]\s*$/.test(waiting)) {
      if (options.key !== undefined && !keyTyped && /key|token/i.test(waiting)) {
        await tmux("send-keys", "-t", SESSION, "-l", options.key);
        keyTyped = true;
      } else if (++answers > 8) {
        throw new Error(`"${commandLine}" keeps asking; the screen shows:\n${found.lines.join("\n")}`);
      } else if (/Choose 1-\d+:\s*$/.test(waiting)) {
        await tmux("send-keys", "-t", SESSION, "-l", "1");
      }
      await tmux("send-keys", "-t", SESSION, "Enter");
      stableFor = 0;
    }
    await sleep(100);
  }
}

/** The binary run directly (no terminal), e.g. for the --json twin of what the screen showed. */
async function direct(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(BIN, args, { env: { ...env, COLUMNS: "80" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function expectNoKey(text: string, where: string): void {
  for (let i = 0; i + 12 <= KEY.length; i += 4) expect(text.includes(KEY.slice(i, i + 12)), `${where} shows part of the key`).toBe(false);
}

function expectFits(lines: string[], where: string): void {
  expect(lines.filter((line) => [...line].length > 80), `${where}: lines wider than 80 columns`).toEqual([]);
}

/** Every file of the home folder with its content (to show `doctor` writes nothing). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, entry);
    if (statSync(file).isFile()) files[entry] = readFileSync(file, "utf8");
  }
  return files;
}

const has = (...words: string[]) => COMMANDS.some((c) => c.path.join(" ") === words.join(" "));

beforeAll(async () => {
  requireTmux();
  ensureBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), "mpr-cli-terminal-"));
  home = path.join(tmp, "home");
  socket = path.join(tmp, "tmux.sock");
  const bin = path.join(tmp, "bin");
  mkdirSync(home);
  mkdirSync(bin);
  // `model-registry` on PATH, as after `npm install -g`: the built file itself, through its #! line.
  writeFileSync(path.join(bin, "model-registry"), `#!/bin/sh\nexec "${BIN}" "$@"\n`);
  chmodSync(path.join(bin, "model-registry"), 0o755);

  let authorized = 0;
  const server = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${KEY}`) {
      return json(res, 401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    }
    authorized++;
    if (req.method === "GET" && req.url?.split("?")[0] === "/v1/models") return json(res, 200, fixtureText("openai-models.json"));
    return json(res, 404, { error: { message: "Not found", type: "invalid_request_error" } });
  });
  // defineProperty, not Object.assign: assign would copy the getter's value (0) once instead of the getter.
  openai = Object.defineProperty(server, "authorized", { get: () => authorized }) as typeof openai;
  writeFileSync(path.join(home, "models.json"), `{\n  "providers": {\n    "openai": { "baseUrl": "${openai.url}/v1" }\n  }\n}\n`);

  env = {
    PATH: [bin, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
    HOME: path.join(tmp, "user"),
    MODEL_REGISTRY_HOME: home,
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
    PS1: "$ ",
  };
  mkdirSync(env["HOME"]!);
  await tmux("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "40", "-s", SESSION, "sh");
  await tmux("set-option", "-g", "history-limit", "20000");
  serverPid = Number((await tmux("display-message", "-p", "#{pid}")).trim()) || undefined;
}, 360_000);

afterAll(async () => {
  if (socket) await tmux("kill-server").catch(() => undefined);
  if (serverPid !== undefined) {
    try {
      process.kill(serverPid, "SIGKILL");
    } catch {
      // already gone after kill-server
    }
  }
  await openai?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("model-registry in a real terminal (tmux, 80 columns)", () => {
  it("the harness: --version, --help and tiers over a stored key, a closed pipe, nothing shows the key", async () => {
    const version = await type("model-registry --version");
    expect(version).toMatchObject({ exit: 0, lines: [VERSION] });

    const help = await type("model-registry --help");
    expect(help.exit).toBe(0);
    expect(help.text).toContain("Usage: model-registry <command>");
    expectFits(help.lines, "--help");

    // A second home with the key stored through the API, so tiers sees a configured OpenAI.
    const stored = path.join(tmp, "stored-home");
    mkdirSync(stored);
    writeFileSync(path.join(stored, "models.json"), readFileSync(path.join(home, "models.json")));
    await createNodeRegistry({ dir: stored, env: {} }).setApiKey("openai", KEY);
    const tiers = await type(`model-registry tiers --dir ${stored}`);
    const twin = await direct("tiers", "--json", "--dir", stored);
    expect(tiers.exit).toBe(twin.code);
    expect(tiers.text).toMatch(/TIER\s+MODEL\s+THINKING/);
    for (const row of JSON.parse(twin.stdout) as Array<{ tier: string; model: string | null }>) {
      expect(tiers.text).toMatch(new RegExp(`^${row.tier}\\s+${(row.model ?? "(none)").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`, "m"));
    }
    expectFits(tiers.lines, "tiers");

    const piped = await type(`model-registry tiers --dir ${stored} | head -1`);
    expect(piped.exit).toBe(0);
    expect(piped.lines).toHaveLength(1);
    expect(piped.text).not.toMatch(/EPIPE|Error|^\s+at /m);

    expectNoKey(await history(), "the screen");
  }, 120_000);

  it(
    "onboard with an OpenAI key → status → models set HIGH openai/gpt-5 --thinking high → tiers → doctor",
    async () => {
      const needed = [["onboard"], ["status"], ["models", "set"], ["models", "list"], ["doctor"]].filter((words) => !has(...words)).map((w) => w.join(" "));
      expect(needed, "commands the scenario drives").toEqual([]);
      // The key typed at the hidden prompt: never echoed, stored, and tested against the (fake) OpenAI.
      const onboard = await type("model-registry onboard --auth-choice openai-api-key", { key: KEY });
      expect(onboard.exit, onboard.text).toBe(0);
      expect(onboard.text).toMatch(/openai/i);
      expect(openai.authorized, `onboard tested the key against OpenAI; the screen:\n${onboard.text}`).toBeGreaterThan(0);
      expectNoKey(onboard.text, "onboard");
      expectFits(onboard.lines, "onboard");
      expectNoKey(readFileSync(path.join(home, "models.json"), "utf8"), "models.json");

      const status = await type("model-registry status");
      expect(status.exit, status.text).toBe(0);
      expect(status.text).toMatch(/openai/i);
      expectFits(status.lines, "status");

      const set = await type("model-registry models set HIGH openai/gpt-5 --thinking high");
      expect(set.exit, set.text).toBe(0);
      expect(set.text).toContain("HIGH");
      expect(set.text).toContain("openai/gpt-5");
      expectFits(set.lines, "models set");

      const tiers = await type("model-registry tiers");
      expect(tiers.text).toMatch(/^HIGH\s+openai\/gpt-5\s+high\b/m);
      const twin = await direct("tiers", "--json");
      expect(tiers.exit).toBe(twin.code);
      expect((JSON.parse(twin.stdout) as Array<{ tier: string }>).find((t) => t.tier === "HIGH")).toMatchObject({
        model: "openai/gpt-5",
        thinking: { effective: "high" },
        usable: true,
      });
      expectFits(tiers.lines, "tiers");

      const before = snapshot(home);
      const doctor = await type("model-registry doctor");
      expect([0, 1], doctor.text).toContain(doctor.exit);
      expect(snapshot(home), "doctor changes nothing").toEqual(before);
      expectFits(doctor.lines, "doctor");

      const piped = await type("model-registry models list | head -1");
      expect(piped.exit).toBe(0);
      expect(piped.lines).toHaveLength(1);
      expect(piped.text).not.toMatch(/EPIPE|Error|^\s+at /m);

      expectNoKey(await history(), "the screen");
    },
    180_000,
  );
});
