/**
 * User journeys: the registry driven the way host apps drive it, through the public entry points only, against msw
 * fakes and real node:http servers on 127.0.0.1 (never the network).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createMemoryStorage,
  createRegistry,
  formatModelRef,
  isRegistryError,
  normalizeProviderId,
  parseModelRef,
  summarizeStatus,
  thinkingParams,
  type Logger,
  type Registry,
} from "../../src/index.js";
import { createFileStorage, createNodeRegistry } from "../../src/node/index.js";
import { createFakeProvider } from "../../src/testing/index.js";
import { json, startServer, type LoopbackServer } from "./loopback-servers.js";

const SEED_NO_PROVIDERS = "Connect a provider, add an API key, or configure a local provider.";
const SEED_LOCAL_NO_MODELS = "Start the local server, test the URL, fetch models, and save.";

/** Everything a host could capture: log lines and events, as strings. */
function capture(registry?: Registry) {
  const lines: string[] = [];
  const push = (level: string) => (message: string, data?: unknown) => lines.push(`${level} ${message} ${JSON.stringify(data ?? null)}`);
  const logger: Logger = { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
  const attach = (r: Registry) => {
    for (const event of ["status", "config-change", "credential-cooldown", "credential-disabled", "oauth-refresh"] as const) {
      r.on(event, (e: unknown) => lines.push(`event ${event} ${JSON.stringify(e)}`));
    }
  };
  if (registry) attach(registry);
  return { lines, logger, attach };
}

/** A thrown value flattened to everything a host might print. */
function dump(error: unknown): string {
  const e = error as Record<string, unknown>;
  return [String(error), JSON.stringify(error), String(e?.message), String(e?.recovery), String(e?.cause), String(e?.stack)].join("\n");
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error("expected a rejection");
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Onboarding
// ---------------------------------------------------------------------------------------------------------------
describe("journey 1: onboarding a new user", () => {
  const GOOD = "sk-good-onboarding-0001";
  const openai = createFakeProvider({
    kind: "openai-compatible",
    baseUrl: "https://api.openai.com/v1",
    models: ["gpt-5.4-mini", "gpt-5.4", "gpt-5.5"],
    apiKey: GOOD,
  });
  const server = setupServer(...openai.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => openai.setFailure(null));
  afterAll(() => server.close());

  it("nothing configured: every provider is missing with the seed recovery, and no provider is usable", async () => {
    const registry = createRegistry();
    const reports = await registry.getStatus();
    expect(reports.length).toBeGreaterThan(25);
    for (const r of reports) {
      expect(r.status, r.providerId).toBe("missing");
      // Built-in local servers (Ollama, LM Studio, vLLM, custom) say "local": they need no key.
      expect(["none", "local"], r.providerId).toContain(r.credentialSource);
      if (r.providerId === "openai") expect(r.credentialSource).toBe("none");
      expect(r.problems.map((p) => p.recovery).join("\n"), r.providerId).toContain(SEED_NO_PROVIDERS.slice(0, 20));
    }
    const summary = summarizeStatus(reports);
    expect(summary.usable).toEqual([]);
    expect(summary.problems).toEqual([expect.objectContaining({ code: "no_usable_providers", recovery: SEED_NO_PROVIDERS })]);
    // The Fased order comes first.
    expect(reports.slice(0, 3).map((r) => r.providerId)).toEqual(["openai", "anthropic", "chutes"]);
  });

  it("an OpenAI rotation list in the environment: env → check → healthy; tiers default to OpenAI", async () => {
    const env = { OPENAI_API_KEYS: `${GOOD}, sk-second-onboarding-0002`, OPENAI_API_KEY_1: "sk-third-onboarding-0003" };
    const registry = createRegistry({ env });
    const creds = await registry.listCredentials("openai");
    expect(creds.map((c) => c.source)).toEqual(["env:OPENAI_API_KEYS", "env:OPENAI_API_KEYS", "env:OPENAI_API_KEY_1"]);
    expect(creds.every((c) => c.removable === false && c.masked.length <= 5)).toBe(true);

    const [before] = await registry.getStatus({ providers: ["openai"] });
    expect(before).toMatchObject({ status: "env", credentialSource: "OPENAI_API_KEYS" });

    const [probe] = await registry.check("openai");
    expect(probe).toMatchObject({ outcome: "ok", authenticated: true, modelCount: 3 });
    const [after] = await registry.getStatus({ providers: ["openai"] });
    expect(after).toMatchObject({ status: "healthy", problems: [] });
    expect(summarizeStatus(await registry.getStatus()).usable).toEqual(["openai"]);

    const low = await registry.resolveTier("LOW");
    expect(low).toMatchObject({ model: "openai/gpt-5.4-mini", source: "default", usable: true, warnings: [] });
    const tiers = await registry.getTiers();
    expect([tiers.LOW?.model, tiers.MED?.model, tiers.HIGH?.model]).toEqual(["openai/gpt-5.4-mini", "openai/gpt-5.4", "openai/gpt-5.5"]);
  });

  it("a rejected env key is broken_invalid with a recovery naming the variable, and tiers stop defaulting to it", async () => {
    const BAD = "sk-bad-onboarding-9999";
    const registry = createRegistry({ env: { OPENAI_API_KEY: BAD } });
    const { lines, attach } = capture();
    attach(registry);
    const [probe] = await registry.check("openai");
    expect(probe).toMatchObject({ outcome: "error", errorKind: "auth_invalid" });
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report).toMatchObject({ status: "broken_invalid", credentialSource: "OPENAI_API_KEY" });
    expect(report!.problems[0]).toMatchObject({ code: "key_invalid" });
    expect(report!.problems[0]!.recovery).toContain("OPENAI_API_KEY");
    const low = await registry.resolveTier("LOW");
    expect(low.model === null || !low.model.startsWith("openai/")).toBe(true);
    expect(JSON.stringify([probe, report, lines])).not.toContain(BAD);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Plugin providers (Sero's Alibaba Coding Plan manifest)
// ---------------------------------------------------------------------------------------------------------------
describe("journey: a plugin-defined API-key provider behaves like a built-in one", () => {
  const pkg = JSON.parse(readFileSync(new URL("../fixtures/plugins/sero-alibaba-plugin/package.json", import.meta.url), "utf8")) as unknown;
  const KEY = "ali-coding-plan-key-4242";

  it("the manifest's env var is found by status, listCredentials and run() alike", async () => {
    const registry = createRegistry({ plugins: [pkg], manifestKey: "sero", env: { ALIBABA_CODING_PLAN_KEY: KEY } });
    const [report] = await registry.getStatus({ providers: ["alibaba-coding-plan"] });
    expect(report).toMatchObject({ status: "env", credentialSource: "ALIBABA_CODING_PLAN_KEY" });

    const creds = await registry.listCredentials("alibaba-coding-plan");
    expect(creds.map((c) => c.source)).toEqual(["env:ALIBABA_CODING_PLAN_KEY"]);
    expect((await registry.listCredentials()).some((c) => c.providerId === "alibaba-coding-plan")).toBe(true);

    const seen = await registry.run("alibaba-coding-plan/qwen3-coder-plus", async ({ apiKey, baseUrl, source }) => ({ apiKey, baseUrl, source }));
    expect(seen).toEqual({ apiKey: KEY, baseUrl: "https://coding-intl.dashscope.aliyuncs.com/v1", source: "env:ALIBABA_CODING_PLAN_KEY" });
  });

  it("without the key, run() names the manifest's env var, not a guessed one", async () => {
    const registry = createRegistry({ plugins: [pkg], manifestKey: "sero" });
    const error = await rejection(registry.run("alibaba-coding-plan", async () => "never"));
    expect(error).toMatchObject({ code: "no_credentials" });
    expect(String(error.message)).toContain("ALIBABA_CODING_PLAN_KEY");
    expect(String(error.recovery)).toContain("ALIBABA_CODING_PLAN_KEY");
  });
});
