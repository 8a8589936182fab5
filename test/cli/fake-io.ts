import { createRegistry, type Registry, type RegistryOptions } from "../../src/index.js";
import type { CliIo } from "../../src/cli/cli-io.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

/**
 * A CLI run against an in-memory registry: what was printed on stdout and stderr, and the exit code.
 */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Options of {@link fakeCli}: the registry's options (storage shared across runs), env, terminal shape, scripted
 * prompt answers (consumed in order; a prompt without an answer fails the test), stdin text and files.
 */
export interface FakeCliOptions {
  registry?: RegistryOptions;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  columns?: number;
  answers?: string[];
  stdin?: string;
  files?: Record<string, string>;
}

/**
 * A CLI over one in-memory registry: call `run(...argv)` as often as needed; state persists between runs (same
 * storage), like a user typing commands one after another.
 *
 * @example
 * ```ts
 * const cli = fakeCli({ env: { OPENAI_API_KEY: "sk-…" } });
 * const { code, stdout } = await cli.run("tiers", "--json");
 * ```
 */
export function fakeCli(options: FakeCliOptions = {}) {
  const storage = options.registry?.storage ?? createMemoryStorage();
  const env = options.env ?? {};
  let registry: Registry | undefined;
  const prompts: string[] = [];
  const answers = [...(options.answers ?? [])];
  const answer = (question: string): string => {
    prompts.push(question);
    const next = answers.shift();
    if (next === undefined) throw new Error(`fakeCli: no scripted answer for the prompt ${JSON.stringify(question)}`);
    return next;
  };
  const run = async (...argv: string[]): Promise<CliRun> => {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: { write: (t) => void (stdout += t), isTTY: options.tty ?? false, columns: options.columns },
      stderr: { write: (t) => void (stderr += t), isTTY: options.tty ?? false, columns: options.columns },
      stdin: { isTTY: options.tty ?? false, readAll: async () => options.stdin ?? "" },
      env: { ...env, ...(options.columns ? { COLUMNS: String(options.columns) } : {}) },
      prompt: {
        hidden: async (q) => answer(q),
        text: async (q, o) => answer(q) || (o?.default ?? ""),
        select: async (q, choices) => {
          const picked = answer(q);
          if (!choices.some((c) => c.value === picked)) throw new Error(`fakeCli: "${picked}" is not a choice of ${JSON.stringify(q)}: ${choices.map((c) => c.value).join(", ")}`);
          return picked;
        },
        confirm: async (q) => /^y/i.test(answer(q)),
      },
      readFile: (path) => {
        const text = options.files?.[path];
        if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
        return text;
      },
      homedir: () => "/home/test",
      createRegistry: () => (registry ??= createRegistry({ ...options.registry, storage, env })),
      version: "0.0.0-test",
    };
    const code = await runCli(argv, io, COMMANDS);
    return { code, stdout, stderr };
  };
  return { run, storage, prompts };
}
