import { afterEach, describe, expect, it, vi } from "vitest";
import { createRegistry, isRegistryError, type RegistryError } from "../../src/index.js";
import { createWebStorage, type WebLocksLike, type WebStorageLike } from "../../src/storage/web-storage.js";
import { storageConformance } from "../../src/testing/index.js";

/** The Web Storage interface over a Map, with an optional quota in characters (keys + values, as browsers count). */
class MapWebStorage implements WebStorageLike {
  readonly data = new Map<string, string>();
  readonly log: string[] = [];
  constructor(private readonly quota = Number.POSITIVE_INFINITY) {}
  getItem(key: string): string | null {
    this.log.push(`get ${key}`);
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    const used = [...this.data].reduce((n, [k, v]) => (k === key ? n : n + k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) {
      throw new DOMException("Setting the value exceeded the quota.", "QuotaExceededError");
    }
    this.log.push(`set ${key}`);
    this.data.set(key, String(value));
  }
  removeItem(key: string): void {
    this.log.push(`remove ${key}`);
    this.data.delete(key);
  }
}

/** An exclusive lock manager shared by every "tab" that holds it, like navigator.locks within one origin. */
function createLocks(): WebLocksLike & { requested: string[] } {
  const tails = new Map<string, Promise<unknown>>();
  const requested: string[] = [];
  return {
    requested,
    request(name, _options, callback) {
      requested.push(name);
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(() => callback());
      tails.set(name, run.catch(() => undefined));
      return run;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("storageConformance: createWebStorage", () => {
  describe("without Web Locks (one tab)", () => {
    for (const c of storageConformance({ create: () => createWebStorage({ storage: new MapWebStorage(), locks: null }), requireUpdate: true })) it(c.name, c.run);
  });
  describe("with Web Locks", () => {
    for (const c of storageConformance({ create: () => createWebStorage({ storage: new MapWebStorage(), locks: createLocks() }), requireUpdate: true })) {
      it(c.name, c.run);
    }
  });
  describe("in a Web Storage shared with the host app", () => {
    const shared = new MapWebStorage();
    shared.setItem("models.json", "the host's own models.json");
    for (const c of storageConformance({ create: () => createWebStorage({ storage: shared, locks: null }), keyPrefix: "conformance/" })) it(c.name, c.run);
    it("leaves the host's unprefixed key alone", () => {
      expect(shared.data.get("models.json")).toBe("the host's own models.json");
    });
  });
});

describe("createWebStorage: keys under a prefix", () => {
  it("stores every key as prefix + key, by default under model-registry:", async () => {
    const backend = new MapWebStorage();
    const storage = createWebStorage({ storage: backend });
    expect(storage.prefix).toBe("model-registry:");
    await storage.set("auth.json", "{}");
    await storage.update("reviews/a.json", () => "r");
    expect([...backend.data.keys()].sort()).toEqual(["model-registry:auth.json", "model-registry:reviews/a.json"]);
    expect(storage.keyOf("state.json")).toBe("model-registry:state.json");
  });

  it("two prefixes in one Web Storage never see each other, nor the host's keys", async () => {
    const backend = new MapWebStorage();
    backend.setItem("theme", "dark");
    backend.setItem("auth.json", "host data");
    const a = createWebStorage({ storage: backend, prefix: "team-a:" });
    const b = createWebStorage({ storage: backend, prefix: "team-b:" });
    await a.set("auth.json", "A");
    await b.set("auth.json", "B");
    expect(await a.get("auth.json")).toBe("A");
    expect(await b.get("auth.json")).toBe("B");
    await a.delete("auth.json");
    expect(await a.get("auth.json")).toBeUndefined();
    expect(await b.get("auth.json")).toBe("B");
    expect(backend.data.get("theme")).toBe("dark");
    expect(backend.data.get("auth.json")).toBe("host data");
  });

  it("a registry over it keeps a stored key across a 'reload' (a new registry over the same Web Storage), masked", async () => {
    const backend = new MapWebStorage();
    const first = createRegistry({ storage: createWebStorage({ storage: backend }) });
    await first.setApiKey("openai", "sk-test-web-storage-0001");
    const reloaded = createRegistry({ storage: createWebStorage({ storage: backend }) });
    const [credential] = await reloaded.listCredentials("openai");
    expect(credential).toMatchObject({ providerId: "openai", source: "stored", masked: "…0001" });
    expect(backend.data.has("model-registry:auth.json")).toBe(true);
  });
});

describe("createWebStorage: atomic update()", () => {
  it("holds the Web Lock named after the stored key across the read-modify-write", async () => {
    const locks = createLocks();
    const storage = createWebStorage({ storage: new MapWebStorage(), locks });
    expect(storage.crossTabLocks).toBe(true);
    await storage.update("state.json", () => "1");
    expect(locks.requested).toEqual(["model-registry:state.json"]);
    expect(createWebStorage({ storage: new MapWebStorage(), locks: null }).crossTabLocks).toBe(false);
  });

  it("uses navigator.locks when the runtime has it", async () => {
    const locks = createLocks();
    vi.stubGlobal("navigator", { locks });
    try {
      await createWebStorage({ storage: new MapWebStorage() }).update("settings.json", () => "{}");
      expect(locks.requested).toEqual(["model-registry:settings.json"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("two storages over one consistent Web Storage and one lock manager never run an update of a key at once, so none is lost", async () => {
    const backend = new MapWebStorage();
    const locks = createLocks();
    const tabs = [createWebStorage({ storage: backend, locks }), createWebStorage({ storage: backend, locks })];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tabs[i % 2]!.update("state.json", async (current) => {
          await tick();
          return String(Number(current ?? "0") + 1);
        }),
      ),
    );
    expect(backend.data.get("model-registry:state.json")).toBe("20");
  });

  it("without a lock, two tabs lose async updates (why the lock is there), but never synchronous ones", async () => {
    const run = async (fnIsAsync: boolean) => {
      const backend = new MapWebStorage();
      const tabs = [createWebStorage({ storage: backend, locks: null }), createWebStorage({ storage: backend, locks: null })];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          tabs[i % 2]!.update("state.json", (current) => {
            const next = String(Number(current ?? "0") + 1);
            return fnIsAsync ? tick().then(() => next) : next;
          }),
        ),
      );
      return backend.data.get("model-registry:state.json");
    };
    expect(await run(true)).not.toBe("20");
    expect(await run(false)).toBe("20");
  });

  it("a synchronous fn is read, called and written with nothing in between", async () => {
    const backend = new MapWebStorage();
    const storage = createWebStorage({ storage: backend, locks: null });
    const seen: string[] = [];
    await storage.update("models.json", () => {
      seen.push(...backend.log);
      return "x";
    });
    expect(seen).toEqual(["get model-registry:models.json"]);
    expect(backend.log).toEqual(["get model-registry:models.json", "set model-registry:models.json"]);
  });
});

describe("createWebStorage: errors", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("a full Web Storage is storage_write_failed with a recovery, the old value kept and no value in the message", async () => {
    const backend = new MapWebStorage(200);
    const storage = createWebStorage({ storage: backend, locks: null });
    await storage.set("auth.json", "small");
    const big = "sk-secret-".repeat(40);
    const error = (await storage.set("auth.json", big).catch((e: unknown) => e)) as RegistryError;
    expect(isRegistryError(error)).toBe(true);
    expect(error.code).toBe("storage_write_failed");
    expect(error.message).toContain("QuotaExceededError");
    expect(error.message).toContain('"model-registry:auth.json"');
    expect(error.message).not.toContain("sk-secret");
    expect(error.recovery).toMatch(/Make room/);
    expect((error.cause as DOMException).name).toBe("QuotaExceededError");
    expect(await storage.get("auth.json")).toBe("small");

    const viaUpdate = (await storage.update("auth.json", () => big).catch((e: unknown) => e)) as RegistryError;
    expect(viaUpdate.code).toBe("storage_write_failed");
    expect(await storage.get("auth.json")).toBe("small");
  });

  it("a legacy Firefox quota error (code 1014) is recognised too", async () => {
    const storage = createWebStorage({
      storage: {
        getItem: () => null,
        setItem: () => {
          throw Object.assign(new Error("Persistent storage maximum size reached"), { name: "NS_ERROR_DOM_QUOTA_REACHED", code: 1014 });
        },
        removeItem: () => undefined,
      },
    });
    await expect(storage.set("state.json", "{}")).rejects.toMatchObject({ code: "storage_write_failed", recovery: expect.stringMatching(/Make room/) });
  });

  it("a refused read or delete names the key and the error's name", async () => {
    const refuse = () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    };
    const storage = createWebStorage({ storage: { getItem: refuse, setItem: refuse, removeItem: refuse }, locks: null });
    await expect(storage.get("auth.json")).rejects.toMatchObject({ code: "storage_read_failed", message: expect.stringContaining("SecurityError") });
    await expect(storage.delete("auth.json")).rejects.toMatchObject({ code: "storage_delete_failed" });
    await expect(storage.set("auth.json", "{}")).rejects.toMatchObject({ code: "storage_write_failed", recovery: expect.stringMatching(/site data/) });
  });

  it("defaults to globalThis.localStorage, and says what to do where there is none", async () => {
    vi.stubGlobal("localStorage", undefined);
    expect(() => createWebStorage()).toThrow(expect.objectContaining({ code: "invalid_option", recovery: expect.stringContaining("createMemoryStorage") }));
    const local = new MapWebStorage();
    vi.stubGlobal("localStorage", local);
    await createWebStorage().set("models.json", "{}");
    expect(local.data.get("model-registry:models.json")).toBe("{}");
  });

  it("wrong option types are invalid_argument", () => {
    expect(() => createWebStorage({ storage: {} as never })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => createWebStorage({ storage: new MapWebStorage(), prefix: 5 as never })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => createWebStorage({ storage: new MapWebStorage(), locks: {} as never })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});
