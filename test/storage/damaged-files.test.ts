import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isRegistryError } from "../../src/errors/registry-error.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { createMswServer, fixture, http, HttpResponse } from "../discovery/fixture-server.js";

// Issue 9 item 8: a damaged settings.json, state.json or auth.json must not stop reads. Each read falls back (as if
// the file were empty), says so with a problem naming the file and the recovery, warns once through the host's
// logger, and never writes over the file. A leading BOM is not damage.

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse("2026-11-21T08:00:00Z");
const BOM = "\uFEFF";
const OPENAI_KEY = "sk-good-000000000000";

type Damage = "truncated" | "comment-prefixed" | "schema";
const DAMAGES: readonly Damage[] = ["truncated", "comment-prefixed", "schema"];

/** A valid document damaged one way; `schema` is JSON that parses but fails the document's schema. */
function damage(valid: string, kind: Damage, schemaFailing: string): string {
  if (kind === "truncated") return valid.slice(0, Math.floor(valid.length / 2));
  if (kind === "comment-prefixed") return `// saved by hand\n${valid}`;
  return schemaFailing;
}

function setup(files: Record<string, string>, env: Record<string, string> = {}) {
  const storage = createMemoryStorage(files);
  const warnings: Array<{ message: string; data: Record<string, unknown> | undefined }> = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (message: string, data?: Record<string, unknown>) => void warnings.push({ message, data }) };
  const registry = createRegistry({ storage, env, logger, now: () => NOW, timeoutMs: 2000 });
  return { storage, registry, warnings };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; recovery: string | undefined }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isRegistryError(error), "a refused write throws a RegistryError").toBe(true);
  return error as { code: string; message: string; recovery: string | undefined };
}

const openaiModels = () =>
  http.get("https://api.openai.com/v1/models", ({ request }) =>
    request.headers.get("authorization") === `Bearer ${OPENAI_KEY}`
      ? HttpResponse.json(fixture("openai-models.json"))
      : HttpResponse.json({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }, { status: 401 }),
  );
const ollama = () => [
  http.get("http://127.0.0.1:11434/api/tags", () => HttpResponse.json(fixture("ollama-tags.json"))),
  http.get("http://127.0.0.1:11434/api/version", () => HttpResponse.json(fixture("ollama-version.json"))),
];
const OLLAMA_MODELS_JSON = JSON.stringify({ providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama", discovery: "ollama", models: [] } } });

// ---------------------------------------------------------------------------------------------------------------
// settings.json
// ---------------------------------------------------------------------------------------------------------------
const SETTINGS = `${JSON.stringify(
  {
    allowlist: ["openai/*"],
    aliases: { fast: "openai/gpt-4o-mini" },
    tiers: { LOW: { model: "openai/gpt-4o-mini", thinking: "off" } },
  },
  null,
  2,
)}\n`;
const SETTINGS_SCHEMA_FAILING = JSON.stringify({ allowlist: "openai/*", aliases: { fast: "openai/gpt-4o-mini" } });

describe("a damaged settings.json", () => {
  it.each(DAMAGES)("%s: listings, resolveModel, explain, getTiers and getStatus answer; the problem names the file; writes refuse; the text is byte-identical", async (kind) => {
    const text = damage(SETTINGS, kind, SETTINGS_SCHEMA_FAILING);
    const { storage, registry, warnings } = setup({ "settings.json": text }, { OPENAI_API_KEY: OPENAI_KEY });

    expect((await registry.listProviders()).length).toBeGreaterThan(5);
    expect((await registry.listModels({ provider: "anthropic" })).length).toBeGreaterThan(0);
    const diagnostics = await registry.getCatalogDiagnostics();
    expect(diagnostics.find((d) => d.code === "settings_unreadable")).toMatchObject({ source: "settings.json", severity: "error" });

    const resolved = await registry.resolveModel("openai/gpt-4o");
    const problem = resolved.problems.find((p) => p.code === "settings_unreadable");
    expect(problem?.message).toContain("settings.json");
    expect(problem?.recovery).toMatch(/settings\.json/);
    expect(problem?.recovery).toContain("settings.json.bak.1");
    // The damage is the file's, not the model's: it does not stop the model being offered.
    expect(resolved.offered).toBe(true);
    const explained = await registry.explain("openai/gpt-4o");
    expect(explained.problems.map((p) => p.code)).toContain("settings_unreadable");
    expect(explained.diagnostics.map((d) => d.code)).toContain("settings_unreadable");

    // Tiers fall back to the defaults (the saved LOW choice cannot be read).
    const tiers = await registry.getTiers();
    expect(tiers.LOW?.source).not.toBe("saved");

    const reports = await registry.getStatus();
    for (const r of reports) expect(r.problems.map((p) => p.code), r.providerId).toContain("settings_unreadable");

    // Explicit writes refuse, naming the file and how to recover.
    for (const write of [registry.setAllowlist(["openai/gpt-5"]), registry.setModelAlias("x", "openai/gpt-5"), registry.setTier("LOW", { model: "openai/gpt-4o-mini", thinking: "off" })]) {
      const error = await refusal(write);
      expect(error.code).toMatch(/^storage_(unparsable|invalid)$/);
      expect(error.message).toContain("settings.json");
      expect(error.recovery).toContain("settings.json.bak.1");
    }
    expect(await storage.get("settings.json")).toBe(text);
    // One warning for every reader of the same damaged text, through the injected logger.
    expect(warnings.filter((w) => w.message.includes("settings.json"))).toHaveLength(1);
    expect(warnings[0]!.data).toMatchObject({ file: "settings.json" });
  });

  it("a leading BOM is not damage: aliases, allowlist and saved tiers are used", async () => {
    const { registry, warnings } = setup({ "settings.json": `${BOM}${SETTINGS}` }, { OPENAI_API_KEY: OPENAI_KEY });
    const resolved = await registry.resolveModel("fast");
    expect(resolved.ref).toBe("openai/gpt-4o-mini");
    expect(resolved.problems.map((p) => p.code)).not.toContain("settings_unreadable");
    expect((await registry.resolveModel("anthropic/claude-sonnet-4-5")).problems.map((p) => p.code)).toContain("not_allowlisted");
    expect((await registry.getTiers()).LOW).toMatchObject({ model: "openai/gpt-4o-mini", source: "saved" });
    expect((await registry.listProviders()).length).toBeGreaterThan(5);
    expect(await registry.explain("openai/gpt-4o")).toMatchObject({ aliasOf: null });
    expect(await registry.getAllowlist()).toEqual(["openai/*"]);
    expect(warnings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// state.json
// ---------------------------------------------------------------------------------------------------------------
const STATE = `${JSON.stringify(
  {
    probes: { openai: { at: NOW - 60_000, outcome: "ok", errorKind: null, errorCode: null, message: null, modelCount: 3, durationMs: 12, authenticated: true, verifiedBy: "listing", credentialSource: "OPENAI_API_KEY", credentialId: "openai:env:OPENAI_API_KEY", flavor: null } },
    statuses: { openai: "healthy" },
  },
  null,
  2,
)}\n`;
const STATE_SCHEMA_FAILING = JSON.stringify({ probes: { openai: 42 }, statuses: { openai: "healthy" } });

describe("a damaged state.json", () => {
  it.each(DAMAGES)("%s: check(), getStatus({ check: true }) and local.test() answer; nothing is recorded; the text is byte-identical", async (kind) => {
    server.use(openaiModels(), ...ollama());
    const text = damage(STATE, kind, STATE_SCHEMA_FAILING);
    const { storage, registry, warnings } = setup({ "state.json": text, "models.json": OLLAMA_MODELS_JSON }, { OPENAI_API_KEY: OPENAI_KEY });

    const [checked] = await registry.check("openai");
    expect(checked).toMatchObject({ providerId: "openai", outcome: "ok", authenticated: true });
    expect(await storage.get("state.json")).toBe(text);

    const reports = await registry.getStatus({ check: true, providers: ["openai"] });
    const problem = reports[0]!.problems.find((p) => p.code === "state_unreadable");
    expect(problem?.message).toContain("state.json");
    expect(problem?.recovery).toMatch(/Delete state\.json/);
    expect(await storage.get("state.json")).toBe(text);

    const tested = await registry.local.test("ollama");
    expect(tested).toMatchObject({ providerId: "ollama", reachable: true, modelCount: 3 });
    expect(await storage.get("state.json")).toBe(text);

    // Listings still answer (the discovered cache reads as empty).
    expect((await registry.listModels({ provider: "openai" })).length).toBeGreaterThan(5);
    // An explicit write refuses, naming the file.
    const error = await refusal(registry.resetCooldowns("openai"));
    expect(error.code).toMatch(/^storage_(unparsable|invalid)$/);
    expect(error.message).toContain("state.json");
    expect(await storage.get("state.json")).toBe(text);
    expect(warnings.filter((w) => w.message.startsWith("state.json is damaged"))).toHaveLength(1);
  });

  it("a leading BOM is not damage: the stored probe is used and new probes are recorded", async () => {
    server.use(openaiModels());
    const { storage, registry, warnings } = setup({ "state.json": `${BOM}${STATE}` }, { OPENAI_API_KEY: OPENAI_KEY });
    const [before] = await registry.getStatus({ providers: ["openai"] });
    expect(before).toMatchObject({ status: "healthy", lastCheck: { modelCount: 3 } });
    expect(before!.problems.map((p) => p.code)).not.toContain("state_unreadable");
    await registry.check("openai");
    const stored = JSON.parse((await storage.get("state.json"))!) as { probes: Record<string, { modelCount: number }> };
    expect(stored.probes["openai"]!.modelCount).toBeGreaterThan(3);
    expect(warnings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// auth.json
// ---------------------------------------------------------------------------------------------------------------
const STORED_KEY = "sk-stored-0000000000000001";
const AUTH = `${JSON.stringify(
  { version: 1, credentials: [{ id: "openai:default", providerId: "openai", label: "default", type: "apiKey", key: STORED_KEY, order: null, createdAt: 0, updatedAt: 0 }] },
  null,
  2,
)}\n`;
const AUTH_SCHEMA_FAILING = JSON.stringify({ version: 1, credentials: [{ id: "openai:default", type: "apiKey", key: STORED_KEY }] });

describe("auth.json", () => {
  it("a leading BOM is not damage: run(), listCredentials() and getStatus() use the stored key", async () => {
    const { registry, warnings } = setup({ "auth.json": `${BOM}${AUTH}` });
    expect(await registry.run("openai/gpt-4o", async ({ apiKey }) => apiKey)).toBe(STORED_KEY);
    expect((await registry.listCredentials("openai")).map((c) => c.id)).toEqual(["openai:default"]);
    const [report] = await registry.getStatus({ providers: ["openai"] });
    expect(report!.problems.map((p) => p.code)).not.toContain("credentials_unreadable");
    expect(report!.credentialSource).toBe("stored");
    await registry.setApiKey("openai", "sk-stored-0000000000000002", { label: "work" });
    expect((await registry.listCredentials("openai")).map((c) => c.id)).toEqual(["openai:default", "openai:work"]);
    expect(warnings).toEqual([]);
  });

  it.each(DAMAGES)("%s: listings and status answer with credentials_unreadable; writes refuse naming the backup; the text is byte-identical", async (kind) => {
    const text = damage(AUTH, kind, AUTH_SCHEMA_FAILING);
    const { storage, registry, warnings } = setup({ "auth.json": text });
    expect((await registry.listProviders()).length).toBeGreaterThan(5);
    expect((await registry.resolveModel("openai/gpt-4o")).problems.map((p) => p.code)).toContain("no_credentials");
    const reports = await registry.getStatus();
    for (const r of reports) expect(r.problems.map((p) => p.code), r.providerId).toContain("credentials_unreadable");
    const error = await refusal(registry.setApiKey("openai", "sk-new-key-0000000000001"));
    expect(error.code).toMatch(/^storage_(unparsable|invalid)$/);
    expect(error.message).toContain("auth.json");
    expect(error.recovery).toContain("auth.json.bak.1");
    expect(`${error.message} ${error.recovery} ${JSON.stringify(warnings)}`).not.toContain(STORED_KEY);
    expect(await storage.get("auth.json")).toBe(text);
    expect(warnings.filter((w) => w.message.startsWith("auth.json is damaged"))).toHaveLength(1);
  });
});
