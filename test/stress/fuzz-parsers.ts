// Part of `npm run test:stress` (see run-stress.ts); not a vitest file.
// Fuzzes the public parsers and classifiers with fast-check and counts broken promises:
//   crash     = a throw where the function documents never throwing, or a throw that is not a RegistryError
//               where it documents throwing one (RegistryError is how every public function reports bad input);
//   internal  = parseModelsJson's last-line-of-defence `internal_error` diagnostic (a swallowed crash);
//   polluted  = anything added to Object/Array/Function prototypes;
//   console   = writes to the console (only the CLI may write there).
import fc from "fast-check";
import {
  classifyError,
  isRegistryError,
  parseModelRef,
  parseModelsJson,
  parsePluginManifest,
  reasoningDescriptor,
  resolveEnvApiKeys,
  resolveThinkingLevel,
} from "../../src/index.js";
import { decodeSnapshotModel, encodeSnapshotModel } from "../../src/catalog/index.js";

export interface FuzzResult {
  name: string;
  inputs: number;
  crashes: number;
  internal: number;
  polluted: number;
  console: number;
  /** First few failures, for the report. */
  samples: string[];
}

type Expect = "never-throws" | "registry-error";

const SEED = 20_260_709;
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];
const PROVIDERS = ["openai", "anthropic", "google", "ollama", "lmstudio", "openrouter", "zai", "deepseek", "custom", "xai", "mistral", "groq"];
const MODEL_IDS = ["gpt-5", "gpt-4o", "claude-sonnet-4-5", "claude-opus-4-6", "gemini-2.5-flash", "glm-4.7", "qwen3-8b", "deepseek-reasoner", "gpt-oss:20b", "o3"];
const LEVELS = ["off", "minimal", "low", "medium", "high", "xhigh", "max", "on", "x-high", "none", "HIGH", " mid "];
const API_KINDS = ["openai-completions", "openai-responses", "anthropic-messages", "google-generative-ai", "ollama", "bogus"];
const ENV_NAMES = ["OPENAI_API_KEY", "OPENAI_API_KEYS", "OPENAI_API_KEY_2", "OPENAI_API_KEY_10", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEYS", "MPR_LIVE_OPENAI_KEY", "ZAI_API_KEY", "OLLAMA_HOST", "__proto__", "constructor"];

// Strings that reach the odd corners: separators, BOM, comments, escapes, hostile keys, unicode line breaks.
const piece = fc.constantFrom(
  "{", "}", "[", "]", ":", ",", '"', "'", "/", "//", "/*", "*/", "\n", "\r\n", "\uFEFF", "\u2028", "\u2029", "\\u0000", "\\",
  "providers", "models", "baseUrl", "apiKey", "api", "id", "headers", "${OPENAI_API_KEY}", "${", "}", "mode", "merge", "replace",
  "Infinity", "NaN", "-0", "1e999", "0x1F", "null", "true", "false", ...HOSTILE_KEYS, ...API_KINDS, ...PROVIDERS, ...MODEL_IDS, "@", "@q4_k_m", "@1.0.0-beta.1",
);
const weirdString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.array(piece, { maxLength: 24 }).map((p) => p.join("")));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, Number.NaN, Infinity, -0, 2 ** 53, ""),
    weirdString,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS, "polluted"), weirdString), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const modelArb = fc.record(
  {
    id: fc.oneof(fc.constantFrom(...MODEL_IDS), weirdString, hostileValue),
    name: fc.oneof(weirdString, hostileValue),
    api: fc.oneof(fc.constantFrom(...API_KINDS), hostileValue),
    reasoning: fc.oneof(fc.boolean(), hostileValue),
    contextWindow: fc.oneof(fc.integer(), fc.double(), hostileValue),
    maxTokens: fc.oneof(fc.integer(), hostileValue),
    input: fc.oneof(fc.constant(["text", "image"]), hostileValue),
    cost: fc.oneof(fc.record({ input: fc.double(), output: fc.double() }), hostileValue),
    __proto__: fc.constant({ polluted: true }),
  },
  { requiredKeys: [] },
);
const providerArb = fc.record(
  {
    baseUrl: fc.oneof(fc.constantFrom("http://127.0.0.1:1234/v1", "https://api.example.com/v1?key=abc", "not a url", "file:///etc"), hostileValue),
    api: fc.oneof(fc.constantFrom(...API_KINDS), hostileValue),
    apiKey: fc.oneof(fc.constantFrom("${OPENAI_API_KEY}", "OPENAI_API_KEY", "sk-literal", "${"), fc.record({ env: fc.oneof(weirdString, hostileValue) }), hostileValue),
    headers: fc.oneof(fc.dictionary(weirdString, fc.oneof(weirdString, hostileValue), { maxKeys: 3 }), hostileValue),
    models: fc.oneof(fc.array(modelArb, { maxLength: 3 }), hostileValue),
    constructor: fc.constant({ prototype: { polluted: true } }),
  },
  { requiredKeys: [] },
);
const modelsJsonText = fc.oneof(
  weirdString,
  fc.json(),
  fc
    .record({ mode: fc.oneof(fc.constantFrom("merge", "replace"), hostileValue), providers: fc.dictionary(fc.oneof(fc.constantFrom(...PROVIDERS, ...HOSTILE_KEYS), weirdString), providerArb, { maxKeys: 3 }) }, { requiredKeys: [] })
    .map((o) => JSON.stringify(o).replace(/"constructor"/, '"__proto__"')),
  // Valid JSON cut anywhere (a truncated write) or with stray bytes spliced in.
  fc.tuple(fc.json(), fc.nat(), weirdString).map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk),
);
const envArb = fc.dictionary(fc.oneof(fc.constantFrom(...ENV_NAMES), weirdString), fc.oneof(weirdString, fc.constantFrom("undefined", " sk-1\n", "a,b;c d", "")), { maxKeys: 6 });
const THINKING = ["off", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
// Well-typed ReasoningModel inputs (wrong field types are fuzzed under "wrong types" below).
const reasoningOption = fc.oneof(
  fc.record({ type: fc.constant("toggle") }),
  fc.record({ type: fc.constant("effort"), values: fc.array(fc.oneof(fc.constantFrom(...LEVELS), weirdString), { maxLength: 5 }) }),
  fc.record({ type: fc.constant("budget_tokens"), min: fc.integer(), max: fc.integer() }, { requiredKeys: ["type"] }),
);
const reasoningInput = fc.oneof(
  fc.record({ provider: fc.constantFrom(...PROVIDERS), id: fc.constantFrom(...MODEL_IDS) }),
  fc.record(
    {
      provider: fc.oneof(fc.constantFrom(...PROVIDERS, ...HOSTILE_KEYS), weirdString),
      id: fc.oneof(fc.constantFrom(...MODEL_IDS, ...HOSTILE_KEYS), weirdString),
      api: fc.oneof(fc.constantFrom(...API_KINDS), fc.constant(null)),
      name: fc.oneof(weirdString, fc.constant(null)),
      family: fc.oneof(weirdString, fc.constant(null)),
      reasoning: fc.oneof(fc.boolean(), fc.constant(null)),
      thinkingLevels: fc.oneof(fc.array(fc.constantFrom(...THINKING), { maxLength: 5 }), fc.constant(null)),
      defaultThinkingLevel: fc.oneof(fc.constantFrom(...THINKING), fc.constant(null)),
      maxOutputTokens: fc.oneof(fc.integer(), fc.double(), fc.constant(null)),
      reasoningOptions: fc.oneof(fc.array(reasoningOption, { maxLength: 3 }), fc.constant(null)),
      endpoint: fc.constantFrom("known", "custom", null),
    },
    { requiredKeys: ["provider", "id"] },
  ),
);
const looseReasoningInput = fc.record(
  {
    provider: fc.oneof(fc.constantFrom(...PROVIDERS), hostileValue),
    id: fc.oneof(fc.constantFrom(...MODEL_IDS), hostileValue),
    reasoning: hostileValue,
    thinkingLevels: hostileValue,
    defaultThinkingLevel: hostileValue,
    reasoningOptions: hostileValue,
    metadata: hostileValue,
  },
  { requiredKeys: [] },
);
const errorLike = fc.oneof(
  hostileValue,
  fc.record(
    {
      status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constantFrom(400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 529), hostileValue),
      headers: fc.oneof(fc.dictionary(fc.constantFrom("retry-after", "x-ratelimit-reset", "Retry-After", "__proto__"), fc.oneof(weirdString, fc.integer().map(String)), { maxKeys: 3 }), hostileValue),
      body: hostileValue,
      message: fc.oneof(weirdString, fc.constantFrom("socket hang up", "EPIPE", "maximum context length", "rate limit", "insufficient credits", "currently experiencing high load")),
      code: fc.oneof(fc.constantFrom("ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "rate_limit_error", "insufficient_quota"), hostileValue),
      name: fc.oneof(fc.constantFrom("AbortError", "TimeoutError", "TypeError", "HTTPError", "APIError"), hostileValue),
      cause: hostileValue,
    },
    { requiredKeys: [] },
  ),
  fc.tuple(weirdString, hostileValue).map(([message, cause]) => Object.assign(new Error(message), { cause })),
);
const pluginPkg = fc.oneof(
  hostileValue,
  fc.record({
    name: weirdString,
    modelRegistry: fc.oneof(
      hostileValue,
      fc.record(
        {
          schemaVersion: fc.oneof(fc.integer({ min: -1, max: 3 }), hostileValue),
          providers: fc.oneof(
            hostileValue,
            fc.array(
              fc.record(
                {
                  id: fc.oneof(fc.constantFrom(...PROVIDERS, "my-plugin", ...HOSTILE_KEYS), weirdString),
                  name: weirdString,
                  baseUrl: fc.oneof(fc.constantFrom("https://x.example/v1"), hostileValue),
                  api: fc.oneof(fc.constantFrom(...API_KINDS), hostileValue),
                  auth: fc.oneof(fc.record({ type: fc.constantFrom("apiKey", "oauth", "none"), env: fc.oneof(weirdString, hostileValue) }), hostileValue),
                  models: fc.oneof(fc.array(modelArb, { maxLength: 2 }), hostileValue),
                  tiers: hostileValue,
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  }),
);
const snapshotRow = fc.oneof(fc.array(hostileValue, { maxLength: 20 }), fc.tuple(weirdString, weirdString, weirdString, fc.integer(), fc.integer()));

interface Target {
  name: string;
  runs: number;
  expect: Expect;
  arb: fc.Arbitrary<unknown>;
  call: (input: never) => unknown;
}

const targets: Target[] = [
  { name: "parseModelsJson", runs: 24_000, expect: "never-throws", arb: fc.tuple(modelsJsonText, envArb), call: ([text, env]: [string, Record<string, string>]) => parseModelsJson(text, { env }) },
  { name: "parseModelRef", runs: 12_000, expect: "registry-error", arb: fc.tuple(fc.oneof(weirdString, fc.tuple(fc.constantFrom(...PROVIDERS), piece, weirdString).map((p) => p.join(""))), fc.dictionary(weirdString, weirdString, { maxKeys: 3 })), call: ([ref, aliases]: [string, Record<string, string>]) => parseModelRef(ref, { aliases: new Map(Object.entries(aliases)) }) },
  { name: "classifyError", runs: 20_000, expect: "never-throws", arb: errorLike, call: (input: unknown) => classifyError(input) },
  { name: "resolveEnvApiKeys", runs: 12_000, expect: "registry-error", arb: fc.tuple(fc.oneof(fc.constantFrom(...PROVIDERS), weirdString), envArb), call: ([id, env]: [string, Record<string, string>]) => resolveEnvApiKeys(id, env).map((k) => k.source) },
  { name: "parsePluginManifest", runs: 12_000, expect: "never-throws", arb: pluginPkg, call: (pkg: unknown) => parsePluginManifest(pkg) },
  { name: "reasoningDescriptor", runs: 10_000, expect: "registry-error", arb: reasoningInput, call: (input: never) => reasoningDescriptor(input) },
  { name: "resolveThinkingLevel", runs: 10_000, expect: "registry-error", arb: fc.tuple(reasoningInput, fc.oneof(fc.constantFrom(...LEVELS), weirdString, fc.boolean())), call: ([input, level]: [never, string]) => resolveThinkingLevel(input, level) },
  {
    name: "snapshot codec",
    runs: 8_000,
    expect: "never-throws",
    arb: snapshotRow,
    call: (row: unknown[]) => {
      // Decoding then encoding a row is the identity on what decoding keeps; encode must accept what decode returns.
      const model = decodeSnapshotModel(row);
      encodeSnapshotModel(model);
      return model;
    },
  },
];

// Wrong input types, where the function's types forbid them: issue 9 item 11 says each throws a RegistryError saying
// what it expected, never a TypeError from deep inside.
const wrongTypes: Target[] = [
  { name: "wrong types: parseModelRef", runs: 1_000, expect: "registry-error", arb: hostileValue, call: (v: never) => parseModelRef(v) },
  { name: "wrong types: resolveEnvApiKeys", runs: 1_000, expect: "registry-error", arb: fc.tuple(hostileValue, hostileValue), call: ([a, b]: [never, never]) => resolveEnvApiKeys(a, b) },
  { name: "wrong types: reasoningDescriptor", runs: 1_000, expect: "registry-error", arb: fc.oneof(hostileValue, looseReasoningInput), call: (v: never) => reasoningDescriptor(v) },
  { name: "wrong types: resolveThinkingLevel", runs: 1_000, expect: "registry-error", arb: fc.tuple(fc.oneof(hostileValue, looseReasoningInput), hostileValue), call: ([a, b]: [never, never]) => resolveThinkingLevel(a, b) },
  { name: "wrong types: parseModelsJson", runs: 1_000, expect: "never-throws", arb: hostileValue, call: (v: never) => parseModelsJson(v) },
];

const prototypeNames = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(",")).join("|");

function describe(input: unknown): string {
  try {
    return JSON.stringify(input, (_k, v: unknown) => (v === undefined ? "<undefined>" : typeof v === "number" && !Number.isFinite(v) ? String(v) : v))?.slice(0, 160) ?? String(input);
  } catch {
    return String(input).slice(0, 160);
  }
}

function fuzzTarget(target: Target): FuzzResult {
  const result: FuzzResult = { name: target.name, inputs: 0, crashes: 0, internal: 0, polluted: 0, console: 0, samples: [] };
  const before = prototypeNames();
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  const mute = () => {
    result.console += 1;
  };
  Object.assign(console, { log: mute, warn: mute, error: mute, info: mute, debug: mute });
  const stderrWrite = process.stderr.write;
  const stdoutWrite = process.stdout.write;
  process.stderr.write = ((..._args: unknown[]) => (mute(), true)) as typeof process.stderr.write;
  process.stdout.write = ((..._args: unknown[]) => (mute(), true)) as typeof process.stdout.write;
  try {
    const chunk = 2_000;
    for (let done = 0; done < target.runs; done += chunk) {
      const inputs = fc.sample(target.arb, { numRuns: Math.min(chunk, target.runs - done), seed: SEED + done + target.name.length });
      for (const input of inputs) {
        result.inputs += 1;
        try {
          const output = target.call(input as never);
          if (target.name === "parseModelsJson" || target.name === "wrong types: parseModelsJson") {
            const diagnostics = (output as { diagnostics: Array<{ code: string }> }).diagnostics;
            if (diagnostics.some((d) => d.code === "internal_error")) {
              result.internal += 1;
              if (result.samples.length < 3) result.samples.push(`internal_error for ${describe(input)}`);
            }
          }
        } catch (error) {
          if (target.expect === "registry-error" && isRegistryError(error)) continue;
          result.crashes += 1;
          if (result.samples.length < 3) result.samples.push(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} for ${describe(input)}`.slice(0, 300));
        }
        if (({} as Record<string, unknown>)["polluted"] !== undefined || prototypeNames() !== before) {
          result.polluted += 1;
          if (result.samples.length < 3) result.samples.push(`prototype polluted by ${describe(input)}`);
          for (const p of [Object.prototype, Array.prototype]) delete (p as Record<string, unknown>)["polluted"];
        }
      }
    }
  } finally {
    Object.assign(console, saved);
    process.stderr.write = stderrWrite;
    process.stdout.write = stdoutWrite;
  }
  return result;
}

export function runFuzz(): FuzzResult[] {
  return [...targets, ...wrongTypes].map(fuzzTarget);
}
