import { describe, expect, it } from "vitest";
import { createSettingsApp } from "../../../examples/web-settings/server/create-settings-app.js";
import { createMemoryStorage, createRegistry } from "../../../src/index.js";
import { createFakeProvider } from "../../../src/testing/index.js";

// The test message is Server-Sent Events from registry.stream(): the page needs each delta as it comes, and when the
// call fails, the registry's message and what to do about it (never the key).
const KEY = "sk-ant-test-message-0123456789abcdef";

function setup() {
  const fake = createFakeProvider({ kind: "anthropic", baseUrl: "https://api.anthropic.com", models: ["claude-sonnet-4-5"], apiKey: KEY, chat: { text: "Hello there, friend.", chunkSize: 5 } });
  const registry = createRegistry({ storage: createMemoryStorage(), fetch: fake.fetch, env: { ANTHROPIC_API_KEY: KEY } });
  const app = createSettingsApp({ registry });
  const post = (target: string) =>
    app.fetch(
      new Request("http://127.0.0.1:8787/api/test-message", {
        method: "POST",
        headers: { host: "127.0.0.1:8787", "content-type": "application/json" },
        body: JSON.stringify({ target, text: "hi" }),
      }),
    );
  return { fake, post };
}

function events(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event:"))!.slice(6).trim();
      const data = JSON.parse(lines.filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n")) as Record<string, unknown>;
      return { event, data };
    });
}

describe("web-settings API: POST /api/test-message", () => {
  it("streams start, the text in several deltas, and done", async () => {
    const { post } = setup();
    const response = await post("anthropic/claude-sonnet-4-5");
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = await response.text();
    const got = events(body);
    expect(got[0]).toMatchObject({ event: "start", data: { provider: "anthropic", model: "claude-sonnet-4-5" } });
    const deltas = got.filter((e) => e.event === "text").map((e) => e.data["delta"]);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Hello there, friend.");
    expect(got.at(-1)).toEqual({ event: "done", data: { stopReason: "stop" } });
    expect(body).not.toContain(KEY);
  });

  it("sends a failed call as an error event with the registry's message and recovery, without the key", async () => {
    const { fake, post } = setup();
    fake.failChat({ failure: "auth" });
    const body = await (await post("anthropic/claude-sonnet-4-5")).text();
    const error = events(body).find((e) => e.event === "error");
    expect(error?.data).toMatchObject({ kind: "auth_invalid", message: expect.any(String), recovery: expect.any(String) });
    expect(String(error?.data["recovery"]).length).toBeGreaterThan(10);
    expect(body).not.toContain(KEY);
  });

  it("sends an unknown target as an error event with a recovery, not a broken stream", async () => {
    const { post } = setup();
    const error = events(await (await post("nope/model")).text()).find((e) => e.event === "error");
    expect(error?.data).toMatchObject({ message: expect.stringContaining("nope"), recovery: expect.any(String) });
  });
});
