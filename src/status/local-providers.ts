import { RegistryError } from "../errors/registry-error.js";
import { z } from "zod";
import type { SecretRef } from "../config/secret-ref.js";
import { discoverModels } from "../discovery/discover-models.js";
import { fetchJson, joinUrl } from "../discovery/discovery-http.js";
import { normalizeOllamaBaseUrl } from "../discovery/ollama-host.js";
import { lmStudioRoot } from "../discovery/lmstudio.js";
import { ApiKindSchema, type ApiKind } from "../schema/api-kind.js";
import type { DiscoveredModel } from "../schema/discovered.js";
import { DiscoveredCacheSchema } from "../schema/discovered.js";
import { updateSectionIfReadable } from "../storage/sections.js";
import { warnDamagedDocument } from "../storage/damaged-document.js";
import { STATE_SECTION_SCHEMAS } from "../schema/state-sections.js";
import { getLocalPreset, LOCAL_PRESETS, type LocalPreset } from "./local-presets.js";
import { checkModelsConfigEdits, storedProviderOf } from "./models-config-writer.js";
import type { StatusServiceDeps } from "./status-deps.js";
import { STATE_JSON_KEY } from "../storage/storage-keys.js";
import { ProbesSectionSchema } from "../schema/probe-record.js";
import { probeProvider } from "./probe-provider.js";
import { recoveryForFailure } from "./recovery-for-kind.js";
import { shownUrl } from "./shown-url.js";
import type { StatusService } from "./status-service.js";
import type { ProviderFacts } from "./status-snapshot.js";

/**
 * What `local.add()` takes.
 *
 * @example
 * ```ts
 * await registry.local.add({ preset: "lmstudio", apiKey: "${LM_API_TOKEN}" });
 * ```
 */
export interface LocalProviderInput {
  preset: LocalPreset["id"];
  /** models.json provider id; default: the preset's (`ollama`, `lmstudio`, `custom`, ...). */
  id?: string;
  /** Default: the preset's URL (required for presets without one). */
  baseUrl?: string;
  /** `"${VAR}"` or `{ env: "VAR" }` (preferred: the key never lands in the file), or a literal key. */
  apiKey?: string | { env: string };
  headers?: Record<string, string>;
  name?: string;
  api?: ApiKind;
}

/**
 * What `local.update()` changes; `null` removes a field.
 *
 * @example
 * ```ts
 * await registry.local.update("vllm", { baseUrl: "http://gpu-box:8000/v1" });
 * ```
 */
export interface LocalProviderPatch {
  baseUrl?: string;
  apiKey?: string | { env: string } | null;
  headers?: Record<string, string> | null;
  name?: string | null;
  api?: ApiKind;
}

/**
 * Result of `local.test()`.
 *
 * @example
 * ```ts
 * const t = await registry.local.test("ollama");
 * if (!t.reachable) console.log(t.message, t.recovery);
 * ```
 */
export interface LocalTestResult {
  providerId: string;
  baseUrl: string | null;
  /** The server answered HTTP (even with an error status). */
  reachable: boolean;
  /** Time of the listing call, in milliseconds; `null` when nothing was sent. */
  latencyMs: number | null;
  /**
   * `ok`: a key was sent and the server rejects requests without it; `rejected`: the server rejected our key;
   * `required`: no key was sent and the server wants one; `not_required`: the server answers without a key.
   */
  auth: "ok" | "rejected" | "required" | "not_required" | "unknown";
  modelCount: number | null;
  /** The server's own version when it tells (Ollama `GET /api/version`), else `null`. */
  serverVersion: string | null;
  /** The protocol that answered: `ollama-native`, `lmstudio-v1`, `lmstudio-v0`, `vllm`, `sglang`, `litellm`, `openai-compatible`, ... */
  flavor: string | null;
  errorKind: string | null;
  message: string | null;
  recovery: string | null;
}

/**
 * Result of `local.fetchModels()`.
 *
 * @example
 * ```ts
 * const { added, total } = await registry.local.fetchModels("lmstudio");
 * ```
 */
export interface FetchModelsResult {
  providerId: string;
  added: string[];
  /** Existing entries that gained fields they did not have (user-set fields are never changed). */
  updated: string[];
  /** Entries in models.json the server no longer lists; kept. */
  notListed: string[];
  total: number;
}

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

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const OllamaVersionSchema = z.object({ version: z.string() });

/** What to do when the server wants a key and none was sent: name the unset variable models.json references. */
function missingKeyRecovery(id: string, apiKey: SecretRef | undefined): string {
  return apiKey?.kind === "env" && apiKey.key === null
    ? `The server wants a key and ${apiKey.name} (the apiKey in models.json) is not set: set it in the environment this app is started with, then test again.`
    : `The server wants a key: add one with local.update("${id}", { apiKey: "\${MY_KEY}" }) and set that variable.`;
}

function assertId(id: string, what: string): void {
  if (!ID.test(id)) {
    throw new RegistryError({
      code: "invalid_provider_id",
      message: `Expected a ${what} of lower-case letters, digits, '.', '_' or '-', found ${JSON.stringify(id)}.`,
      recovery: "Pick an id such as \"my-vllm\".",
    });
  }
}

function assertUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegistryError({ code: "invalid_base_url", message: `Expected an http(s) base URL, found ${JSON.stringify(url)}.`, recovery: "Use e.g. http://127.0.0.1:8000/v1." });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new RegistryError({ code: "invalid_base_url", message: `Expected an http(s) base URL, found ${parsed.protocol} in ${JSON.stringify(url)}.`, recovery: "Use e.g. http://127.0.0.1:8000/v1." });
  }
  if (/[<>{}]/.test(url)) {
    throw new RegistryError({ code: "invalid_base_url", message: `The base URL still has placeholders: ${url}.`, recovery: "Replace <account_id>, <gateway_id> etc. with your values." });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function modelEntry(m: DiscoveredModel): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: m.id };
  if (m.name) entry["name"] = m.name;
  if (typeof m.reasoning === "boolean") entry["reasoning"] = m.reasoning;
  if (m.input) {
    const allowed = m.input.filter((i) => ["text", "image", "audio", "video", "pdf"].includes(i));
    if (allowed.length > 0) entry["input"] = allowed;
  }
  // A server that states its maximum apart (LM Studio) reports the context a copy is loaded with: runtime state,
  // which the live listing keeps current. Written here it would become a user value that outranks every reload.
  if (typeof m.contextWindow === "number" && m.maxContextWindow == null) entry["contextWindow"] = m.contextWindow;
  if (typeof m.maxOutputTokens === "number") entry["maxTokens"] = m.maxOutputTokens;
  if (typeof m.tools === "boolean") entry["tools"] = m.tools;
  if (typeof m.json === "boolean") entry["json"] = m.json;
  if (m.cost && m.cost.input !== null && m.cost.output !== null) {
    entry["cost"] = { input: m.cost.input, output: m.cost.output, cacheRead: m.cost.cacheRead ?? 0, cacheWrite: m.cost.cacheWrite ?? 0 };
  }
  return entry;
}

/**
 * Local providers (`local.*`) and custom models (`customModels.*`): presets, models.json edits through the
 * comment-preserving editor, reachability tests and model fetching.
 *
 * @example
 * ```ts
 * const local = createLocalProviders(ctx, service);
 * await local.add({ preset: "ollama" });
 * ```
 */
export function createLocalProviders(ctx: StatusServiceDeps, service: StatusService) {
  async function factsOf(id: string): Promise<ProviderFacts> {
    const snapshot = await service.loader.load();
    const facts = snapshot.providers.get(snapshot.catalog.aliases.get(id) ?? id);
    if (!facts || (!facts.config && !facts.definition?.local)) {
      throw new RegistryError({
        code: "local_provider_not_found",
        message: `Expected a local/custom provider "${id}" in models.json, found none.`,
        recovery: `Add it first, e.g. local.add({ preset: "ollama" }), or pick one of: ${[...snapshot.providers.values()].filter((f) => f.local).map((f) => f.id).join(", ") || "(none configured)"}.`,
      });
    }
    return facts;
  }

  async function currentConfig() {
    const snapshot = await service.loader.load();
    return snapshot;
  }

  const local = {
    /** The local/manual routes with default URLs. */
    async presets(): Promise<LocalPreset[]> {
      return LOCAL_PRESETS.map((p) => ({ ...p, hostEnv: [...p.hostEnv] }));
    },

    async add(input: LocalProviderInput): Promise<{ providerId: string; baseUrl: string }> {
      const preset = getLocalPreset(input.preset);
      if (!preset) {
        throw new RegistryError({
          code: "unknown_preset",
          message: `Expected a preset id (${LOCAL_PRESETS.map((p) => p.id).join(", ")}), found ${JSON.stringify(input.preset)}.`,
          recovery: "Call local.presets() for the list.",
        });
      }
      const id = input.id ?? preset.providerId;
      assertId(id, "provider id");
      const baseUrl = input.baseUrl ?? preset.baseUrl;
      if (!baseUrl) {
        throw new RegistryError({
          code: "base_url_required",
          message: `The ${preset.name} preset has no default URL; expected baseUrl like ${preset.baseUrlTemplate ?? "http://host:port/v1"}.`,
          recovery: "Pass baseUrl.",
        });
      }
      assertUrl(baseUrl);
      const finalUrl = preset.id === "ollama" ? normalizeOllamaBaseUrl(baseUrl) : baseUrl;
      const snapshot = await currentConfig();
      if (snapshot.providers.get(id)?.config) {
        throw new RegistryError({
          code: "local_provider_exists",
          message: `models.json already has a provider "${id}".`,
          recovery: `Use local.update("${id}", { ... }) to change it, or pass another id.`,
        });
      }
      const entry: Record<string, unknown> = { baseUrl: finalUrl, api: input.api ?? preset.api };
      const builtin = snapshot.catalog.getProvider(id)?.definition;
      if (!builtin || builtin.discovery !== preset.discovery) entry["discovery"] = preset.discovery;
      if (input.name) entry["name"] = input.name;
      if (input.apiKey !== undefined) entry["apiKey"] = input.apiKey;
      if (input.headers) entry["headers"] = input.headers;
      entry["models"] = [];
      await ctx.config.updateModelsConfig([{ path: ["providers", id], value: entry }]);
      return { providerId: id, baseUrl: finalUrl };
    },

    async update(id: string, patch: LocalProviderPatch): Promise<void> {
      const facts = await factsOf(id);
      if (!facts.config) {
        throw new RegistryError({ code: "local_provider_not_found", message: `Expected "${id}" in models.json, found only the built-in default.`, recovery: `Add it with local.add({ preset: "${id}" }) first.` });
      }
      if (patch.baseUrl !== undefined) assertUrl(patch.baseUrl);
      const edits: Array<{ path: (string | number)[]; value: unknown }> = [];
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const v = field === "baseUrl" && facts.discovery === "ollama" ? normalizeOllamaBaseUrl(value as string) : value;
        edits.push({ path: ["providers", facts.id, field], value: v === null ? undefined : v });
      }
      if (edits.length > 0) await ctx.config.updateModelsConfig(edits);
    },

    async remove(id: string): Promise<void> {
      const facts = await factsOf(id);
      if (facts.config) await ctx.config.updateModelsConfig([{ path: ["providers", facts.id], value: undefined }]);
      const drop = <T extends Record<string, unknown>>(current: T): T => {
        const next = { ...current };
        delete next[facts.id];
        return next;
      };
      // The provider is gone from models.json either way; its probe and listing are bookkeeping, dropped only when
      // state.json can be written (a damaged file is never written over: one warning instead).
      const guard = { guard: STATE_SECTION_SCHEMAS };
      const skipped =
        (await updateSectionIfReadable(ctx.storage, STATE_JSON_KEY, "probes", ProbesSectionSchema, {}, drop, guard)) ??
        (await updateSectionIfReadable(ctx.storage, STATE_JSON_KEY, "discovered", DiscoveredCacheSchema, {}, drop, guard));
      if (skipped) warnDamagedDocument(ctx.storage, ctx.logger, STATE_JSON_KEY, skipped);
    },

    async test(id: string): Promise<LocalTestResult> {
      const facts = await factsOf(id);
      const outcome = await probeProvider(ctx, facts);
      if (!outcome.record) {
        return {
          providerId: facts.id,
          baseUrl: facts.baseUrl === null ? null : shownUrl(facts.baseUrl),
          reachable: false,
          latencyMs: null,
          auth: "unknown",
          modelCount: null,
          flavor: null,
          serverVersion: null,
          errorKind: null,
          message: outcome.skipped,
          recovery: "Set a base URL for this provider, then test again.",
        };
      }
      await service.persist([outcome]);
      service.refreshAfterChange();
      const r = outcome.record;
      const sentKey = Boolean(facts.credential?.secret?.reveal());
      let auth: LocalTestResult["auth"] = "unknown";
      if (r.outcome === "error" && (r.errorKind === "auth_invalid" || r.errorKind === "auth_expired")) auth = sentKey ? "rejected" : "required";
      else if (r.outcome === "ok" && !sentKey) auth = "not_required";
      else if (r.outcome === "ok" && sentKey) {
        const bare = await probeProvider(ctx, facts, { omitKey: true });
        const kind = bare.record?.errorKind;
        auth = bare.record?.outcome === "ok" ? "not_required" : kind === "auth_invalid" || kind === "auth_expired" ? "ok" : "unknown";
      }
      let flavor = r.flavor;
      let recovery: string | null = null;
      if (r.outcome === "ok" && flavor === "openai-compatible" && facts.baseUrl) {
        const root = lmStudioRoot(facts.baseUrl);
        try {
          await discoverModels("ollama", { baseUrl: root, fetch: ctx.fetch, timeoutMs: ctx.timeoutMs });
          flavor = "ollama-openai-compatible";
          recovery = `This is Ollama's OpenAI-compatible path; use the native API instead: local.update("${facts.id}", { baseUrl: "${normalizeOllamaBaseUrl(facts.baseUrl)}", api: "ollama" }).`;
        } catch {
          // Not Ollama: the plain OpenAI-compatible flavour stands.
        }
      }
      let serverVersion: string | null = null;
      if (r.outcome === "ok" && flavor?.startsWith("ollama") && facts.baseUrl) {
        try {
          const body = await fetchJson(
            { baseUrl: facts.baseUrl, fetch: ctx.fetch, timeoutMs: ctx.timeoutMs, signal: AbortSignal.timeout(ctx.timeoutMs) },
            joinUrl(normalizeOllamaBaseUrl(facts.baseUrl), "api/version"),
            OllamaVersionSchema,
          );
          serverVersion = body.version;
        } catch {
          // Older or proxied servers may not expose it; the version stays unknown.
        }
      }
      const reachable = r.outcome === "ok" || !(r.errorKind === "network" || r.errorKind === "timeout" || r.errorKind === "aborted");
      if (r.outcome === "error") {
        // Only the key advice is local.test's own (it knows which key was sent); every other failure takes the
        // shared code-then-kind table, so a refused redirect says what status says.
        recovery =
          auth === "rejected"
            ? "The server rejected the key: set the right key (or none) with local.update()."
            : auth === "required"
              ? missingKeyRecovery(facts.id, facts.config?.apiKey)
              : recoveryForFailure({ kind: r.errorKind, code: r.errorCode }, { baseUrl: facts.baseUrl, local: true });
      } else if ((r.modelCount ?? 0) === 0) {
        recovery = "The server lists no models: pull or load a model, then fetch models.";
      }
      return {
        providerId: facts.id,
        baseUrl: facts.baseUrl === null ? null : shownUrl(facts.baseUrl),
        reachable,
        latencyMs: r.durationMs,
        auth,
        modelCount: r.modelCount,
        flavor,
        serverVersion,
        errorKind: r.errorKind,
        message: r.message,
        recovery,
      };
    },

    async fetchModels(id: string): Promise<FetchModelsResult> {
      const facts = await factsOf(id);
      const outcome = await probeProvider(ctx, facts);
      if (outcome.record) await service.persist([outcome]);
      if (!outcome.models) {
        throw new RegistryError({
          code: "fetch_models_failed",
          message: `Could not list models from ${facts.name}${facts.baseUrl ? ` at ${shownUrl(facts.baseUrl)}` : ""}: ${outcome.record?.message ?? outcome.skipped ?? "unknown error"}`,
          recovery: "Start the local server, test the URL, fetch models, and save.",
        });
      }
      const existing = facts.config?.models ?? [];
      const models = outcome.models;
      let added: string[] = [];
      let updated: string[] = [];
      // Computed from the file as it is when the write happens (under its lock): a concurrent edit cannot shift the
      // positions these edits address.
      await ctx.config.updateModelsConfig((text) => {
        added = [];
        updated = [];
        // Positions in the file's own list: the parsed one drops invalid entries, and the file may have no list at all.
        const stored = storedProviderOf(text, facts.id);
        const storedModels = Array.isArray(stored.provider?.["models"]) ? (stored.provider["models"] as unknown[]) : null;
        const byId = new Map<string, { m: Record<string, unknown>; i: number }>();
        (storedModels ?? []).forEach((m, i) => {
          if (isPlainObject(m) && typeof m["id"] === "string" && !byId.has(m["id"])) byId.set(m["id"], { m, i });
        });
        const edits: Array<{ path: (string | number)[]; value: unknown }> = [];
        if (!facts.config && !stored.provider) {
          const def = facts.definition;
          edits.push({
            path: ["providers", facts.id],
            value: { baseUrl: facts.baseUrl, api: def?.api ?? "openai-completions", models: models.map(modelEntry) },
          });
          added.push(...models.map((m) => m.id));
          return edits;
        }
        const fresh: Record<string, unknown>[] = [];
        let next = storedModels?.length ?? 0;
        for (const m of models) {
          const entry = modelEntry(m);
          const current = byId.get(m.id);
          if (!current) {
            if (storedModels === null) fresh.push(entry);
            else edits.push({ path: ["providers", facts.id, "models", next], value: entry });
            next += 1;
            added.push(m.id);
            continue;
          }
          let changed = false;
          for (const [field, value] of Object.entries(entry)) {
            if (current.m[field] !== undefined) continue;
            edits.push({ path: ["providers", facts.id, "models", current.i, field], value });
            changed = true;
          }
          if (changed) updated.push(m.id);
        }
        // Written without a models list: create it with the fetched entries in one edit.
        if (storedModels === null) edits.push({ path: ["providers", facts.id, "models"], value: fresh });
        return edits;
      });
      const listed = new Set(outcome.models.map((m) => m.id));
      return {
        providerId: facts.id,
        added,
        updated,
        notListed: existing.map((m) => m.id).filter((m) => !listed.has(m)),
        total: existing.length + added.length,
      };
    },
  };

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
          const index = storedModels?.findIndex((m) => isPlainObject(m) && m["id"] === input.model) ?? -1;
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
        const index = models.findIndex((m) => isPlainObject(m) && m["id"] === input.model);
        removed = index !== -1;
        return removed ? [{ path: ["providers", input.provider, "models", index], value: undefined }] : [];
      });
      return { removed };
    },
  };

  return { local, customModels };
}

/**
 * The `local` and `customModels` namespaces of the registry.
 *
 * @example
 * ```ts
 * const { local, customModels } = createLocalProviders(ctx, service);
 * ```
 */
export type LocalProviders = ReturnType<typeof createLocalProviders>;
