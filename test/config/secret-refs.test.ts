import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseModelsJson } from "../../src/config/parse-models-json.js";
import { Secret } from "../../src/schema/secret.js";

const withKey = (apiKey: unknown, env: Record<string, string | undefined> = {}) =>
  parseModelsJson(JSON.stringify({ providers: { p: { baseUrl: "http://127.0.0.1:1234/v1", apiKey } } }), { env });

describe("apiKey secret refs", () => {
  it('"${VAR}" and { env } are references resolved into a Secret, with the variable as source', () => {
    for (const [apiKey, form] of [["${LMSTUDIO_KEY}", "template"], [{ env: "LMSTUDIO_KEY" }, "object"]] as const) {
      const { config, diagnostics } = withKey(apiKey, { LMSTUDIO_KEY: "  lm-studio-key-123  " });
      expect(diagnostics).toEqual([]);
      const ref = config.providers.p?.apiKey;
      expect(ref).toMatchObject({ kind: "env", name: "LMSTUDIO_KEY", form, source: "LMSTUDIO_KEY" });
      expect(ref?.key).toBeInstanceOf(Secret);
      expect(ref?.key?.reveal()).toBe("lm-studio-key-123");
    }
  });

  it("a missing variable is an error naming it; the name is never used as the key", () => {
    for (const apiKey of ["${MISSING_KEY}", { env: "MISSING_KEY" }, "MISSING_KEY"]) {
      for (const env of [{}, { MISSING_KEY: "" }, { MISSING_KEY: "undefined" }]) {
        const { config, diagnostics } = withKey(apiKey, env);
        const error = diagnostics.find((d) => d.severity === "error");
        expect(error).toMatchObject({ code: "missing_env_var", path: ["providers", "p", "apiKey"], line: 1 });
        expect(error?.message).toContain("MISSING_KEY");
        expect(error?.hint).toContain("MISSING_KEY");
        expect(config.providers.p?.apiKey).toMatchObject({ kind: "env", name: "MISSING_KEY", key: null });
        // The provider itself is still loaded: the problem is the credential, not the configuration.
        expect(config.providers.p?.baseUrl).toBe("http://127.0.0.1:1234/v1");
      }
    }
  });

  it("a bare UPPER_CASE name is read as an env reference, with a warning", () => {
    const { config, diagnostics } = withKey("LMSTUDIO_KEY", { LMSTUDIO_KEY: "secret-value-1234" });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "bare_env_name" })]);
    expect(diagnostics[0]?.hint).toContain("${LMSTUDIO_KEY}");
    expect(config.providers.p?.apiKey).toMatchObject({ kind: "env", form: "bare" });
    expect(config.providers.p?.apiKey?.key?.reveal()).toBe("secret-value-1234");
  });

  it("anything else is a literal key, held in a Secret and never printed", () => {
    const literal = "sk-proj-abcdefghijklmnop1234";
    const result = withKey(literal);
    expect(result.config.providers.p?.apiKey).toMatchObject({ kind: "literal", source: "models.json" });
    expect(result.config.providers.p?.apiKey?.key?.reveal()).toBe(literal);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "info", code: "literal_api_key" })]);
    expect(result.diagnostics[0]?.hint).toContain("${P_API_KEY}");
    const everywhere = [JSON.stringify(result), inspect(result, { depth: 10 }), String(result.config.providers.p?.apiKey?.key)];
    for (const shown of everywhere) expect(shown).not.toContain("abcdefghijklmnop");
  });

  it("never echoes a malformed key in diagnostics", () => {
    const { diagnostics } = withKey(12345678901234);
    expect(diagnostics[0]).toMatchObject({ code: "invalid_union", found: "a number" });
    expect(JSON.stringify(diagnostics)).not.toContain("12345678901234");
    const partial = withKey("sk-${HALF}-secretsuffix");
    expect(partial.diagnostics[0]).toMatchObject({ code: "invalid_secret_ref", severity: "error" });
    expect(JSON.stringify(partial.diagnostics)).not.toContain("secretsuffix");
    expect(partial.config.providers.p?.apiKey).toBeUndefined();
  });

  it("an empty apiKey is a warning and leaves no key", () => {
    const { config, diagnostics } = withKey("   ");
    expect(diagnostics[0]).toMatchObject({ code: "empty_api_key", severity: "warning" });
    expect(config.providers.p?.apiKey).toBeUndefined();
  });

  it("does not resolve names from the env object's prototype", () => {
    const { config, diagnostics } = withKey("${constructor}", {});
    expect(diagnostics[0]?.code).toBe("missing_env_var");
    expect(config.providers.p?.apiKey?.key).toBeNull();
  });
});
