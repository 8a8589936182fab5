import { describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";

describe("listCredentials()", () => {
  it("reads auth.json once for a listing of every provider, not once per provider", async () => {
    const base = createMemoryStorage();
    let authReads = 0;
    const storage = {
      ...base,
      get: async (key: string) => {
        if (key === "auth.json") authReads++;
        return base.get(key);
      },
    };
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-env-list-reads-000000000000" } });
    await registry.setApiKey("groq", "gsk_list_reads_stored_00000000");
    authReads = 0;
    const listed = await registry.listCredentials();
    expect(authReads).toBe(1);
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining(["groq:default", "openai:env:OPENAI_API_KEY"]));
  });
});
