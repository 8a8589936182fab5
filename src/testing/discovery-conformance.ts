import { fetchPort } from "../transport/fetch-port.js";
import { Secret } from "../schema/secret.js";
import { discoverModels } from "../discovery/discover-models.js";
import type { DiscoveryRequest, DiscoveryResult } from "../discovery/discovery-types.js";
import { RegistryError } from "../errors/registry-error.js";
import type { FetchPort } from "../ports.js";
import { DiscoveredModelSchema, type DiscoveredModel } from "../schema/discovered.js";
import type { DiscoveryKind } from "../schema/provider-definition.js";
import type { FakeFailure, FakeModel } from "./fake-provider.js";
import type { ConformanceCase } from "./storage-conformance.js";

/**
 * A model-listing server the cases can steer: what it lists and how it fails. A {@link FakeProvider} from
 * `createFakeProvider` (installed in msw) is one; a real HTTP server with the same two methods is another.
 *
 * @example
 * ```ts
 * const fixture: DiscoveryFixture = createFakeProvider({ kind: "ollama" });
 * ```
 */
export interface DiscoveryFixture {
  /** Where the adapter is pointed, as a user would configure it. */
  baseUrl: string;
  /** What the listing endpoints answer from now on; a model given as a string states only its id. */
  setModels(models: ReadonlyArray<string | FakeModel>): void;
  /**
   * Fail every listing request this way from now on (`null`: answer normally). The cases use `"html"`,
   * `"truncated"`, `"server_error"` (500), `"rate_limit"` (429), `"network"` and `"hang"`.
   */
  setFailure(failure: FakeFailure | null): void;
}

/**
 * Options of {@link discoveryConformance}.
 *
 * @example
 * ```ts
 * const options: DiscoveryConformanceOptions = { kind: "ollama", fixture: createFakeProvider({ kind: "ollama" }) };
 * ```
 */
export interface DiscoveryConformanceOptions {
  /** The discovery backend under test, as in a provider definition's `discovery`. */
  kind: Exclude<DiscoveryKind, "none">;
  fixture: DiscoveryFixture;
  /** The key the fixture accepts. When given, the cases also check key handling (header only, wrong key rejected). */
  apiKey?: string | undefined;
  /** Default: `globalThis.fetch`, looked up per call so msw interception applies. */
  fetch?: FetchPort | undefined;
  /** Deadline per listing. Default 2000 ms; the never-answering case uses a fifth of it (at least 100 ms). */
  timeoutMs?: number | undefined;
  /** The adapter under test. Default: the registry's own, `discoverModels(kind, request)`. */
  discover?: ((request: DiscoveryRequest) => Promise<DiscoveryResult>) | undefined;
}

/** Ids with the characters real listings use: slashes (org/model), colons (ollama tags), dots, uppercase. */
const IDS = ["alpha", "org/Beta-1.5", "gamma:8b-q4_K_M"];

/**
 * A discovery adapter's contract as named cases, checked against a fixture server the cases steer: exact ids in
 * order, the context window and output limit the fixture states and `null` where it states none, empty listings,
 * long (paged) listings, the key sent in a header and never in a URL or an error, wrong keys as `auth_invalid`,
 * HTML and truncated JSON as `invalid_response`, 500/429/connection errors/deadlines/aborts as their kinds, and
 * recovery after a failure. Use it to check a new discovery backend, or a gateway your app lists models from.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createFakeProvider, discoveryConformance } from "model-provider-registry/testing";
 *
 * const fixture = createFakeProvider({ kind: "anthropic", apiKey: "sk-ant-test-0000", pageSize: 2 });
 * const server = setupServer(...fixture.handlers);
 * beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
 * afterAll(() => server.close());
 *
 * describe("anthropic discovery", () => {
 *   for (const c of discoveryConformance({ kind: "anthropic", fixture, apiKey: "sk-ant-test-0000" })) it(c.name, c.run);
 * });
 * ```
 */
export function discoveryConformance(options: DiscoveryConformanceOptions): ConformanceCase[] {
  const { fixture, kind, apiKey } = options;
  const timeoutMs = options.timeoutMs ?? 2000;
  const adapter = options.discover ?? ((request: DiscoveryRequest) => discoverModels(kind, request));

  interface Seen {
    url: string;
    headers: string[];
  }
  const list = (seen: Seen[], extra: Partial<DiscoveryRequest> = {}): Promise<DiscoveryResult> => {
    const base = fetchPort(options.fetch);
    const fetch: FetchPort = (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const headers = [...new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).values()];
      seen.push({ url, headers });
      return base(input, init);
    };
    return adapter({ baseUrl: fixture.baseUrl, fetch, timeoutMs, apiKey: apiKey === undefined ? undefined : new Secret(apiKey), ...extra });
  };

  const testCase = (name: string, body: (check: Check, seen: Seen[]) => Promise<void>): ConformanceCase => ({
    name,
    run: async () => {
      fixture.setFailure(null);
      fixture.setModels(IDS);
      try {
        await body(checker(kind, name, apiKey), []);
      } finally {
        fixture.setFailure(null);
      }
    },
  });

  const failsAs = (failure: FakeFailure, expected: { kind?: string; code?: string }, what: string, ms = timeoutMs) =>
    testCase(`${what} → ${expected.code ?? expected.kind}`, async (check, seen) => {
      fixture.setFailure(failure);
      const error = await check.rejects(list(seen, { timeoutMs: ms }), `the listing to fail when ${what}`, ms * 10);
      check.error(error, expected);
    });

  const cases: ConformanceCase[] = [
    testCase("lists exactly the fixture's models: ids verbatim, in order, each once", async (check, seen) => {
      const { models } = await list(seen);
      check.same(models.map((m) => m.id), IDS, "the listed ids");
    }),

    testCase("states the fixture's context window and output limit, and null where the fixture states none", async (check, seen) => {
      fixture.setModels([{ id: "stated", contextWindow: 32768, maxOutputTokens: 4096 }, "bare"]);
      const { models } = await list(seen);
      const stated = check.model(models, "stated");
      const bare = check.model(models, "bare");
      check.same(stated.contextWindow, 32768, 'contextWindow of "stated"');
      check.oneOf(stated.maxOutputTokens, [4096, null, undefined], 'maxOutputTokens of "stated" (4096, or null where the backend has no such field)');
      check.oneOf(bare.contextWindow, [null, undefined], 'contextWindow of "bare"');
      check.oneOf(bare.maxOutputTokens, [null, undefined], 'maxOutputTokens of "bare"');
    }),

    testCase("every model is a valid DiscoveredModel: unknown is null, never 0, NaN or an empty string", async (check, seen) => {
      fixture.setModels([{ id: "stated", name: "Stated", contextWindow: 8192, maxOutputTokens: 1024, tools: true, reasoning: true, vision: true }, "bare"]);
      const { models } = await list(seen);
      for (const model of models) {
        const parsed = DiscoveredModelSchema.safeParse(model);
        if (!parsed.success) check.fail(`model "${model.id}" to match DiscoveredModelSchema`, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
        for (const [field, value] of Object.entries(model)) {
          if (value === "" || (typeof value === "number" && !Number.isFinite(value))) check.fail(`${field} of "${model.id}" to be null when unknown`, show(value));
        }
      }
    }),

    testCase("never contradicts what the fixture states (tools, reasoning, image input)", async (check, seen) => {
      fixture.setModels([{ id: "capable", tools: true, reasoning: true, vision: true }]);
      const model = check.model((await list(seen)).models, "capable");
      check.oneOf(model.tools, [true, null, undefined], 'tools of "capable"');
      check.oneOf(model.reasoning, [true, null, undefined], 'reasoning of "capable"');
      if (Array.isArray(model.input) && !model.input.includes("image")) check.fail('input of "capable" to include "image" (or be null)', show(model.input));
    }),

    testCase("an empty listing is an empty list, not an error", async (check, seen) => {
      fixture.setModels([]);
      check.same((await list(seen)).models, [], "the models of an empty listing");
    }),

    testCase("a long listing (25 models, paged when the server pages) lists each model once, in order", async (check, seen) => {
      const ids = Array.from({ length: 25 }, (_, i) => `model-${String(i).padStart(2, "0")}`);
      fixture.setModels(ids);
      check.same((await list(seen)).models.map((m) => m.id), ids, "the listed ids");
    }),

    testCase("a listing without a key is never `authenticated`", async (check, seen) => {
      const outcome = await list(seen, { apiKey: undefined }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if ("result" in outcome) check.same(outcome.result.authenticated, false, "authenticated of a listing without a key");
      else check.error(outcome.error, { kind: "auth_invalid" });
    }),

    testCase("the result names the endpoint that answered, without credentials or query", async (check, seen) => {
      const { endpoint, flavor } = await list(seen);
      if (typeof flavor !== "string" || flavor === "") check.fail("a non-empty flavor", show(flavor));
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        check.fail("endpoint to be an absolute URL", show(endpoint));
      }
      if (url && (url.username || url.password || url.search)) check.fail("endpoint without user info or query string", show(endpoint));
      if (!seen.some((s) => s.url.split("?")[0] === endpoint)) check.fail("endpoint to be one of the URLs requested", `${show(endpoint)}; requested ${show(seen.map((s) => s.url))}`);
    }),

    failsAs("html", { code: "invalid_response" }, "the server answers an HTML page with status 200"),
    failsAs("truncated", { code: "invalid_response" }, "the JSON is cut off"),
    failsAs("server_error", { kind: "server_error" }, "the server answers 500"),
    failsAs("rate_limit", { kind: "rate_limit" }, "the server answers 429"),
    failsAs("network", { kind: "network" }, "the connection fails"),
    failsAs("hang", { kind: "timeout" }, "the server never answers", Math.max(100, Math.floor(timeoutMs / 5))),

    testCase("the caller's abort stops the listing → aborted (not timeout)", async (check, seen) => {
      fixture.setFailure("hang");
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 20);
      try {
        check.error(await check.rejects(list(seen, { signal: controller.signal }), "the listing to stop when aborted", timeoutMs), { kind: "aborted" });
      } finally {
        clearTimeout(timer);
      }
    }),

    testCase("a failure leaves nothing behind: the next listing succeeds", async (check, seen) => {
      fixture.setFailure("server_error");
      await list(seen).catch(() => undefined);
      fixture.setFailure(null);
      check.same((await list(seen)).models.map((m) => m.id), IDS, "the ids listed after a failure");
    }),
  ];

  if (apiKey !== undefined) {
    cases.push(
      testCase("the key goes in a header, never in a URL", async (check, seen) => {
        await list(seen);
        const inUrl = seen.find((s) => s.url.includes(apiKey) || s.url.includes(encodeURIComponent(apiKey)));
        if (inUrl) check.fail("no request URL to contain the key", "a URL that does (redacted here)");
        if (!seen.some((s) => s.headers.some((h) => h.includes(apiKey)))) check.fail("some request to carry the key in a header", `no header with it in ${seen.length} request(s)`);
      }),

      testCase("a wrong key → auth_invalid, and no error names either key", async (check, seen) => {
        const wrong = `wrong-${apiKey.split("").reverse().join("")}`;
        const error = await check.rejects(list(seen, { apiKey: new Secret(wrong) }), "a wrong key to be rejected", timeoutMs * 10);
        check.error(error, { kind: "auth_invalid" }, wrong);
      }),
    );
  }
  return cases;
}

interface Check {
  fail(expected: string, found: string): never;
  same(found: unknown, expected: unknown, what: string): void;
  oneOf(found: unknown, allowed: unknown[], what: string): void;
  model(models: DiscoveredModel[], id: string): DiscoveredModel;
  rejects(promise: Promise<unknown>, what: string, withinMs: number): Promise<unknown>;
  error(error: unknown, expected: { kind?: string; code?: string }, ...secrets: string[]): void;
}

function checker(kind: string, caseName: string, apiKey: string | undefined): Check {
  const fail = (expected: string, found: string): never => {
    throw new RegistryError({
      code: "conformance_failed",
      message: `Discovery conformance (${kind}) "${caseName}": expected ${expected}, found ${found}.`,
      recovery: "Fix the discovery adapter (src/discovery/) or the fixture server so the listing keeps the adapter contract.",
    });
  };
  return {
    fail,
    same(found, expected, what) {
      if (JSON.stringify(found) !== JSON.stringify(expected)) fail(`${what} to be ${show(expected)}`, show(found));
    },
    oneOf(found, allowed, what) {
      if (!allowed.includes(found)) fail(`${what} to be one of ${allowed.map(show).join(", ")}`, show(found));
    },
    model(models, id) {
      return models.find((m) => m.id === id) ?? fail(`a model "${id}"`, `ids ${show(models.map((m) => m.id))}`);
    },
    async rejects(promise, what, withinMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<{ late: true }>((resolve) => {
        timer = setTimeout(() => resolve({ late: true }), withinMs);
      });
      try {
        const outcome = await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), late]);
        if ("late" in outcome) return fail(what, `no answer within ${withinMs} ms`);
        if ("value" in outcome) return fail(what, `it resolved with ${show(outcome.value).slice(0, 200)}`);
        return outcome.error;
      } finally {
        clearTimeout(timer);
      }
    },
    error(error, expected, ...secrets) {
      const facts = (typeof error === "object" && error !== null ? error : {}) as { kind?: unknown; code?: unknown; message?: unknown; name?: unknown };
      const found = `${String(facts.name ?? typeof error)} kind ${show(facts.kind)} code ${show(facts.code)}`;
      if (expected.kind !== undefined && facts.kind !== expected.kind) fail(`an error of kind "${expected.kind}"`, found);
      if (expected.code !== undefined && facts.code !== expected.code) fail(`an error with code "${expected.code}"`, found);
      const message = typeof facts.message === "string" ? facts.message : "";
      for (const secret of [apiKey, ...secrets]) {
        if (secret && message.includes(secret)) fail("an error message without the key", "the key in the message (redacted here)");
      }
    },
  };
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value) ?? String(value);
}
