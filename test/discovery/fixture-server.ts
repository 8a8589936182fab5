import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";
import { UNKNOWN_MODEL_METADATA, type ModelMetadata } from "../../src/schema/model-metadata.js";

/** Read a discovery fixture (copied from the shared research set). */
export function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/discovery/${name}`, import.meta.url)), "utf8"));
}

/** An expected model: every metadata field null unless given. */
export function model(id: string, fields: Partial<ModelMetadata> & { extra?: Record<string, unknown> } = {}) {
  return { id, ...UNKNOWN_MODEL_METADATA, ...fields };
}

/** An msw server with no handlers; unhandled requests fail the test. */
export function createMswServer() {
  return setupServer();
}

export { http, HttpResponse };
