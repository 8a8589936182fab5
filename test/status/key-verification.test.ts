import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_KINDS } from "../../src/schema/error-kind.js";
import { createRegistry } from "../../src/registry/create-registry.js";
import { INVALID_CONTROL_KEY, knownVerification } from "../../src/status/key-verification.js";
import { createProblem } from "../../src/status/problems.js";
import { recoveryForErrorKind } from "../../src/status/recovery-for-kind.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

const REAL_KEY = "sk-real-proof-key-0001";
const NOW = Date.parse("2026-11-21T08:00:00Z");

interface Seen {
  method: string;
  path: string;
  auth: string | null;
  body: string;
}

/** A real OpenAI-compatible server on 127.0.0.1; `decide` answers each request (status + JSON). */
async function server(decide: (seen: Seen) => { status: number; json: unknown }) {
  const seen: Seen[] = [];
  const s = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const entry = { method: req.method ?? "GET", path: (req.url ?? "").split("?")[0] ?? "", auth: req.headers.authorization ?? null, body };
      seen.push(entry);
      const { status, json } = decide(entry);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  open.push(close);
  return { url: `http://127.0.0.1:${port}`, seen, close };
}
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c()));
});

const LISTING = { object: "list", data: [{ id: "proof-model", object: "model", owned_by: "me" }] };
const unauthorized = { status: 401, json: { error: { message: "Invalid API key", type: "invalid_request_error" } } };
const bearer = (key: string) => `Bearer ${key}`;

function registryFor(baseUrl: string, ids: string[] = ["proxy"]) {
  const providers = Object.fromEntries(
    ids.map((id) => [id, { baseUrl: `${baseUrl}/v1`, api: "openai-completions", apiKey: "${PROOF_KEY}", models: [{ id: "proof-model" }] }]),
  );
  const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers }) });
  const registry = createRegistry({ storage, env: { PROOF_KEY: REAL_KEY }, now: () => NOW, timeoutMs: 3000 });
  return { registry, storage };
}

describe("healthy needs a verified key (issue 9 item 2)", () => {
  it("a listing that answers 200 to any key is not proof: the provider stays local with key_not_verified", async () => {
    const srv = await server(() => ({ status: 200, json: LISTING }));
    const { registry } = registryFor(srv.url);
    const [result] = await registry.check("proxy");
    expect(result).toMatchObject({ outcome: "ok", modelCount: 1, authenticated: false, verifiedBy: null });
    const [report] = await registry.getStatus({ providers: ["proxy"] });
    expect(report).toMatchObject({ status: "local", rule: 4, credentialSource: "PROOF_KEY", lastCheck: { outcome: "ok", authenticated: false, verifiedBy: null } });
    expect(report?.problems.map((p) => p.code)).toEqual(["key_not_verified"]);
    expect(report?.problems[0]?.recovery).toContain('registry.check("proxy", { live: true })');
    // The control was sent with the fixed fake key, never the real one twice.
    expect(srv.seen.map((s) => s.auth)).toEqual([bearer(REAL_KEY), bearer(INVALID_CONTROL_KEY.reveal())]);
  });

  it("a server that rejects the invalid control key proves the real key: healthy", async () => {
    const srv = await server((s) => (s.auth === bearer(REAL_KEY) ? { status: 200, json: LISTING } : unauthorized));
    const { registry } = registryFor(srv.url);
    const [result] = await registry.check("proxy");
    expect(result).toMatchObject({ outcome: "ok", authenticated: true, verifiedBy: "negative_control" });
    const [report] = await registry.getStatus({ providers: ["proxy"] });
    expect(report).toMatchObject({ status: "healthy", rule: 4, problems: [] });
  });

  it("the negative control is asked once per base URL and cached in state.json (without any key)", async () => {
    const srv = await server((s) => (s.auth === bearer(REAL_KEY) ? { status: 200, json: LISTING } : unauthorized));
    const { registry, storage } = registryFor(srv.url, ["proxy", "same-box"]);
    await registry.check("proxy");
    await registry.check("proxy");
    await registry.check("same-box");
    const controls = srv.seen.filter((s) => s.auth === bearer(INVALID_CONTROL_KEY.reveal()));
    expect(controls).toHaveLength(1);
    expect(srv.seen.filter((s) => s.auth === bearer(REAL_KEY))).toHaveLength(3);
    const state = (await storage.get("state.json")) ?? "";
    expect(JSON.parse(state).keyControls).toEqual({ [`${srv.url}/v1`]: { at: NOW, rejectsInvalidKey: true } });
    expect(state).not.toContain(REAL_KEY);
    expect((await registry.getStatus({ providers: ["proxy", "same-box"] })).map((r) => r.status)).toEqual(["healthy", "healthy"]);
  });

  it("check(id, { live: true }): a one-token request that succeeds verifies the key → healthy", async () => {
    const srv = await server((s) => (s.method === "POST" && s.auth !== bearer(REAL_KEY) ? unauthorized : { status: 200, json: s.method === "POST" ? { choices: [] } : LISTING }));
    const { registry } = registryFor(srv.url);
    const [result] = await registry.check("proxy", { live: true });
    expect(result).toMatchObject({ outcome: "ok", authenticated: true, verifiedBy: "live_probe", liveProbe: { outcome: "ok" } });
    // Timed: latency until the answer was read, time to first token until its headers (never more than latency).
    const { latencyMs, timeToFirstTokenMs } = result!.liveProbe!;
    expect(typeof latencyMs).toBe("number");
    expect(typeof timeToFirstTokenMs).toBe("number");
    expect(timeToFirstTokenMs!).toBeLessThanOrEqual(latencyMs!);
    const post = srv.seen.find((s) => s.method === "POST");
    expect(post).toMatchObject({ path: "/v1/chat/completions", auth: bearer(REAL_KEY) });
    expect(JSON.parse(post?.body ?? "{}")).toMatchObject({ model: "proof-model", max_tokens: 1 });
    expect((await registry.getStatus({ providers: ["proxy"] }))[0]).toMatchObject({ status: "healthy", lastCheck: { verifiedBy: "live_probe" } });
    // A plain check afterwards cannot prove the key again: it goes back to unverified.
    await registry.check("proxy");
    expect((await registry.getStatus({ providers: ["proxy"] }))[0]).toMatchObject({ status: "local", problems: [{ code: "key_not_verified" }] });
  });

  it("check(id, { live: true }): a 401 on the one-token request → broken_invalid", async () => {
    const srv = await server((s) => (s.method === "POST" ? unauthorized : { status: 200, json: LISTING }));
    const { registry } = registryFor(srv.url);
    const [result] = await registry.check("proxy", { live: true });
    expect(result).toMatchObject({ outcome: "error", errorKind: "auth_invalid", liveProbe: { outcome: "error", errorKind: "auth_invalid" } });
    const [report] = await registry.getStatus({ providers: ["proxy"] });
    expect(report).toMatchObject({ status: "broken_invalid", rule: 3, problems: [{ code: "key_invalid" }] });
    expect(JSON.stringify(report)).not.toContain(REAL_KEY);
  });

  it("live is skipped when the listing already verified the key", async () => {
    const srv = await server((s) => (s.auth === bearer(REAL_KEY) ? { status: 200, json: LISTING } : unauthorized));
    const { registry } = registryFor(srv.url);
    const [result] = await registry.check("proxy", { live: true });
    expect(result).toMatchObject({ verifiedBy: "negative_control", liveProbe: { outcome: "skipped", reason: expect.stringContaining("already verified") } });
    expect(srv.seen.some((s) => s.method === "POST")).toBe(false);
  });

  it("a keyless local server is unchanged: nothing to verify, no control request", async () => {
    const srv = await server(() => ({ status: 200, json: LISTING }));
    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { box: { baseUrl: `${srv.url}/v1`, api: "openai-completions", models: [] } } }) });
    const registry = createRegistry({ storage, now: () => NOW, timeoutMs: 3000 });
    await registry.check("box");
    expect((await registry.getStatus({ providers: ["box"] }))[0]).toMatchObject({ status: "healthy", rule: 4, credentialSource: "local" });
    expect(srv.seen).toHaveLength(1);
  });

  it("a literal key on a public custom host is not owned proof: without a verification it is never healthy", async () => {
    const srv = await server(() => ({ status: 200, json: LISTING }));
    // The registry sees a public host; the injected fetch delivers its requests to the loopback server.
    const publicBase = "https://llm-proxy.example.com";
    const fetch: typeof globalThis.fetch = (input, init) =>
      globalThis.fetch(String(input instanceof Request ? input.url : input).replace(publicBase, srv.url), init);
    const models = { providers: { proxy: { baseUrl: `${publicBase}/v1`, api: "openai-completions", apiKey: REAL_KEY, models: [{ id: "proof-model" }] } } };
    const registry = createRegistry({ storage: createMemoryStorage({ "models.json": JSON.stringify(models) }), fetch, now: () => NOW, timeoutMs: 3000 });
    const [before] = await registry.getStatus({ providers: ["proxy"] });
    expect(before?.status).not.toBe("healthy");
    await registry.check("proxy");
    const [after] = await registry.getStatus({ providers: ["proxy"] });
    expect(after).toMatchObject({ status: "local", rule: 4 });
    expect(after?.problems.map((p) => p.code)).toContain("key_not_verified");
  });

  it("the built-in listing flag holds only at the built-in's own origin", () => {
    const result = { models: [], flavor: "openai-compatible", authenticated: true, endpoint: "" };
    expect(knownVerification({ id: "openai", baseUrl: "https://api.openai.com/v1", discovery: "openai-compatible" }, result)).toBe("listing");
    expect(knownVerification({ id: "openai", baseUrl: "https://my-proxy.example.com/v1", discovery: "openai-compatible" }, result)).toBeNull();
    expect(knownVerification({ id: "huggingface", baseUrl: "https://router.huggingface.co/v1", discovery: "openai-compatible" }, result)).toBeNull();
    expect(knownVerification({ id: "openrouter", baseUrl: "https://openrouter.ai/api/v1", discovery: "openrouter" }, result)).toBe("key_endpoint");
    expect(knownVerification({ id: "my-router", baseUrl: "https://openrouter.ai/api/v1", discovery: "openrouter" }, result)).toBeNull();
  });
});

describe("recovery follows the classified error kind (issue 9 item 23)", () => {
  const env = { envVar: "GROQ_API_KEY", baseUrl: "https://api.groq.com/openai/v1" };
  const table: Array<[(typeof ERROR_KINDS)[number], RegExp, boolean]> = [
    ["network", /network connection and proxy/, false],
    ["timeout", /did not answer in time/, false],
    ["auth_invalid", /GROQ_API_KEY holds a valid key/, true],
    ["auth_expired", /fresh key or token in GROQ_API_KEY/, false],
    ["rate_limit", /Wait a moment/, false],
    ["overloaded", /overloaded/, false],
    ["quota_exhausted", /quota/, false],
    ["billing", /billing/, false],
    ["server_error", /status page/, false],
    ["model_not_found", /base URL/, false],
    ["bad_request", /refused the check request/, false],
    ["context_overflow", /status page/, false],
    ["content_policy", /status page/, false],
    ["aborted", /cancelled/, false],
    ["unknown", /server's logs/, false],
  ];

  it("covers every error kind", () => {
    expect(table.map(([k]) => k).sort()).toEqual([...ERROR_KINDS].sort());
  });

  it.each(table)("%s → its own advice; only auth talks about shell exports", (kind, advice, mentionsExports) => {
    for (const code of ["env_no_models", "probe_failed"] as const) {
      const recovery = createProblem(code, { provider: "Groq", errorKind: kind, ...env }).recovery;
      expect(recovery, code).toMatch(advice);
      expect(recovery.includes("inherit shell exports"), code).toBe(mentionsExports);
      expect(recovery).toBe(recoveryForErrorKind(kind, env));
    }
  });

  it("an env-backed provider whose server refuses connections gets network advice, not the env-var advice", async () => {
    const srv = await server(() => ({ status: 200, json: LISTING }));
    const url = srv.url;
    await srv.close();
    const storage = createMemoryStorage({ "models.json": JSON.stringify({ providers: { groq: { baseUrl: `${url}/openai/v1` } } }) });
    const registry = createRegistry({ storage, env: { GROQ_API_KEY: "gsk_proof_000000000000" }, now: () => NOW, timeoutMs: 3000 });
    const [result] = await registry.check("groq");
    expect(result).toMatchObject({ outcome: "error", errorKind: "network" });
    const [report] = await registry.getStatus({ providers: ["groq"] });
    expect(report).toMatchObject({ status: "env", problems: [{ code: "env_no_models" }] });
    expect(report?.problems[0]?.recovery).toContain("proxy");
    expect(report?.problems[0]?.recovery).not.toContain("inherit");
  });
});
