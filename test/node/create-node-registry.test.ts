import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodeRegistry } from "../../src/node/index.js";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mpr-node-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createNodeRegistry", () => {
  it("reads and edits models.json under dir, with process.env for references", async () => {
    await writeFile(path.join(dir, "models.json"), '// mine\n{ "providers": { "lmstudio": { "baseUrl": "http://127.0.0.1:1234/v1", "apiKey": "${MPR_TEST_LMSTUDIO_KEY}" } } }\n');
    process.env.MPR_TEST_LMSTUDIO_KEY = "lm-studio-key-42";
    try {
      const registry = createNodeRegistry({ dir });
      const { config } = await registry.getModelsConfig();
      expect(config.providers.lmstudio?.apiKey?.key?.reveal()).toBe("lm-studio-key-42");
      await registry.updateModelsConfig([{ path: ["providers", "lmstudio", "api"], value: "openai-completions" }]);
      expect(await readFile(path.join(dir, "models.json"), "utf8")).toBe(
        '// mine\n{ "providers": { "lmstudio": { "baseUrl": "http://127.0.0.1:1234/v1", "apiKey": "${MPR_TEST_LMSTUDIO_KEY}", "api": "openai-completions" } } }\n',
      );
      expect((await readdir(dir)).sort()).toEqual(["models.json", "models.json.bak.1"]);
    } finally {
      delete process.env.MPR_TEST_LMSTUDIO_KEY;
    }
  });

  it("a refused edit leaves the file byte-identical, with no backup, temp file or lock left", async () => {
    const broken = Buffer.from('\uFEFF// saved mid-edit\r\n{ "providers": { "a": { "baseUrl": "http://a" ', "utf8");
    await writeFile(path.join(dir, "models.json"), broken);
    const registry = createNodeRegistry({ dir, env: {} });
    await expect(registry.updateModelsConfig([{ path: ["providers", "b"], value: {} }])).rejects.toMatchObject({ code: "config_unparsable" });
    expect((await readFile(path.join(dir, "models.json"))).equals(broken)).toBe(true);
    expect(await readdir(dir)).toEqual(["models.json"]);
  });

  it("lets explicit storage and env win over the Node defaults", async () => {
    const storage = createMemoryStorage({ "models.json": '{ "providers": { "x": { "apiKey": { "env": "K" } } } }' });
    const registry = createNodeRegistry({ dir, storage, env: { K: "from-options-123" } });
    expect((await registry.getModelsConfig()).config.providers.x?.apiKey?.key?.reveal()).toBe("from-options-123");
    expect(await readdir(dir)).toEqual([]);
  });
});
