import { describe, expect, it } from "vitest";
import { doctorCommand } from "../../src/cli/commands/doctor.js";
import { fakeCli } from "./fake-io.js";
import { expectFits } from "./fits.js";

const MODELS = `{
  // servers on this machine
  "providers": {
    "lmstudio": {
      "baseUrl": "http://127.0.0.1:1234/v1",
      "apiKey": "LMSTUDIO_SERVER_ACCESS_TOKEN_FOR_THE_WORKSTATION_UNDER_THE_DESK"
    },
    "ollama": { "baseUrl": "http://127.0.0.1:11434/v1", "headers": { "X-Team": "research-and-development-platform-group" } }
  }
}
`;
const SETTINGS = `${JSON.stringify({ tiers: { HIGH: { model: "openai/gpt-0-retired", thinking: "high" } } }, null, 2)}\n`;
const ENV = { OPENAI_API_KEY: "sk-test-doctor-cli-0000000000", LMSTUDIO_SERVER_ACCESS_TOKEN_FOR_THE_WORKSTATION_UNDER_THE_DESK: "lm-secret-0000" };

async function files(cli: ReturnType<typeof fakeCli>) {
  return Promise.all(["models.json", "settings.json", "state.json", "auth.json"].map((k) => cli.storage.get(k)));
}

describe("model-registry doctor", () => {
  it("prints the problems and each fix as a unified diff within 80 columns, exits 1, and changes nothing", async () => {
    const cli = fakeCli({ env: ENV, columns: 80 });
    await cli.storage.set("models.json", MODELS);
    await cli.storage.set("settings.json", SETTINGS);
    const before = await files(cli);
    const run = await cli.run("doctor");
    expect(run.code).toBe(1);
    expect(await files(cli)).toEqual(before);
    expectFits(run);
    expect(run.stdout).toMatch(/^\d+ problems, .*fixes\. Nothing was changed\./);
    expect(run.stdout).toContain("models.json:6:17: Read apiKey");
    expect(run.stdout).toContain("--- a/models.json\n+++ b/models.json\n@@ ");
    expect(run.stdout).toContain("--- a/settings.json\n+++ b/settings.json\n@@ ");
    expect(run.stdout).toMatch(/^-\s+"HIGH": \{$/m);
    expect(run.stdout).toContain("Long diff lines were cut");
    expect(run.stdout).not.toContain("sk-test-doctor");
    expect(run.stdout).not.toContain("lm-secret");

    const wide = await cli.run("doctor", "--wide");
    expect(wide.stdout).toContain('+      "apiKey": "${LMSTUDIO_SERVER_ACCESS_TOKEN_FOR_THE_WORKSTATION_UNDER_THE_DESK}"');
    expect(wide.stdout).not.toContain("Long diff lines were cut");
  });

  it("--json validates against its schema and carries the whole diffs", async () => {
    const cli = fakeCli({ env: ENV, columns: 80 });
    await cli.storage.set("models.json", MODELS);
    await cli.storage.set("settings.json", SETTINGS);
    const run = await cli.run("doctor", "--json");
    expect(run.code).toBe(1);
    const json = doctorCommand.output.parse(JSON.parse(run.stdout)) as { problems: Array<{ code: string }>; fixes: Array<{ file: string; diff: string }> };
    expect(json.problems.map((p) => p.code)).toEqual(expect.arrayContaining(["bare_env_name", "ollama_openai_path", "tier_model_unavailable"]));
    expect(json.fixes.map((f) => f.file)).toEqual(["models.json", "models.json", "settings.json"]);
    expect(json.fixes[0]!.diff).toContain("LMSTUDIO_SERVER_ACCESS_TOKEN_FOR_THE_WORKSTATION_UNDER_THE_DESK}");
  });

  it("nothing set up: one problem for every provider, shown once; only notes: exit 0", async () => {
    const empty = await fakeCli({ columns: 80 }).run("doctor");
    expect(empty.code).toBe(1);
    expect(empty.stdout.match(/No provider is usable yet/g)).toHaveLength(1);
    expectFits(empty);
    const notes = await fakeCli({ env: { OPENAI_API_KEY: "sk-test-doctor-cli-1111111111" }, columns: 80 }).run("doctor");
    expect(notes.code).toBe(0);
    expect(notes.stdout).toMatch(/^0 problems, 1 note, 0 fixes\./);
    expectFits(notes);
  });
});
