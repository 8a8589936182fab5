import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reasoningDescriptor } from "../../src/reasoning/reasoning-descriptor.js";
import type { ModelsDevReasoningOption } from "../../src/reasoning/reasoning-model.js";

interface Entry {
  name?: string;
  family?: string;
  reasoning?: boolean;
  reasoning_options?: ModelsDevReasoningOption[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/reasoning/models-dev-reasoning.json", import.meta.url), "utf8")) as {
  providers: Record<string, Record<string, Entry>>;
};

/** Every first-party model a provider rule covers, with the levels models.dev states for it. */
function covered(provider: string) {
  return Object.entries(fixture.providers[provider] ?? {}).flatMap(([id, m]) => {
    const base = { provider, id, name: m.name ?? null, family: m.family ?? null, reasoning: m.reasoning ?? null };
    const fromRules = reasoningDescriptor(base);
    if (fromRules.source !== "provider-rule") return [];
    const fromModelsDev = reasoningDescriptor({ ...base, reasoningOptions: m.reasoning_options ?? null }, { rules: [] });
    return [{ id, fromRules, fromModelsDev }];
  });
}

describe("provider rules agree with models.dev reasoning_options", () => {
  it.each(["openai", "google", "xai", "zai", "deepseek", "alibaba", "mistral", "groq"])(
    "%s: same levels for every model a rule covers",
    (provider) => {
      const rows = covered(provider);
      expect(rows.length).toBeGreaterThan(1);
      const mismatches = rows
        .filter((r) => JSON.stringify(r.fromRules.levels) !== JSON.stringify(r.fromModelsDev.levels))
        .map((r) => `${r.id}: rules ${JSON.stringify(r.fromRules.levels)} vs models.dev ${JSON.stringify(r.fromModelsDev.levels)}`);
      expect(mismatches).toEqual([]);
    },
  );

  it("anthropic: same thinking levels; the rules add the off that Anthropic's optional thinking allows", () => {
    const rows = covered("anthropic").filter((r) => !r.id.startsWith("claude-opus-4-5"));
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const thinking = (levels: readonly string[] | null) => (levels ?? []).filter((l) => l !== "off");
      expect({ id: r.id, levels: thinking(r.fromRules.levels) }).toEqual({ id: r.id, levels: thinking(r.fromModelsDev.levels) });
      if (r.fromRules.kind !== "none") expect(r.fromRules.canDisable || r.id.match(/opus-4-[7-9]|fable/)).toBeTruthy();
    }
  });
});
