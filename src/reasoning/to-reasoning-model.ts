import * as z from "zod";
import { ARG, checkArgument, lazySchema } from "../errors/check-argument.js";
import { getBuiltinProvider } from "../refs/builtin-providers.js";
import type { ResolvedModel } from "../catalog/resolved-model.js";
import { ModelsDevReasoningOptionSchema, type ModelsDevReasoningOption, type ReasoningModel } from "./reasoning-model.js";
import { isThinkingLevel, type ThinkingLevel } from "./thinking-levels.js";

/** A model as the public reasoning functions take it: `provider` and `id` at least. */
const MODEL_ARG = lazySchema(() => z.looseObject({ provider: ARG.string, id: ARG.string }));

/**
 * The fields of a plain {@link ReasoningModel}, checked so a wrong type fails with `invalid_argument` at the public
 * entry rather than as a TypeError deep in the derivation. (A resolved model, whose `reasoning` is an object, is read
 * leniently by {@link toReasoningModel} instead.)
 */
const PLAIN_REASONING_MODEL_ARG = lazySchema(() => z
  .looseObject({
    api: z.string().nullish(),
    name: z.string().nullish(),
    family: z.string().nullish(),
    reasoning: z.boolean().nullish(),
    thinkingLevels: z.array(z.string()).nullish(),
    defaultThinkingLevel: z.string().nullish(),
    maxOutputTokens: z.number().nullish(),
    reasoningOptions: z.array(ModelsDevReasoningOptionSchema).nullish(),
    endpoint: z.enum(["known", "custom"]).nullish(),
  })
  .describe("a model ({ provider, id, reasoning?, thinkingLevels?, defaultThinkingLevel?, reasoningOptions?, ... })"));

/**
 * The argument check of the public reasoning functions (`reasoningDescriptor`, `resolveThinkingLevel`,
 * `planThinking`, `thinkingParams`). Internal callers that already hold a well-formed model skip it: listModels()
 * derives a descriptor for every model of the catalog.
 *
 * @example
 * ```ts
 * checkReasoningInput("reasoningDescriptor", input); // throws invalid_argument for { provider: "x", id: 5 }
 * ```
 */
export function checkReasoningInput(fn: string, input: unknown): void {
  checkArgument(fn, "model", MODEL_ARG, input);
  const reasoning = (input as { reasoning?: unknown }).reasoning;
  if (typeof reasoning !== "object" || reasoning === null) checkArgument(fn, "model", PLAIN_REASONING_MODEL_ARG, input);
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null);
const levels = (v: unknown): ThinkingLevel[] | null =>
  Array.isArray(v) && v.length > 0 && v.every(isThinkingLevel) ? (v as ThinkingLevel[]) : null;

/** Sources whose `thinkingLevels` are curated by people (not copied from models.dev effort values). */
const CURATED_SOURCES = new Set(["builtin", "plugin", "user", "discovered"]);

/**
 * Adapt a resolved model (the catalog's `resolveModel()` result, a snapshot model, a discovered model, or plain
 * {@link ModelMetadata} plus provider/id) to the {@link ReasoningModel} the reasoning functions read. It looks for
 * fields at the top level, under `metadata`, `capabilities`, `limits` and `reasoning` (boolean or object), and reads
 * per-field provenance from `provenance` / `fields` when present.
 *
 * Levels that came from models.dev effort values are not treated as curated: the raw models.dev options (which also
 * say whether thinking can be toggled off) are used instead, below the provider rules.
 *
 * @example
 * ```ts
 * // Feed your own model records (any shape with provider/id, capabilities, limits) to the reasoning helpers.
 * const model = toReasoningModel(row, { provider: "openai" });
 * thinkingSelect.setOptions(reasoningDescriptor(model).levels);
 * ```
 */
export function toReasoningModel(input: unknown, fallback: { provider?: string; id?: string } = {}): ReasoningModel {
  checkArgument("toReasoningModel", "fallback", ARG.optionalObject, fallback);
  const root: Loose = isObject(input) ? input : {};
  const metadata: Loose = isObject(root["metadata"]) ? root["metadata"] : {};
  const capabilities: Loose = isObject(root["capabilities"]) ? root["capabilities"] : {};
  const limits: Loose = isObject(root["limits"]) ? root["limits"] : {};
  const reasoningField = root["reasoning"];
  const reasoningObject: Loose = isObject(reasoningField) ? reasoningField : {};
  const pick = (...values: unknown[]): unknown => values.find((v) => v !== undefined && v !== null) ?? null;

  const provider = str(pick(root["provider"], root["providerId"], fallback.provider)) ?? "unknown";
  const id = str(pick(root["id"], root["model"], fallback.id)) ?? "";
  // A resolved model's `reasoning` block is derived from the descriptor (see reasoningBlock); its flat
  // `metadata` holds what the sources said, so that is read first and the derivation never feeds on its own output.
  const resolved = isObject(root["metadata"]);
  const reasoning = resolved
    ? bool(pick(bool(reasoningField), metadata["reasoning"]))
    : bool(
        pick(
          bool(reasoningField),
          reasoningObject["supported"],
          reasoningObject["reasoning"],
          reasoningObject["flag"],
          capabilities["reasoning"],
        ),
      );
  const rawOptions = pick(root["reasoningOptions"], reasoningObject["options"], reasoningObject["reasoningOptions"], metadata["reasoningOptions"]);
  const options = parseOptions(rawOptions);
  const curatedLevels = levels(
    resolved
      ? pick(root["thinkingLevels"], metadata["thinkingLevels"])
      : pick(root["thinkingLevels"], reasoningObject["levels"], reasoningObject["thinkingLevels"]),
  );
  const levelSource = provenanceOf(root, "thinkingLevels");
  const trustLevels = curatedLevels !== null && (levelSource !== null ? CURATED_SOURCES.has(levelSource) : options === null);
  const rawDefault = resolved
    ? pick(root["defaultThinkingLevel"], metadata["defaultThinkingLevel"])
    : pick(root["defaultThinkingLevel"], reasoningObject["defaultLevel"], reasoningObject["default"], reasoningObject["defaultThinkingLevel"]);
  const endpoint = str(root["endpoint"]);
  return {
    provider,
    id,
    api: str(pick(root["api"], metadata["api"])),
    name: str(pick(root["name"], metadata["name"])),
    family: str(pick(root["family"], metadata["family"])),
    reasoning,
    thinkingLevels: trustLevels ? curatedLevels : null,
    defaultThinkingLevel: isThinkingLevel(rawDefault) ? rawDefault : null,
    maxOutputTokens: num(pick(root["maxOutputTokens"], limits["maxOutputTokens"], limits["maxOutput"], limits["output"], metadata["maxOutputTokens"])),
    reasoningOptions: options,
    endpoint: endpoint === "custom" || endpoint === "known" ? endpoint : null,
  };
}

function parseOptions(raw: unknown): ModelsDevReasoningOption[] | null {
  if (!Array.isArray(raw)) return null;
  const parsed: ModelsDevReasoningOption[] = [];
  for (const entry of raw) {
    const result = ModelsDevReasoningOptionSchema.safeParse(entry);
    if (result.success) parsed.push(result.data);
  }
  return parsed;
}

/** Per-field provenance, from `provenance.<field>` (a string or `{ source }`) or `fields.<field>.source`. */
function provenanceOf(root: Loose, field: string): string | null {
  const provenance = root["provenance"];
  if (isObject(provenance)) {
    const entry = provenance[field];
    if (typeof entry === "string") return entry;
    if (isObject(entry) && typeof entry["source"] === "string") return entry["source"];
  }
  const fields = root["fields"];
  if (isObject(fields) && isObject(fields[field]) && typeof (fields[field] as Loose)["source"] === "string") {
    return (fields[field] as Loose)["source"] as string;
  }
  return null;
}

/**
 * What the reasoning functions accept: a {@link ReasoningModel}, or a model exactly as `registry.resolveModel()` /
 * `listModels()` return it.
 *
 * @example
 * ```ts
 * const input: ReasoningInput = await registry.resolveModel("openai/gpt-5");
 * ```
 */
export type ReasoningInput = ReasoningModel | ResolvedModel;

/**
 * Read a {@link ReasoningInput} as a {@link ReasoningModel}: a resolved model (whose `reasoning` is an object) goes
 * through {@link toReasoningModel}. When the input does not say which endpoint serves it, the registry's rule
 * decides: a built-in provider other than `custom` is a known endpoint, anything else (models.json, an unknown id)
 * is `custom` and gets no thinking field unless the user opts in. Plugin providers pass `endpoint: "known"` (the
 * registry does) because a pure function cannot see plugin manifests.
 *
 * @example
 * ```ts
 * asReasoningModel(await registry.resolveModel("openai/gpt-4o")).reasoning; // false
 * asReasoningModel({ provider: "my-proxy", id: "gpt-5" }).endpoint;         // "custom"
 * ```
 */
export function asReasoningModel(model: ReasoningInput): ReasoningModel {
  const plain = typeof model.reasoning !== "object" || model.reasoning === null;
  const read = plain ? (model as ReasoningModel) : toReasoningModel(model);
  if (read.endpoint) return read;
  return { ...read, endpoint: isKnownEndpoint(read.provider) ? "known" : "custom" };
}

/** The registry's "trusted source" rule for endpoints: a built-in provider, except the user-pointed `custom` one. */
function isKnownEndpoint(provider: string): boolean {
  return provider !== "custom" && getBuiltinProvider(provider) !== undefined;
}
