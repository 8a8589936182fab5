import { describe, expect, it } from "vitest";
import { fakeCli } from "./fake-io.js";

describe("model-registry: the command runner", () => {
  it("--version prints the version", async () => {
    expect(await fakeCli().run("--version")).toEqual({ code: 0, stdout: "0.0.0-test\n", stderr: "" });
  });

  it("no command: the overview on stderr, exit 2; --help: on stdout, exit 0", async () => {
    const none = await fakeCli().run();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("Usage: model-registry <command>");
    const help = await fakeCli().run("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("tiers");
  });

  it("an unknown command is a usage error with did-you-mean, on stderr (JSON on stdout with --json)", async () => {
    const run = await fakeCli().run("tier");
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain('Did you mean "model-registry tiers"');
    const json = await fakeCli().run("tier", "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "cli_usage", message: expect.stringContaining("tier") } });
  });

  it("an unknown option and extra arguments are usage errors naming them", async () => {
    const option = await fakeCli().run("tiers", "--wdie");
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("--wdie");
    const extra = await fakeCli().run("tiers", "HIGH");
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("HIGH");
  });

  it("a command's --help shows its usage and options", async () => {
    const run = await fakeCli().run("tiers", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: model-registry tiers");
    expect(run.stdout).toContain("--json");
  });
});
