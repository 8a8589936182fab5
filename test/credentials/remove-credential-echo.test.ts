import { describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";

const KEY = "sk-proj-removecanary0123456789abcdef";

describe("removeCredential never echoes a key passed as the credential id (issue 9 item 4)", () => {
  it.each([
    ["the key itself", KEY],
    ["the key after the provider prefix", `openai:${KEY}`],
    ["the key in the env form", `openai:env:${KEY}`],
    ["a key without a known shape", "openai:9f8e7d6c5b4a39281706a5b4c3d2e1f0"],
  ])("%s", async (_label, argument) => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.setApiKey("openai", KEY, { label: "work" });
    const error = (await registry.removeCredential("openai", argument).catch((e: unknown) => e)) as Error & { code?: string; recovery?: string };
    expect(error.code).toMatch(/^credential_(not_found|from_env)$/);
    const secretPart = argument.replace(/^openai:(env:)?/, "");
    expect(`${error.message} ${error.recovery} ${error.stack}`).not.toContain(secretPart.slice(0, -4));
  });

  it("still names a credential id that is an id", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    const error = (await registry.removeCredential("openai", "openai:laptop").catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"openai:laptop"');
  });
});

describe("refreshOAuthCredential never echoes a key passed as the credential id (issue 9 item 4 follow-up)", () => {
  it.each([
    ["the key itself", KEY],
    ["the key after the provider prefix", `anthropic:${KEY}`],
    ["a key without a known shape", "anthropic:9f8e7d6c5b4a39281706a5b4c3d2e1f0"],
  ])("%s", async (_label, argument) => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.setApiKey("anthropic", KEY, { label: "work" });
    const error = (await registry.refreshOAuthCredential(argument).catch((e: unknown) => e)) as Error & { code?: string; recovery?: string };
    expect(error.code).toBe("credential_not_found");
    const secretPart = argument.replace(/^anthropic:/, "");
    expect(`${error.message} ${error.recovery} ${error.stack}`).not.toContain(secretPart.slice(0, -4));
  });

  it("still names a credential id that is an id, and says what it found", async () => {
    const registry = createRegistry({ storage: createMemoryStorage() });
    await registry.setApiKey("anthropic", KEY, { label: "work" });
    const error = (await registry.refreshOAuthCredential("anthropic:work").catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"anthropic:work"');
    expect(error.message).toContain("apiKey credential");
  });

});
