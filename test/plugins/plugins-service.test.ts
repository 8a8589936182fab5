import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry, isRegistryError } from "../../src/index.js";
import { createFileStorage } from "../../src/node/file-storage.js";
import type { Storage } from "../../src/ports.js";

const fixtures = fileURLToPath(new URL("../fixtures/plugins", import.meta.url));
/** The Sero doc's Alibaba Coding Plan plugin (seed 000): provider alibaba-coding-plan, key ALIBABA_CODING_PLAN_KEY. */
const alibaba = JSON.parse(readFileSync(path.join(fixtures, "sero-alibaba-plugin", "package.json"), "utf8")) as {
  name: string;
  sero: Record<string, unknown>;
};
/** The same plugin shipped disabled. */
const alibabaOff = { ...alibaba, sero: { ...alibaba.sero, enabledByDefault: false } };
const KEY = { ALIBABA_CODING_PLAN_KEY: "sk-ali-test" };

function registryOn(storage: Storage, plugin: unknown, env: Record<string, string> = KEY) {
  return createRegistry({ storage, env, plugins: [plugin], manifestKey: "sero" });
}

const providerIds = async (registry: ReturnType<typeof createRegistry>) => (await registry.listProviders()).map((p) => p.id);

describe("the Alibaba Coding Plan plugin (Sero doc)", () => {
  it("shows its provider with its env var, lists the plugin as enabled, and its default tiers are used when the key is set", async () => {
    const registry = registryOn(createMemoryStorage(), alibaba);
    const provider = (await registry.listProviders()).find((p) => p.id === "alibaba-coding-plan");
    expect(provider).toMatchObject({ name: "Alibaba Coding Plan", source: "plugin", package: "sero-alibaba-plugin" });
    expect(provider!.envNames).toContain("ALIBABA_CODING_PLAN_KEY");
    const listed = (await registry.plugins.list()).find((p) => p.name === "sero-alibaba-plugin");
    expect(listed).toEqual({
      name: "sero-alibaba-plugin",
      enabled: true,
      enabledByDefault: true,
      source: "package",
      providers: ["alibaba-coding-plan"],
      diagnostics: [],
    });
    const tiers = await registry.getTiers();
    expect(tiers.LOW).toMatchObject({ model: "alibaba-coding-plan/qwen3.5-plus", thinking: "off", source: "plugin" });
    expect(tiers.MED).toMatchObject({ model: "alibaba-coding-plan/qwen3-coder-plus", source: "plugin" });
    expect(tiers.HIGH).toMatchObject({ model: "alibaba-coding-plan/qwen3-max-2026-01-23", thinking: "high", source: "plugin" });
    expect((await registry.resolveModel("alibaba-coding-plan/qwen3-coder-plus")).offered).toBe(true);
  });

  it("does not use its default tiers without the key", async () => {
    const tiers = await registryOn(createMemoryStorage(), alibaba, {}).getTiers();
    for (const tier of [tiers.LOW, tiers.MED, tiers.HIGH]) expect(tier?.model ?? "").not.toMatch(/^alibaba-coding-plan\//);
  });
});

describe("a plugin with enabledByDefault: false", () => {
  it("is not offered: left out of listProviders, its models resolve with plugin_disabled, its tiers unused", async () => {
    const registry = registryOn(createMemoryStorage(), alibabaOff);
    expect(await providerIds(registry)).not.toContain("alibaba-coding-plan");
    expect((await registry.plugins.list()).find((p) => p.name === "sero-alibaba-plugin")).toMatchObject({ enabled: false, enabledByDefault: false });

    const resolved = await registry.resolveModel("alibaba-coding-plan/qwen3-coder-plus");
    expect(resolved.known).toBe(true);
    expect(resolved.limits.contextWindow).toBe(1000000);
    expect(resolved.offered).toBe(false);
    const problem = resolved.problems.find((p) => p.code === "plugin_disabled");
    expect(problem?.recovery).toContain('registry.plugins.enable("sero-alibaba-plugin")');
    const explained = await registry.explain("alibaba-coding-plan/qwen3-coder-plus");
    expect(explained.reasons.map((r) => r.code)).toContain("plugin_disabled");

    const usable = await registry.listModels({ usableOnly: true });
    expect(usable.some((m) => m.provider === "alibaba-coding-plan")).toBe(false);
    const tiers = await registry.getTiers();
    for (const tier of [tiers.LOW, tiers.MED, tiers.HIGH]) expect(tier?.source).not.toBe("plugin");
    // Not in the status list either, unless asked for by id.
    expect((await registry.getStatus()).map((r) => r.providerId)).not.toContain("alibaba-coding-plan");
    expect((await registry.getStatus({ providers: ["alibaba-coding-plan"] })).map((r) => r.providerId)).toEqual(["alibaba-coding-plan"]);
  });

  it("enable() offers it at once and the choice holds for a new registry on the same storage", async () => {
    const storage = createMemoryStorage();
    const first = registryOn(storage, alibabaOff);
    expect(await providerIds(first)).not.toContain("alibaba-coding-plan"); // cached catalog must be dropped by enable()
    const changes: string[] = [];
    first.on("config-change", (e) => changes.push(e.key));
    expect(await first.plugins.enable("sero-alibaba-plugin")).toMatchObject({ name: "sero-alibaba-plugin", enabled: true, enabledByDefault: false });
    expect(await providerIds(first)).toContain("alibaba-coding-plan");
    expect((await first.getStatus()).map((r) => r.providerId)).toContain("alibaba-coding-plan");
    expect(changes).toEqual(["settings.json"]);
    expect(JSON.parse((await storage.get("settings.json"))!).plugins).toEqual({ enabled: ["sero-alibaba-plugin"], disabled: [] });

    const second = registryOn(storage, alibabaOff);
    expect(await providerIds(second)).toContain("alibaba-coding-plan");
    expect((await second.resolveModel("alibaba-coding-plan/qwen3-coder-plus")).offered).toBe(true);
    expect((await second.getTiers()).HIGH).toMatchObject({ model: "alibaba-coding-plan/qwen3-max-2026-01-23", source: "plugin" });
  });

  describe("on file storage", () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it("stays enabled for a registry created later on the same directory", async () => {
      dir = mkdtempSync(path.join(tmpdir(), "mpr-plugins-"));
      await registryOn(createFileStorage({ dir }), alibabaOff).plugins.enable("sero-alibaba-plugin");
      const later = registryOn(createFileStorage({ dir }), alibabaOff);
      expect(await providerIds(later)).toContain("alibaba-coding-plan");
      expect((await later.plugins.list()).find((p) => p.name === "sero-alibaba-plugin")?.enabled).toBe(true);
    });
  });
});

describe("disable()", () => {
  it("switches off a plugin that is enabled by default, persistently", async () => {
    const storage = createMemoryStorage();
    const registry = registryOn(storage, alibaba);
    expect(await providerIds(registry)).toContain("alibaba-coding-plan");
    expect(await registry.plugins.disable("sero-alibaba-plugin")).toMatchObject({ enabled: false, enabledByDefault: true });
    expect(await providerIds(registry)).not.toContain("alibaba-coding-plan");
    expect((await registry.resolveModel("alibaba-coding-plan/qwen3-coder-plus")).problems.map((p) => p.code)).toContain("plugin_disabled");
    const again = registryOn(storage, alibaba);
    expect(await providerIds(again)).not.toContain("alibaba-coding-plan");
    for (const tier of Object.values(await again.getTiers())) expect(tier?.source).not.toBe("plugin");
    // Enabling again moves the name from one list to the other.
    await again.plugins.enable("sero-alibaba-plugin");
    expect(JSON.parse((await storage.get("settings.json"))!).plugins).toEqual({ enabled: ["sero-alibaba-plugin"], disabled: [] });
  });

  it("reports plugin_disabled with an allowlist too (the slow path of resolution)", async () => {
    const registry = registryOn(createMemoryStorage(), alibaba);
    await registry.setAllowlist(["alibaba-coding-plan/*"]);
    await registry.plugins.disable("sero-alibaba-plugin");
    const resolved = await registry.resolveModel("alibaba-coding-plan/qwen3-coder-plus");
    expect(resolved.offered).toBe(false);
    expect(resolved.problems.map((p) => p.code)).toEqual(["plugin_disabled"]);
  });

  it("keeps the other settings sections untouched", async () => {
    const storage = createMemoryStorage({ "settings.json": JSON.stringify({ allowlist: ["openai/gpt-5"], aliases: { fast: "openai/gpt-5" } }) });
    await registryOn(storage, alibaba).plugins.disable("sero-alibaba-plugin");
    expect(JSON.parse((await storage.get("settings.json"))!)).toEqual({
      allowlist: ["openai/gpt-5"],
      aliases: { fast: "openai/gpt-5" },
      plugins: { enabled: [], disabled: ["sero-alibaba-plugin"] },
    });
  });
});

describe("unknown names and bad arguments", () => {
  it("rejects an unknown plugin with did-you-mean and writes nothing", async () => {
    const storage = createMemoryStorage();
    const registry = registryOn(storage, alibaba);
    const error = await registry.plugins.enable("sero-alibaba-plugn").catch((e: unknown) => e);
    expect(isRegistryError(error)).toBe(true);
    expect(error).toMatchObject({ code: "unknown_plugin" });
    expect((error as { recovery: string }).recovery).toContain('Did you mean "sero-alibaba-plugin"?');
    await expect(registry.plugins.disable("nothing-like-it")).rejects.toMatchObject({ code: "unknown_plugin" });
    expect(await storage.get("settings.json")).toBeUndefined();
  });

  it("checks the name's type", async () => {
    const registry = registryOn(createMemoryStorage(), alibaba);
    await expect(registry.plugins.enable(42 as unknown as string)).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("does not list a package without a manifest as a plugin", async () => {
    const plain = JSON.parse(readFileSync(path.join(fixtures, "no-manifest", "package.json"), "utf8")) as unknown;
    const names = (await registryOn(createMemoryStorage(), plain).plugins.list()).map((p) => p.name);
    expect(names).not.toContain("no-manifest");
  });
});
