import { readFileSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { createNodeRegistry } from "../node/create-node-registry.js";
import type { CliIo, CliStream, Prompter } from "./cli-io.js";

/**
 * The real {@link CliIo}: process streams (a closed pipe — `model-registry models list | head -1` — ends the process
 * quietly instead of a stack trace), stdin, env, prompts on the terminal, files, and a registry over file storage in
 * the home folder with `process.env`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo("1.2.3"), COMMANDS);
 * ```
 */
export function nodeIo(version: string): CliIo {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      // The reader went away (head, less quitting): nothing more can be shown, and that is not a failure.
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const stream = (s: NodeJS.WriteStream): CliStream => ({
    write: (text) => void s.write(text),
    get isTTY() {
      return s.isTTY === true;
    },
    get columns() {
      return s.isTTY ? s.columns : undefined;
    },
  });
  return {
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    stdin: {
      isTTY: process.stdin.isTTY === true,
      async readAll() {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString("utf8");
      },
    },
    env: process.env,
    prompt: terminalPrompter(),
    readFile: (path) => readFileSync(path, "utf8"),
    homedir: () => os.homedir(),
    createRegistry: (home) => createNodeRegistry({ dir: home }),
    version,
  };
}

function terminalPrompter(): Prompter {
  const ask = async (question: string, hidden: boolean): Promise<string> => {
    let muted = false;
    // Output goes through a stream that drops what is typed while muted, so a key is never echoed.
    const output = new Writable({
      write(chunk, _encoding, callback) {
        if (!muted) process.stderr.write(chunk);
        callback();
      },
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    try {
      const answer = new Promise<string>((resolve) => rl.question(question, resolve));
      muted = hidden;
      const text = await answer;
      if (hidden) process.stderr.write("\n");
      return text.trim();
    } finally {
      rl.close();
    }
  };
  return {
    hidden: (question) => ask(question, true),
    async text(question, options = {}) {
      const answer = await ask(`${question}${options.default ? ` [${options.default}]` : ""}: `, false);
      return answer === "" ? (options.default ?? "") : answer;
    },
    async select(question, choices) {
      process.stderr.write(`${question}\n`);
      choices.forEach((c, i) => process.stderr.write(`  ${String(i + 1).padStart(2)}. ${c.label}${c.hint ? `  (${c.hint})` : ""}\n`));
      for (;;) {
        const answer = await ask(`Choose 1-${choices.length}: `, false);
        const index = Number(answer) - 1;
        const byValue = choices.find((c) => c.value === answer);
        if (byValue) return byValue.value;
        if (Number.isInteger(index) && choices[index]) return choices[index].value;
      }
    },
    async confirm(question, options = {}) {
      const answer = (await ask(`${question} ${options.default === false ? "[y/N]" : "[Y/n]"} `, false)).toLowerCase();
      if (answer === "") return options.default ?? true;
      return answer === "y" || answer === "yes";
    },
  };
}
