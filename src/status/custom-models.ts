/**
 * `customModels.*`: models a user adds by hand to a provider's models.json entry (Fased's `providers models add`),
 * listed with what each model is called with. Apart from `local.*` because it edits single model entries of any
 * provider, not local server set-ups, and validates each edit as it will be written.
 */
import { RegistryError } from "../errors/registry-error.js";
import { ApiKindSchema, type ApiKind } from "../schema/api-kind.js";
import { checkModelsConfigEdits, isObject, storedProviderOf } from "./models-config-writer.js";
import { assertId, assertUrl } from "./provider-input-checks.js";
import type { StatusServiceDeps } from "./status-deps.js";
import type { StatusService } from "./status-service.js";

/**
 * One custom model, as `customModels.list()` shows it.
 *
 * @example
 * ```ts
 * const m: CustomModel = { provider: "custom", model: "my-local-model", baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions",
 *   contextWindow: 128000, maxTokens: 4096, reasoning: true, tools: true, json: true, name: null, input: null };
 * ```
 */
export interface CustomModel {
  provider: string;
  model: string;
  name: string | null;
  baseUrl: string | null;
  api: string | null;
  contextWindow: number | null;
  maxTokens: number | null;
  reasoning: boolean | null;
  tools: boolean | null;
  json: boolean | null;
  input: string[] | null;
}

/**
 * What `customModels.add()` takes: the Fased
 * `providers models add --provider --model --base-url --api --context-window --max-tokens --reasoning --tools --json` flags.
 *
 * @example
 * ```ts
 * await registry.customModels.add({ provider: "custom", model: "my-local-model", baseUrl: "http://127.0.0.1:8000/v1",
 *   api: "openai-completions", contextWindow: 128000, maxTokens: 4096, reasoning: true, tools: true, json: true });
 * ```
 */
export interface CustomModelInput {
  provider: string;
  model: string;
  baseUrl?: string;
  api?: ApiKind;
  contextWindow?: number;
  maxTokens?: number;
  reasoning?: boolean;
  tools?: boolean;
  json?: boolean;
  name?: string;
  input?: string[];
}

/**
 * The `customModels` namespace of one registry: list, add (or update) and remove hand-added models in models.json.
 *
 * @example
 * ```ts
 * const customModels = createCustomModels(ctx, service);
 * const { created } = await customModels.add({ provider: "custom", model: "my-local-model", baseUrl: "http://127.0.0.1:8000/v1" });
 * if (!created) console.log("updated the existing entry");
 * ```
 */
export function createCustomModels(ctx: StatusServiceDeps, service: Pick<StatusService, "loader">) {
  const customModels = {
    async list(options: { provider?: string } = {}): Promise<CustomModel[]> {
      const snapshot = await service.loader.load();
      const wanted = options.provider ? (snapshot.catalog.aliases.get(options.provider) ?? options.provider) : null;
      const out: CustomModel[] = [];
      for (const facts of snapshot.providers.values()) {
        if (!facts.config) continue;
        if (wanted && facts.id !== wanted) continue;
        for (const m of facts.config.models) {
          const raw = m as Record<string, unknown>;
          out.push({
            provider: facts.id,
            model: m.id,
            name: m.name ?? null,
            baseUrl: typeof m.baseUrl === "string" ? m.baseUrl : facts.baseUrl,
            api: typeof m.api === "string" ? m.api : typeof facts.config.api === "string" ? facts.config.api : (facts.definition?.api ?? null),
            contextWindow: m.contextWindow ?? null,
            maxTokens: m.maxTokens ?? null,
            reasoning: m.reasoning ?? null,
            tools: typeof raw["tools"] === "boolean" ? raw["tools"] : null,
            json: typeof raw["json"] === "boolean" ? raw["json"] : null,
            input: m.input ? [...m.input] : null,
          });
        }
      }
      return out;
    },

    async add(requested: CustomModelInput): Promise<{ created: boolean; model: CustomModel }> {
      assertId(requested.provider, "provider id");
      const snapshot = await service.loader.load();
      // Provider aliases as everywhere else: "z.ai" adds to zai (and gets its default URL).
      const input = { ...requested, provider: snapshot.catalog.aliases.get(requested.provider) ?? requested.provider };
      if (!input.model || input.model.trim() === "") {
        throw new RegistryError({ code: "invalid_model_id", message: "Expected a model id, found an empty string.", recovery: "Pass --model <id>, e.g. my-local-model." });
      }
      if (input.api !== undefined && !ApiKindSchema.safeParse(input.api).success) {
        throw new RegistryError({
          code: "invalid_model_field",
          message: `Expected api to be one of ${ApiKindSchema.options.join(", ")}, found ${JSON.stringify(input.api)}. Nothing was written.`,
          recovery: "Pass e.g. --api openai-completions.",
        });
      }
      if (input.baseUrl !== undefined) assertUrl(input.baseUrl);
      for (const [field, value] of [["contextWindow", input.contextWindow], ["maxTokens", input.maxTokens]] as const) {
        if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
          throw new RegistryError({ code: "invalid_model_field", message: `Expected ${field} to be a positive integer, found ${value}.`, recovery: `Pass e.g. --${field === "contextWindow" ? "context-window 128000" : "max-tokens 4096"}.` });
        }
      }
      const facts = snapshot.providers.get(input.provider);
      const base: Record<string, unknown> = { id: input.model };
      if (input.name !== undefined) base["name"] = input.name;
      if (input.reasoning !== undefined) base["reasoning"] = input.reasoning;
      if (input.input !== undefined) base["input"] = input.input;
      if (input.contextWindow !== undefined) base["contextWindow"] = input.contextWindow;
      if (input.maxTokens !== undefined) base["maxTokens"] = input.maxTokens;
      if (input.tools !== undefined) base["tools"] = input.tools;
      if (input.json !== undefined) base["json"] = input.json;
      let created = true;
      // Planned, validated and written under models.json's lock: what is checked is exactly what is written, even
      // when another edit lands between this call's reads and its write.
      await ctx.config.updateModelsConfig((text) => {
        const entry: Record<string, unknown> = { ...base };
        const edits: Array<{ path: (string | number)[]; value: unknown }> = [];
        created = true;
        const stored = storedProviderOf(text, input.provider);
        if (!stored.provider) {
          const def = facts?.definition ?? null;
          const baseUrl = input.baseUrl ?? def?.baseUrl ?? null;
          if (!baseUrl) {
            throw new RegistryError({
              code: "base_url_required",
              message: `Provider "${input.provider}" is not in models.json and has no default URL; expected --base-url.`,
              recovery: `Pass baseUrl (e.g. http://127.0.0.1:8000/v1) and api (e.g. openai-completions).`,
            });
          }
          const provider: Record<string, unknown> = { baseUrl, api: input.api ?? def?.api ?? "openai-completions", models: [entry] };
          edits.push({ path: ["providers", input.provider], value: provider });
        } else {
          const at = ["providers", input.provider];
          const storedModels = Array.isArray(stored.provider["models"]) ? (stored.provider["models"] as unknown[]) : null;
          const index = storedModels?.findIndex((m) => isObject(m) && m["id"] === input.model) ?? -1;
          const current = index === -1 ? undefined : (storedModels?.[index] as Record<string, unknown>);
          // The provider's api and URL serve every one of its models: a model that needs another one carries its own
          // (models.json allows api and baseUrl per model), so adding one model never changes how the others are called.
          const catalogProvider = snapshot.catalog.getProvider(input.provider);
          const providerApi = typeof stored.provider["api"] === "string" ? stored.provider["api"] : (catalogProvider?.api.value ?? "openai-completions");
          const providerUrl = typeof stored.provider["baseUrl"] === "string" ? stored.provider["baseUrl"] : (facts?.baseUrl ?? catalogProvider?.baseUrl.value ?? null);
          if (input.api !== undefined) {
            if (input.api !== providerApi) entry["api"] = input.api;
            else if (current?.["api"] !== undefined) entry["api"] = undefined;
          }
          if (input.baseUrl !== undefined) {
            if (providerUrl === null) edits.push({ path: [...at, "baseUrl"], value: input.baseUrl });
            else if (input.baseUrl !== providerUrl) entry["baseUrl"] = input.baseUrl;
            else if (current?.["baseUrl"] !== undefined) entry["baseUrl"] = undefined;
          }
          if (storedModels === null) {
            edits.push({ path: [...at, "models"], value: [entry] });
          } else if (index === -1) {
            edits.push({ path: [...at, "models", storedModels.length], value: entry });
          } else {
            created = false;
            for (const [field, value] of Object.entries(entry)) {
              if (field !== "id") edits.push({ path: [...at, "models", index, field], value });
            }
          }
        }
        // Validate the provider as it would be written; only a valid result reaches the file.
        checkModelsConfigEdits(ctx.config.parse, text, edits, input.provider, (result) =>
          (result.config.providers[input.provider]?.models ?? []).some((m) => m.id === input.model),
        );
        return edits;
      });
      const model = (await customModels.list({ provider: input.provider })).find((m) => m.model === input.model);
      if (!model) {
        throw new RegistryError({ code: "custom_model_not_saved", message: `Wrote ${input.provider}/${input.model} but models.json does not show it; check models.json diagnostics.`, recovery: "Run getModelsConfig() and fix the reported problem." });
      }
      return { created, model };
    },

    async remove(requested: { provider: string; model: string }): Promise<{ removed: boolean }> {
      const snapshot = await service.loader.load();
      const input = { ...requested, provider: snapshot.catalog.aliases.get(requested.provider) ?? requested.provider };
      const facts = snapshot.providers.get(input.provider);
      if (!facts?.config?.models.some((m) => m.id === input.model)) return { removed: false };
      let removed = false;
      await ctx.config.updateModelsConfig((text) => {
        // The file's own position, as it is under the write lock: the parsed list drops invalid entries, so its index
        // can name another model.
        const stored = storedProviderOf(text, input.provider);
        const models = Array.isArray(stored.provider?.["models"]) ? (stored.provider["models"] as unknown[]) : [];
        const index = models.findIndex((m) => isObject(m) && m["id"] === input.model);
        removed = index !== -1;
        return removed ? [{ path: ["providers", input.provider, "models", index], value: undefined }] : [];
      });
      return { removed };
    },
  };

  return customModels;
}
