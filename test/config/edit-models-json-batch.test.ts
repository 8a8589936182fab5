import { describe, expect, it } from "vitest";
import { editModelsJson, type ModelsJsonEdit } from "../../src/index.js";
import { fixture } from "./fixtures.js";

// Many edits in one call are placed against one parse and written in one pass (appends to one list become one
// insertion). The result must be exactly what applying them one call at a time gives.

function oneAtATime(text: string, edits: ModelsJsonEdit[]): string {
  return edits.reduce((acc, edit) => editModelsJson(acc, [edit]).text, text);
}

const ONE_LINE = '{ "providers": { "a": { "baseUrl": "http://h/v1", "models": [{ "id": "x" }, { "id": "y" }] } } }\n';
const TRAILING = '{\n  "providers": {\n    "a": {\n      "baseUrl": "http://h/v1", // url\n      "models": [\n        { "id": "m1" }, // one\n        {\n          "id": "m2" // two\n        }\n      ]\n    },\n    "b": { "models": [] }\n  }\n}\n';

const cases: Array<[string, string, ModelsJsonEdit[]]> = [
  [
    "appends after a commented entry, interleaved with new fields of existing entries",
    fixture("commented.jsonc"),
    [
      { path: ["providers", "lmstudio", "models", 1], value: { id: "a", tools: true } },
      { path: ["providers", "lmstudio", "models", 0, "name"], value: "Qwen" },
      { path: ["providers", "lmstudio", "models", 2], value: { id: "b" } },
      { path: ["providers", "lmstudio", "models", -1], value: { id: "c", input: ["text"] } },
      { path: ["providers", "ollama", "models"], value: [{ id: "qwen3:8b" }] },
      { path: ["providers", "ollama", "name"], value: "Ollama" },
      { path: ["providers", "vllm"], value: { baseUrl: "http://127.0.0.1:8000/v1", models: [] } },
      { path: ["providers", "vllm", "models", 0], value: { id: "v" } },
      { path: ["providers", "lmstudio", "x-team-note"], value: undefined },
    ],
  ],
  [
    "one-line containers, removals that shift a list, and a key set twice",
    ONE_LINE,
    [
      { path: ["providers", "a", "models", 2], value: { id: "z" } },
      { path: ["providers", "a", "models", 0], value: undefined },
      { path: ["providers", "a", "models", 0, "name"], value: "Y" },
      { path: ["providers", "a", "api"], value: "openai-completions" },
      { path: ["providers", "a", "api"], value: "anthropic-messages" },
      { path: ["providers", "b", "baseUrl"], value: "http://b/v1" },
    ],
  ],
  [
    "same-line comments, empty lists, new keys of one object",
    TRAILING,
    [
      { path: ["providers", "a", "models", 2], value: { id: "m3" } },
      { path: ["providers", "a", "models", 3], value: { id: "m4" } },
      { path: ["providers", "a", "models", 1, "name"], value: "Two" },
      { path: ["providers", "a", "models", 1, "tools"], value: true },
      { path: ["providers", "b", "models", 0], value: { id: "b1" } },
      { path: ["providers", "b", "models", 1], value: { id: "b2" } },
      { path: ["providers", "a", "api"], value: "openai-completions" },
      { path: ["providers", "a", "models", 0], value: undefined },
    ],
  ],
];

describe("editModelsJson with many edits", () => {
  for (const [name, text, edits] of cases) {
    it(`${name}: same text as one edit at a time`, () => {
      const together = editModelsJson(text, edits);
      expect(together.strategy).toBe("in-place");
      expect(together.text).toBe(oneAtATime(text, edits));
    });
  }

  it("5,000 appends and 10,000 new fields keep every comment and unknown field", () => {
    const text = fixture("commented.jsonc");
    const appended = editModelsJson(
      text,
      Array.from({ length: 5000 }, (_, i) => ({ path: ["providers", "lmstudio", "models", i + 1], value: { id: `m${i}`, contextWindow: 4096 } })),
    );
    const filled = editModelsJson(
      appended.text,
      Array.from({ length: 5000 }, (_, i) => [
        { path: ["providers", "lmstudio", "models", i + 1, "tools"], value: true },
        { path: ["providers", "lmstudio", "models", i + 1, "name"], value: `M ${i}` },
      ]).flat(),
    );
    expect([appended.strategy, filled.strategy]).toEqual(["in-place", "in-place"]);
    for (let k = 1; k <= 7; k++) expect(filled.text).toContain(`KEEP-${k}`);
    expect(filled.text.startsWith(text.slice(0, text.indexOf("{ \"id\": \"qwen3-8b\"")))).toBe(true);
    expect(filled.text).toContain('        {\n          "id": "m4999",\n          "contextWindow": 4096,\n          "tools": true,\n          "name": "M 4999"\n        }\n      ],\n');
  });
});
