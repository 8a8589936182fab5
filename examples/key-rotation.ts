/**
 * Key rotation, cooldowns and error classification without any network: a fake provider call that rate-limits the
 * first key, rejects a dead stored key, and answers with the third.
 *
 * Run: node --import tsx examples/key-rotation.ts
 */
import { classifyError, createRegistry, resolveEnvApiKeys, withKeyRotation } from "../src/index.js";

const env = {
  OPENAI_API_KEYS: "sk-demo-throttled-000000001,sk-demo-healthy-0000000002",
  GEMINI_API_KEY_2: "gem-two-0000000000000002",
  GEMINI_API_KEY_1: "gem-one-0000000000000001",
  GOOGLE_API_KEY: "google-fallback-000000003",
};

// 1. Which env keys does each provider see, in which order? (values stay in Secrets: only sources are printed)
for (const provider of ["openai", "google"]) {
  console.log(provider, resolveEnvApiKeys(provider, env).map((k) => `${k.source} (${k.key.masked})`));
}

// 2. A fake OpenAI-style call: 429 for the throttled key, 401 for the dead one, success otherwise.
async function fakeChat(apiKey: string): Promise<string> {
  if (apiKey.includes("throttled")) {
    throw Object.assign(new Error("429 Rate limit reached for gpt-4o"), { status: 429, headers: new Headers({ "retry-after": "20" }), error: { code: "rate_limit_exceeded" } });
  }
  if (apiKey.includes("dead")) throw Object.assign(new Error("401 Incorrect API key provided"), { status: 401, error: { code: "invalid_api_key" } });
  return `hello from …${apiKey.slice(-4)}`;
}

// 3. The pure helper: rotate only on rate limits; callbacks see index and label, never the key.
const viaHelper = await withKeyRotation(
  resolveEnvApiKeys("openai", env).map((k) => ({ key: k.key, label: k.source })),
  (apiKey) => fakeChat(apiKey),
  { onRetry: (e) => console.log(`withKeyRotation: key #${e.index} (${e.label}) → ${e.classification.kind}, trying #${e.nextIndex}`) },
);
console.log("withKeyRotation →", viaHelper);

// 4. The registry: stored profiles first (explicit order), then env keys; cooldowns and disables persist.
let now = Date.parse("2026-01-01T09:00:00Z");
const registry = createRegistry({ env, now: () => now });
registry.on("credential-cooldown", (e) => console.log(`cooldown: ${e.credentialId} (${e.reason}, model ${e.model}) until ${new Date(e.until).toISOString()}`));
registry.on("credential-disabled", (e) => console.log(`disabled: ${e.credentialId} (${e.reason}) until replaced`));
await registry.setApiKey("openai", "sk-demo-dead-0000000000003", { label: "old laptop", order: 1 });

const reply = await registry.run("openai/gpt-4o", ({ apiKey, credentialId }) => {
  console.log(`run: trying ${credentialId}`);
  return fakeChat(apiKey!);
});
console.log("run →", reply);

now += 5_000;
console.log("second run starts with:", await registry.run("openai/gpt-4o", async ({ credentialId }) => credentialId));
for (const c of await registry.listCredentials("openai")) console.log(`  ${c.id.padEnd(34)} ${c.source.padEnd(22)} ${c.masked}  ${c.status.kind}`);
console.log("active:", await registry.activeCredential("openai"));

// 5. Classification of what the official clients throw, as they are.
console.log(classifyError({ status: 429, body: { error: { code: "insufficient_quota", message: "You exceeded your current quota" } } }));
console.log(classifyError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })));
