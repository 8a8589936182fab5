import { describe, expect, it } from "vitest";
import { diffCatalog } from "../../src/refresh/diff-catalog.js";
import { isRegistryError } from "../../src/errors/registry-error.js";

const CURRENT = [
  { provider: "xai", id: "grok-4", contextWindow: 256000, cost: { input: 3, output: 15, cacheRead: null, cacheWrite: null } },
  { provider: "xai", id: "grok-3", contextWindow: 131072 },
  { provider: "xai", id: "grok-2", sourceMissing: true },
  { provider: "openai", id: "gpt-5", contextWindow: 400000 },
];

describe("diffCatalog (pure)", () => {
  it("lists new, missing (covered providers only) and changed fields", () => {
    const next = [
      { provider: "xai", id: "grok-4", contextWindow: 512000, cost: { input: 3, output: 15, cacheRead: null, cacheWrite: null }, source: "models.dev" },
      { provider: "xai", id: "grok-5", name: "Grok 5" },
    ];
    expect(diffCatalog(CURRENT, next)).toEqual({
      newModels: [{ ref: "xai/grok-5", provider: "xai", id: "grok-5", name: "Grok 5" }],
      // grok-2 is already marked missing; openai is not covered by `next`.
      missing: [{ ref: "xai/grok-3", provider: "xai", id: "grok-3", contextWindow: 131072 }],
      changed: [{ ref: "xai/grok-4", field: "contextWindow", from: 256000, to: 512000, source: "models.dev" }],
    });
  });

  it("treats a field next leaves null or out as not stated, and compares objects by value", () => {
    const next = [{ provider: "xai", id: "grok-4", contextWindow: null, cost: { output: 15, input: 3, cacheWrite: null, cacheRead: null } }, { provider: "xai", id: "grok-3" }];
    expect(diffCatalog(CURRENT, next).changed).toEqual([]);
  });

  it("reports a stated field the current entry lacks as a change from null", () => {
    const diff = diffCatalog(CURRENT, [{ provider: "xai", id: "grok-3", tools: true }]);
    expect(diff.changed).toEqual([{ ref: "xai/grok-3", field: "tools", from: null, to: true }]);
  });

  it("reports a model back from missing, and takes covers to mark a whole provider missing", () => {
    expect(diffCatalog(CURRENT, [{ provider: "xai", id: "grok-2" }]).changed).toEqual([{ ref: "xai/grok-2", field: "sourceMissing", from: true, to: false }]);
    expect(diffCatalog(CURRENT, [], { covers: ["openai"] }).missing.map((m) => m.ref)).toEqual(["openai/gpt-5"]);
    expect(diffCatalog(CURRENT, []).missing).toEqual([]);
  });

  it("never mutates its inputs and shares no objects with them", () => {
    const current = structuredClone(CURRENT);
    const next = [{ provider: "xai", id: "grok-4", cost: { input: 1, output: 2, cacheRead: null, cacheWrite: null } }, { provider: "xai", id: "grok-9", input: ["text"] }];
    const before = JSON.stringify([current, next]);
    const diff = diffCatalog(Object.freeze(current.map((e) => Object.freeze(e))), Object.freeze(next.map((e) => Object.freeze(e))));
    expect(JSON.stringify([current, next])).toBe(before);
    (diff.newModels[0]!["input"] as string[]).push("image");
    (diff.changed[0]!.to as { input: number }).input = 99;
    (diff.missing[0]!["provider"] as string) = "changed";
    expect(JSON.stringify([current, next])).toBe(before);
  });

  it("rejects what is not two lists of { provider, id } with a RegistryError", () => {
    for (const args of [[null, []], [[], {}], [[{ provider: "x" }], []], [[], [{ id: "m" }]], [[], [], { covers: "xai" }]] as const) {
      let error: unknown;
      try {
        diffCatalog(...(args as unknown as Parameters<typeof diffCatalog>));
      } catch (e) {
        error = e;
      }
      expect(isRegistryError(error) && error.code === "invalid_argument").toBe(true);
    }
  });
});
