import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";

const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("credential changes reach status listeners", () => {
  it("announces healthy when a key is stored and back when it is removed", async () => {
    const registry = createRegistry();
    const seen: string[] = [];
    registry.on("status", (e) => {
      if (e.providerId === "groq") seen.push(`${e.from ?? "∅"}→${e.to}`);
    });
    const before = await registry.getStatus({ providers: ["groq"] });
    expect(before[0]?.status).toBe("missing");

    const stored = await registry.setApiKey("groq", "gsk_test_credential_events_0000");
    await flush();
    // "missing" is the unrecorded starting point, so the first change comes from null.
    expect(seen.at(-1)).toBe("∅→healthy");

    await registry.removeCredential("groq", stored.id);
    await flush();
    expect(seen.at(-1)).toBe("healthy→missing");
  });

  it("keeps env-only providers at env in tier health (stored filter)", async () => {
    const registry = createRegistry({ env: { GROQ_API_KEY_2: "gsk_numbered_only_0000000000" } });
    const [report] = await registry.getStatus({ providers: ["groq"] });
    expect(report?.status).toBe("env");
    const models = await registry.listModels({ provider: "groq", usableOnly: true });
    expect(models.length).toBeGreaterThan(0);
  });
});
