import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { isRegistryError } from "../../src/errors/registry-error.js";
import type { Storage } from "../../src/ports.js";

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/refresh/${name}`, import.meta.url)), "utf8");
/** The xai provider of the shared models.dev fixture (the data the bundled snapshot was generated from). */
const XAI = fixture("models-dev-xai.json");
/** The same, with grok-5 added, grok-build-0.1 removed and grok-4.3's context window raised to 1500000. */
const XAI_MODIFIED = fixture("models-dev-xai-modified.json");

async function snapshotOf(storage: Storage, keys: readonly string[]): Promise<Record<string, string | null | undefined>> {
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await storage.get(k)] as const)));
}

const urlOf = (input: string | URL | Request): string => (input instanceof Request ? input.url : String(input));

const KEYS = ["catalog.json", "settings.json", "state.json", "models.json", "reviews/_index.json"];

describe("registry.refresh / applyReview (review-first, never deletes)", () => {
  it("the bundled data against itself is an empty review", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    const fromItself = await registry.refresh({ network: false, sources: [{ modelsDev: XAI }] });
    expect(fromItself.sources).toEqual([{ name: "models.dev", ok: true, providers: ["xai"] }]);
    expect([fromItself.newModels, fromItself.missing, fromItself.changed]).toEqual([[], [], []]);
    const defaults = await registry.refresh({ network: false });
    expect([defaults.newModels, defaults.missing, defaults.changed]).toEqual([[], [], []]);
    expect(defaults.sources.map((s) => s.name)).toEqual(["bundled", "discovery", "plugins"]);
  });

  it("done when: one added, one removed, one context window changed; apply twice; tier and override survive", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: { XAI_API_KEY: "xai-test" } });
    await registry.setModelOverride("xai/grok-4.3", { contextWindow: 123456 });
    await registry.setTier("HIGH", { model: "xai/grok-build-0.1", thinking: "medium" });
    await registry.setRole("primary", "xai/grok-build-0.1");
    const before = await snapshotOf(storage, KEYS);

    const review = await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] });
    expect(await snapshotOf(storage, KEYS)).toEqual(before); // refresh writes nothing
    expect(review.newModels.map((m) => m.ref)).toEqual(["xai/grok-5"]);
    expect(review.newModels[0]).toMatchObject({ provider: "xai", id: "grok-5", name: "Grok 5", contextWindow: 2000000, source: "models.dev" });
    expect(review.missing.map((m) => m.ref)).toEqual(["xai/grok-build-0.1"]);
    expect(review.changed).toEqual([{ ref: "xai/grok-4.3", field: "contextWindow", from: 1000000, to: 1500000, source: "models.dev" }]);
    expect(review.sources).toEqual([{ name: "models.dev", ok: true, providers: ["xai"] }]);

    const events: string[] = [];
    registry.on("config-change", (e) => events.push(e.key));
    const first = await registry.applyReview(review);
    expect(first).toEqual({ added: ["xai/grok-5"], updated: ["xai/grok-4.3"], markedMissing: ["xai/grok-build-0.1"] });
    expect(events).toEqual(["catalog.json"]);
    const afterFirst = await snapshotOf(storage, KEYS);

    const second = await registry.applyReview(review);
    expect(second).toEqual({ added: [], updated: [], markedMissing: [] });
    expect(await snapshotOf(storage, KEYS)).toEqual(afterFirst); // byte-identical
    expect(events).toEqual(["catalog.json"]);
    // ...and a refresh from the same data now finds nothing left to do.
    const again = await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] });
    expect([again.newModels, again.missing, again.changed]).toEqual([[], [], []]);

    const added = await registry.resolveModel("xai/grok-5");
    expect(added).toMatchObject({ known: true, offered: true, limits: { contextWindow: 2000000 } });
    // The user's override still wins over the applied change (1500000).
    const overridden = await registry.explain("xai/grok-4.3");
    expect(overridden.fields.contextWindow).toMatchObject({ value: 123456, source: "user" });
    expect(overridden.fields.contextWindow.overridden).toContainEqual({ layer: "refresh", source: "models.dev", value: 1500000 });

    const removed = await registry.resolveModel("xai/grok-build-0.1");
    expect(removed).toMatchObject({ known: true, sourceMissing: true, offered: false });
    expect((await registry.listModels({ provider: "xai", usableOnly: true })).map((m) => m.ref)).not.toContain("xai/grok-build-0.1");
    const tier = await registry.resolveTier("HIGH");
    expect(tier.model).toBe("xai/grok-build-0.1");
    expect(tier.usable).toBe(true);
    expect(tier.warnings.map((w) => w.code)).toContain("model_source_missing");
    // A role on it resolves the same way: still usable, with the warning.
    const role = await registry.resolveRole("primary");
    expect(role).toMatchObject({ ref: "xai/grok-build-0.1", usable: true });
    expect(role.warnings.map((w) => w.code)).toContain("model_source_missing");
  });

  it("network: false never calls fetch; a models.dev URL is reported as not fetched and the other sources count", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(XAI_MODIFIED));
    const storage = createMemoryStorage();
    await storage.set("state.json", JSON.stringify({ discovered: { ollama: { at: 1, models: [{ id: "qwen3:8b", contextWindow: 40960 }] } } }));
    const registry = createRegistry({ storage, fetch, env: { OPENAI_API_KEY: "sk-test", XAI_API_KEY: "xai-test" } });
    const review = await registry.refresh({ network: false, sources: ["discovery", { modelsDev: "https://models.dev/api.json" }] });
    expect(fetch).not.toHaveBeenCalled();
    expect(review.sources).toEqual([
      { name: "discovery", ok: true, providers: ["ollama"] },
      { name: "models.dev https://models.dev/api.json", ok: false, error: expect.stringContaining("network: false") },
    ]);
    expect(review.newModels).toEqual([{ ref: "ollama/qwen3:8b", provider: "ollama", id: "qwen3:8b", source: "discovered", contextWindow: 40960 }]);
  });

  it("fetches a models.dev URL through the injected fetch; a failing one is reported with its error", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) =>
      urlOf(input).includes("good") ? new Response(XAI_MODIFIED, { headers: { "content-type": "application/json" } }) : new Response("nope", { status: 503 }),
    );
    const registry = createRegistry({ storage: createMemoryStorage(), fetch });
    const review = await registry.refresh({ sources: [{ modelsDev: "https://mirror.example/good/api.json" }, { modelsDev: "https://mirror.example/bad/api.json" }] });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(review.sources).toEqual([
      { name: "models.dev https://mirror.example/good/api.json", ok: true, providers: ["xai"] },
      { name: "models.dev https://mirror.example/bad/api.json", ok: false, error: expect.stringContaining("HTTP 503") },
    ]);
    expect(review.newModels.map((m) => m.ref)).toEqual(["xai/grok-5"]);
    expect(review.missing.map((m) => m.ref)).toEqual(["xai/grok-build-0.1"]);
  });

  it("reports text that is not a models.dev document as a failed source, not a throw", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    const review = await registry.refresh({ network: false, sources: ["bundled", { modelsDev: "{ not json" }, { modelsDev: "[1]" }] });
    expect(review.sources.map((s) => [s.name, s.ok])).toEqual([
      ["bundled", true],
      ["models.dev", false],
      ["models.dev [1]", false],
    ]);
    expect([review.newModels, review.missing, review.changed]).toEqual([[], [], []]);
  });

  it("lists live discovery of configured providers without writing state.json; a failing provider is its own source", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) => {
      const url = urlOf(input);
      if (url.startsWith("http://127.0.0.1:11434")) return Response.json({ models: [{ name: "llama3.3:latest", model: "llama3.3:latest" }] });
      return new Response("down", { status: 500 });
    });
    const storage = createMemoryStorage();
    await storage.set("models.json", JSON.stringify({ providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama" } } }));
    const registry = createRegistry({ storage, fetch, env: { GROQ_API_KEY: "gsk-test" } });
    const review = await registry.refresh({ sources: ["discovery"] });
    expect(await storage.get("state.json")).toBeUndefined();
    expect(review.sources[0]).toMatchObject({ name: "discovery", ok: true, providers: ["ollama"] });
    expect(review.sources.slice(1)).toEqual([{ name: "discovery:groq", ok: false, error: expect.any(String) }]);
    expect(review.sources[1]!.error).not.toContain("gsk-test");
    expect(review.newModels.map((m) => m.ref)).toEqual(["ollama/llama3.3:latest"]);
  });

  it("saves, lists and applies a review by id, with select", async () => {
    let t = Date.UTC(2026, 0, 1);
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, now: () => t });
    const older = await registry.refresh({ network: false, sources: [{ modelsDev: XAI }] });
    t += 1000;
    const review = await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] });
    expect(review.id).toMatch(/^2026-01-01T00-00-01-000Z-[0-9a-f]{8}$/);
    expect(await registry.saveReview(older)).toBe(older.id);
    expect(await registry.saveReview(review)).toBe(review.id);
    expect(await registry.saveReview(review)).toBe(review.id);
    expect(JSON.parse((await storage.get(`reviews/${review.id}.json`))!)).toEqual(review);
    expect((await registry.listReviews()).map((r) => r.id)).toEqual([review.id, older.id]);

    const partial = await registry.applyReview(review.id, { select: ["xai/grok-5"] });
    expect(partial).toEqual({ added: ["xai/grok-5"], updated: [], markedMissing: [] });
    expect((await registry.resolveModel("xai/grok-build-0.1")).sourceMissing).toBe(false);
    const rest = await registry.applyReview(review.id);
    expect(rest).toEqual({ added: [], updated: ["xai/grok-4.3"], markedMissing: ["xai/grok-build-0.1"] });

    await expect(registry.applyReview("2020-01-01-nope")).rejects.toSatisfy((e: unknown) => isRegistryError(e) && e.code === "invalid_argument");
  });

  it("applies one changed field of a model when select names { ref, field }, and leaves the rest of the review", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.applyReview(await registry.refresh({ network: false, sources: [{ modelsDev: XAI }] }));
    const review = await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] });
    const changes = review.changed.filter((c) => c.ref === "xai/grok-4.3");
    expect(changes.length).toBeGreaterThan(0);
    const [picked, ...others] = changes;
    const before = await registry.explain("xai/grok-4.3");

    const result = await registry.applyReview(review, { select: [{ ref: picked!.ref, field: picked!.field }] });
    expect(result).toEqual({ added: [], updated: ["xai/grok-4.3"], markedMissing: [] });
    const after = await registry.explain("xai/grok-4.3");
    expect(after.fields[picked!.field as keyof typeof after.fields]?.value).toEqual(picked!.to);
    for (const other of others) {
      const field = other.field as keyof typeof after.fields;
      expect(after.fields[field]?.value).toEqual(before.fields[field]?.value);
    }
    // Nothing else of the review was applied: the new model and the missing one are untouched.
    expect((await registry.resolveModel("xai/grok-5")).known).toBe(false);
    expect((await registry.resolveModel("xai/grok-build-0.1")).sourceMissing).toBe(false);
    // A field the review does not change for that model selects nothing.
    expect(await registry.applyReview(review, { select: [{ ref: "xai/grok-4.3", field: "no-such-field" }] })).toEqual({ added: [], updated: [], markedMissing: [] });
    await expect(registry.applyReview(review, { select: [{ ref: "xai/grok-4.3" } as never] })).rejects.toSatisfy(
      (e: unknown) => isRegistryError(e) && e.code === "invalid_argument",
    );
  });

  it("a model back in the source loses its sourceMissing mark", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.applyReview(await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] }));
    const back = await registry.refresh({ network: false, sources: [{ modelsDev: XAI }] });
    expect(back.changed).toContainEqual({ ref: "xai/grok-build-0.1", field: "sourceMissing", from: true, to: false, source: "models.dev" });
    expect(back.missing.map((m) => m.ref)).toEqual(["xai/grok-5"]);
    expect((await registry.applyReview(back)).updated).toContain("xai/grok-build-0.1");
    expect((await registry.resolveModel("xai/grok-build-0.1")).sourceMissing).toBe(false);
    // grok-5 is kept (never deleted), only marked missing.
    expect(await registry.resolveModel("xai/grok-5")).toMatchObject({ known: true, sourceMissing: true });
  });

  it("refuses to write over a catalog.json that does not parse, leaving it byte-identical", async () => {
    const storage = createMemoryStorage();
    await storage.set("catalog.json", "{ damaged");
    const registry = createRegistry({ storage });
    const review = await registry.refresh({ network: false, sources: [{ modelsDev: XAI_MODIFIED }] });
    expect(review.sources[0]).toMatchObject({ name: "catalog.json", ok: false });
    await expect(registry.applyReview(review)).rejects.toSatisfy((e: unknown) => isRegistryError(e) && e.code === "storage_unparsable");
    expect(await storage.get("catalog.json")).toBe("{ damaged");
  });

  it("plugins are a source: a model a plugin no longer declares is kept, marked missing", async () => {
    const plugin = (models: string[]) => ({
      name: "acme-plugin",
      modelRegistry: { providers: [{ id: "acme", name: "Acme", api: "openai-completions", baseUrl: "https://api.acme.example/v1", models: models.map((id) => ({ id })) }] },
    });
    const storage = createMemoryStorage();
    const v1 = createRegistry({ storage, plugins: [plugin(["a-1", "a-2"])] });
    const first = await v1.refresh({ network: false, sources: ["plugins"] });
    expect(first.newModels.map((m) => m.ref)).toEqual(["acme/a-1", "acme/a-2"]);
    await v1.applyReview(first);
    const v2 = createRegistry({ storage, plugins: [plugin(["a-1"])] });
    const second = await v2.refresh({ network: false, sources: ["plugins"] });
    expect(second.missing.map((m) => m.ref)).toEqual(["acme/a-2"]);
    await v2.applyReview(second);
    expect(await v2.resolveModel("acme/a-2")).toMatchObject({ known: true, sourceMissing: true, offered: false });
  });

  it("checks its arguments", async () => {
    const registry = createRegistry();
    for (const bad of [5, { network: "no" }, { sources: ["nowhere"] }, { sources: [{ modelsDev: "" }] }]) {
      await expect(registry.refresh(bad as never)).rejects.toSatisfy((e: unknown) => isRegistryError(e) && e.code === "invalid_argument");
    }
    await expect(registry.applyReview({ id: "x" } as never)).rejects.toSatisfy((e: unknown) => isRegistryError(e) && e.code === "invalid_argument");
    await expect(registry.saveReview({ id: "../x", createdAt: 1, sources: [], newModels: [], missing: [], changed: [] })).rejects.toSatisfy(
      (e: unknown) => isRegistryError(e) && e.code === "invalid_argument",
    );
  });
});
