import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { refreshCommand } from "../../src/cli/commands/refresh.js";
import { fakeCli } from "./fake-io.js";
import { expectFits } from "./fits.js";

/** The xai provider of models.dev with grok-5 added, grok-build-0.1 removed and grok-4.3's context window raised. */
const XAI_MODIFIED = readFileSync(fileURLToPath(new URL("../fixtures/refresh/models-dev-xai-modified.json", import.meta.url)), "utf8");
const files = { "xai.json": XAI_MODIFIED };

type Output = { review: { id: string; newModels: Array<{ ref: string }> } | null; savedId: string | null; applied: { added: string[]; updated: string[]; markedMissing: string[] } | null };
const parse = (stdout: string) => refreshCommand.output.parse(JSON.parse(stdout)) as Output;

describe("model-registry refresh", () => {
  it("prints the review (new, missing, changed) within 80 columns and writes nothing; --json validates", async () => {
    const cli = fakeCli({ columns: 80, files });
    const run = await cli.run("refresh", "--no-network", "--models-dev", "xai.json");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Review \S+\n1 new, 1 missing, 1 changed \(sources: bundled, discovery,/);
    expect(run.stdout).toContain("New:\n  + xai/grok-5\n");
    expect(run.stdout).toContain("Missing:\n  - xai/grok-build-0.1\n");
    expect(run.stdout).toContain("Changed:\n  ~ xai/grok-4.3 contextWindow: 1000000 → 1500000\n");
    expectFits(run);
    expect(await cli.storage.get("catalog.json")).toBeUndefined();
    const json = parse((await cli.run("refresh", "--no-network", "--models-dev", "xai.json", "--json")).stdout);
    expect(json.review?.newModels.map((m) => m.ref)).toEqual(["xai/grok-5"]);
    expect(json).toMatchObject({ savedId: null, applied: null });
    const plain = await cli.run("refresh", "--no-network");
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("The catalog is up to date.");
  });

  it("--write-review saves it and prints its id; --apply <id> and --apply (the latest) apply a saved review", async () => {
    const cli = fakeCli({ columns: 80, files });
    const saved = await cli.run("refresh", "--no-network", "--models-dev", "xai.json", "--write-review");
    expect(saved.code).toBe(0);
    const id = /Saved review (\S+)\. Apply it with:\n  model-registry refresh --apply \1\n/.exec(saved.stdout)?.[1];
    expect(id).toBeDefined();
    expectFits(saved);
    const byId = await cli.run("refresh", "--apply", id!, "--json");
    expect(byId.code).toBe(0);
    expect(parse(byId.stdout).applied).toEqual({ added: ["xai/grok-5"], updated: ["xai/grok-4.3"], markedMissing: ["xai/grok-build-0.1"] });
    const latest = await cli.run("refresh", "--apply");
    expect(latest.code).toBe(0);
    expect(latest.stdout).toContain("Applied: 0 added, 0 updated, 0 marked missing.");
    expectFits(latest);
  });

  it("--apply with a refresh applies the fresh review", async () => {
    const cli = fakeCli({ columns: 80, files });
    const run = await cli.run("refresh", "--no-network", "--models-dev", "xai.json", "--apply");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Applied: 1 added, 1 updated, 1 marked missing.");
    expect(JSON.parse((await cli.storage.get("catalog.json"))!)).toBeTypeOf("object");
  });

  it("--wizard on a TTY asks per change and applies the accepted ones", async () => {
    const cli = fakeCli({ columns: 80, files, tty: true, answers: ["y", "n", "y"] });
    const run = await cli.run("refresh", "--no-network", "--models-dev", "xai.json", "--wizard", "--json");
    expect(run.code).toBe(0);
    expect(cli.prompts).toEqual(["Add xai/grok-5 (new)?", "Mark xai/grok-build-0.1 missing (no longer listed)?", "Update xai/grok-4.3: contextWindow 1000000 → 1500000?"]);
    expect(parse(run.stdout).applied).toEqual({ added: ["xai/grok-5"], updated: ["xai/grok-4.3"], markedMissing: [] });
    const text = await fakeCli({ columns: 80, files, tty: true, answers: ["n", "n", "n"] }).run("refresh", "--no-network", "--models-dev", "xai.json", "--wizard");
    expect(text.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toContain("+ xai/grok-5");
    expect(text.stdout).toContain("Nothing applied.");
    expectFits(text);
  });

  it("usage errors: --wizard without a terminal, an id without --apply, --apply with none saved, an unreadable file", async () => {
    const cli = fakeCli({ columns: 80 });
    const wizard = await cli.run("refresh", "--wizard");
    expect(wizard.code).toBe(2);
    expect(wizard.stderr).toContain("Expected a terminal for --wizard");
    expect((await cli.run("refresh", "some-id")).code).toBe(2);
    const none = await cli.run("refresh", "--apply");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("model-registry refresh --write-review");
    const file = await cli.run("refresh", "--models-dev", "missing.json", "--json");
    expect(file.code).toBe(2);
    expect(JSON.parse(file.stdout).error.message).toContain("missing.json");
    for (const run of [wizard, none]) expectFits(run);
    const unknown = await cli.run("refresh", "--apply", "no-such-review");
    expect(unknown.code).toBe(1);
  });
});
