import type { ModelsJsonEdit } from "../config/apply-json-edits.js";
import { editModelsJson } from "../config/edit-models-json.js";
import { updateText } from "../storage/json-document.js";
import type { AreaContext } from "../registry/area-context.js";

interface ConfigFacadeLike {
  updateModelsConfig?: (edits: ModelsJsonEdit[]) => Promise<unknown>;
}

/**
 * Apply comment-preserving edits to models.json. Goes through the registry's `updateModelsConfig` (which also keeps
 * backups and emits `config-change`); when a registry is assembled without it, falls back to the same pure editor
 * under the storage's atomic update. Either way a file that does not parse is refused and left byte-identical.
 *
 * @example
 * ```ts
 * await writeModelsConfig(ctx, [{ path: ["providers", "ollama", "baseUrl"], value: "http://127.0.0.1:11434" }]);
 * ```
 */
export async function writeModelsConfig(ctx: AreaContext, edits: ModelsJsonEdit[]): Promise<void> {
  const facade = ctx.registry() as unknown as ConfigFacadeLike;
  if (typeof facade.updateModelsConfig === "function") {
    await facade.updateModelsConfig(edits);
    return;
  }
  await updateText(ctx.storage, "models.json", (current) => {
    const result = editModelsJson(current, edits);
    return result.changed ? result.text : undefined;
  });
  ctx.events.emit("config-change", { key: "models.json" });
}
