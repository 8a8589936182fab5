import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isRegistryError } from "../errors/registry-error.js";
import { createNodeRegistry } from "../node/create-node-registry.js";
import { runCommand, USAGE } from "./commands.js";

/**
 * The `model-registry` command line: a thin layer over the facade with Node defaults (`process.env`, files under
 * `--dir`, default `~/.model-registry`). Every command takes `--json` for machine-readable output.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      json: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      provider: { type: "string" },
      usable: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined && !values.help ? 1 : 0;
  }
  const registry = createNodeRegistry(values.dir === undefined ? {} : { dir: values.dir });
  const result = await runCommand(registry, command, args, {
    json: values.json,
    check: values.check,
    usable: values.usable,
    provider: values.provider,
    readFile: (path) => readFileSync(path, "utf8"),
  });
  process.stdout.write(result.output);
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isRegistryError(error)) {
      process.stderr.write(`model-registry: ${error.message}\n${error.recovery ? `→ ${error.recovery}\n` : ""}`);
    } else {
      process.stderr.write(`model-registry: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 2;
  },
);
