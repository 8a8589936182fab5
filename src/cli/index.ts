#!/usr/bin/env node
import { createRequire } from "node:module";
import { COMMANDS } from "./commands/index.js";
import { nodeIo } from "./node-io.js";
import { runCli } from "./run-cli.js";

// The bin's own package.json (dist/cli/index.js → ../../package.json), for --version.
const version = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

runCli(process.argv.slice(2), nodeIo(version), COMMANDS).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`model-registry: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
