// Prints a terminal transcript of the built CLI (dist/cli/index.js; run `npm run build` first) as Markdown: a fixed
// sequence of commands against a fresh home folder (~/.model-registry under a temporary $HOME) with OpenAI answered by
// a loopback stand-in (models.json points the openai provider's baseUrl at it, answering /v1/models from
// test/fixtures/discovery/openai-models.json). Nothing reaches the internet and no real key is used.
//
//   node scripts/cli-transcript.mjs            # print the Markdown
//   node scripts/cli-transcript.mjs --write    # replace the transcript block in README.md
//
// A command the build does not have yet is left out (listed in a comment), so the script runs at any stage. Outputs
// are shown as printed at 80 columns without colours; the temporary $HOME is shown as ~.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const BIN = path.join(REPO, "dist/cli/index.js");
const START = "<!-- transcript: regenerate with scripts/cli-transcript.mjs -->";
const END = "<!-- /transcript -->";
// A made-up key, never a real one: the stand-in accepts only this.
const KEY = "sk-proj-example-0000000000000000";

/** The sequence: what is typed, and the command words that must exist for it to be shown. */
const STEPS = [
  { line: "model-registry --version", needs: null },
  { line: 'echo "$MY_OPENAI_KEY" | model-registry onboard --auth-choice openai-api-key', needs: ["onboard"] },
  { line: "model-registry status", needs: ["status"] },
  { line: "model-registry models set HIGH openai/gpt-5 --thinking high", needs: ["models", "set"] },
  { line: "model-registry tiers", needs: ["tiers"] },
  { line: "model-registry models list --provider openai | head -6", needs: ["models", "list"] },
  { line: "model-registry doctor", needs: ["doctor"] },
];

if (!existsSync(BIN)) {
  console.error("cli-transcript: dist/cli/index.js is missing; run `npm run build` first.");
  process.exit(1);
}

const fixture = readFileSync(path.join(REPO, "test/fixtures/discovery/openai-models.json"), "utf8");
const server = createServer((req, res) => {
  const ok = req.headers.authorization === `Bearer ${KEY}`;
  const found = req.method === "GET" && req.url?.split("?")[0] === "/v1/models";
  res.writeHead(ok ? (found ? 200 : 404) : 401, { "content-type": "application/json" });
  res.end(ok ? (found ? fixture : '{"error":{"message":"Not found"}}') : '{"error":{"message":"Incorrect API key provided.","code":"invalid_api_key"}}');
});
// A fixed port keeps the transcript stable between runs; any free port when it is taken.
const port = await new Promise((resolve) => {
  server.once("error", () => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
  server.listen(47311, "127.0.0.1", () => resolve(server.address().port));
});

const tmp = mkdtempSync(path.join(os.tmpdir(), "mpr-transcript-"));
const userHome = path.join(tmp, "home");
const registryHome = path.join(userHome, ".model-registry");
const bin = path.join(tmp, "bin");
mkdirSync(registryHome, { recursive: true });
mkdirSync(bin);
writeFileSync(path.join(bin, "model-registry"), `#!/bin/sh\nexec "${BIN}" "$@"\n`);
chmodSync(path.join(bin, "model-registry"), 0o755);
writeFileSync(path.join(registryHome, "models.json"), `{\n  "providers": {\n    "openai": { "baseUrl": "http://127.0.0.1:${port}/v1" }\n  }\n}\n`);

const env = {
  PATH: [bin, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
  HOME: userHome,
  LANG: "C.UTF-8",
  COLUMNS: "80",
  NO_COLOR: "1",
  MY_OPENAI_KEY: KEY,
};

// Run commands asynchronously: the stand-in server lives in this process and must keep answering.
const run = (line) =>
  new Promise((resolve) => {
    const child = spawn("sh", ["-c", `${line} 2>&1`], { env, cwd: userHome });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("close", (code) => resolve({ out, code }));
  });

const has = (words) => words === null || spawnSync(BIN, [...words, "--help"], { env, encoding: "utf8" }).status === 0;

const blocks = [];
const skipped = [];
for (const step of STEPS) {
  if (!has(step.needs)) {
    skipped.push(step.needs.join(" "));
    continue;
  }
  const { out, code } = await run(step.line);
  const shown = out.replaceAll(userHome, "~").replace(/\s+$/, "");
  if (shown.includes(KEY)) throw new Error(`cli-transcript: "${step.line}" printed the key`);
  blocks.push(`$ ${step.line}${shown ? `\n${shown}` : ""}${code === 0 ? "" : `\n# exit ${code}`}`);
}
server.close();
rmSync(tmp, { recursive: true, force: true });

const markdown = [
  START,
  "```console",
  blocks.join("\n\n"),
  "```",
  ...(skipped.length > 0 ? [`<!-- not in this build yet: ${skipped.join(", ")} -->`] : []),
  END,
].join("\n");

if (process.argv.includes("--write")) {
  const readme = path.join(REPO, "README.md");
  const text = readFileSync(readme, "utf8");
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from === -1 || to === -1) {
    console.error(`cli-transcript: README.md has no ${START} … ${END} block`);
    process.exit(1);
  }
  writeFileSync(readme, text.slice(0, from) + markdown + text.slice(to + END.length));
  console.error("cli-transcript: README.md updated");
} else {
  console.log(markdown);
}
