import { invalidArgument, lazySchema } from "../errors/check-argument.js";
import * as z from "zod";

/**
 * Schema of one model in a models.dev `api.json` (also the compact fixture shape). Every field except `id` is
 * optional and unknown keys are kept, so a newer models.dev never breaks the generator or a refresh.
 *
 * @example
 * ```ts
 * ModelsDevModelSchema().parse({ id: "gpt-5", limit: { context: 400000, output: 128000 } });
 * ```
 */
export const ModelsDevModelSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    family: z.string().optional(),
    reasoning: z.boolean().optional(),
    tool_call: z.boolean().optional(),
    attachment: z.boolean().optional(),
    structured_output: z.boolean().optional(),
    open_weights: z.boolean().optional(),
    knowledge: z.string().optional(),
    release_date: z.string().optional(),
    last_updated: z.string().optional(),
    status: z.string().optional(),
    reasoning_options: z.array(z.looseObject({ type: z.string() })).optional(),
    modalities: z.looseObject({ input: z.array(z.string()).optional(), output: z.array(z.string()).optional() }).optional(),
    limit: z.looseObject({ context: z.number().optional(), input: z.number().optional(), output: z.number().optional() }).optional(),
    cost: z
      .looseObject({
        input: z.number().optional(),
        output: z.number().optional(),
        cache_read: z.number().optional(),
        cache_write: z.number().optional(),
      })
      .optional(),
  }),
);

/**
 * One models.dev model.
 *
 * @example
 * ```ts
 * const m: ModelsDevModel = { id: "claude-sonnet-4-5" };
 * ```
 */
export type ModelsDevModel = z.infer<ReturnType<typeof ModelsDevModelSchema>>;

/**
 * Schema of one models.dev provider.
 *
 * @example
 * ```ts
 * ModelsDevProviderSchema().parse({ id: "groq", name: "Groq", env: ["GROQ_API_KEY"], models: {} });
 * ```
 */
export const ModelsDevProviderSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().optional(),
    name: z.string().optional(),
    env: z.array(z.string()).optional(),
    api: z.string().optional(),
    doc: z.string().optional(),
    models: z.record(z.string(), ModelsDevModelSchema()),
  }),
);

/**
 * Schema of a models.dev `api.json`: either the live shape (`{ <providerId>: provider }`) or the compact fixture
 * shape (`{ source, counts, providers: { <providerId>: provider } }`). {@link readModelsDevProviders} accepts both.
 *
 * @example
 * ```ts
 * const providers = readModelsDevProviders(JSON.parse(text));
 * ```
 */
export const ModelsDevFixtureSchema = lazySchema(() =>
  z.looseObject({
    source: z
      .looseObject({ repo: z.string().optional(), commit: z.string().optional(), commit_date: z.string().optional() })
      .optional(),
    providers: z.record(z.string(), ModelsDevProviderSchema()),
  }),
);

/**
 * Where a models.dev document came from, as stated inside it (compact fixture shape) — `null` fields when the
 * document does not say (the live `api.json` carries no stamp).
 *
 * @example
 * ```ts
 * const { providers, source } = readModelsDevProviders(doc);
 * ```
 */
export interface ModelsDevSource {
  repo: string | null;
  commit: string | null;
  date: string | null;
}

/**
 * Validate a models.dev document in either shape and return its providers (keyed by models.dev id) and stamp.
 * Throws a RegistryError `invalid_argument` (the zod error as its cause) when neither shape matches.
 *
 * @example
 * ```ts
 * // Read a models.dev api.json the host fetched itself (through its proxy or cache) and list its providers.
 * const { providers, source } = readModelsDevProviders(await cache.getJson("https://models.dev/api.json"));
 * console.log(`models.dev ${source.commit ?? "live"}: ${Object.keys(providers).length} providers`);
 * ```
 */
export function readModelsDevProviders(doc: unknown): {
  providers: Record<string, z.infer<ReturnType<typeof ModelsDevProviderSchema>>>;
  source: ModelsDevSource;
} {
  const fixture = ModelsDevFixtureSchema().safeParse(doc);
  if (fixture.success) {
    const s = fixture.data.source;
    return {
      providers: fixture.data.providers,
      source: { repo: s?.repo ?? null, commit: s?.commit ?? null, date: s?.commit_date ?? null },
    };
  }
  const live = z.record(z.string(), ModelsDevProviderSchema()).safeParse(doc);
  if (!live.success) throw invalidArgument("readModelsDevProviders", "doc", live.error, doc, "a models.dev api.json document or fixture");
  return { providers: live.data, source: { repo: null, commit: null, date: null } };
}
