import { describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { assumedDefaults } from "../../src/config/assumed-defaults.js";
import { fixture } from "./fixtures.js";

describe("parseModelsJson", () => {
  it("reads an OpenClaw-generated file with every provider and model", () => {
    const { config, diagnostics } = parseModelsJson(fixture("openclaw-generated.json"), {
      env: { OLLAMA_API_KEY: "ollama-local", MOONSHOT_API_KEY: "sk-moon-1234567890", SYNTHETIC_API_KEY: "syn-abcdefghijkl" },
    });
    expect(Object.keys(config.providers)).toEqual(["ollama", "moonshot", "synthetic"]);
    expect(config.mode).toBe("merge");
    expect(config.providers.ollama?.models.map((m) => m.id)).toEqual(["llama3.3", "qwen3:8b"]);
    expect(config.providers.synthetic?.models[0]?.id).toBe("hf:MiniMaxAI/MiniMax-M2.1");
    // OpenClaw writes env var names as apiKey: each is read as a reference, with a warning, never as the key.
    expect(diagnostics.map((d) => d.code)).toEqual(["bare_env_name", "bare_env_name", "bare_env_name"]);
    const key = config.providers.moonshot?.apiKey;
    expect(key).toMatchObject({ kind: "env", name: "MOONSHOT_API_KEY", form: "bare", source: "MOONSHOT_API_KEY" });
    expect(key?.key?.reveal()).toBe("sk-moon-1234567890");
  });

  it("reads hand-written JSON5 (comments, unquoted keys, single quotes, hex, trailing commas)", () => {
    const { config, diagnostics } = parseModelsJson(fixture("hand-edited.json5"), {
      env: { LMSTUDIO_KEY: "lm-studio", VLLM_API_KEY: "vllm-local" },
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "info", code: "unknown_field", path: ["providers", "lmstudio", "uiColor"], line: 14, column: 7 }),
    ]);
    expect(config.providers.vllm?.models[0]?.contextWindow).toBe(32768);
    expect(config.providers.lmstudio?.uiColor).toBe("teal");
    expect(config.$schema).toBe("./node_modules/model-provider-registry/dist/models.schema.json");
    expect(config.providers.vllm?.apiKey).toMatchObject({ kind: "env", form: "object", name: "VLLM_API_KEY" });
  });

  it("keeps every valid provider when others are broken, and locates each problem", () => {
    const text = fixture("mixed-errors.json5");
    const { config, diagnostics } = parseModelsJson(text);
    expect(Object.keys(config.providers)).toEqual(["good", "badModel", "good2"]);
    expect(config.providers.badModel?.models.map((m) => m.id)).toEqual(["ok"]);
    const byPath = Object.fromEntries(diagnostics.map((d) => [d.path.join("."), d]));
    expect(byPath["providers.badUrl.baseUrl"]).toMatchObject({
      severity: "error",
      code: "invalid_type",
      line: 4,
      column: 24,
      expected: "a URL string",
      found: "the number 11434",
    });
    expect(byPath["providers.badUrl.baseUrl"]?.message).toContain('Provider "badUrl" is not loaded');
    expect(byPath["providers.badApi.api"]?.hint).toContain('Did you mean "openai-completions"?');
    expect(byPath["providers.badModel.models.1.id"]).toMatchObject({ code: "missing_field", line: 6 });
    expect(byPath["providers.badModel.models.2.contextWindow"]).toMatchObject({ code: "too_small", found: "the number -5" });
    expect(byPath["providers.notAnObject"]).toMatchObject({ code: "invalid_type", expected: "an object", line: 7, column: 18 });
    for (const d of diagnostics) {
      expect(d.message.length).toBeGreaterThan(20);
      expect(d.hint?.length ?? 0).toBeGreaterThan(10);
      // The reported position points at the value (or key) the path names.
      const lineText = text.split("\n")[d.line! - 1]!;
      const last = String(d.path[d.path.length - 1]);
      if (d.code !== "missing_field" && typeof d.path[d.path.length - 1] === "string") expect(lineText).toContain(last);
    }
  });

  it("reports syntax errors with line, column, the nearest path and a hint, and loads nothing", () => {
    const { config, diagnostics } = parseModelsJson('{\n  providers: {\n    a: { baseUrl: "http://x" \n    b: {}\n  }\n}');
    expect(config.providers).toEqual({});
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: "error", code: "syntax_error", line: 4, column: 5 });
    expect(diagnostics[0]?.path).toEqual(["providers", "a", "baseUrl"]);
    expect(diagnostics[0]?.message).toMatch(/Expected valid JSON5 .* found invalid character 'b' at line 4, column 5/);
  });

  it("handles BOM and CRLF: positions match an editor's", () => {
    const text = `\uFEFF${fixture("crlf.json").replace('"api": "openai-completions"', '"api": 7')}`;
    const { diagnostics } = parseModelsJson(text);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "invalid_value", path: ["providers", "lmstudio", "api"], line: 5, column: 14 })]);
    expect(parseModelsJson(`\uFEFF${fixture("crlf.json")}`).diagnostics).toEqual([]);
  });

  it("warns about duplicate keys at the later key, and the last value wins", () => {
    const { config, diagnostics } = parseModelsJson('{\n  "providers": {\n    "a": { "baseUrl": "http://one" },\n    "a": { "baseUrl": "http://two" }\n  }\n}');
    expect(config.providers.a?.baseUrl).toBe("http://two");
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "duplicate_key", line: 4, column: 5, path: ["providers", "a"] })]);
  });

  it("treats empty text as an empty file, and rejects a non-object root", () => {
    expect(parseModelsJson("")).toEqual({ config: { mode: "merge", providers: {} }, diagnostics: [], assumed: {} });
    expect(parseModelsJson(" \n\uFEFF ").diagnostics).toEqual([]);
    expect(parseModelsJson("[]").diagnostics[0]).toMatchObject({ code: "invalid_root", line: 1, column: 1 });
    expect(parseModelsJson(undefined as unknown as string).diagnostics[0]).toMatchObject({ code: "invalid_input" });
  });

  it("reads a file holding only comments (a user's template) as an empty config, not a syntax error", () => {
    const empty = { config: { mode: "merge", providers: {} }, diagnostics: [], assumed: {} };
    for (const text of ["// add providers here", "// add providers here\n", "/* custom providers */\r\n// none yet\r\n", "\uFEFF  // x\n\n"]) {
      expect(parseModelsJson(text), JSON.stringify(text)).toEqual(empty);
    }
    // Still broken: a block comment that never ends, or a stray token after the comments.
    expect(parseModelsJson("/* add providers here").diagnostics[0]).toMatchObject({ code: "syntax_error", severity: "error" });
    expect(parseModelsJson("// add providers here\n-").diagnostics[0]).toMatchObject({ code: "syntax_error", line: 2 });
  });

  it("suggests the intended field for typos and keeps unknown fields", () => {
    const { config, diagnostics } = parseModelsJson('{ "providers": { "x": { "baseURL": "http://h", "apikey": "k" } } }');
    expect(diagnostics.filter((d) => d.code === "unknown_field").map((d) => [d.severity, d.hint])).toEqual([
      ["warning", 'Did you mean "baseUrl"? Rename the field so it takes effect.'],
      ["warning", 'Did you mean "apiKey"? Rename the field so it takes effect.'],
    ]);
    expect(config.providers.x?.baseURL).toBe("http://h");
  });

  it("warns when an Ollama provider points at the OpenAI-compatible /v1 path", () => {
    const { diagnostics } = parseModelsJson('{ "providers": { "ollama": { "baseUrl": "http://127.0.0.1:11434/v1" } } }');
    expect(diagnostics).toEqual([expect.objectContaining({ code: "ollama_openai_path", severity: "warning" })]);
    expect(parseModelsJson('{ "providers": { "ollama": { "baseUrl": "http://127.0.0.1:11434/v1", "api": "openai-completions" } } }').diagnostics).toEqual([]);
  });

  it("drops duplicate model ids with a warning, keeping the later entry", () => {
    const { config, diagnostics } = parseModelsJson('{ "providers": { "x": { "baseUrl": "http://127.0.0.1:8000/v1", "models": [{ "id": "m", "name": "one" }, { "id": "m", "name": "two" }] } } }');
    expect(config.providers.x?.models).toEqual([{ id: "m", name: "two" }]);
    expect(diagnostics[0]).toMatchObject({ code: "duplicate_model", path: ["providers", "x", "models", 1, "id"] });
  });

  it("reports OpenClaw defaults as assumed, never writes them into the config", () => {
    const { config, assumed } = parseModelsJson('{ "providers": { "x": { "models": [{ "id": "m", "contextWindow": 4096, "cost": { "input": 1 } }, { "id": "full", "reasoning": true, "input": ["text"], "cost": { "input": 1, "output": 2, "cacheRead": 0, "cacheWrite": 0 }, "contextWindow": 1000, "maxTokens": 10 }] } } }');
    expect(config.providers.x?.models[0]).toEqual({ id: "m", contextWindow: 4096, cost: { input: 1 } });
    expect(assumed).toEqual({
      x: { m: { reasoning: false, input: ["text"], cost: { output: 0, cacheRead: 0, cacheWrite: 0 }, maxTokens: 4096 } },
    });
    expect(assumedDefaults({})).toEqual({
      reasoning: false,
      input: ["text"],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 200000,
      maxTokens: 8192,
    });
  });

  it("ignores __proto__ keys with a warning instead of changing prototypes", () => {
    const { config, diagnostics } = parseModelsJson('{ "providers": { "x": { "__proto__": { "polluted": true }, "baseUrl": "http://h" } } }');
    expect(diagnostics.map((d) => d.code)).toEqual(["unsafe_key"]);
    expect(Object.getPrototypeOf(config.providers.x)).toBe(Object.prototype);
    expect((config.providers.x as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an invalid mode is an error and falls back to merge", () => {
    const { config, diagnostics } = parseModelsJson('{ "mode": "replase", "providers": {} }');
    expect(config.mode).toBe("merge");
    expect(diagnostics[0]).toMatchObject({ code: "invalid_value", path: ["mode"], hint: expect.stringContaining('Did you mean "replace"?') });
  });
});

describe("formatDiagnostic", () => {
  it("renders file:line:column, severity, code, message and the hint", async () => {
    const { formatDiagnostic } = await import("../../src/config/format-diagnostic.js");
    const [d] = parseModelsJson('{\n  "providers": { "x": { "baseUrl": 1 } }\n}', { source: "/home/me/.app/models.json" }).diagnostics;
    expect(formatDiagnostic(d!)).toBe(
      `/home/me/.app/models.json:2:36 error invalid_type Expected a URL string at providers.x.baseUrl, found the number 1. Provider "x" is not loaded until this is fixed; the other providers are.\n  hint: ${d!.hint}`,
    );
  });
});

describe("fields other parts of the registry write", () => {
  it("accepts discovery on providers and tools/json/openWeights on models without unknown-field notes", () => {
    const { config, diagnostics } = parseModelsJson(
      `{ providers: { box: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", discovery: "vllm",
         models: [{ id: "m", tools: true, json: false, openWeights: true }] } } }`,
    );
    expect(diagnostics.filter((d) => d.code === "unknown_field")).toEqual([]);
    expect(config.providers["box"]?.["discovery"]).toBe("vllm");
    expect(config.providers["box"]?.models[0]?.["tools"]).toBe(true);
  });

  it("rejects a discovery kind that does not exist, keeping the other providers", () => {
    const { config, diagnostics } = parseModelsJson(
      `{ providers: { bad: { baseUrl: "http://127.0.0.1:1/v1", discovery: "telepathy" }, good: { baseUrl: "http://127.0.0.1:2/v1" } } }`,
    );
    expect(Object.keys(config.providers)).toEqual(["good"]);
    expect(diagnostics.some((d) => d.severity === "error" && d.path.join(".") === "providers.bad.discovery")).toBe(true);
  });
});
