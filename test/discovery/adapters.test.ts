import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/schema/secret.js";
import { discoverModels } from "../../src/discovery/discover-models.js";
import type { DiscoveryKind } from "../../src/schema/provider-definition.js";
import { createMswServer, fixture, http, HttpResponse, model } from "./fixture-server.js";

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function discover(kind: DiscoveryKind, baseUrl: string, apiKey?: string) {
  return discoverModels(kind, { baseUrl, fetch: (i, init) => globalThis.fetch(i, init), timeoutMs: 2000, apiKey: apiKey ? new Secret(apiKey) : undefined });
}

describe("OpenAI-compatible listings", () => {
  it("maps OpenAI's minimal list: ids only, every capability unknown, key sent as Bearer", async () => {
    let auth: string | null = null;
    server.use(http.get("https://api.openai.com/v1/models", ({ request }) => {
      auth = request.headers.get("authorization");
      return HttpResponse.json(fixture("openai-models.json"));
    }));
    const result = await discover("openai-compatible", "https://api.openai.com/v1", "sk-test-openai-000000");
    expect(auth).toBe("Bearer sk-test-openai-000000");
    expect(result.authenticated).toBe(true);
    expect(result.flavor).toBe("openai-compatible");
    expect(result.models).toEqual([
      model("gpt-5", { extra: { ownedBy: "system", created: 1754425777 } }),
      model("gpt-4o-mini", { extra: { ownedBy: "system", created: 1721172741 } }),
      model("text-embedding-3-small", { extra: { ownedBy: "system", created: 1705948997 } }),
      model("ft:gpt-4o-mini-2024-07-18:acme-corp::A1b2C3d4", { extra: { ownedBy: "user-abc123xyz", created: 1727380000 } }),
    ]);
  });

  it("maps Mistral capabilities (function_calling → tools, vision → image input, max_context_length)", async () => {
    server.use(http.get("https://api.mistral.ai/v1/models", () => HttpResponse.json(fixture("mistral-models.json"))));
    const { models } = await discover("openai-compatible", "https://api.mistral.ai/v1", "mistral-key-123456");
    expect(models).toEqual([
      model("mistral-large-latest", {
        name: "mistral-large-2411",
        contextWindow: 131072,
        input: ["text", "image"],
        tools: true,
        extra: { ownedBy: "mistralai", created: 1738000000, fineTuned: false, aliases: ["mistral-large-2411"] },
      }),
      model("codestral-2501", {
        name: "codestral-2501",
        contextWindow: 262144,
        input: ["text"],
        tools: true,
        extra: { ownedBy: "mistralai", created: 1738000000, fineTuned: false, aliases: ["codestral-latest"] },
      }),
      // Not a chat model: vision says nothing about its input, so input stays unknown.
      model("mistral-embed", {
        name: "mistral-embed",
        contextWindow: 8192,
        tools: false,
        extra: { ownedBy: "mistralai", created: 1738000000, fineTuned: false },
      }),
    ]);
  });

  it("maps Groq's context_window and max_completion_tokens", async () => {
    server.use(http.get("https://api.groq.com/openai/v1/models", () => HttpResponse.json(fixture("groq-models.json"))));
    const { models } = await discover("openai-compatible", "https://api.groq.com/openai/v1", "gsk_test");
    expect(models).toEqual([
      model("llama-3.3-70b-versatile", { contextWindow: 131072, maxOutputTokens: 32768, extra: { ownedBy: "Meta", created: 1733447754, active: true } }),
      model("qwen/qwen3-32b", { contextWindow: 131072, maxOutputTokens: 40960, extra: { ownedBy: "Alibaba Cloud", created: 1748396646, active: true } }),
      model("whisper-large-v3-turbo", { contextWindow: 448, maxOutputTokens: 448, extra: { ownedBy: "OpenAI", created: 1728413088, active: true } }),
    ]);
  });

  it("maps Cerebras' minimal list", async () => {
    server.use(http.get("https://api.cerebras.ai/v1/models", () => HttpResponse.json(fixture("cerebras-models.json"))));
    const { models } = await discover("openai-compatible", "https://api.cerebras.ai/v1", "csk-test");
    expect(models).toEqual([
      model("llama3.1-8b", { extra: { ownedBy: "Meta", created: 1721692800 } }),
      model("gpt-oss-120b", { extra: { ownedBy: "OpenAI", created: 1733443200 } }),
    ]);
  });

  it("maps Together's bare array with display names, context and per-million prices", async () => {
    server.use(http.get("https://api.together.xyz/v1/models", () => HttpResponse.json(fixture("together-models.json"))));
    const { models } = await discover("openai-compatible", "https://api.together.xyz/v1", "together-key");
    expect(models).toEqual([
      model("meta-llama/Llama-3.3-70B-Instruct-Turbo", {
        name: "Meta Llama 3.3 70B Instruct Turbo",
        contextWindow: 131072,
        cost: { input: 0.88, output: 0.88, cacheRead: null, cacheWrite: null },
        extra: { created: 1733461628, modelType: "chat" },
      }),
      model("Qwen/Qwen3-235B-A22B-Thinking-2507", {
        name: "Qwen3 235B A22B Thinking 2507 FP8",
        contextWindow: 262144,
        cost: { input: 0.65, output: 3, cacheRead: null, cacheWrite: null },
        extra: { created: 1753487296, modelType: "chat" },
      }),
      model("BAAI/bge-large-en-v1.5", {
        name: "BAAI-Bge-Large-1p5",
        contextWindow: 512,
        cost: { input: 0.02, output: 0, cacheRead: null, cacheWrite: null },
        extra: { created: 1700000000, modelType: "embedding" },
      }),
    ]);
  });

  it("maps the Hugging Face router: modalities, any live provider's tools/JSON, largest context; listing is not proof of a key", async () => {
    server.use(http.get("https://router.huggingface.co/v1/models", () => HttpResponse.json(fixture("huggingface-router-models.json"))));
    const result = await discover("openai-compatible", "https://router.huggingface.co/v1", "hf_test");
    expect(result.authenticated).toBe(false);
    expect(result.models).toEqual([
      model("openai/gpt-oss-120b", {
        contextWindow: 131072,
        input: ["text"],
        output: ["text"],
        tools: true,
        json: true,
        extra: { ownedBy: "openai", created: 1754418405, inferenceProviders: ["cerebras", "groq"] },
      }),
      model("Qwen/Qwen3-VL-8B-Instruct", {
        contextWindow: 131072,
        input: ["text", "image"],
        output: ["text"],
        tools: true,
        json: false,
        extra: { ownedBy: "Qwen", created: 1760000000, inferenceProviders: ["novita"] },
      }),
    ]);
  });

  it("maps vLLM max_model_len and keeps LoRA adapters with root/parent", async () => {
    server.use(http.get("http://127.0.0.1:8000/v1/models", () => HttpResponse.json(fixture("vllm-models.json"))));
    const result = await discover("vllm", "http://127.0.0.1:8000/v1");
    expect(result.flavor).toBe("vllm");
    expect(result.authenticated).toBe(false);
    expect(result.models).toEqual([
      model("Qwen/Qwen3-8B", { contextWindow: 32768, extra: { ownedBy: "vllm", created: 1767225600, root: "Qwen/Qwen3-8B" } }),
      model("sql-lora", { extra: { ownedBy: "vllm", created: 1767225600, root: "/adapters/sql-lora", parent: "Qwen/Qwen3-8B", lora: true } }),
    ]);
  });

  it("maps SGLang's model card (owned_by sglang, max_model_len)", async () => {
    // Shape of SGLang's ModelCard (sglang/srt/entrypoints/openai/protocol.py): id, object, created, owned_by, root, max_model_len.
    server.use(http.get("http://127.0.0.1:30000/v1/models", () =>
      HttpResponse.json({ object: "list", data: [{ id: "Qwen/Qwen3-8B", object: "model", created: 1767225600, owned_by: "sglang", root: "Qwen/Qwen3-8B", max_model_len: 40960 }] })));
    const result = await discover("openai-compatible", "http://127.0.0.1:30000/v1");
    expect(result.flavor).toBe("sglang");
    expect(result.models).toEqual([model("Qwen/Qwen3-8B", { contextWindow: 40960, extra: { ownedBy: "sglang", created: 1767225600, root: "Qwen/Qwen3-8B" } })]);
  });

  it("maps Ollama's OpenAI-compatible /v1/models", async () => {
    server.use(http.get("http://127.0.0.1:11434/v1/models", () => HttpResponse.json(fixture("ollama-openai-models.json"))));
    const { models } = await discover("openai-compatible", "http://127.0.0.1:11434/v1");
    expect(models).toEqual([
      model("qwen3:8b", { extra: { ownedBy: "library", created: 1746206047 } }),
      model("gemma3:4b", { extra: { ownedBy: "library", created: 1744988575 } }),
    ]);
  });

  it("uses xAI's language-models endpoint: modalities and cents-per-100M prices → USD per million", async () => {
    server.use(http.get("https://api.x.ai/v1/language-models", () => HttpResponse.json(fixture("xai-language-models.json"))));
    const result = await discover("openai-compatible", "https://api.x.ai/v1", "xai-test-key");
    expect(result.flavor).toBe("xai-language-models");
    expect(result.authenticated).toBe(true);
    expect(result.models).toEqual([
      model("grok-4-0709", {
        input: ["text", "image"],
        output: ["text"],
        cost: { input: 3, output: 15, cacheRead: 0.75, cacheWrite: null },
        extra: { ownedBy: "xai", created: 1752019200, version: "1.0.0", aliases: ["grok-4", "grok-4-latest"] },
      }),
      model("grok-3-mini", {
        input: ["text"],
        output: ["text"],
        cost: { input: 0.3, output: 0.5, cacheRead: 0.075, cacheWrite: null },
        extra: { ownedBy: "xai", created: 1743724800, version: "1.0.0", aliases: ["grok-3-mini-latest"] },
      }),
    ]);
  });

  it("falls back to xAI's minimal /v1/models when language-models is absent", async () => {
    server.use(
      http.get("https://api.x.ai/v1/language-models", () => HttpResponse.json({ error: "not found" }, { status: 404 })),
      http.get("https://api.x.ai/v1/models", () => HttpResponse.json(fixture("xai-models.json"))),
    );
    const result = await discover("openai-compatible", "https://api.x.ai/v1", "xai-test-key");
    expect(result.flavor).toBe("openai-compatible");
    expect(result.models).toEqual([
      model("grok-4-0709", { extra: { ownedBy: "xai", created: 1752019200 } }),
      model("grok-3-mini", { extra: { ownedBy: "xai", created: 1743724800 } }),
    ]);
  });

  it("drops a malformed entry without losing the others", async () => {
    server.use(http.get("http://127.0.0.1:8000/v1/models", () => HttpResponse.json({ data: [{ object: "model" }, { id: "ok", max_model_len: "big" }] })));
    const { models } = await discover("vllm", "http://127.0.0.1:8000/v1");
    expect(models).toEqual([model("ok")]);
  });
});

describe("Anthropic", () => {
  it("follows has_more/last_id with after_id, sends x-api-key and anthropic-version, maps rich and legacy entries", async () => {
    const seen: Array<{ afterId: string | null; key: string | null; version: string | null }> = [];
    server.use(http.get("https://api.anthropic.com/v1/models", ({ request }) => {
      const url = new URL(request.url);
      const afterId = url.searchParams.get("after_id");
      seen.push({ afterId, key: request.headers.get("x-api-key"), version: request.headers.get("anthropic-version") });
      return HttpResponse.json(fixture(afterId === "claude-opus-4-1-20250805" ? "anthropic-models-page2.json" : "anthropic-models-page1.json"));
    }));
    const result = await discover("anthropic", "https://api.anthropic.com", "sk-ant-test-000000");
    expect(seen).toEqual([
      { afterId: null, key: "sk-ant-test-000000", version: "2023-06-01" },
      { afterId: "claude-opus-4-1-20250805", key: "sk-ant-test-000000", version: "2023-06-01" },
    ]);
    expect(result.authenticated).toBe(true);
    expect(result.models).toEqual([
      model("claude-sonnet-4-5-20250929", {
        name: "Claude Sonnet 4.5",
        contextWindow: 200000,
        maxOutputTokens: 64000,
        input: ["text", "image", "pdf"],
        json: true,
        reasoning: true,
        releaseDate: "2025-09-29",
        extra: { line: "sonnet" },
      }),
      model("claude-opus-4-1-20250805", {
        name: "Claude Opus 4.1",
        contextWindow: 200000,
        maxOutputTokens: 32000,
        input: ["text", "image", "pdf"],
        json: true,
        reasoning: true,
        releaseDate: "2025-08-05",
        extra: { line: "opus" },
      }),
      model("claude-3-5-haiku-20241022", { name: "Claude Haiku 3.5", releaseDate: "2024-10-22" }),
    ]);
  });

  it("maps supported effort levels to thinking levels", async () => {
    server.use(http.get("https://api.anthropic.com/v1/models", () => HttpResponse.json({
      data: [{ id: "claude-x", capabilities: { effort: { supported: true, low: { supported: true }, medium: { supported: true }, high: { supported: true }, max: { supported: false }, xhigh: null } } }],
      has_more: false,
    })));
    const { models } = await discover("anthropic", "https://api.anthropic.com/v1", "k");
    expect(models[0]?.thinkingLevels).toEqual(["low", "medium", "high"]);
  });
});

describe("Gemini", () => {
  it("follows nextPageToken with pageToken, strips models/, sends the key as a header never in the URL", async () => {
    const urls: string[] = [];
    let keyHeader: string | null = null;
    server.use(http.get("https://generativelanguage.googleapis.com/v1beta/models", ({ request }) => {
      urls.push(request.url);
      keyHeader = request.headers.get("x-goog-api-key");
      const token = new URL(request.url).searchParams.get("pageToken");
      if (token === "Chhtb2RlbHMvZ2VtaW5pLWVtYmVkZGluZy0wMDE=") {
        return HttpResponse.json({ models: [{ name: "models/gemini-2.5-pro", displayName: "Gemini 2.5 Pro", inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true, supportedGenerationMethods: ["generateContent"] }] });
      }
      return HttpResponse.json(fixture("gemini-models.json"));
    }));
    const result = await discover("google", "https://generativelanguage.googleapis.com", "AIzaTestKey000000000000000000");
    expect(keyHeader).toBe("AIzaTestKey000000000000000000");
    expect(urls.every((u) => !u.includes("AIza"))).toBe(true);
    expect(urls).toHaveLength(2);
    const methods = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"];
    expect(result.models).toEqual([
      model("gemini-2.5-flash", { name: "Gemini 2.5 Flash", contextWindow: 1048576, maxOutputTokens: 65536, reasoning: true, extra: { version: "001", modelType: "chat", generationMethods: methods } }),
      // No `thinking` field: reasoning is unknown, not false.
      model("gemini-2.0-flash", { name: "Gemini 2.0 Flash", contextWindow: 1048576, maxOutputTokens: 8192, extra: { version: "2.0", modelType: "chat", generationMethods: methods } }),
      model("gemini-embedding-001", {
        name: "Gemini Embedding 001",
        contextWindow: 2048,
        maxOutputTokens: 1,
        extra: { version: "001", modelType: "embedding", generationMethods: ["embedContent", "countTextTokens", "countTokens", "asyncBatchEmbedContent"] },
      }),
      model("gemini-2.5-pro", { name: "Gemini 2.5 Pro", contextWindow: 1048576, maxOutputTokens: 65536, reasoning: true, extra: { modelType: "chat", generationMethods: ["generateContent"] } }),
    ]);
  });
});

describe("OpenRouter", () => {
  it("derives capabilities from supported_parameters and converts string per-token prices to per-million", async () => {
    server.use(http.get("https://openrouter.ai/api/v1/models", () => HttpResponse.json(fixture("openrouter-models.json"))));
    const result = await discover("openrouter", "https://openrouter.ai/api/v1");
    expect(result.authenticated).toBe(false);
    expect(result.models).toEqual([
      model("anthropic/claude-sonnet-4.5", {
        name: "Anthropic: Claude Sonnet 4.5",
        contextWindow: 1000000,
        maxOutputTokens: 64000,
        input: ["text", "image", "pdf"],
        output: ["text"],
        tools: true,
        json: true,
        reasoning: true,
        cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
        knowledge: "2025-01-31",
        extra: { canonicalSlug: "anthropic/claude-4.5-sonnet-20250929" },
      }),
      model("openai/gpt-5", {
        name: "OpenAI: GPT-5",
        contextWindow: 400000,
        maxOutputTokens: 128000,
        input: ["text", "image", "pdf"],
        output: ["text"],
        tools: true,
        json: true,
        reasoning: true,
        cost: { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: null },
        knowledge: "2024-09-30",
        extra: { canonicalSlug: "openai/gpt-5-2025-08-07" },
      }),
      model("meta-llama/llama-3.3-70b-instruct:free", {
        name: "Meta: Llama 3.3 70B Instruct (free)",
        contextWindow: 65536,
        input: ["text"],
        output: ["text"],
        tools: true,
        json: false,
        reasoning: false,
        cost: { input: 0, output: 0, cacheRead: null, cacheWrite: null },
        knowledge: "2023-12-31",
        openWeights: true,
        extra: { canonicalSlug: "meta-llama/llama-3.3-70b-instruct", huggingFaceId: "meta-llama/Llama-3.3-70B-Instruct" },
      }),
    ]);
  });

  it("proves a key only through the key endpoint, and a rejected key fails the listing", async () => {
    server.use(
      http.get("https://openrouter.ai/api/v1/models", () => HttpResponse.json(fixture("openrouter-models.json"))),
      http.get("https://openrouter.ai/api/v1/key", ({ request }) =>
        request.headers.get("authorization") === "Bearer sk-or-good"
          ? HttpResponse.json({ data: { label: "sk-or-…good" } })
          : HttpResponse.json({ error: { code: 401, message: "User not found." } }, { status: 401 })),
    );
    const ok = await discover("openrouter", "https://openrouter.ai/api/v1", "sk-or-good");
    expect(ok.authenticated).toBe(true);
    await expect(discover("openrouter", "https://openrouter.ai/api/v1", "sk-or-bad")).rejects.toMatchObject({ kind: "auth_invalid", status: 401 });
  });
});

describe("Ollama (native)", () => {
  it("maps v0.30+ tags (capabilities + context_length) without calling /api/show, and strips /v1", async () => {
    let showCalls = 0;
    server.use(
      http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags.json"))),
      http.post("http://127.0.0.1:11434/api/show", () => {
        showCalls += 1;
        return HttpResponse.json({});
      }),
    );
    const result = await discover("ollama", "http://127.0.0.1:11434/v1/");
    expect(showCalls).toBe(0);
    expect(result).toMatchObject({ flavor: "ollama-native", authenticated: false, endpoint: "http://127.0.0.1:11434/api/tags" });
    expect(result.models).toEqual([
      model("qwen3:8b", {
        family: "qwen3",
        contextWindow: 40960,
        input: ["text"],
        tools: true,
        reasoning: true,
        extra: { modelType: "chat", parameterSize: "8.2B", quantization: "Q4_K_M", format: "gguf", sizeBytes: 5225388164 },
      }),
      model("gemma3:4b", {
        family: "gemma3",
        contextWindow: 131072,
        input: ["text", "image"],
        tools: false,
        reasoning: false,
        extra: { modelType: "chat", parameterSize: "4.3B", quantization: "Q4_K_M", format: "gguf", sizeBytes: 3338801804 },
      }),
      model("nomic-embed-text:latest", {
        family: "nomic-bert",
        contextWindow: 2048,
        input: ["text"],
        tools: false,
        reasoning: false,
        extra: { modelType: "embedding", parameterSize: "137M", quantization: "F16", format: "gguf", sizeBytes: 274302450 },
      }),
    ]);
  });

  it("calls /api/show for legacy tags and reads capabilities and <arch>.context_length from model_info", async () => {
    const shown: unknown[] = [];
    server.use(
      http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags-legacy.json"))),
      http.post("http://127.0.0.1:11434/api/show", async ({ request }) => {
        shown.push(await request.json());
        return HttpResponse.json(fixture("ollama-show-qwen3.json"));
      }),
    );
    const { models } = await discover("ollama", "http://127.0.0.1:11434");
    expect(shown).toEqual([{ model: "llama3.2:latest" }]);
    expect(models).toEqual([
      model("llama3.2:latest", {
        family: "llama",
        contextWindow: 40960,
        input: ["text"],
        tools: true,
        reasoning: true,
        extra: { modelType: "chat", parameterSize: "3.2B", quantization: "Q4_K_M", format: "gguf", sizeBytes: 2019393189 },
      }),
    ]);
  });

  it("keeps a model with unknown capabilities when /api/show fails for it", async () => {
    server.use(
      http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags-legacy.json"))),
      http.post("http://127.0.0.1:11434/api/show", () => HttpResponse.json({ error: "boom" }, { status: 500 })),
    );
    const { models } = await discover("ollama", "http://127.0.0.1:11434");
    expect(models).toEqual([
      model("llama3.2:latest", { family: "llama", extra: { parameterSize: "3.2B", quantization: "Q4_K_M", format: "gguf", sizeBytes: 2019393189 } }),
    ]);
  });

  it("runs at most 4 /api/show calls at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const tags = { models: Array.from({ length: 10 }, (_, i) => ({ name: `m${i}:latest`, model: `m${i}:latest` })) };
    server.use(
      http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(tags)),
      http.post("http://127.0.0.1:11434/api/show", async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        return HttpResponse.json({ capabilities: ["completion"], model_info: { "general.architecture": "llama", "llama.context_length": 8192 } });
      }),
    );
    const { models } = await discover("ollama", "http://127.0.0.1:11434");
    expect(models).toHaveLength(10);
    expect(models.every((m) => m.contextWindow === 8192 && m.tools === false)).toBe(true);
    expect(peak).toBe(4);
  });
});

describe("LM Studio", () => {
  it("reads /api/v1/models, keeping max and loaded context apart and unloaded models selectable", async () => {
    server.use(http.get("http://127.0.0.1:1234/api/v1/models", () => HttpResponse.json(fixture("lmstudio-v1-models.json"))));
    const result = await discover("lmstudio", "http://127.0.0.1:1234/v1");
    expect(result.flavor).toBe("lmstudio-v1");
    expect(result.models).toEqual([
      model("qwen/qwen3-8b", {
        name: "Qwen3 8B",
        family: "qwen3",
        // The loaded copy's context is what a request can use; the maximum stays visible.
        contextWindow: 8192,
        maxContextWindow: 40960,
        input: ["text"],
        tools: true,
        reasoning: true,
        extra: {
          modelType: "chat",
          publisher: "qwen",
          quantization: "Q4_K_M",
          format: "gguf",
          loaded: true,
          maxContextLength: 40960,
          loadedContextLength: 8192,
          reasoningOptions: ["off", "on"],
          reasoningDefault: "on",
        },
      }),
      model("text-embedding-nomic-embed-text-v1.5", {
        name: "Nomic Embed Text v1.5",
        contextWindow: 2048,
        maxContextWindow: 2048,
        extra: { modelType: "embedding", publisher: "nomic-ai", quantization: "Q4_0", format: "gguf", loaded: false, maxContextLength: 2048 },
      }),
    ]);
  });

  it("falls back to /api/v0/models on older servers", async () => {
    server.use(
      http.get("http://127.0.0.1:1234/api/v1/models", () => HttpResponse.json({ error: "Unexpected endpoint or method." }, { status: 404 })),
      http.get("http://127.0.0.1:1234/api/v0/models", () => HttpResponse.json(fixture("lmstudio-v0-models.json"))),
    );
    const result = await discover("lmstudio", "http://127.0.0.1:1234/v1");
    expect(result.flavor).toBe("lmstudio-v0");
    expect(result.models).toEqual([
      model("qwen2-vl-7b-instruct", {
        family: "qwen2_vl",
        contextWindow: 32768,
        maxContextWindow: 32768,
        input: ["text", "image"],
        extra: { modelType: "chat", publisher: "mlx-community", quantization: "4bit", format: "mlx", loaded: false, maxContextLength: 32768 },
      }),
      model("qwen3-8b", {
        family: "qwen3",
        contextWindow: 40960,
        maxContextWindow: 40960,
        input: ["text"],
        tools: true,
        extra: { modelType: "chat", publisher: "lmstudio-community", quantization: "Q4_K_M", format: "gguf", loaded: true, maxContextLength: 40960 },
      }),
      model("text-embedding-nomic-embed-text-v1.5", {
        family: "nomic-bert",
        contextWindow: 2048,
        maxContextWindow: 2048,
        extra: { modelType: "embedding", publisher: "nomic-ai", quantization: "Q4_0", format: "gguf", loaded: false, maxContextLength: 2048 },
      }),
    ]);
  });
});

describe("LiteLLM", () => {
  it("maps /model/info limits, capabilities and per-token prices; models missing from the cost map get unknown cost", async () => {
    let auth: string | null = null;
    server.use(http.get("http://127.0.0.1:4000/model/info", ({ request }) => {
      auth = request.headers.get("authorization");
      return HttpResponse.json(fixture("litellm-model-info.json"));
    }));
    const result = await discover("litellm", "http://127.0.0.1:4000/v1", "sk-litellm-master");
    expect(auth).toBe("Bearer sk-litellm-master");
    expect(result.models).toEqual([
      model("gpt-4o", {
        contextWindow: 128000,
        maxOutputTokens: 16384,
        input: ["text", "image"],
        tools: true,
        json: true,
        reasoning: false,
        cost: { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: null },
        extra: { modelType: "chat", upstreamModel: "openai/gpt-4o", litellmProvider: "openai" },
      }),
      model("claude-sonnet", {
        contextWindow: 200000,
        maxOutputTokens: 64000,
        input: ["text", "image", "pdf"],
        tools: true,
        json: true,
        reasoning: true,
        cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
        extra: { modelType: "chat", upstreamModel: "anthropic/claude-sonnet-4-5-20250929", litellmProvider: "anthropic" },
      }),
      model("local-qwen", { extra: { modelType: "chat", upstreamModel: "ollama_chat/qwen3:8b", litellmProvider: "ollama_chat" } }),
    ]);
  });

  it("falls back to /v1/models when /model/info is missing", async () => {
    server.use(
      http.get("http://127.0.0.1:4000/model/info", () => new HttpResponse("Not Found", { status: 404 })),
      http.get("http://127.0.0.1:4000/v1/models", () => HttpResponse.json({ data: [{ id: "gpt-4o", object: "model", created: 1677610602, owned_by: "openai" }], object: "list" })),
    );
    const result = await discover("litellm", "http://127.0.0.1:4000");
    expect(result.flavor).toBe("litellm");
    expect(result.models).toEqual([model("gpt-4o", { extra: { ownedBy: "openai", created: 1677610602 } })]);
  });
});
