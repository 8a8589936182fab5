import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/schema/secret.js";
import { discoverModels } from "../../src/discovery/discover-models.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import type { DiscoveryKind } from "../../src/schema/provider-definition.js";
import { createFakeProvider, createFixedClock, type FakeProviderKind } from "../../src/testing/index.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const kinds: Array<[FakeProviderKind, DiscoveryKind]> = [
  ["openai-compatible", "openai-compatible"],
  ["anthropic", "anthropic"],
  ["google", "google"],
  ["openrouter", "openrouter"],
  ["ollama", "ollama"],
  ["lmstudio", "lmstudio"],
  ["litellm", "litellm"],
];

describe("createFakeProvider", () => {
  it.each(kinds)("%s: discovery reads back the models and their stated context window", async (kind, discovery) => {
    const fake = createFakeProvider({ kind, models: [{ id: "alpha", contextWindow: 32768 }, "beta"], apiKey: "k-123456", pageSize: 1 });
    server.use(...fake.handlers);
    const result = await discoverModels(discovery, { baseUrl: fake.baseUrl, fetch: (i, init) => globalThis.fetch(i, init), timeoutMs: 1000, apiKey: new Secret("k-123456") });
    expect(result.models.map((m) => [m.id, m.contextWindow])).toEqual([
      ["alpha", 32768],
      ["beta", null],
    ]);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.authenticated)).toBe(true);
  });

  it.each(kinds.filter(([k]) => k !== "openrouter"))("%s: a wrong key is rejected as auth_invalid", async (kind, discovery) => {
    const fake = createFakeProvider({ kind, models: ["alpha"], apiKey: "right-key-0000" });
    server.use(...fake.handlers);
    await expect(
      discoverModels(discovery, { baseUrl: fake.baseUrl, fetch: (i, init) => globalThis.fetch(i, init), timeoutMs: 1000, apiKey: new Secret("wrong-key-0000") }),
    ).rejects.toMatchObject({ kind: "auth_invalid" });
    expect(fake.requests[0]).toMatchObject({ credentialSent: true, authenticated: false });
  });

  it("failure modes map to the taxonomy and can change at run time", async () => {
    const fake = createFakeProvider({ kind: "openai-compatible", models: ["alpha"] });
    server.use(...fake.handlers);
    const run = () => discoverModels("openai-compatible", { baseUrl: fake.baseUrl, fetch: (i, init) => globalThis.fetch(i, init), timeoutMs: 200 });
    const cases: Array<[Parameters<typeof fake.setFailure>[0], Record<string, unknown>]> = [
      ["server_error", { kind: "server_error" }],
      ["rate_limit", { kind: "rate_limit" }],
      ["html", { code: "invalid_response" }],
      ["truncated", { code: "invalid_response" }],
      ["network", { kind: "network" }],
      ["hang", { kind: "timeout" }],
      [{ status: 503 }, { kind: "overloaded" }],
    ];
    for (const [failure, expected] of cases) {
      fake.setFailure(failure);
      await expect(run()).rejects.toMatchObject(expected);
    }
    fake.setFailure(null);
    fake.setModels(["gamma"]);
    expect((await run()).models.map((m) => m.id)).toEqual(["gamma"]);
  });

  it("drives a registry end to end with a fixed clock", async () => {
    const clock = createFixedClock();
    const fake = createFakeProvider({ kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", models: ["gpt-5"], apiKey: "sk-test-000000000" });
    server.use(...fake.handlers);
    const registry = createRegistry({ env: { OPENAI_API_KEY: "sk-test-000000000" }, now: clock.now });
    const [report] = await registry.getStatus({ check: true, providers: ["openai"] });
    expect(report).toMatchObject({ status: "healthy", lastCheck: { at: clock.now(), modelCount: 1 } });
    clock.advance(1000);
    expect(clock.now()).toBe(Date.parse("2026-01-01T00:00:01Z"));
  });
});
