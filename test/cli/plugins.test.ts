import { describe, expect, it } from "vitest";
import { pluginsEnableCommand, pluginsListCommand } from "../../src/cli/commands/plugins.js";
import { fakeCli } from "./fake-io.js";
import { expectFits } from "./fits.js";

const ACME = {
  name: "@acme-corporation/model-registry-enterprise-gateway-plugin",
  modelRegistry: {
    enabledByDefault: false,
    providers: [{ id: "acme-enterprise-gateway", name: "Acme Enterprise Gateway", api: "openai-completions", baseUrl: "https://gateway.acme.example/v1", auth: [{ type: "apiKey", env: ["ACME_GATEWAY_KEY"] }] }],
  },
};

describe("model-registry plugins", () => {
  it("list: bundled and package plugins within 80 columns; --json validates", async () => {
    const cli = fakeCli({ columns: 80, registry: { plugins: [ACME] } });
    const run = await cli.run("plugins", "list");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^google-antigravity-auth\s+disabled\s+bundled\s+google-antigravity$/m);
    expect(run.stdout).toMatch(/^@acme-corporation\S*\s+disabled\s+package\s+acme-enterprise/m);
    expectFits(run);
    const json = pluginsListCommand.output.parse(JSON.parse((await cli.run("plugins", "list", "--json")).stdout)) as Array<{ name: string; enabled: boolean }>;
    expect(json.find((p) => p.name === ACME.name)?.enabled).toBe(false);
  });

  it("enable / disable by name: saved, seen by list and providers; --json validates", async () => {
    const cli = fakeCli({ columns: 80, registry: { plugins: [ACME] } });
    const enable = await cli.run("plugins", "enable", ACME.name);
    expect(enable.code).toBe(0);
    expect(enable.stdout).toContain("Enabled @acme-corporation/model-registry-enterprise-gateway-plugin.");
    expect(enable.stdout).toContain("acme-enterprise-gateway");
    expectFits(enable);
    expect((await cli.run("plugins", "list")).stdout).toMatch(/^@acme-corporation\S*\s+enabled/m);
    expect(JSON.parse((await cli.storage.get("settings.json"))!).plugins.enabled).toEqual([ACME.name]);
    const disable = await cli.run("plugins", "disable", ACME.name, "--json");
    expect(pluginsEnableCommand.output.parse(JSON.parse(disable.stdout))).toMatchObject({ name: ACME.name, enabled: false });
  });

  it("an unknown name exits 1 with did-you-mean and the list command; a missing name is a usage error", async () => {
    const cli = fakeCli({ columns: 80 });
    const run = await cli.run("plugins", "enable", "qwen-portal-oauth");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Did you mean "qwen-portal-auth"?');
    expect(run.stderr).toContain("model-registry plugins list");
    expectFits(run);
    const json = await cli.run("plugins", "enable", "nope", "--json");
    expect(JSON.parse(json.stdout).error.code).toBe("unknown_plugin");
    expect((await cli.run("plugins", "enable")).code).toBe(2);
    expect((await cli.run("plugins", "enable", "a", "b")).code).toBe(2);
  });
});
