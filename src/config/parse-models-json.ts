import { ARG, checkArgument } from "../errors/check-argument.js";
import { parseJson5 } from "./parse-json5.js";
import * as z from "zod";
import { builtinDefaultBaseUrl } from "./default-base-url.js";
import type { Diagnostic } from "../schema/diagnostic.js";
import { ModelConfigSchema, ModelsJsonSchema, ProviderConfigInputSchema } from "../schema/models-json.js";
import { assumedDefaults, type AssumedModelDefaults } from "./assumed-defaults.js";
import { protectHeaders } from "./config-headers.js";
import { closestMatch, fieldHint } from "./field-hints.js";
import { issueToDiagnostic, type DiagnosticDraft } from "./issue-to-diagnostic.js";
import { isTriviaOnly } from "./is-trivia-only.js";
import { formatJsonPath } from "./json-path-text.js";
import { scanJson5, type JsonPath } from "./json5-scanner.js";
import { parseJson5Tracked, type DuplicateKey } from "./parse-json5-tracked.js";
import type {
  ModelConfig,
  ModelsJsonConfig,
  ParseModelsJsonOptions,
  ParseModelsJsonResult,
  ProviderConfig,
} from "./models-json-config.js";
import { resolveSecretRef } from "./secret-ref.js";
import { createLineIndex } from "./text-position.js";

const TopShellSchema = ModelsJsonSchema.extend({ providers: z.unknown().optional() });
const ProviderShellSchema = ProviderConfigInputSchema.extend({ models: z.unknown().optional() });

const KNOWN_TOP = Object.keys(ModelsJsonSchema.shape);
const KNOWN_PROVIDER = Object.keys(ProviderConfigInputSchema.shape);
const KNOWN_MODEL = Object.keys(ModelConfigSchema.shape);
/** Fields pi and OpenClaw define that this registry keeps but does not interpret: never reported. */
const TOLERATED_TOP = ["bedrockDiscovery"];
const TOLERATED_PROVIDER = ["compat", "modelOverrides", "auth", "timeoutSeconds", "contextWindow", "contextTokens", "maxTokens", "request", "params", "name"];
const TOLERATED_MODEL = ["contextTokens", "params"];

/**
 * Parse models.json text (JSON5, pi/OpenClaw shape) into the usable configuration plus located diagnostics.
 *
 * Never throws, whatever the input. Each provider is validated on its own: a bad provider is left out of
 * `config.providers` and reported, and never drops the others; a bad model is left out of its provider's `models`.
 * `apiKey` references (`"${VAR}"`, `{ "env": "VAR" }`, a bare UPPER_CASE name) are resolved from `env` into
 * {@link Secret}s; an unset variable is an error naming it. Text that is blank or holds only comments is an empty
 * config (`{ mode: "merge", providers: {} }`) without diagnostics. Duplicate keys are warnings (the last one wins, as in
 * JSON5). A leading BOM and CRLF line ends are fine. OpenClaw's defaults for omitted model fields are returned in
 * `assumed`, never written into `config`.
 *
 * @example
 * ```ts
 * const { config, diagnostics } = parseModelsJson(
 *   `{ providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: "\${LMSTUDIO_KEY}", models: [{ id: "qwen3-8b" }] } } }`,
 *   { env: hostEnv },
 * );
 * for (const d of diagnostics) console.log(`${d.line}:${d.column} ${d.severity} ${d.message}`);
 * ```
 */
export function parseModelsJson(text: string, options: ParseModelsJsonOptions = {}): ParseModelsJsonResult {
  checkArgument("parseModelsJson", "options", ARG.optionalObject, options);
  const source = options.source ?? "models.json";
  try {
    return parseUnguarded(text, options.env ?? {}, source, options.defaultBaseUrl ?? builtinDefaultBaseUrl);
  } catch (cause) {
    // A last line of defence: the promise is "never throws", so an unforeseen bug degrades to one diagnostic.
    return {
      config: emptyConfig(),
      diagnostics: [
        {
          severity: "error",
          code: "internal_error",
          path: [],
          line: null,
          column: null,
          message: `Expected to read ${source}, found an internal error: ${cause instanceof Error ? cause.name : typeof cause}.`,
          hint: "Report this as a bug in model-provider-registry, with the file if you can share it.",
          source,
        },
      ],
      assumed: {},
    };
  }
}

function emptyConfig(): ModelsJsonConfig {
  return { mode: "merge", providers: {} };
}

function parseUnguarded(
  input: unknown,
  env: Readonly<Record<string, string | undefined>>,
  source: string,
  defaultBaseUrl: (providerId: string) => string | null,
): ParseModelsJsonResult {
  if (typeof input !== "string") {
    return {
      config: emptyConfig(),
      diagnostics: [
        {
          severity: "error",
          code: "invalid_input",
          path: [],
          line: null,
          column: null,
          message: `Expected the text of ${source}, found ${input === null ? "null" : `a ${typeof input}`}.`,
          hint: "Pass the file contents as a string (e.g. await readFile(path, \"utf8\")).",
          source,
        },
      ],
      assumed: {},
    };
  }
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // No models.json at all (the usual first run) reads as "": no parser needs to run, and none should throw.
  if (text.trim() === "") return { config: emptyConfig(), diagnostics: [], assumed: {} };

  // One pass: the value and its duplicate keys, no location per value (finish() locates only what it reports).
  // Text outside what that pass decides alone goes to json5, then to the scanner for duplicates.
  let root: unknown;
  let duplicates: readonly DuplicateKey[];
  const tracked = parseJson5Tracked(text);
  if (tracked) ({ value: root, duplicates } = tracked);
  else {
    try {
      root = parseJson5(text);
    } catch (error) {
      // Blank, or only comments (a template such as `// add providers here`): an empty config, not a syntax error.
      if (text.trim() === "" || isTriviaOnly(text)) return { config: emptyConfig(), diagnostics: [], assumed: {} };
      return { config: emptyConfig(), diagnostics: [syntaxDiagnostic(error, text, createLineIndex(text), source)], assumed: {} };
    }
    duplicates = scanJson5(text).duplicates.map((d) => ({ path: d.path, keyStart: d.keyStart ?? d.valueStart }));
  }

  const drafts: DiagnosticDraft[] = [];
  for (const dup of duplicates) {
    drafts.push({
      severity: "warning",
      code: "duplicate_key",
      path: [...dup.path],
      message: `Expected each key once per object, found "${String(dup.path[dup.path.length - 1])}" again at ${formatJsonPath(dup.path)}; the last one wins.`,
      expected: "unique keys",
      found: "a duplicate key",
      hint: "Delete the copy you do not want; the registry uses the last one.",
      anchor: "key",
      offset: dup.keyStart,
    });
  }
  for (const path of removeProtoKeys(root)) {
    drafts.push({
      severity: "warning",
      code: "unsafe_key",
      path,
      message: `Expected ordinary field names, found "__proto__" at ${formatJsonPath(path)}; it is ignored.`,
      hint: 'Remove the "__proto__" field.',
      anchor: "key",
    });
  }

  const config = emptyConfig();
  const assumed: Record<string, Record<string, AssumedModelDefaults>> = {};
  if (!isPlainObject(root)) {
    drafts.push({
      severity: "error",
      code: "invalid_root",
      path: [],
      message: `Expected an object like { "providers": { … } } at the top of ${source}, found ${describeRoot(root)}.`,
      expected: "an object",
      found: describeRoot(root),
      hint: fieldHint(["providers"]),
      anchor: "value",
    });
    return finish(config, drafts, assumed, text, source);
  }

  const top = TopShellSchema.safeParse(root);
  if (!top.success) {
    for (const issue of top.error.issues) drafts.push(issueToDiagnostic(issue, [], root, "The default is used instead."));
  }
  for (const [key, value] of Object.entries(root)) {
    if (key === "providers") continue;
    if (key === "mode") {
      if (value === "merge" || value === "replace") config.mode = value;
      continue;
    }
    if (key === "$schema" && typeof value !== "string") continue;
    config[key] = value;
    if (!KNOWN_TOP.includes(key) && !TOLERATED_TOP.includes(key)) drafts.push(unknownField([key], KNOWN_TOP));
  }

  const providers = root.providers;
  if (providers !== undefined && !isPlainObject(providers)) {
    drafts.push({
      ...issueToDiagnostic(
        { code: "invalid_type", expected: "object", path: [], message: "", input: providers } as z.core.$ZodIssue,
        ["providers"],
        root,
        "No custom provider is loaded.",
      ),
    });
  } else if (providers !== undefined) {
    for (const [id, raw] of Object.entries(providers)) {
      readProvider(id, raw, root, env, config, assumed, drafts, defaultBaseUrl);
    }
  }
  return finish(config, drafts, assumed, text, source);
}

function readProvider(
  id: string,
  raw: unknown,
  root: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  config: ModelsJsonConfig,
  assumed: Record<string, Record<string, AssumedModelDefaults>>,
  drafts: DiagnosticDraft[],
  defaultBaseUrl: (providerId: string) => string | null,
): void {
  const base = ["providers", id];
  const skipped = `Provider "${id}" is not loaded until this is fixed; the other providers are.`;
  if (id.trim() === "") {
    drafts.push({
      severity: "error",
      code: "invalid_provider_id",
      path: base,
      message: `Expected a provider id, found an empty key under providers. ${skipped}`,
      expected: "a non-empty provider id",
      found: "an empty key",
      hint: 'Name the provider, e.g. "lmstudio".',
      anchor: "key",
    });
    return;
  }
  const parsed = ProviderShellSchema.safeParse(raw);
  const rawModels = isPlainObject(raw) ? raw.models : undefined;
  const modelsOk = rawModels === undefined || Array.isArray(rawModels);
  if (!parsed.success || !modelsOk) {
    for (const issue of parsed.error?.issues ?? []) drafts.push(issueToDiagnostic(issue, base, root, skipped));
    if (!modelsOk) {
      drafts.push(
        issueToDiagnostic(
          { code: "invalid_type", expected: "array", path: ["models"], message: "", input: rawModels } as z.core.$ZodIssue,
          base,
          root,
          skipped,
        ),
      );
    }
    return;
  }
  const data = parsed.data;
  for (const key of Object.keys(data)) {
    if (!KNOWN_PROVIDER.includes(key) && !TOLERATED_PROVIDER.includes(key)) drafts.push(unknownField([...base, key], KNOWN_PROVIDER));
  }

  const models: ModelConfig[] = [];
  const seen = new Map<string, number>();
  (rawModels ?? []).forEach((rawModel: unknown, index: number) => {
    const modelPath = [...base, "models", index];
    const result = ModelConfigSchema.safeParse(rawModel);
    if (!result.success) {
      const label = isPlainObject(rawModel) && typeof rawModel.id === "string" ? `"${rawModel.id}"` : `#${index}`;
      const consequence = `Model ${label} of provider "${id}" is skipped; the rest of the provider is loaded.`;
      for (const issue of result.error.issues) drafts.push(issueToDiagnostic(issue, modelPath, root, consequence));
      return;
    }
    const model: ModelConfig = { ...result.data, ...(result.data.headers ? { headers: protectHeaders(result.data.headers) } : {}) };
    for (const key of Object.keys(model)) {
      if (!KNOWN_MODEL.includes(key) && !TOLERATED_MODEL.includes(key)) drafts.push(unknownField([...modelPath, key], KNOWN_MODEL));
    }
    const previous = seen.get(model.id);
    if (previous !== undefined) {
      drafts.push({
        severity: "warning",
        code: "duplicate_model",
        path: [...modelPath, "id"],
        message: `Expected each model id once per provider, found "${model.id}" at models[${previous}] and models[${index}] of provider "${id}"; the later entry is used.`,
        expected: "unique model ids",
        found: "a duplicate model id",
        hint: "Delete one of the two entries.",
        anchor: "value",
      });
      models.splice(models.findIndex((m) => m.id === model.id), 1);
    }
    seen.set(model.id, index);
    models.push(model);
  });

  const { apiKey: rawKey, models: _models, headers: rawHeaders, ...rest } = data;
  const provider: ProviderConfig = { ...rest, ...(rawHeaders ? { headers: protectHeaders(rawHeaders) } : {}), models };
  if (rawKey !== undefined) {
    const { ref, issues } = resolveSecretRef(rawKey, { env, providerId: id });
    if (ref !== undefined) provider.apiKey = ref;
    for (const issue of issues) drafts.push({ ...issue, path: [...base, "apiKey"], anchor: "value" });
  }
  const api = data.api;
  if ((api === "ollama" || (api === undefined && id === "ollama")) && data.baseUrl !== undefined && /\/v1\/?$/.test(data.baseUrl)) {
    drafts.push({
      severity: "warning",
      code: "ollama_openai_path",
      path: [...base, "baseUrl"],
      message: `Expected the native Ollama URL for provider "${id}" (no /v1), found ${JSON.stringify(data.baseUrl)}.`,
      expected: "http://host:11434",
      found: data.baseUrl,
      hint: 'Write "http://127.0.0.1:11434" (native /api/chat), or set "api": "openai-completions" to use the OpenAI-compatible /v1 endpoint.',
      anchor: "value",
    });
  }
  // Models nobody can call: no URL here, on each model, or from the catalog. The provider stays loaded (so it can be
  // fixed with local.update / customModels.add) but is reported, and the catalog does not offer its models.
  const urlless = models.filter((m) => m.baseUrl === undefined);
  if (data.baseUrl === undefined && urlless.length > 0 && safeDefault(defaultBaseUrl, id) === null) {
    drafts.push({
      severity: "error",
      code: "base_url_missing",
      path: base,
      message: `Expected a "baseUrl" for provider "${id}", which lists ${urlless.length === 1 ? `model "${urlless[0]!.id}"` : `${urlless.length} models`}, found none (and no built-in or plugin default). Its models are not offered until it has one.`,
      expected: 'a base URL such as "http://127.0.0.1:8000/v1"',
      found: "no baseUrl",
      hint: `Add "baseUrl": "http://host:port/v1" to providers.${id} (or a "baseUrl" to each model).`,
      anchor: "key",
    });
  }
  config.providers[id] = provider;
  const providerAssumed: Record<string, AssumedModelDefaults> = {};
  for (const model of models) {
    const values = assumedDefaults(model);
    if (Object.keys(values).length > 0) providerAssumed[model.id] = values;
  }
  if (Object.keys(providerAssumed).length > 0) assumed[id] = providerAssumed;
}

function safeDefault(lookup: (providerId: string) => string | null, id: string): string | null {
  try {
    const url = lookup(id);
    return typeof url === "string" && url !== "" ? url : null;
  } catch {
    // A caller's lookup that throws must not break the "never throws" promise: treat the default as unknown.
    return null;
  }
}

function unknownField(path: JsonPath, known: readonly string[]): DiagnosticDraft {
  const key = String(path[path.length - 1]);
  const suggestion = closestMatch(key, known);
  return {
    severity: suggestion === undefined ? "info" : "warning",
    code: "unknown_field",
    path: [...path],
    message:
      suggestion === undefined
        ? `Found the field "${key}" at ${formatJsonPath(path)}, which the registry does not use; it is kept as is.`
        : `Expected a known field at ${formatJsonPath(path)}, found "${key}"; it is kept but not used.`,
    expected: suggestion === undefined ? "a known field" : `"${suggestion}"`,
    found: `"${key}"`,
    hint:
      suggestion === undefined
        ? `Known fields here: ${known.join(", ")}.`
        : `Did you mean "${suggestion}"? Rename the field so it takes effect.`,
    anchor: "key",
  };
}

function finish(
  config: ModelsJsonConfig,
  drafts: DiagnosticDraft[],
  assumed: Record<string, Record<string, AssumedModelDefaults>>,
  text: string,
  source: string,
): ParseModelsJsonResult {
  if (drafts.length === 0) return { config, diagnostics: [], assumed };
  // Only the reported paths (and their ancestors, the fallback when a path is not in the text) are located.
  const unlocated = drafts.filter((d) => d.offset === undefined).map((d) => d.path);
  const scan = unlocated.length === 0 ? undefined : scanJson5(text, { only: unlocated });
  const lines = createLineIndex(text);
  const diagnostics = drafts.map(({ anchor, offset: known, ...draft }): Diagnostic => {
    let offset = known ?? 0;
    for (let i = draft.path.length; i >= 0 && known === undefined; i--) {
      const node = scan?.locate(draft.path.slice(0, i));
      if (node) {
        const exact = i === draft.path.length;
        offset = (exact && anchor === "value") || node.keyStart === null ? node.valueStart : node.keyStart;
        break;
      }
    }
    const { line, column } = lines.positionAt(offset);
    return { ...draft, line, column, source };
  });
  const rank = { error: 0, warning: 1, info: 2 } as const;
  diagnostics.sort((a, b) => rank[a.severity] - rank[b.severity] || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { config, diagnostics, assumed };
}

function syntaxDiagnostic(
  error: unknown,
  text: string,
  lines: ReturnType<typeof createLineIndex>,
  source: string,
): Diagnostic {
  const e = error as { message?: unknown; lineNumber?: unknown; columnNumber?: unknown };
  let line = typeof e.lineNumber === "number" && e.lineNumber >= 1 ? e.lineNumber : 1;
  let column = typeof e.columnNumber === "number" ? e.columnNumber : 1;
  if (column < 1) {
    // json5 reports an unexpected line break as column 0 of the next line; point at the break itself instead.
    ({ line, column } = lines.positionAt(lines.offsetAt({ line, column: 1 }) - 1));
  }
  const detail = String(e.message ?? "unreadable text")
    .replace(/^JSON5: /, "")
    .replace(/ at \d+:\d+$/, "");
  const atEnd = /end of input/.test(detail);
  // The scan stops at the error; the last value it reached is the closest path to report.
  const offset = lines.offsetAt({ line, column });
  const nodes = scanJson5(text).nodes.filter((n) => n.valueStart <= offset);
  const path = [...(nodes[nodes.length - 1]?.path ?? [])];
  return {
    severity: "error",
    code: "syntax_error",
    path,
    line,
    column,
    message: `Expected valid JSON5 in ${source}, found ${detail} at line ${line}, column ${column}. Nothing is loaded from this file until it parses.`,
    expected: "valid JSON5",
    found: detail,
    hint: atEnd
      ? "The text ends early: close every { and [ and every string."
      : "Look for a missing comma, colon, quote or bracket at or just before this position.",
    source,
  };
}

function describeRoot(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * json5 keeps "__proto__" as an own key; zod copying it into a result object would swap that object's prototype,
 * so drop it first. Only the levels the schemas copy (top, provider, model and their fields) matter.
 */
function removeProtoKeys(root: unknown): Array<Array<string | number>> {
  const removed: Array<Array<string | number>> = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null || path.length > 8) continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    if (Object.hasOwn(value, "__proto__")) {
      delete (value as Record<string, unknown>)["__proto__"];
      removed.push([...path, "__proto__"]);
    }
    for (const [key, item] of Object.entries(value)) stack.push({ value: item, path: [...path, key] });
  }
  return removed;
}
