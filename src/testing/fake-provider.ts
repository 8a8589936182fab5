import type { HttpHandler } from "msw";
import { RegistryError } from "../errors/registry-error.js";
import { createChatEndpoint, type FakeChatRecord, type FakeChatRule } from "./fake-chat-server.js";
import type { FakeChatApi, FakeChatRequest, FakeChatScript } from "./fake-chat-script.js";
import { mswModule } from "./msw-module.js";

/**
 * The backends a fake provider can imitate (their model-listing endpoints, auth headers and error shapes).
 *
 * @example
 * ```ts
 * const kind: FakeProviderKind = "ollama";
 * ```
 */
export type FakeProviderKind = "openai-compatible" | "anthropic" | "google" | "openrouter" | "ollama" | "lmstudio" | "litellm";

/**
 * A model the fake lists. Metadata given here is rendered in the backend's own field names, so discovery reads it
 * back; what is not given is absent from the response (and stays `null` after discovery).
 *
 * @example
 * ```ts
 * const m: FakeModel = { id: "qwen3:8b", contextWindow: 40960, tools: true };
 * ```
 */
export interface FakeModel {
  id: string;
  name?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  tools?: boolean;
  reasoning?: boolean;
  vision?: boolean;
}

/**
 * How a fake provider fails: a rejected key, a server error, a rate limit, an HTML page, truncated JSON, a
 * connection error, a server that never answers, or any status and body.
 *
 * @example
 * ```ts
 * const failure: FakeFailure = { status: 503, body: { error: { message: "overloaded" } } };
 * ```
 */
export type FakeFailure = "auth" | "server_error" | "rate_limit" | "html" | "truncated" | "network" | "hang" | { status: number; body?: unknown };

/**
 * Options of {@link createFakeProvider}.
 *
 * @example
 * ```ts
 * const options: FakeProviderOptions = { kind: "openai-compatible", models: ["gpt-5"], apiKey: "sk-test" };
 * ```
 */
export interface FakeProviderOptions {
  kind: FakeProviderKind;
  /** Default per kind, e.g. `http://127.0.0.1:11434` for Ollama, `https://fake-openai.test/v1` for OpenAI-compatible. */
  baseUrl?: string;
  models?: ReadonlyArray<string | FakeModel>;
  /** When set, requests without this key are rejected the way the real backend rejects them. */
  apiKey?: string;
  /** More accepted keys (after `apiKey`): chat requests record which one was used as `keyIndex`. */
  apiKeys?: readonly string[];
  /**
   * What the chat endpoints answer: one script, or a function of the request (default: the reply `Hello from <model>`).
   * See docs/testing.md for the routes and wire formats of each kind.
   */
  chat?: FakeChatScript | ((request: FakeChatRequest) => FakeChatScript);
  /** Make every listing request fail this way (chat failures: `fake.failChat`). */
  failWith?: FakeFailure;
  /** Delay every answer by this many milliseconds. */
  latencyMs?: number;
  /** Anthropic: models per page (exercises `has_more`/`after_id`). Gemini: per page with `nextPageToken`. */
  pageSize?: number;
}

/**
 * One request the fake received. Records whether a credential was sent, never its value.
 *
 * @example
 * ```ts
 * expect(fake.requests[0]).toMatchObject({ method: "GET", path: "/v1/models", authenticated: true });
 * ```
 */
export interface FakeRequest {
  method: string;
  path: string;
  /** A credential header (Authorization, x-api-key, x-goog-api-key) was present. */
  credentialSent: boolean;
  /** It matched `apiKey` (always true when the fake has no key). */
  authenticated: boolean;
}

/**
 * A fake provider: msw handlers to install, the base URL to configure, and the requests it saw.
 *
 * @example
 * ```ts
 * const fake = createFakeProvider({ kind: "ollama", models: ["qwen3:8b"] });
 * server.use(...fake.handlers);
 * ```
 */
export interface FakeProvider {
  kind: FakeProviderKind;
  baseUrl: string;
  /** msw handlers (built on first use; needs msw, an optional peer dependency). */
  readonly handlers: HttpHandler[];
  /**
   * A `fetch` that answers from this fake directly, without msw: `createRegistry({ fetch: fake.fetch })`. Requests
   * to other URLs get a 404.
   */
  fetch: typeof fetch;
  requests: FakeRequest[];
  /** Change the failure mode at run time (`null` = healthy again). */
  setFailure(failure: FakeFailure | null): void;
  /** Replace the listed models at run time. */
  setModels(models: ReadonlyArray<string | FakeModel>): void;
  /** The chat requests received, in order (body parsed; the key only as `keyIndex` and `credentialSent`). */
  chatRequests: FakeChatRecord[];
  /** How many chat answers the client cancelled or aborted before their end (also `aborted` on each request). */
  readonly chatAborted: number;
  /** Make chat requests with a key and/or model fail, `times` times (default: always); the earliest matching rule applies. */
  failChat(rule: FakeChatRule): void;
  /** Remove every chat failure rule. */
  clearChatFailures(): void;
}

/** One endpoint of a fake: what msw handlers are made of, and what `fake.fetch` answers from without msw. */
interface Route {
  method: "GET" | "POST";
  url: string;
  /** `signal`: the caller's abort signal (for msw, the intercepted request's). */
  resolve: (info: { request: Request; signal: AbortSignal }) => Response | Promise<Response>;
}

const http = {
  get: (url: string, resolve: Route["resolve"]): Route => ({ method: "GET", url, resolve }),
  post: (url: string, resolve: Route["resolve"]): Route => ({ method: "POST", url, resolve }),
};

const json = (body: unknown, init?: ResponseInit): Response => Response.json(body, init);

function mswHandlers(routes: readonly Route[]): HttpHandler[] {
  const msw = mswModule();
  if (msw === null) {
    throw new RegistryError({
      code: "msw_not_installed",
      message: "Expected the msw package for fake.handlers, found it not installed.",
      recovery: "Install msw as a dev dependency (npm i -D msw), or pass fake.fetch to createRegistry({ fetch }) instead.",
    });
  }
  return routes.map((r) => (r.method === "GET" ? msw.http.get : msw.http.post)(r.url, ({ request }) => r.resolve({ request, signal: request.signal })));
}

/** Does a route URL (msw syntax: a trailing `/*` matches any rest) match a request URL without its query? */
function matches(routeUrl: string, url: string): boolean {
  return routeUrl.endsWith("/*") ? url.startsWith(routeUrl.slice(0, -1)) : trim(routeUrl) === trim(url);
}

/** Answer a request from the routes, like msw would: query strings do not take part in matching. */
async function answer(routes: readonly Route[], input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const route = routes.find((r) => r.method === request.method && matches(r.url, `${url.origin}${url.pathname}`));
  if (!route) return json({ error: `no fake route for ${request.method} ${url.origin}${url.pathname}` }, { status: 404 });
  // The caller's own signal: undici links a Request's signal to it only weakly, so an abort can be lost once the
  // Request is unreachable (a hanging answer holds it nowhere) — the caller still holds its signal.
  const signal = init?.signal ?? (input instanceof Request ? input.signal : null) ?? request.signal;
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  const response = await Promise.race([Promise.resolve(route.resolve({ request, signal })), aborted]);
  // A network failure is a rejected fetch, as in every runtime.
  if (response.type === "error") throw new TypeError("fetch failed (fake network error)");
  return response;
}

const DEFAULT_BASE_URLS: Record<FakeProviderKind, string> = {
  "openai-compatible": "https://fake-openai.test/v1",
  anthropic: "https://fake-anthropic.test",
  google: "https://fake-gemini.test",
  openrouter: "https://fake-openrouter.test/api/v1",
  ollama: "http://127.0.0.1:11434",
  lmstudio: "http://127.0.0.1:1234/v1",
  litellm: "http://127.0.0.1:4000",
};

const trim = (url: string) => url.replace(/\/+$/, "");
const root = (url: string) => trim(url).replace(/\/v1$/, "");
const normalize = (models: ReadonlyArray<string | FakeModel>): FakeModel[] => models.map((m) => (typeof m === "string" ? { id: m } : m));

function credentialOf(kind: FakeProviderKind, request: Request): string | null {
  if (kind === "anthropic") return request.headers.get("x-api-key");
  if (kind === "google") return request.headers.get("x-goog-api-key") ?? new URL(request.url).searchParams.get("key");
  const auth = request.headers.get("authorization");
  return auth?.startsWith("Bearer ") ? auth.slice(7) : null;
}

function authError(kind: FakeProviderKind): Response {
  if (kind === "anthropic") {
    return json({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }, { status: 401 });
  }
  if (kind === "google") {
    return json(
      { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }] } },
      { status: 400 },
    );
  }
  if (kind === "ollama") return json({ error: "unauthorized" }, { status: 401 });
  return json({ error: { message: "Incorrect API key provided.", type: "invalid_request_error", param: null, code: "invalid_api_key" } }, { status: 401 });
}

async function failure(kind: FakeProviderKind, f: FakeFailure): Promise<Response> {
  if (f === "auth") return authError(kind);
  if (f === "server_error") return json({ error: { message: "Internal server error", type: "api_error" } }, { status: 500 });
  if (f === "rate_limit") {
    return json({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }, { status: 429, headers: { "retry-after": "2" } });
  }
  if (f === "html") return new Response("<!doctype html><html><body><h1>Welcome</h1></body></html>", { headers: { "content-type": "text/html" } });
  if (f === "truncated") return new Response('{"object":"list","data":[{"id":"trunc', { headers: { "content-type": "application/json" } });
  if (f === "network") return Response.error();
  if (f === "hang") return new Promise<Response>(() => {});
  return json(f.body ?? { error: { message: `HTTP ${f.status}` } }, { status: f.status });
}

function render(kind: FakeProviderKind, models: FakeModel[]) {
  switch (kind) {
    case "openai-compatible":
      return {
        object: "list",
        data: models.map((m) => ({
          id: m.id,
          object: "model",
          created: 1767225600,
          owned_by: "fake",
          ...(m.name ? { display_name: m.name } : {}),
          ...(m.contextWindow ? { context_window: m.contextWindow } : {}),
          ...(m.maxOutputTokens ? { max_completion_tokens: m.maxOutputTokens } : {}),
        })),
      };
    case "openrouter":
      return {
        data: models.map((m) => ({
          id: m.id,
          name: m.name ?? m.id,
          ...(m.contextWindow ? { context_length: m.contextWindow } : {}),
          top_provider: { context_length: m.contextWindow ?? null, max_completion_tokens: m.maxOutputTokens ?? null, is_moderated: false },
          supported_parameters: [...(m.tools ? ["tools", "tool_choice"] : []), ...(m.reasoning ? ["reasoning"] : []), "max_tokens"],
          architecture: { input_modalities: m.vision ? ["text", "image"] : ["text"], output_modalities: ["text"] },
          pricing: { prompt: "0", completion: "0" },
        })),
      };
    case "litellm":
      return {
        data: models.map((m) => ({
          model_name: m.id,
          litellm_params: { model: `openai/${m.id}` },
          model_info: {
            max_input_tokens: m.contextWindow ?? null,
            max_output_tokens: m.maxOutputTokens ?? null,
            supports_function_calling: m.tools ?? null,
            supports_vision: m.vision ?? null,
            supports_reasoning: m.reasoning ?? null,
            mode: "chat",
          },
        })),
      };
    default:
      return {};
  }
}

function ollamaTag(m: FakeModel) {
  const capabilities = ["completion", ...(m.tools ? ["tools"] : []), ...(m.vision ? ["vision"] : []), ...(m.reasoning ? ["thinking"] : [])];
  return {
    name: m.id,
    model: m.id,
    modified_at: "2026-01-01T00:00:00Z",
    size: 1,
    digest: "0".repeat(64),
    details: { format: "gguf", family: "fake", ...(m.contextWindow ? { context_length: m.contextWindow } : {}) },
    ...(m.tools !== undefined || m.vision !== undefined || m.reasoning !== undefined ? { capabilities } : {}),
  };
}

function lmStudioModel(m: FakeModel) {
  return {
    type: "llm",
    publisher: "fake",
    key: m.id,
    display_name: m.name ?? m.id,
    loaded_instances: [],
    ...(m.contextWindow ? { max_context_length: m.contextWindow } : {}),
    ...(m.tools !== undefined || m.vision !== undefined ? { capabilities: { vision: m.vision ?? false, trained_for_tool_use: m.tools ?? false } } : {}),
  };
}

/**
 * Create a fake provider for unit tests: msw handlers answering the backend's model-listing endpoints with the
 * given models and its chat endpoints with a scripted, really streamed answer in the api's wire format (SSE or
 * NDJSON), rejecting wrong keys the way the real backend does, and failing on demand (`failWith`/`setFailure` for
 * listing, `failChat` per key and model for chat). Install the handlers in an msw server
 * (`setupServer(...fake.handlers)` or `server.use(...fake.handlers)`), or, without msw, pass `fake.fetch` to
 * `createRegistry({ fetch })`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createFakeProvider } from "model-provider-registry/testing";
 *
 * const fake = createFakeProvider({ kind: "openai-compatible", models: ["gpt-5"], apiKey: "sk-test" });
 * const server = setupServer(...fake.handlers);
 * server.listen();
 * const registry = createRegistry({ env: { OPENAI_API_KEY: "sk-test" } });
 *
 * // chat: a tool call on the first turn, text after the tool result; the second key gets one 429 first
 * const chat = createFakeProvider({
 *   kind: "anthropic", apiKey: "sk-ant-1", apiKeys: ["sk-ant-2"],
 *   chat: (req) => (JSON.stringify(req.body).includes("tool_result") ? { text: "Sunny." } : { toolCalls: [{ name: "weather", arguments: { city: "Oslo" } }] }),
 * });
 * chat.failChat({ key: "sk-ant-1", failure: { type: "rate_limit", retryAfterSeconds: 1 }, times: 1 });
 * ```
 */
export function createFakeProvider(options: FakeProviderOptions): FakeProvider {
  const kind = options.kind;
  const baseUrl = trim(options.baseUrl ?? DEFAULT_BASE_URLS[kind]);
  let models = normalize(options.models ?? []);
  let fail: FakeFailure | null = options.failWith ?? null;
  const requests: FakeRequest[] = [];
  const keys = [...(options.apiKey === undefined ? [] : [options.apiKey]), ...(options.apiKeys ?? [])];
  const chat = createChatEndpoint({ kind, keys, chat: options.chat, latencyMs: options.latencyMs, models: () => models.map((m) => m.id) });
  const chatRoute = (url: string, api: FakeChatApi) => http.post(url, ({ request, signal }) => chat.handle(api, request, null, signal));

  const guard = async (request: Request, answer: () => Response | Promise<Response>): Promise<Response> => {
    const key = credentialOf(kind, request);
    const authenticated = keys.length === 0 || (key !== null && keys.includes(key));
    requests.push({ method: request.method, path: new URL(request.url).pathname, credentialSent: key !== null, authenticated });
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (fail !== null) return failure(kind, fail);
    if (!authenticated) return authError(kind);
    return answer();
  };

  const routes: Route[] = [];
  switch (kind) {
    case "openai-compatible":
      routes.push(
        http.get(`${baseUrl}/models`, ({ request }) => guard(request, () => json(render(kind, models)))),
        chatRoute(`${baseUrl}/chat/completions`, "openai-completions"),
        chatRoute(`${baseUrl}/responses`, "openai-responses"),
      );
      break;
    case "openrouter":
      routes.push(
        http.get(`${baseUrl}/models`, ({ request }) => {
          // OpenRouter lists models for anyone: only the key endpoint checks the key.
          requests.push({ method: "GET", path: new URL(request.url).pathname, credentialSent: credentialOf(kind, request) !== null, authenticated: true });
          return fail !== null ? failure(kind, fail) : json(render(kind, models));
        }),
        http.get(`${baseUrl}/key`, ({ request }) => guard(request, () => json({ data: { label: "fake", usage: 0, limit: null } }))),
        chatRoute(`${baseUrl}/chat/completions`, "openai-completions"),
      );
      break;
    case "litellm":
      routes.push(
        http.get(`${root(baseUrl)}/model/info`, ({ request }) => guard(request, () => json(render(kind, models)))),
        http.get(`${root(baseUrl)}/v1/models`, ({ request }) =>
          guard(request, () => json({ object: "list", data: models.map((m) => ({ id: m.id, object: "model", created: 0, owned_by: "openai" })) })),
        ),
        // The LiteLLM proxy serves chat both with and without the /v1 prefix.
        chatRoute(`${root(baseUrl)}/chat/completions`, "openai-completions"),
        chatRoute(`${root(baseUrl)}/v1/chat/completions`, "openai-completions"),
      );
      break;
    case "anthropic": {
      const pageSize = options.pageSize ?? Number.POSITIVE_INFINITY;
      routes.push(
        http.get(`${root(baseUrl)}/v1/models`, ({ request }) =>
          guard(request, () => {
            const after = new URL(request.url).searchParams.get("after_id");
            const start = after === null ? 0 : models.findIndex((m) => m.id === after) + 1;
            const page = models.slice(start, start + pageSize);
            return json({
              data: page.map((m) => ({
                type: "model",
                id: m.id,
                display_name: m.name ?? m.id,
                created_at: "2026-01-01T00:00:00Z",
                ...(m.contextWindow ? { max_input_tokens: m.contextWindow } : {}),
                ...(m.maxOutputTokens ? { max_tokens: m.maxOutputTokens } : {}),
              })),
              has_more: start + page.length < models.length,
              first_id: page[0]?.id ?? null,
              last_id: page.at(-1)?.id ?? null,
            });
          }),
        ),
        chatRoute(`${root(baseUrl)}/v1/messages`, "anthropic-messages"),
      );
      break;
    }
    case "google": {
      const pageSize = options.pageSize ?? Number.POSITIVE_INFINITY;
      const origin = root(baseUrl).replace(/\/v1beta$/, "");
      // `models/<id>:streamGenerateContent`: the id may hold slashes, so the route takes the whole rest of the path.
      const generate = (prefix: string) =>
        http.post(`${prefix}/models/*`, ({ request, signal }) => {
          const rest = decodeURIComponent(new URL(request.url).pathname.slice(new URL(`${prefix}/models/`).pathname.length));
          const colon = rest.lastIndexOf(":");
          const action = colon < 0 ? "" : rest.slice(colon + 1);
          if (action !== "streamGenerateContent" && action !== "generateContent") {
            return json({ error: { code: 404, message: `Method not found: ${action || "(none)"}`, status: "NOT_FOUND" } }, { status: 404 });
          }
          return chat.handle("google-generative-ai", request, rest.slice(0, colon), signal);
        });
      routes.push(generate(`${origin}/v1beta`));
      if (trim(baseUrl) !== `${origin}/v1beta`) routes.push(generate(trim(baseUrl)));
      routes.push(
        http.get(`${origin}/v1beta/models`, ({ request }) =>
          guard(request, () => {
            const token = new URL(request.url).searchParams.get("pageToken");
            const start = token === null ? 0 : Number(token);
            const page = models.slice(start, start + pageSize);
            const next = start + page.length;
            return json({
              models: page.map((m) => ({
                name: `models/${m.id}`,
                displayName: m.name ?? m.id,
                ...(m.contextWindow ? { inputTokenLimit: m.contextWindow } : {}),
                ...(m.maxOutputTokens ? { outputTokenLimit: m.maxOutputTokens } : {}),
                supportedGenerationMethods: ["generateContent", "countTokens"],
                ...(m.reasoning !== undefined ? { thinking: m.reasoning } : {}),
              })),
              ...(next < models.length ? { nextPageToken: String(next) } : {}),
            });
          }),
        ),
      );
      break;
    }
    case "ollama":
      routes.push(
        http.get(`${root(baseUrl)}/api/tags`, ({ request }) => guard(request, () => json({ models: models.map(ollamaTag) }))),
        http.post(`${root(baseUrl)}/api/show`, ({ request }) =>
          guard(request, async () => {
            const body = (await request.json().catch(() => ({}))) as { model?: string; name?: string };
            const m = models.find((x) => x.id === (body.model ?? body.name));
            if (!m) return json({ error: `model '${body.model ?? body.name}' not found` }, { status: 404 });
            const tag = ollamaTag(m);
            return json({
              details: tag.details,
              model_info: { "general.architecture": "fake", ...(m.contextWindow ? { "fake.context_length": m.contextWindow } : {}) },
              ...(tag.capabilities ? { capabilities: tag.capabilities } : {}),
            });
          }),
        ),
        http.get(`${root(baseUrl)}/api/version`, ({ request }) => guard(request, () => json({ version: "0.30.2" }))),
        chatRoute(`${root(baseUrl)}/api/chat`, "ollama"),
        http.get(`${root(baseUrl)}/v1/models`, ({ request }) =>
          guard(request, () => json({ object: "list", data: models.map((m) => ({ id: m.id, object: "model", created: 0, owned_by: "library" })) })),
        ),
      );
      break;
    case "lmstudio":
      routes.push(
        http.get(`${root(baseUrl)}/api/v1/models`, ({ request }) => guard(request, () => json({ models: models.map(lmStudioModel) }))),
        http.get(`${root(baseUrl)}/v1/models`, ({ request }) =>
          guard(request, () => json({ object: "list", data: models.map((m) => ({ id: m.id, object: "model", owned_by: "organization_owner" })) })),
        ),
        chatRoute(`${baseUrl}/chat/completions`, "openai-completions"),
      );
      break;
  }

  let handlers: HttpHandler[] | undefined;
  return {
    kind,
    baseUrl,
    get handlers() {
      return (handlers ??= mswHandlers(routes));
    },
    fetch: (input, init) => answer(routes, input, init),
    requests,
    setFailure(next) {
      fail = next;
    },
    setModels(next) {
      models = normalize(next);
    },
    chatRequests: chat.records,
    get chatAborted() {
      return chat.records.filter((r) => r.aborted).length;
    },
    failChat: (rule) => chat.failChat(rule),
    clearChatFailures: () => chat.clearChatFailures(),
  };
}
