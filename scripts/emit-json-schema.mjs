// Writes dist/models.schema.json from the built package's zod schema (the single source of truth).
import { writeFileSync } from "node:fs";
const mod = await import("../dist/index.js");
if (typeof mod.modelsJsonJsonSchema === "function") {
  writeFileSync(new URL("../dist/models.schema.json", import.meta.url), `${JSON.stringify(mod.modelsJsonJsonSchema(), null, 2)}\n`);
}
