import { describe, expect, it } from "vitest";
import { isRegistryError, type RegistryError } from "../../src/errors/registry-error.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { resolveProviderFilter, suggestProviderIds } from "../../src/status/provider-id-filter.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

const NOW = Date.parse("2026-11-21T08:00:00Z");

function setup(files: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  return createRegistry({ storage, env: {}, now: () => NOW, timeoutMs: 500, fetch: () => Promise.reject(new Error("no network in this test")) });
}

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (isRegistryError(error)) return error;
    throw error;
  }
  throw new Error("expected a RegistryError, the call succeeded");
}

describe("suggestProviderIds", () => {
  const known = { ids: ["openai", "openrouter", "anthropic", "zai", "ollama"], aliases: new Map([["z.ai", "zai"], ["claude", "anthropic"]]) };

  it("suggests the closest ids, best first, and maps aliases to their canonical id", () => {
    expect(suggestProviderIds("opnai", known)[0]).toBe("openai");
    expect(suggestProviderIds("antropic", known)).toEqual(["anthropic"]);
    expect(suggestProviderIds("claud", known)).toEqual(["anthropic"]);
    expect(suggestProviderIds("z-ai", known)).toEqual(["zai"]);
  });

  it("suggests nothing for an id unlike every known one", () => {
    expect(suggestProviderIds("completely-different", known)).toEqual([]);
  });
});

describe("resolveProviderFilter", () => {
  const known = { ids: new Set(["openai", "zai"]), aliases: new Map([["z.ai", "zai"]]) };

  it("resolves aliases and case, dropping duplicates", () => {
    expect(resolveProviderFilter(["Z.AI", "openai", "zai"], known)).toEqual(["zai", "openai"]);
  });

  it("names every unknown id, with a did-you-mean per id", () => {
    let caught: unknown;
    try {
      resolveProviderFilter(["opnai", "openai", "nothing-like-it"], known);
    } catch (error) {
      caught = error;
    }
    expect(isRegistryError(caught)).toBe(true);
    const error = caught as RegistryError;
    expect(error.code).toBe("unknown_provider");
    expect(error.message).toContain('"opnai", "nothing-like-it"');
    expect(error.recovery).toContain('"opnai": did you mean "openai"?');
    expect(error.recovery).toContain('"nothing-like-it": no known id is close');
  });
});

describe("getStatus() and check() with an unknown provider id", () => {
  it("getStatus({ providers: ['opnai'] }) throws unknown_provider suggesting openai instead of returning []", async () => {
    const registry = setup();
    const error = await rejection(registry.getStatus({ providers: ["opnai"] }));
    expect(error.code).toBe("unknown_provider");
    expect(error.message).toContain('"opnai"');
    expect(error.recovery).toMatch(/^Did you mean "openai"/);
  });

  it("getStatus({ check: true }) throws before probing anything", async () => {
    let requests = 0;
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-x-0000000000" }, now: () => NOW, fetch: async () => (requests++, new Response("{}")) });
    const error = await rejection(registry.getStatus({ check: true, providers: ["openai", "opnai"] }));
    expect(error.code).toBe("unknown_provider");
    expect(requests).toBe(0);
  });

  it("check('opnai') throws the same error", async () => {
    const error = await rejection(setup().check("opnai"));
    expect(error.code).toBe("unknown_provider");
    expect(error.recovery).toContain('"openai"');
  });

  it("aliases still work: z.ai is zai", async () => {
    const registry = setup();
    const reports = await registry.getStatus({ providers: ["z.ai"] });
    expect(reports.map((r) => r.providerId)).toEqual(["zai"]);
    const [result] = await registry.check("Z.AI");
    expect(result?.providerId).toBe("zai");
  });

  it("a provider known only from models.json or a saved tier choice is not unknown", async () => {
    const registry = setup({
      "models.json": JSON.stringify({ providers: { "lab-box": { baseUrl: "http://127.0.0.1:1/v1", api: "openai-completions", models: [{ id: "m" }] } } }),
      "settings.json": JSON.stringify({ tiers: { LOW: { model: "gone-provider/some-model", thinking: "off" } } }),
    });
    expect((await registry.getStatus({ providers: ["lab-box", "gone-provider"] })).map((r) => r.providerId).sort()).toEqual(["gone-provider", "lab-box"]);
    expect(await registry.check("gone-provider")).toEqual([expect.objectContaining({ providerId: "gone-provider", outcome: "skipped" })]);
  });
});
