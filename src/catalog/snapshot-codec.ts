import type { ThinkingLevel } from "../schema/thinking-levels.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { ModelMetadata } from "../schema/model-metadata.js";

/**
 * One model of the bundled snapshot, decoded: its wire id, metadata (unknown = `null`), models.dev reasoning options,
 * lifecycle status (`deprecated`, `beta`, ...) when stated, and the api kind when the model needs another protocol
 * than its provider's (OpenCode Zen serves Claude over `anthropic-messages`, GPT over `openai-responses`).
 *
 * @example
 * ```ts
 * const m: SnapshotModel = { id: "gpt-5", metadata: { ...UNKNOWN_MODEL_METADATA }, reasoningOptions: null, status: null, api: null, unsupportedSdk: null };
 * ```
 */
export interface SnapshotModel {
  id: string;
  metadata: ModelMetadata;
  reasoningOptions: Array<Record<string, unknown>> | null;
  status: string | null;
  api: ApiKind | null;
  /**
   * The models.dev per-model SDK package when the model needs a protocol no api kind covers (e.g.
   * `@ai-sdk/google-vertex/anthropic`): the model is listed but flagged as not callable with the provider's api.
   */
  unsupportedSdk: string | null;
}

/**
 * Stamp of a generated snapshot: where its data came from and as of when.
 *
 * @example
 * ```ts
 * const stamp: SnapshotStamp = { source: "models.dev", repo: "github.com/anomalyco/models.dev", commit: "f3fc692", date: "2026-07-02", providers: 29, models: 1500 };
 * ```
 */
export interface SnapshotStamp {
  source: string;
  repo: string | null;
  commit: string | null;
  date: string | null;
  providers: number;
  models: number;
}

/**
 * Compact wire form of one model: a fixed-position tuple (about a third of the size of the object form, and it
 * parses faster). Trailing `null`s are dropped.
 * `[id, name, family, context, maxOutput, input, output, tools, json, reasoning, openWeights, thinkingLevels,
 *   [costIn, costOut, cacheRead, cacheWrite] | null, knowledge, releaseDate, reasoningOptions, status, api, unsupportedSdk]`
 *
 * @example
 * ```ts
 * const row: SnapshotRow = ["gpt-5", "GPT-5", "gpt", 400000, 128000];
 * ```
 */
export type SnapshotRow = unknown[];

/**
 * Encode a snapshot model as a {@link SnapshotRow}.
 *
 * @example
 * ```ts
 * encodeSnapshotModel({ id: "m", metadata: { ...UNKNOWN_MODEL_METADATA }, reasoningOptions: null, status: null, api: null, unsupportedSdk: null }); // ["m"]
 * ```
 */
export function encodeSnapshotModel(model: SnapshotModel): SnapshotRow {
  const m = model.metadata;
  const row: unknown[] = [
    model.id,
    m.name,
    m.family,
    m.contextWindow,
    m.maxOutputTokens,
    m.input,
    m.output,
    m.tools,
    m.json,
    m.reasoning,
    m.openWeights,
    m.thinkingLevels,
    m.cost ? [m.cost.input, m.cost.output, m.cost.cacheRead, m.cost.cacheWrite] : null,
    m.knowledge,
    m.releaseDate,
    model.reasoningOptions,
    model.status,
    model.api,
    model.unsupportedSdk,
  ];
  while (row.length > 1 && row[row.length - 1] === null) row.pop();
  return row;
}

/**
 * Decode a {@link SnapshotRow}. Missing trailing positions are `null`. The bundled data is validated by tests, so
 * this does no validation of its own (it runs for every model at first use and must stay cheap).
 *
 * @example
 * ```ts
 * decodeSnapshotModel(["m", "Model"]).metadata.name; // "Model"
 * ```
 */
export function decodeSnapshotModel(row: SnapshotRow): SnapshotModel {
  const at = <T>(i: number): T | null => (row[i] ?? null) as T | null;
  const cost = at<Array<number | null>>(12);
  return {
    id: row[0] as string,
    metadata: {
      name: at<string>(1),
      family: at<string>(2),
      contextWindow: at<number>(3),
      maxOutputTokens: at<number>(4),
      input: at<string[]>(5),
      output: at<string[]>(6),
      tools: at<boolean>(7),
      json: at<boolean>(8),
      reasoning: at<boolean>(9),
      openWeights: at<boolean>(10),
      thinkingLevels: at<ThinkingLevel[]>(11),
      defaultThinkingLevel: null,
      cost: cost
        ? { input: cost[0] ?? null, output: cost[1] ?? null, cacheRead: cost[2] ?? null, cacheWrite: cost[3] ?? null }
        : null,
      knowledge: at<string>(13),
      releaseDate: at<string>(14),
      manualSetup: null,
      authHints: null,
      maxContextWindow: null,
    },
    reasoningOptions: at<Array<Record<string, unknown>>>(15),
    status: at<string>(16),
    api: at<ApiKind>(17),
    unsupportedSdk: at<string>(18),
  };
}
