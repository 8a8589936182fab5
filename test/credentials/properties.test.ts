import fc from "fast-check";
import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { createRegistry, redactText, resolveEnvApiKeys } from "../../src/index.js";

const keyChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".split(""));
const keyValue = fc.array(keyChar, { minLength: 8, maxLength: 40 }).map((a) => a.join(""));

describe("properties", () => {
  it("resolveEnvApiKeys never returns empty, 'undefined' or duplicate values, and a live override is alone", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(keyValue, fc.constant(""), fc.constant("undefined"), fc.constant("  ")), { maxLength: 5 }),
        fc.option(keyValue, { nil: undefined }),
        fc.dictionary(fc.integer({ min: 0, max: 30 }).map(String), fc.oneof(keyValue, fc.constant("undefined")), { maxKeys: 6 }),
        fc.option(keyValue, { nil: undefined }),
        fc.constantFrom(",", ";", " ", "\n", ", "),
        (list, primary, numbered, live, separator) => {
          const env: Record<string, string | undefined> = { OPENAI_API_KEYS: list.join(separator) };
          if (primary !== undefined) env.OPENAI_API_KEY = primary;
          for (const [n, v] of Object.entries(numbered)) env[`OPENAI_API_KEY_${n}`] = v;
          if (live !== undefined) env.MODEL_REGISTRY_LIVE_OPENAI_KEY = live;
          const keys = resolveEnvApiKeys("openai", env);
          const values = keys.map((k) => k.key.reveal());
          expect(new Set(values).size).toBe(values.length);
          for (const v of values) expect(v === "" || v === "undefined" || v !== v.trim()).toBe(false);
          if (live !== undefined) expect(keys.map((k) => k.source)).toEqual(["MODEL_REGISTRY_LIVE_OPENAI_KEY"]);
          const numberedOrder = keys.filter((k) => /_KEY_\d+$/.test(k.source)).map((k) => Number(k.source.split("_").pop()));
          expect(numberedOrder).toEqual([...numberedOrder].sort((a, b) => a - b));
        },
      ),
    );
  });

  it("redactText removes every known secret from any surrounding text", () => {
    fc.assert(
      fc.property(fc.string(), keyValue, fc.string(), (before, secret, after) => {
        const out = redactText(`${before}${secret}${after}`, { secrets: [secret] });
        expect(out.includes(secret)).toBe(false);
      }),
    );
  });
});

describe("over a Keyv store (no update(): serialised in-process)", () => {
  it("stores, rotates, cools down and lists", async () => {
    const keyv = new Keyv<string>();
    const registry = createRegistry({ storage: keyv, env: { OPENAI_API_KEYS: "sk-a-0000000000000001,sk-b-0000000000000002" } });
    await registry.setApiKey("openai", "sk-stored-00000000000001", { label: "main", order: 1 });
    const seen: string[] = [];
    const result = await registry.run("openai/gpt-4o", async ({ credentialId }) => {
      seen.push(credentialId!);
      if (credentialId !== "openai:env:OPENAI_API_KEYS[1]") throw Object.assign(new Error("429"), { status: 429 });
      return "ok";
    });
    expect(result).toBe("ok");
    expect(seen).toEqual(["openai:main", "openai:env:OPENAI_API_KEYS", "openai:env:OPENAI_API_KEYS[1]"]);
    const list = await registry.listCredentials("openai");
    expect(list.map((c) => c.cooldowns.length)).toEqual([1, 1, 0]);
  });
});
