import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ConfigError, ProviderCallError, RegistryError, isRegistryError } from "../../src/index.js";

describe("RegistryError", () => {
  it("keeps code, recovery and cause, and is recognised by the guard", () => {
    const cause = new Error("root");
    const error = new RegistryError({ code: "invalid_model_ref", message: "Expected a/b.", recovery: "Write a/b.", cause });
    expect(error.code).toBe("invalid_model_ref");
    expect(error.recovery).toBe("Write a/b.");
    expect(error.cause).toBe(cause);
    expect(isRegistryError(error)).toBe(true);
    expect(RegistryError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it("recognises subclasses and rejects look-alikes", () => {
    expect(isRegistryError(new ConfigError({ message: "x", diagnostics: [] }))).toBe(true);
    expect(isRegistryError(new ProviderCallError({ kind: "rate_limit", message: "x" }))).toBe(true);
    expect(isRegistryError(new Error("x"))).toBe(false);
    expect(isRegistryError({ name: "RegistryError", code: "x" })).toBe(false);
    expect(isRegistryError(null)).toBe(false);
  });

  it("is recognised across realms through the Symbol.for marker", () => {
    const foreign = runInNewContext(`
      const e = new Error("from another realm");
      Object.defineProperty(e, Symbol.for("model-provider-registry.error"), { value: true });
      e;
    `);
    expect(foreign instanceof RegistryError).toBe(false);
    expect(isRegistryError(foreign)).toBe(true);
  });
});
