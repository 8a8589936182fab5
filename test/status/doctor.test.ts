import { describe, expect, it } from "vitest";
import { parse as parseJsonc } from "jsonc-parser";
import { createRegistry, createMemoryStorage, type Storage } from "../../src/index.js";
import type { DoctorFix } from "../../src/status/doctor.js";
import { unifiedDiff } from "../../src/status/unified-diff.js";

/** Memory storage that counts every write, so "doctor writes nothing" is checked at the port, not by a few keys. */
function recordingStorage(initial: Record<string, string> = {}) {
  const inner = createMemoryStorage();
  const writes: string[] = [];
  const seed = Promise.all(Object.entries(initial).map(([k, v]) => inner.set(k, v)));
  const storage: Storage = {
    get: async (key) => (await seed, inner.get(key)),
    set: async (key, value) => {
      writes.push(`set ${key}`);
      return inner.set(key, value);
    },
    delete: async (key) => {
      writes.push(`delete ${key}`);
      return inner.delete(key);
    },
  };
  const texts = async (keys: readonly string[]) => Object.fromEntries(await Promise.all(keys.map(async (k) => [k, (await inner.get(k)) ?? null])));
  return { storage, writes, texts };
}

const FILES = ["models.json", "settings.json", "state.json", "auth.json", "catalog.json"];

/**
 * Apply a unified diff to a text, strictly: every hunk must start where its header says and its context and removed
 * lines must match. Throws otherwise.
 */
function applyUnifiedDiff(text: string, diff: string): string {
  const lines = text === "" ? [] : text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  if (endsWithNewline) lines.pop();
  const patch = diff.split("\n");
  if (patch.at(-1) === "") patch.pop();
  expect(patch[0]).toMatch(/^--- a\//);
  expect(patch[1]).toMatch(/^\+\+\+ b\//);
  const out: string[] = [];
  let at = 0;
  let noNewline = !endsWithNewline;
  let i = 2;
  while (i < patch.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(patch[i]!);
    if (!header) throw new Error(`bad hunk header: ${patch[i]}`);
    const oldStart = Number(header[1]);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const from = oldCount === 0 ? oldStart : oldStart - 1;
    if (from < at) throw new Error("overlapping hunks");
    out.push(...lines.slice(at, from));
    at = from;
    i++;
    let newEndMarked = false;
    while (i < patch.length && !patch[i]!.startsWith("@@")) {
      const line = patch[i]!;
      const body = line.slice(1);
      if (line.startsWith("\\")) {
        // Follows the last line of the old file (a removed line) or of the new one (an added or context line).
        const previous = patch[i - 1]!;
        if (previous.startsWith("+") || previous.startsWith(" ")) newEndMarked = true;
      } else if (line.startsWith(" ")) {
        if (lines[at] !== body) throw new Error(`context mismatch at line ${at + 1}: ${JSON.stringify(lines[at])} vs ${JSON.stringify(body)}`);
        out.push(body);
        at++;
      } else if (line.startsWith("-")) {
        if (lines[at] !== body) throw new Error(`removal mismatch at line ${at + 1}`);
        at++;
      } else if (line.startsWith("+")) {
        out.push(body);
      } else throw new Error(`bad diff line: ${line}`);
      i++;
    }
    // A hunk that reaches the end of the old file decides how the new one ends.
    if (at === lines.length) noNewline = newEndMarked;
  }
  out.push(...lines.slice(at));
  return out.join("\n") + (out.length > 0 && !noNewline ? "\n" : "");
}

async function applyFix(storage: Storage, fix: DoctorFix): Promise<string> {
  const before = (await storage.get(fix.file)) ?? "";
  const after = applyUnifiedDiff(before, fix.diff);
  expect(parseJsonc(after, [], { allowTrailingComma: true })).toBeTypeOf("object");
  await storage.set(fix.file, after);
  return after;
}

describe("unifiedDiff", () => {
  it("writes hunks with 3 lines of context that the strict applier reproduces", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 3\n", "line three\n").replace("line 17\n", "").replace("line 20\n", "line 20\nline 21\n");
    const diff = unifiedDiff("f.txt", before, after);
    expect(diff.split("\n").slice(0, 3)).toEqual(["--- a/f.txt", "+++ b/f.txt", "@@ -1,6 +1,6 @@"]);
    expect(diff).toContain("-line 3\n+line three\n");
    expect(applyUnifiedDiff(before, diff)).toBe(after);
  });

  it("is empty for equal texts and marks a missing final newline", () => {
    expect(unifiedDiff("f", "a\n", "a\n")).toBe("");
    const diff = unifiedDiff("f", "a\nb", "a\nc\n");
    expect(diff).toContain("-b\n\\ No newline at end of file\n+c\n");
    expect(applyUnifiedDiff("a\nb", diff)).toBe("a\nc\n");
  });
});

describe("registry.doctor()", () => {
  it("with nothing set up: one no_usable_providers problem naming every provider, no fixes, nothing written", async () => {
    const { storage, writes } = recordingStorage();
    const registry = createRegistry({ storage });
    const { problems, fixes } = await registry.doctor();
    const none = problems.filter((p) => p.code === "no_usable_providers");
    expect(none).toHaveLength(1);
    expect(none[0]!.providers.length).toBeGreaterThan(10);
    expect(problems.some((p) => p.code === "not_configured")).toBe(false);
    expect(fixes).toEqual([]);
    expect(writes).toEqual([]);
  });

  it("writes nothing where getStatus() would record statuses, and reports what getStatus reports", async () => {
    const a = recordingStorage();
    const b = recordingStorage();
    const env = { OPENAI_API_KEY: "sk-test-doctor-000000000000" };
    const report = await createRegistry({ storage: a.storage, env }).doctor();
    expect(a.writes).toEqual([]);
    const statuses = await createRegistry({ storage: b.storage, env }).getStatus();
    expect(b.writes.length).toBeGreaterThan(0); // the contrast: getStatus records
    const openai = statuses.find((r) => r.providerId === "openai")!;
    for (const p of openai.problems) {
      if (p.code === "not_configured") continue;
      expect(report.problems.find((q) => q.code === p.code && q.message === p.message)?.providers).toContain("openai");
    }
    expect(JSON.stringify(report)).not.toContain("sk-test-doctor");
  });

  it("models.json: fixes a bare apiKey name, an Ollama /v1 URL and a missing api; each diff applies and its problem is gone", async () => {
    const models = `{
  // my local servers
  "providers": {
    "lmstudio": {
      "baseUrl": "http://127.0.0.1:1234/v1",
      "apiKey": "LM_TOKEN" // from the shell
    },
    "ollama": { "baseUrl": "http://127.0.0.1:11434/v1" },
    "box": {
      "baseUrl": "http://127.0.0.1:11434",
      "models": [{ "id": "qwen3:8b" }]
    },
    "custom-anthropic": {
      "baseUrl": "https://proxy.example.test/anthropic",
      "apiKey": "\${PROXY_KEY}",
      "models": [{ "id": "claude-x" }]
    }
  }
}
`;
    const env = { LM_TOKEN: "lm-secret-value", PROXY_KEY: "proxy-secret-value" };
    const { storage, writes, texts } = recordingStorage({ "models.json": models });
    const registry = createRegistry({ storage, env });
    const before = await texts(FILES);
    const { problems, fixes } = await registry.doctor();
    expect(writes).toEqual([]);
    expect(await texts(FILES)).toEqual(before);
    expect(problems.map((p) => p.code)).toEqual(expect.arrayContaining(["bare_env_name", "ollama_openai_path", "api_missing"]));
    expect(problems.find((p) => p.code === "bare_env_name")).toMatchObject({ source: "models.json", line: 6 });
    expect(fixes.every((f) => f.file === "models.json" && f.diff.startsWith("--- a/models.json\n+++ b/models.json\n@@ "))).toBe(true);
    expect(fixes.map((f) => f.description).join("\n")).toMatch(/LM_TOKEN[\s\S]*11434[\s\S]*"api": "ollama"[\s\S]*"api": "anthropic-messages"/);
    expect(fixes).toHaveLength(4);
    expect(JSON.stringify({ problems, fixes })).not.toMatch(/secret-value/);

    // Each fix applies to the file as stored, keeps the comments, and its problem is gone afterwards.
    const expectations: Array<[RegExp, (after: Awaited<ReturnType<typeof registry.doctor>>) => void]> = [
      [/LM_TOKEN/, (after) => expect(after.problems.some((p) => p.code === "bare_env_name")).toBe(false)],
      [/native URL/, (after) => expect(after.problems.some((p) => p.code === "ollama_openai_path")).toBe(false)],
      [/"box"/, (after) => expect(after.problems.some((p) => p.code === "api_missing" && p.message.includes('"box"'))).toBe(false)],
      [/custom-anthropic/, (after) => expect(after.problems.some((p) => p.code === "api_missing" && p.message.includes("custom-anthropic"))).toBe(false)],
    ];
    for (const [which, check] of expectations) {
      const fix = fixes.find((f) => which.test(f.description))!;
      expect(fix, String(which)).toBeDefined();
      const fresh = recordingStorage({ "models.json": models });
      const text = await applyFix(fresh.storage, fix);
      expect(text).toContain("// my local servers");
      expect(text).toContain("// from the shell");
      const after = await createRegistry({ storage: fresh.storage, env }).doctor();
      check(after);
      expect(after.fixes).toHaveLength(3);
    }
  });

  it("settings.json: a saved tier and role on a model that is gone are reset; the diffs apply and the problems go", async () => {
    const settings = `${JSON.stringify({ tiers: { LOW: { model: "openai/gpt-5.4-mini", thinking: "low" }, HIGH: { model: "openai/gpt-0-retired", thinking: "high" } }, roles: { primary: "openai/gpt-0-retired", task: "openai/gpt-5.4-mini" } }, null, 2)}\n`;
    const env = { OPENAI_API_KEY: "sk-test-doctor-111111111111" };
    const { storage, writes } = recordingStorage({ "settings.json": settings });
    const { problems, fixes } = await createRegistry({ storage, env }).doctor();
    expect(writes).toEqual([]);
    expect(problems.find((p) => p.code === "tier_model_unavailable")).toMatchObject({ providers: ["openai"] });
    expect(problems.find((p) => p.code === "role_model_unavailable")?.message).toContain("Role primary uses openai/gpt-0-retired");
    expect(fixes.map((f) => f.file)).toEqual(["settings.json", "settings.json"]);
    const tierFix = fixes.find((f) => f.description.includes("tier HIGH"))!;
    expect(tierFix.diff).toContain('-    "HIGH": {');
    const roleFix = fixes.find((f) => f.description.includes("role primary"))!;

    const t = recordingStorage({ "settings.json": settings });
    const afterTier = JSON.parse(await applyFix(t.storage, tierFix));
    expect(afterTier.tiers).toEqual({ LOW: { model: "openai/gpt-5.4-mini", thinking: "low" } });
    const registry = createRegistry({ storage: t.storage, env });
    expect((await registry.doctor()).problems.some((p) => p.code === "tier_model_unavailable")).toBe(false);
    expect((await registry.getTiers()).HIGH?.source).toBe("default");

    const r = recordingStorage({ "settings.json": settings });
    const afterRole = JSON.parse(await applyFix(r.storage, roleFix));
    expect(afterRole.roles).toEqual({ task: "openai/gpt-5.4-mini" });
    expect((await createRegistry({ storage: r.storage, env }).doctor()).problems.some((p) => p.code === "role_model_unavailable")).toBe(false);
  });

  it("a tier on a disabled plugin's provider: a problem and the settings.json edit that enables the plugin", async () => {
    const registry0 = createRegistry();
    const plugin = (await registry0.plugins.list()).find((p) => !p.enabled && p.providers.length > 0)!;
    expect(plugin).toBeDefined();
    const provider = plugin.providers[0]!;
    const settings = `${JSON.stringify({ tiers: { MED: { model: `${provider}/some-model`, thinking: "off" } } }, null, 2)}\n`;
    const { storage, writes } = recordingStorage({ "settings.json": settings });
    const { problems, fixes } = await createRegistry({ storage }).doctor();
    expect(writes).toEqual([]);
    expect(problems.find((p) => p.code === "tier_plugin_disabled")?.message).toContain(plugin.name);
    const fix = fixes.find((f) => f.description.includes(plugin.name))!;
    expect(fix.file).toBe("settings.json");
    const fresh = recordingStorage({ "settings.json": settings });
    await applyFix(fresh.storage, fix);
    const after = createRegistry({ storage: fresh.storage });
    expect((await after.plugins.list()).find((p) => p.name === plugin.name)?.enabled).toBe(true);
    expect((await after.doctor()).problems.some((p) => p.code === "tier_plugin_disabled")).toBe(false);
  });

  it("damaged settings.json, state.json and auth.json: each reported once, with no fix and nothing written", async () => {
    const { storage, writes, texts } = recordingStorage({ "settings.json": '{ "tiers": // no\n }', "state.json": "{ truncated", "auth.json": '{"credentials": 5}' });
    const registry = createRegistry({ storage, env: { OPENAI_API_KEY: "sk-test-doctor-222222222222" } });
    const before = await texts(FILES);
    const { problems, fixes } = await registry.doctor();
    for (const code of ["settings_unreadable", "state_unreadable", "credentials_unreadable"]) {
      expect(problems.filter((p) => p.code === code), code).toHaveLength(1);
    }
    expect(problems.find((p) => p.code === "settings_unreadable")).toMatchObject({ source: "settings.json", line: 1 });
    expect(fixes).toEqual([]);
    expect(writes).toEqual([]);
    expect(await texts(FILES)).toEqual(before);
  });
});
