// Writes dist/cli-schemas/<command words joined by ->.schema.json (plus error.schema.json and version.schema.json)
// from each command's zod `output` schema, the single source of truth: the package ships them as
// `model-provider-registry/cli-schemas/*`. Run by `npm run build` after tsup; `npx tsx scripts/emit-cli-schemas.ts
// <dir>` writes elsewhere (the tests do).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cliJsonSchemas } from "../src/cli/cli-schemas.js";
import { COMMANDS } from "../src/cli/commands/index.js";

const target = path.resolve(process.argv[2] ?? fileURLToPath(new URL("../dist/cli-schemas", import.meta.url)));
mkdirSync(target, { recursive: true });
// A command that was renamed or removed must not leave its old schema behind.
for (const old of readdirSync(target)) if (old.endsWith(".schema.json")) rmSync(path.join(target, old));
const files = cliJsonSchemas(COMMANDS);
for (const { file, schema } of files) writeFileSync(path.join(target, file), `${JSON.stringify(schema, null, 2)}\n`);
console.log(`emit-cli-schemas: wrote ${files.length} schemas to ${target}`);
