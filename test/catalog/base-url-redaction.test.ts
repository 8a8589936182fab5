import { describe, expect, it } from "vitest";
import { REDACTED, createMemoryStorage, createRegistry } from "../../src/index.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { fakeCli } from "../cli/fake-io.js";

const KEY = "urlkey-0123456789abcdef";
const PASS = "urlpass-0123456789abcdef";
const TEXT = `{
  providers: {
    gw: { baseUrl: "http://127.0.0.1:9/v1?key=${KEY}&region=eu", api: "openai-completions", models: [{ id: "m1" }, { id: "m2", baseUrl: "http://admin:${PASS}@127.0.0.1:9/v2" }] },
    plain: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [{ id: "llama3" }] },
  },
}`;

describe("a key in a base URL is shown redacted (issue 9 item 3)", () => {
  const registry = () => createRegistry({ storage: createMemoryStorage({ "models.json": TEXT }) });

  it("in listProviders(), listModels(), resolveModel() and explain() (value and overridden values)", async () => {
    const r = registry();
    const provider = (await r.listProviders()).find((p) => p.id === "gw");
    expect(provider?.baseUrl).toBe(`http://127.0.0.1:9/v1?key=${REDACTED}&region=eu`);
    expect((await r.resolveModel("gw/m1")).baseUrl).toBe(`http://127.0.0.1:9/v1?key=${REDACTED}&region=eu`);
    expect((await r.listModels({ provider: "gw" })).map((m) => m.baseUrl)).toEqual([
      `http://127.0.0.1:9/v1?key=${REDACTED}&region=eu`,
      `http://${REDACTED}@127.0.0.1:9/v2`,
    ]);
    const explained = await r.explain("gw/m2");
    expect(explained.provider.baseUrl.value).toBe(`http://${REDACTED}@127.0.0.1:9/v2`);
    expect(explained.provider.baseUrl.overridden.map((o) => o.value)).toEqual([`http://127.0.0.1:9/v1?key=${REDACTED}&region=eu`]);
    expect(JSON.stringify([await r.listProviders(), await r.listModels(), explained])).not.toMatch(/urlkey|urlpass/);
    // URLs without credentials are shown exactly as written.
    expect((await r.resolveModel("plain/llama3")).baseUrl).toBe("http://127.0.0.1:11434");
  });

  it("in getStatus() and the CLI's --json output", async () => {
    const r = registry();
    const status = await r.getStatus({ providers: ["gw"] });
    expect(status[0]?.baseUrl).toBe(`http://127.0.0.1:9/v1?key=${REDACTED}&region=eu`);
    const cli = fakeCli({ registry: { storage: createMemoryStorage({ "models.json": TEXT }) } });
    for (const argv of [["providers"], ["models"], ["status"], ["explain", "gw/m1"]]) {
      const command = COMMANDS.find((c) => c.path.join(" ") === argv[0]);
      // `status` lands in a separate change: while COMMANDS has no such command, its surface is skipped (the
      // integrator re-enables it by merging; this list needs no edit).
      if (command === undefined) continue;
      const { code, stdout } = await cli.run(...argv, "--json");
      expect(code, argv[0]).toBe(0);
      expect(stdout.length, argv[0]).toBeGreaterThan(2);
      expect(stdout, argv[0]).not.toMatch(/urlkey|urlpass/);
      // The human output too, in full where the command can show everything.
      const human = await cli.run(...argv, ...(command.options?.["wide"] ? ["--wide"] : []));
      expect(human.code, argv[0]).toBe(0);
      expect(human.stdout, argv[0]).not.toMatch(/urlkey|urlpass/);
    }
  });

  it("while run() hands its attempt the real URL, and the error it throws is scrubbed (cause, message, recovery)", async () => {
    const r = registry();
    expect(await r.run("gw/m1", async ({ baseUrl }) => baseUrl)).toBe(`http://127.0.0.1:9/v1?key=${KEY}&region=eu`);
    const error = await r
      .run("gw/m1", async ({ baseUrl }) => {
        // A proxy that echoes only the bare value: no "?key=" pattern left for text rules to catch.
        throw new TypeError("fetch failed", { cause: Object.assign(new Error(`upstream refused credential ${KEY} for ${baseUrl}`), { code: "ECONNREFUSED", url: baseUrl }) });
      })
      .catch((e: unknown) => e as Error & { recovery?: string; cause?: unknown });
    expect(error.name).toBe("ProviderCallError");
    const cause = error.cause as Error & { cause?: Error & { url?: string } };
    expect(cause.cause?.message).toContain(REDACTED);
    const everything = JSON.stringify([error.message, error.recovery, cause.message, cause.cause?.message, cause.cause?.url, cause.stack, cause.cause?.stack]);
    expect(everything).not.toContain(KEY);
  });
});
