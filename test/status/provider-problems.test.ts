import { describe, expect, it } from "vitest";
import { createMemoryStorage, createRegistry } from "../../src/index.js";

const MODELS_JSON = `{
  providers: {
    "my-proxy": { baseUrl: 8080, api: "openai-completions" },
    box: { baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", models: [{ id: "m" }] },
  },
}`;

describe("problems of local providers from models.json", () => {
  const registry = createRegistry({ storage: createMemoryStorage({ "models.json": MODELS_JSON }) });

  it("reports only the config error for a provider models.json could not load", async () => {
    const [report] = await registry.getStatus({ providers: ["my-proxy"] });
    expect(report?.problems.map((p) => p.code)).toEqual(["models_json_invalid"]);
    const message = report?.problems[0]?.message ?? "";
    expect(message).toMatch(/line 3, column \d+: Expected a URL string/);
    expect(message).not.toMatch(/\.\.$/);
  });

  it("says an untested local provider's models are unconfirmed, with the recovery steps", async () => {
    const [report] = await registry.getStatus({ providers: ["box"] });
    expect(report?.status).toBe("local");
    expect(report?.problems[0]).toMatchObject({
      code: "local_no_models",
      message: expect.stringContaining("has no models confirmed by a test (not tested yet)"),
      recovery: "Start the local server, test the URL, fetch models, and save.",
    });
  });
});
