import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { createFileStorage, type FileStorage } from "../../src/node/file-storage.js";
import type { Storage } from "../../src/ports.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { storageConformance, type ConformanceCase } from "../../src/testing/index.js";

describe("storageConformance: memory storage", () => {
  for (const c of storageConformance({ create: () => createMemoryStorage(), requireUpdate: true })) it(c.name, c.run);
});

describe("storageConformance: file storage", () => {
  for (const c of storageConformance({
    create: async () => createFileStorage({ dir: await mkdtemp(join(tmpdir(), "mpr-conformance-")) }),
    cleanup: (storage) => rm((storage as FileStorage).dir, { recursive: true, force: true }),
    requireUpdate: true,
  })) {
    it(c.name, c.run, 20_000);
  }
});

describe("storageConformance: Keyv (no update())", () => {
  for (const c of storageConformance({ create: () => new Keyv() })) it(c.name, c.run);
});

describe("storageConformance: a shared store with a key prefix", () => {
  const shared = createMemoryStorage({ "models.json": "the host's real data" });
  for (const c of storageConformance({ create: () => shared, keyPrefix: "conformance/run-1/" })) it(c.name, c.run);
  it("leaves the host's keys alone and gives each case its own keys", async () => {
    expect(await shared.get("models.json")).toBe("the host's real data");
    expect(await shared.get("conformance/run-1/0/never-written.json")).toBeUndefined();
    expect(await shared.get("conformance/run-1/1/models.json")).toContain("providers");
  });
});

/** Run every case; return the names that failed and the errors they threw. */
async function failures(cases: ConformanceCase[]): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  for (const c of cases) await c.run().catch((error: unknown) => failed.set(c.name, error));
  return failed;
}

/** A map-backed storage with one defect switched on. */
function broken(defect: "non-atomic update" | "delete no-op" | "null for undefined" | "parses JSON" | "truncates" | "update swallows errors" | "writes on undefined"): Storage {
  const data = new Map<string, string>();
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const storage: Storage = {
    async get(key) {
      const value = data.get(key);
      if (defect === "parses JSON" && value !== undefined) {
        try {
          // Like a store whose serializer revives scalars: "123" comes back as 123, "null" as null.
          const parsed: unknown = JSON.parse(value);
          return typeof parsed === "object" && parsed !== null ? value : (parsed as string);
        } catch {
          return value;
        }
      }
      return value;
    },
    async set(key, value) {
      data.set(key, defect === "truncates" ? value.slice(0, 64 * 1024) : value);
    },
    async delete(key) {
      if (defect !== "delete no-op") data.delete(key);
    },
    async update(key, fn) {
      // Read, await, write: the textbook lost update.
      const current = data.get(key) ?? (defect === "null for undefined" ? (null as unknown as undefined) : undefined);
      await tick();
      let next: string | undefined;
      try {
        next = await fn(current);
      } catch (error) {
        if (defect === "update swallows errors") return current;
        throw error;
      }
      if (next !== undefined || defect === "writes on undefined") data.set(key, next as string);
      return next ?? current;
    },
  };
  if (defect !== "non-atomic update") {
    // Serialise updates per key, so only the chosen defect shows.
    let queue: Promise<unknown> = Promise.resolve();
    const racy = storage.update!;
    storage.update = (key, fn) => {
      const run = queue.then(() => racy(key, fn));
      queue = run.catch(() => undefined);
      return run;
    };
  }
  return storage;
}

describe("storageConformance catches broken storages", () => {
  it.each([
    ["non-atomic update", ["update(): 20 concurrent read-modify-writes of one key lose no update"]],
    ["delete no-op", ["keys with slashes (reviews/<id>.json) are ordinary, distinct keys", "delete removes the key and leaves the others"]],
    ["null for undefined", ["update(): fn receives undefined (not null) for a missing key, and may create it"]],
    ["parses JSON", ["values are returned as strings, never parsed (JSON-looking text stays text)", "update(): fn receives the current value; its result is stored and returned"]],
    ["truncates", ["a ~1 MB value round-trips exactly"]],
    ["update swallows errors", ["update(): fn throwing rejects with that error and leaves the value unchanged"]],
    ["writes on undefined", ["update(): fn returning undefined writes nothing and resolves to the current value"]],
  ] as const)("%s fails exactly: %j", async (defect, expected) => {
    const failed = await failures(storageConformance({ create: () => broken(defect) }));
    expect([...failed.keys()].sort()).toEqual([...expected].sort());
    for (const error of failed.values()) {
      expect(isRegistryError(error)).toBe(true);
      expect(error).toMatchObject({ code: "conformance_failed", message: expect.stringMatching(/^Storage conformance ".+": expected .+, found .+\.$/s) });
    }
  });

  it("says what it expected and what it found", async () => {
    const failed = await failures(storageConformance({ create: () => broken("non-atomic update"), concurrency: 5 }));
    const error = failed.get("update(): 5 concurrent read-modify-writes of one key lose no update") as Error;
    expect(error.message).toBe(
      'Storage conformance "update(): 5 concurrent read-modify-writes of one key lose no update": expected the counter after 5 concurrent increments to be "{\\"n\\":5}", found "{\\"n\\":1}" (length 7, expected length 7, first difference at index 5).',
    );
  });

  it("a storage without update() passes the update cases unless requireUpdate is set", async () => {
    const bare = (): Storage => {
      const { get, set, delete: del } = createMemoryStorage();
      return { get, set, delete: del };
    };
    expect((await failures(storageConformance({ create: bare }))).size).toBe(0);
    const failed = await failures(storageConformance({ create: bare, requireUpdate: true }));
    expect([...failed.keys()].every((name) => name.startsWith("update(): "))).toBe(true);
    expect(failed.size).toBe(8);
    expect((failed.values().next().value as Error).message).toContain("expected an update(key, fn) method (requireUpdate is set), found a storage without update()");
  });

  it("calls create once and cleanup once per case, also when the case fails", async () => {
    let created = 0;
    let cleaned = 0;
    const cases = storageConformance({
      create: () => {
        created += 1;
        return broken("delete no-op");
      },
      cleanup: () => {
        cleaned += 1;
      },
    });
    await failures(cases);
    expect(created).toBe(cases.length);
    expect(cleaned).toBe(cases.length);
  });
});
