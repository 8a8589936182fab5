import { describe, expect, it } from "vitest";
import { normalizeOllamaBaseUrl, ollamaHostFromEnv } from "../../src/discovery/ollama-host.js";

describe("Ollama base URL", () => {
  it.each([
    ["http://127.0.0.1:11434/v1", "http://127.0.0.1:11434"],
    ["http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434"],
    ["http://127.0.0.1:11434///", "http://127.0.0.1:11434"],
    ["https://ollama.example.com/proxy/v1", "https://ollama.example.com/proxy"],
  ])("normalises %s → %s", (input, expected) => {
    expect(normalizeOllamaBaseUrl(input)).toBe(expected);
  });

  it.each([
    ["0.0.0.0", "http://127.0.0.1:11434"],
    ["0.0.0.0:11434", "http://127.0.0.1:11434"],
    ["gpu-box", "http://gpu-box:11434"],
    ["gpu-box:8080", "http://gpu-box:8080"],
    [":9999", "http://127.0.0.1:9999"],
    ["https://ollama.example.com", "https://ollama.example.com"],
    ["http://10.0.0.2:11434/", "http://10.0.0.2:11434"],
    ["127.0.0.1:11434/v1", "http://127.0.0.1:11434"],
  ])("reads OLLAMA_HOST=%s as %s", (value, expected) => {
    expect(ollamaHostFromEnv({ OLLAMA_HOST: value })).toBe(expected);
  });

  it("is null when OLLAMA_HOST is unset or blank", () => {
    expect(ollamaHostFromEnv({})).toBeNull();
    expect(ollamaHostFromEnv({ OLLAMA_HOST: "  " })).toBeNull();
  });
});
