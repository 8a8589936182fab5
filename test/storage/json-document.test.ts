import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryStorage } from "../../src/storage/memory-storage.js";
import { readJson, readJsonDocument, updateJson } from "../../src/storage/json-document.js";
import { readSections, updateSection, updateSectionIfReadable } from "../../src/storage/sections.js";
import { isDamagedDocument } from "../../src/storage/damaged-document.js";

const Doc = z.looseObject({ n: z.number().optional() });
const Numbers = z.record(z.string(), z.number());

describe("JSON documents in storage", () => {
  it("strips a leading BOM on read, and a write after it stores plain JSON", async () => {
    const storage = createMemoryStorage({ "settings.json": '\uFEFF{ "n": 1 }' });
    expect(await readJson(storage, "settings.json", Doc, {})).toEqual({ n: 1 });
    await updateJson(storage, "settings.json", Doc, {}, (d) => ({ ...d, n: 2 }));
    expect(await storage.get("settings.json")).toBe('{\n  "n": 2\n}\n');
  });

  it.each([
    ["truncated", '{ "n": 1, ', "storage_unparsable"],
    ["comment-prefixed", '// mine\n{ "n": 1 }', "storage_unparsable"],
    ["schema", '{ "n": "one" }', "storage_invalid"],
  ])("%s: a lenient read yields the fallback and the damage; strict reads and writes throw it; the text stays", async (_kind, text, code) => {
    const storage = createMemoryStorage({ "settings.json": text });
    const { value, damage } = await readJsonDocument(storage, "settings.json", Doc, { n: 0 });
    expect(value).toEqual({ n: 0 });
    expect(damage).toMatchObject({ code, name: "ConfigError" });
    expect(damage!.message).toContain("settings.json");
    expect(damage!.message).not.toContain("mine");
    expect(damage!.recovery).toContain("settings.json.bak.1");
    expect(isDamagedDocument(damage)).toBe(true);
    await expect(readJson(storage, "settings.json", Doc, {})).rejects.toMatchObject({ code });
    await expect(updateJson(storage, "settings.json", Doc, {}, () => ({ n: 3 }))).rejects.toMatchObject({ code });
    expect(await storage.get("settings.json")).toBe(text);
  });

  it("names where the text stops being JSON without quoting it", async () => {
    const storage = createMemoryStorage({ "auth.json": '{\n  "key": "sk-secret-value-000001"\n  oops' });
    const { damage } = await readJsonDocument(storage, "auth.json", Doc, {});
    expect(damage!.message).toMatch(/line 3, column \d+/);
    expect(damage!.message).not.toContain("sk-secret");
  });
});

describe("sectioned documents", () => {
  const text = JSON.stringify({ good: { a: 1 }, bad: { a: "x" } });

  it("readSections uses the sections that are fine and falls back for a damaged one, naming it", async () => {
    const storage = createMemoryStorage({ "state.json": text });
    const { values, damage } = await readSections(storage, "state.json", { good: { schema: Numbers, fallback: {} }, bad: { schema: Numbers, fallback: {} } });
    expect(values).toEqual({ good: { a: 1 }, bad: {} });
    expect(damage?.message).toContain('section "bad" of state.json');
  });

  it("a write guarded by a damaged section refuses; an opportunistic one skips; the text stays", async () => {
    const storage = createMemoryStorage({ "state.json": text });
    const guard = { guard: { bad: Numbers } };
    await expect(updateSection(storage, "state.json", "good", Numbers, {}, (g) => ({ ...g, b: 2 }), guard)).rejects.toMatchObject({ code: "storage_invalid" });
    const skipped = await updateSectionIfReadable(storage, "state.json", "good", Numbers, {}, (g) => ({ ...g, b: 2 }), guard);
    expect(skipped).toMatchObject({ code: "storage_invalid" });
    expect(await storage.get("state.json")).toBe(text);
    expect(await updateSectionIfReadable(storage, "state.json", "other", Numbers, {}, () => ({ c: 3 }))).toBeNull();
    expect(JSON.parse((await storage.get("state.json"))!)).toMatchObject({ other: { c: 3 } });
  });
});
