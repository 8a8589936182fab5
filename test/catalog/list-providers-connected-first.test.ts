import { describe, expect, it, vi } from "vitest";
import { createRegistry } from "../../src/registry/create-registry.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

const NOW = Date.now();
const probe = (outcome: "ok" | "error", errorKind: string | null = null) => ({
  at: NOW - 60_000,
  outcome,
  errorKind,
  modelCount: outcome === "ok" ? 1 : null,
  durationMs: 5,
  authenticated: false,
  credentialSource: "local",
});

function setup() {
  const state = {
    // LM Studio answered its last check; vLLM's last check could not reach it; Ollama was never tested.
    probes: { lmstudio: probe("ok"), vllm: probe("error", "network") },
    // SGLang was found by local.detect().
    localDetection: { at: NOW - 1000, servers: [{ providerId: "sglang", baseUrl: "http://127.0.0.1:30000/v1", models: [{ id: "qwen" }], probe: probe("ok") }] },
  };
  const storage = createMemoryStorage({ "state.json": JSON.stringify(state) });
  const fetch = vi.fn(async () => new Response("{}"));
  const registry = createRegistry({ storage, env: { MISTRAL_API_KEY: "mistral-key-000000" }, fetch });
  return { registry, fetch };
}

describe("listProviders({ connectedFirst: true })", () => {
  it("puts providers with usable credentials and reached local servers first, the default order kept in each group", async () => {
    const { registry, fetch } = setup();
    await registry.setApiKey("xai", "xai-key-0000000000");
    await registry.setOAuthCredential("anthropic", { access: "oauth-access-0000000", refresh: "r-000000", expiresAt: NOW + 3_600_000 });
    // An expired token that cannot refresh is not usable: minimax stays with the rest.
    await registry.setToken("minimax", "minimax-token-00000", { expiresAt: NOW - 1000 });

    const plain = (await registry.listProviders()).map((p) => p.id);
    const ordered = (await registry.listProviders({ connectedFirst: true })).map((p) => p.id);
    const connected = ["anthropic", "lmstudio", "xai", "mistral", "sglang"];
    // Same providers, connected ones first in the default order, then the others in the default order.
    expect(ordered.slice(0, connected.length)).toEqual(plain.filter((id) => connected.includes(id)));
    expect(new Set(ordered.slice(0, connected.length))).toEqual(new Set(connected));
    expect(ordered.slice(connected.length)).toEqual(plain.filter((id) => !connected.includes(id)));
    for (const id of ["ollama", "vllm", "minimax", "openai"]) expect(ordered.indexOf(id), id).toBeGreaterThanOrEqual(connected.length);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("leaves the order unchanged without the option (or with connectedFirst: false)", async () => {
    const { registry } = setup();
    await registry.setApiKey("xai", "xai-key-0000000000");
    const plain = (await registry.listProviders()).map((p) => p.id);
    expect(plain.slice(0, 3)).toEqual(["openai", "anthropic", "chutes"]);
    expect((await registry.listProviders({ connectedFirst: false })).map((p) => p.id)).toEqual(plain);
    expect((await registry.listProviders({})).map((p) => p.id)).toEqual(plain);
  });

  it("rejects options that are not { connectedFirst?: boolean }", async () => {
    const { registry } = setup();
    await expect(registry.listProviders({ connectedFirst: "yes" } as never)).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(registry.listProviders("connected" as never)).rejects.toMatchObject({ code: "invalid_argument" });
  });
});
