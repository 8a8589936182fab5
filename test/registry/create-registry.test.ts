import { describe, expect, it, vi } from "vitest";
import { RegistryError, createRegistry } from "../../src/index.js";
import { createEmitter, normalizeRegistryOptions } from "../../src/registry/index.js";

describe("createRegistry", () => {
  it("does no I/O on creation", () => {
    const fetch = vi.fn();
    const storage = { get: vi.fn(), set: vi.fn(), delete: vi.fn() };
    createRegistry({ fetch, storage });
    expect(fetch).not.toHaveBeenCalled();
    expect(storage.get).not.toHaveBeenCalled();
  });

  it("applies documented defaults", () => {
    const ctx = normalizeRegistryOptions();
    expect(ctx.envPrefix).toBe("MODEL_REGISTRY");
    expect(ctx.manifestKey).toBe("modelRegistry");
    expect(ctx.timeoutMs).toBe(5000);
    expect(ctx.env).toEqual({});
  });

  it("resolves globalThis.fetch per call, so later patches apply", async () => {
    const ctx = normalizeRegistryOptions();
    const original = globalThis.fetch;
    const patched = vi.fn(async () => new Response("ok"));
    globalThis.fetch = patched as unknown as typeof fetch;
    try {
      await ctx.fetch("http://127.0.0.1:1/");
      expect(patched).toHaveBeenCalledOnce();
    } finally {
      globalThis.fetch = original;
    }
  });

  it("warns about unknown options and rejects a bad timeout", () => {
    const warn = vi.fn();
    normalizeRegistryOptions({ timeout: 5 } as never);
    normalizeRegistryOptions({ logger: { debug() {}, info() {}, warn, error() {} }, ...({ timeout: 5 } as object) });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"timeout"'), expect.anything());
    expect(() => createRegistry({ timeoutMs: -1 })).toThrow(RegistryError);
  });

  it("delivers events, unsubscribes, and survives a throwing listener", () => {
    const errors: unknown[] = [];
    const events = createEmitter({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    events.on("status", () => {
      throw new Error("listener bug");
    });
    const off = events.on("status", (e) => seen.push(e.to));
    events.emit("status", { providerId: "openai", from: null, to: "env", at: 1 });
    off();
    events.emit("status", { providerId: "openai", from: "env", to: "healthy", at: 2 });
    expect(seen).toEqual(["env"]);
    expect(errors).toHaveLength(2);
    expect(typeof createRegistry().on("status", () => {})).toBe("function");
  });
});

describe("a throwing host logger", () => {
  it("never fails a registry call", async () => {
    const boom = () => {
      throw new Error("logger transport closed");
    };
    const registry = createRegistry({ logger: { debug: boom, info: boom, warn: boom, error: boom } });
    const stored = await registry.setApiKey("groq", "gsk_logger_throws_000000000000");
    expect(stored.providerId).toBe("groq");
    expect((await registry.listCredentials("groq")).some((c) => c.id === stored.id)).toBe(true);
  });
});
