import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

describe("tiers with the other parts of the registry", () => {
  it("a stored key (setApiKey) makes its provider the source of default tiers; removing it brings the warning", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage });
    await registry.setApiKey("google", "AIza-stored-test-key");
    const tiers = await registry.getTiers();
    expect(tiers.MED).toMatchObject({ model: "google/gemini-3.5-flash", source: "default" });

    await registry.setTier("HIGH", { model: "google/gemini-3.1-pro-preview", thinking: "high" });
    expect((await registry.resolveTier("HIGH")).warnings).toEqual([]);
    await registry.removeCredential("google");
    const after = await registry.resolveTier("HIGH");
    expect(after.model).toBe("google/gemini-3.1-pro-preview");
    expect(after.usable).toBe(false);
    expect(after.warnings.map((w) => w.code)).toEqual(["provider_missing_credentials"]);
    // the stored key never appears in what tiers report
    expect(JSON.stringify(after)).not.toContain("AIza-stored-test-key");
  });

  it("a models.json custom endpoint gets no thinking field until the user opts in", async () => {
    const storage = createMemoryStorage();
    await storage.set(
      "models.json",
      JSON.stringify({
        providers: {
          "my-vllm": {
            baseUrl: "http://127.0.0.1:8000/v1",
            api: "openai-completions",
            models: [{ id: "my-model-7b", reasoning: true }],
          },
        },
      }),
    );
    const registry = createRegistry({ storage });
    const info = await registry.thinkingLevels("my-vllm/my-model-7b");
    expect(info).toMatchObject({ kind: "effort", levels: ["minimal", "low", "medium", "high"], source: "reasoning-flag" });
    const plan = await registry.planThinking("my-vllm/my-model-7b", "high");
    expect(plan.params).toEqual({});
    expect(plan.warnings.map((w) => w.code)).toEqual(["thinking_not_sent"]);

    await registry.setReasoningOverride("my-vllm/my-model-7b", {
      kind: "effort",
      levels: ["low", "medium", "high"],
      default: "medium",
      wire: "openai-effort",
    });
    const optedIn = await registry.planThinking("my-vllm/my-model-7b", "xhigh");
    expect(optedIn.params).toEqual({ reasoning_effort: "high" });
    expect(optedIn.warnings.map((w) => w.code)).toEqual(["thinking_clamped"]);
    const settings = JSON.parse((await storage.get("settings.json")) ?? "{}");
    expect(settings.reasoningOverrides["my-vllm/my-model-7b"].wire).toBe("openai-effort");
  });
});

describe("tier warnings name only the tier asked for (issue 9 item 18)", () => {
  it("resolveTier(HIGH) never recommends fixing tier MED when MED uses the same provider", async () => {
    const storage = createMemoryStorage();
    const registry = createRegistry({ storage, env: {} });
    await registry.setTier("MED", { model: "google/gemini-3.5-flash", thinking: "medium" });
    await registry.setTier("HIGH", { model: "google/gemini-3.1-pro-preview", thinking: "high" });
    await registry.setTier("LOW", { model: "google/gemini-3.1-flash-lite", thinking: "low" });
    const high = await registry.resolveTier("HIGH");
    expect(high.usable).toBe(false);
    expect(high.warnings.map((w) => w.code)).toEqual(["provider_missing_credentials"]);
    for (const warning of high.warnings) {
      expect(`${warning.message} ${warning.recovery}`).not.toMatch(/tier (MED|LOW)\b/);
    }
    const med = await registry.resolveTier("MED");
    for (const warning of med.warnings) expect(`${warning.message} ${warning.recovery}`).not.toMatch(/tier (HIGH|LOW)\b/);
  });
});
