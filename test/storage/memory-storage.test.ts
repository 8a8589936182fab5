import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, createMemoryStorage } from "../../src/index.js";
import { readJson, readSection, updateJson, updateSection } from "../../src/storage/index.js";

describe("createMemoryStorage", () => {
  it("gets, sets and deletes strings", async () => {
    const storage = createMemoryStorage({ a: "1" });
    expect(await storage.get("a")).toBe("1");
    await storage.set("b", "2");
    expect(await storage.get("b")).toBe("2");
    await storage.delete("a");
    expect(await storage.get("a")).toBeUndefined();
  });

  it("loses no update under 50 concurrent read-modify-writes", async () => {
    const storage = createMemoryStorage();
    await Promise.all(
      Array.from({ length: 50 }, () =>
        storage.update("n", async (current) => {
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          return String(Number(current ?? "0") + 1);
        }),
      ),
    );
    expect(await storage.get("n")).toBe("50");
  });

  it("keeps the queue going after a failing update", async () => {
    const storage = createMemoryStorage();
    await expect(storage.update("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await storage.update("k", () => "ok");
    expect(await storage.get("k")).toBe("ok");
  });
});

describe("JSON documents in storage", () => {
  const Counter = z.object({ n: z.number() });

  it("serialises updates on a storage without update() (Keyv-like)", async () => {
    const map = new Map<string, string>();
    const bare = {
      get: async (k: string) => map.get(k),
      set: async (k: string, v: string) => {
        await new Promise((r) => setTimeout(r, 1));
        map.set(k, v);
      },
      delete: async (k: string) => map.delete(k),
    };
    await Promise.all(Array.from({ length: 20 }, () => updateJson(bare, "c.json", Counter, { n: 0 }, (c) => ({ n: c.n + 1 }))));
    expect(await readJson(bare, "c.json", Counter, { n: 0 })).toEqual({ n: 20 });
  });

  it("refuses to read (and so to overwrite) a corrupt document", async () => {
    const storage = createMemoryStorage({ "c.json": "{ not json" });
    await expect(readJson(storage, "c.json", Counter, { n: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(updateJson(storage, "c.json", Counter, { n: 0 }, () => ({ n: 1 }))).rejects.toBeInstanceOf(ConfigError);
    expect(await storage.get("c.json")).toBe("{ not json");
  });

  it("updates one section and keeps the others", async () => {
    const storage = createMemoryStorage({ "state.json": JSON.stringify({ other: { keep: true } }) });
    await updateSection(storage, "state.json", "counter", Counter, { n: 0 }, (c) => ({ n: c.n + 2 }));
    expect(JSON.parse((await storage.get("state.json")) ?? "")).toEqual({ other: { keep: true }, counter: { n: 2 } });
    expect(await readSection(storage, "state.json", "counter", Counter, { n: 0 })).toEqual({ n: 2 });
    expect(await readSection(storage, "state.json", "absent", Counter, { n: 7 })).toEqual({ n: 7 });
  });
});
