import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret } from "../../src/index.js";

const VALUE = "sk-proj-CANARY-abcdefgh1234";

describe("Secret", () => {
  const secret = new Secret(VALUE);

  it("reveals the value only on request", () => {
    expect(secret.reveal()).toBe(VALUE);
  });

  it.each([
    ["String()", () => String(secret)],
    ["template literal", () => `${secret}`],
    ["JSON.stringify", () => JSON.stringify({ secret })],
    ["util.inspect", () => inspect({ nested: { secret } }, { depth: 5 })],
    ["concatenation", () => "key=" + secret],
    ["Object.keys/entries", () => JSON.stringify(Object.entries(secret))],
  ])("redacts itself in %s, showing at most the last 4 characters", (_label, render) => {
    const text = render();
    expect(text).not.toContain("CANARY");
    expect(text).not.toContain(VALUE.slice(0, -4));
  });

  it("shows the last 4 characters of long values and none of short ones", () => {
    expect(String(secret)).toBe("Secret(…1234)");
    expect(String(new Secret("short"))).toBe("Secret(…)");
    expect(new Secret("short").masked).toBe("…");
  });

  it("compares without revealing", () => {
    expect(secret.equals(VALUE)).toBe(true);
    expect(secret.equals(new Secret("other"))).toBe(false);
  });
});
