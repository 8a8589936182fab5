import type { Registry } from "../registry/registry.js";

/**
 * One output stream of the CLI: text goes through `write`; `isTTY` and `columns` decide layout and colours.
 *
 * @example
 * ```ts
 * const out: CliStream = { write: (t) => chunks.push(t), isTTY: false, columns: 80 };
 * ```
 */
export interface CliStream {
  write(text: string): void;
  isTTY: boolean;
  /** Terminal width when known. */
  columns: number | undefined;
}

/**
 * Asking the user, on a TTY only. `hidden` never echoes what is typed (keys, tokens).
 *
 * @example
 * ```ts
 * const key = await io.prompt.hidden("OpenAI API key: ");
 * const provider = await io.prompt.select("Provider", [{ value: "openai", label: "OpenAI" }]);
 * ```
 */
export interface Prompter {
  hidden(question: string): Promise<string>;
  text(question: string, options?: { default?: string }): Promise<string>;
  select(question: string, choices: ReadonlyArray<{ value: string; label: string; hint?: string }>): Promise<string>;
  confirm(question: string, options?: { default?: boolean }): Promise<boolean>;
}

/**
 * Everything the CLI touches outside the registry: streams, stdin, env, prompts, files, and how to build the
 * registry for a home folder. `src/cli/node-io.ts` gives the real one; tests pass their own.
 *
 * @example
 * ```ts
 * const code = await runCli(["status", "--json"], io);
 * ```
 */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  stdin: { isTTY: boolean; readAll(): Promise<string> };
  env: Record<string, string | undefined>;
  prompt: Prompter;
  readFile(path: string): string;
  homedir(): string;
  /** The registry over `home` (file storage there, the process env). */
  createRegistry(home: string): Registry;
  /** The package version for `--version`. */
  version: string;
}
