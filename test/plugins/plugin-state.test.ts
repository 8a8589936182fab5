import { describe, expect, it } from "vitest";
import { isPluginEnabled, PluginStateSchema } from "../../src/plugins/plugin-state.js";

describe("plugin state (settings.json plugins)", () => {
  it("reads an empty or partial section as no explicit choice", () => {
    expect(PluginStateSchema.parse({})).toEqual({ enabled: [], disabled: [] });
    expect(PluginStateSchema.parse({ enabled: ["a"] })).toEqual({ enabled: ["a"], disabled: [] });
    expect(PluginStateSchema.safeParse({ enabled: "a" }).success).toBe(false);
  });

  it("lets an explicit choice override the default, and an unnamed plugin follow its default", () => {
    const state = { enabled: ["on"], disabled: ["off"] };
    expect(isPluginEnabled(state, "on", false)).toBe(true);
    expect(isPluginEnabled(state, "off", true)).toBe(false);
    expect(isPluginEnabled(state, "other", false)).toBe(false);
    expect(isPluginEnabled(state, "other", true)).toBe(true);
    expect(isPluginEnabled({ enabled: ["x"], disabled: ["x"] }, "x", true)).toBe(false);
    expect(isPluginEnabled(state, null, false)).toBe(false);
  });
});
