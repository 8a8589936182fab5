import type { ModelMetadata } from "../schema/model-metadata.js";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A hand-curated model: a wire id plus only the facts its source states (everything else stays `null`).
 *
 * @example
 * ```ts
 * const m: CuratedModel = { id: "doubao-seed-1-8-251228", name: "Doubao Seed 1.8" };
 * ```
 */
export type CuratedModel = { id: string } & Partial<ModelMetadata>;

/**
 * Models of providers that models.dev lacks (Volcano Engine, BytePlus and their coding plans, Qwen portal,
 * OpenAI Codex), plus seed-documented ids missing from the models.dev snapshot. Taken from the product docs
 * (`001_*`: Mayros model providers); provenance `builtin`. Only names the docs give are filled in.
 *
 * @example
 * ```ts
 * CURATED_MODELS["volcengine"]?.map((m) => m.id);
 * ```
 */
export const CURATED_MODELS: Readonly<Record<string, readonly CuratedModel[]>> = deepFreeze({
  volcengine: [
    { id: "doubao-seed-1-8-251228", name: "Doubao Seed 1.8" },
    { id: "doubao-seed-code-preview-251028" },
    { id: "kimi-k2-5-260127", name: "Kimi K2.5" },
    { id: "glm-4-7-251222", name: "GLM 4.7" },
    { id: "deepseek-v3-2-251201", name: "DeepSeek V3.2 128K" },
  ],
  "volcengine-plan": [
    { id: "ark-code-latest" },
    { id: "doubao-seed-code" },
    { id: "kimi-k2.5" },
    { id: "kimi-k2-thinking" },
    { id: "glm-4.7" },
  ],
  byteplus: [
    { id: "seed-1-8-251228", name: "Seed 1.8" },
    { id: "kimi-k2-5-260127", name: "Kimi K2.5" },
    { id: "glm-4-7-251222", name: "GLM 4.7" },
  ],
  "byteplus-plan": [
    { id: "ark-code-latest" },
    { id: "doubao-seed-code" },
    { id: "kimi-k2.5" },
    { id: "kimi-k2-thinking" },
    { id: "glm-4.7" },
  ],
  "qwen-portal": [{ id: "coder-model" }, { id: "vision-model" }],
  "openai-codex": [{ id: "gpt-5.3-codex" }],
  cerebras: [{ id: "zai-glm-4.6" }],
  synthetic: [{ id: "hf:MiniMaxAI/MiniMax-M2.1", name: "MiniMax M2.1" }],
});
