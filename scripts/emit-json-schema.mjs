// Writes dist/models.schema.json from the built package's zod schema (the single source of truth), so editors can
// autocomplete and check models.json. Run after tsup (`npm run build`).
import { writeFileSync } from "node:fs";

const mod = await import("../dist/index.js");
if (typeof mod.modelsJsonJsonSchema !== "function") {
  console.error("emit-json-schema: dist/index.js does not export modelsJsonJsonSchema(); build with tsup first.");
  process.exit(1);
}
const target = new URL("../dist/models.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(mod.modelsJsonJsonSchema(), null, 2)}\n`);
console.log(`emit-json-schema: wrote ${target.pathname}`);
