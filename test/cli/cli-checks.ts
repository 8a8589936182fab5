import { expect } from "vitest";
import { z } from "zod";
import { COMMANDS } from "../../src/cli/commands/index.js";

/** A key shaped like a real one, so the env counts as connected (and the tests can look for it in output). */
export const OPENAI_KEY = "sk-test-cli-0123456789abcdefghij";

/** Every line of a command's text output is at most `columns` wide (what a terminal of that width shows uncut). */
export function expectFits(text: string, columns = 80): void {
  const long = text.split("\n").filter((line) => line.length > columns);
  expect(long, `lines wider than ${columns}`).toEqual([]);
}

/** Parse `--json` stdout and check it against the `output` schema of the command at `path`. */
export function parseOutput(path: string, stdout: string): unknown {
  const command = COMMANDS.find((c) => c.path.join(" ") === path);
  if (!command) throw new Error(`no command "${path}"`);
  const value: unknown = JSON.parse(stdout);
  const checked = command.output.safeParse(value);
  expect(checked.success, checked.success ? "" : z.prettifyError(checked.error)).toBe(true);
  return value;
}

/** The command's output schema converts to JSON Schema (it is shipped as one in the package). */
export function expectJsonSchema(path: string): void {
  const command = COMMANDS.find((c) => c.path.join(" ") === path);
  expect(command, path).toBeDefined();
  expect(() => z.toJSONSchema(command!.output), path).not.toThrow();
}
