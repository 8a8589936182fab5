import { describe, expect, it } from "vitest";
import { REDACTED, redactHeaders, redactText } from "../../src/index.js";
import { headerCredentials, isCredentialHeader, shownArgument, shownUrl, urlCredentials } from "../../src/transport/redact.js";

describe("redaction of what users configure around keys (issue 9 items 3-5)", () => {
  it("finds the credential parts of a URL: credential query values and user-info, raw and decoded", () => {
    expect(urlCredentials("https://gw.example/v1?key=abc123&x=1")).toEqual(["abc123"]);
    expect(urlCredentials("https://admin:p%40ss@gw.example/v1")).toEqual(["admin", "p%40ss", "p@ss"]);
    expect(urlCredentials("https://gw.example/v1?api_key=a%2Bb")).toEqual(expect.arrayContaining(["a+b", "a%2Bb"]));
    expect(urlCredentials("http://127.0.0.1:11434")).toEqual([]);
    expect(urlCredentials(null)).toEqual([]);
    expect(urlCredentials("not a url")).toEqual([]);
  });

  it("shows a URL as written unless it carries a credential", () => {
    expect(shownUrl("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434");
    expect(shownUrl("http://127.0.0.1:9/v1?x=1")).toBe("http://127.0.0.1:9/v1?x=1");
    expect(shownUrl("http://127.0.0.1:9/v1?key=abc&x=1")).toBe(`http://127.0.0.1:9/v1?key=${REDACTED}&x=1`);
    expect(shownUrl("http://admin:secret@127.0.0.1:9/v1")).toBe(`http://${REDACTED}@127.0.0.1:9/v1`);
  });

  it("treats custom credential header names and credential-shaped values as credentials", () => {
    expect(isCredentialHeader("X-Relay-Token", "abc")).toBe(true);
    expect(isCredentialHeader("X-Gateway-Secret", "abc")).toBe(true);
    expect(isCredentialHeader("apikey", "abc")).toBe(true);
    expect(isCredentialHeader("X-Custom", "Bearer abc123")).toBe(true);
    expect(isCredentialHeader("X-Title", "my-app")).toBe(false);
    expect(isCredentialHeader("anthropic-version", "2023-06-01")).toBe(false);
    expect(isCredentialHeader("x-ratelimit-remaining-tokens", "1000")).toBe(false);
    expect(redactHeaders({ "X-Relay-Token": "abc", "X-Title": "app" })).toEqual({ "X-Relay-Token": REDACTED, "X-Title": "app" });
    expect(headerCredentials({ Authorization: "Bearer abc123", "X-Title": "app" })).toEqual(["Bearer abc123", "abc123"]);
  });

  it("scrubs user-info of URLs quoted in free text", () => {
    expect(redactText("Request cannot be constructed from a URL that includes credentials: http://admin:pw1234@127.0.0.1:9/v1/models")).toBe(
      `Request cannot be constructed from a URL that includes credentials: http://${REDACTED}@127.0.0.1:9/v1/models`,
    );
    expect(redactText("see https://example.com/docs")).toBe("see https://example.com/docs");
  });

  it("echoes identifiers but masks an argument that may be a key", () => {
    expect(shownArgument("openai:work")).toBe("openai:work");
    expect(shownArgument("openai:env:OPENAI_API_KEY")).toBe("openai:env:OPENAI_API_KEY");
    expect(shownArgument("anthropic:My Laptop")).toBe("anthropic:My Laptop");
    expect(shownArgument("sk-proj-abcdefghijklmnop1234")).toBe("…1234");
    expect(shownArgument("openai:sk-proj-abcdefghijklmnop1234")).toBe("…1234");
    expect(shownArgument("a8f7d6e5c4b3a2918273645546372819")).toBe("…2819");
    expect(shownArgument("openai:9f8e7d6c5b4a39281706a5b4c3d2e1f0")).toBe("…e1f0");
    expect(shownArgument("openai:known-key-value", { secrets: ["known-key-value"] })).toBe("…alue");
    expect(shownArgument("short:x\n")).toBe("…");
    expect(shownArgument("openai:env:AZURE_OPENAI_API_KEY_SECONDARY")).toBe("openai:env:AZURE_OPENAI_API_KEY_SECONDARY");
    expect(shownArgument("openai:my-laptop-work-key-2024-backup")).toBe("openai:my-laptop-work-key-2024-backup");
    expect(shownArgument("openai:AbCdEfGhIjKlMnOpQrSt")).toBe("…QrSt");
  });
});
